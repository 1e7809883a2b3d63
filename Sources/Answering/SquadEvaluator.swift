import Albert
import Documents
import Foundation
import Retrieval
import Synchronization

/// `albertqa eval`: scores the reader (closed: each question's own paragraph) or the whole
/// pipeline (open: every paragraph of the file indexed as documents) with the SQuAD metric.
public struct SquadEvaluation: Sendable {
    public var exactMatch = 0.0
    public var f1 = 0.0
    public var questions = 0
    public var seconds = 0.0
    /// SQuAD 2.0 only: F1 on answerable questions, accuracy on unanswerable ones.
    public var hasAnswerF1: Double?
    public var noAnswerAccuracy: Double?
    /// The prediction for every question id.
    public var predictions: [String: String] = [:]
    /// Open runs: the share of questions whose AnswerSet says "not found".
    public var notFoundRate: Double?
}

public enum SquadEvaluator {
    /// Reads each question's own paragraph. Questions are spread over the cores, one
    /// single-threaded workspace each. `progress` gets the number of questions done.
    public static func closed(
        reader: AlbertReader, dataset: SquadDataset, limit: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> SquadEvaluation {
        let started = Date()
        let questions = Array(dataset.questions.prefix(limit ?? .max))
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Each worker uses only its own workspace, and concurrentPerform returns only after
        // every worker has finished, so the (non-Sendable) workspaces are never shared.
        nonisolated(unsafe) let workspaces = (0..<cores).map { _ in
            reader.model.makeWorkspace(capacity: reader.featureOptions.maxSequenceLength, threads: 1)
        }
        let next = Counter()
        let outcome = Mutex<(predictions: [String], done: Int, failure: (any Error)?)>(
            ([String](repeating: "", count: questions.count), 0, nil))
        let v2 = dataset.hasUnanswerable
        DispatchQueue.concurrentPerform(iterations: cores) { worker in
            while let i = next.take(below: questions.count) {
                let prediction: String
                do {
                    let question = questions[i]
                    let result = try reader.read(question: question.question, context: question.context, topK: 1, workspace: workspaces[worker])
                    var best = result.answers.first?.text ?? ""
                    if v2, let answer = result.answers.first, result.nullScore > answer.score { best = "" }
                    prediction = best
                } catch {
                    outcome.withLock { $0.failure = $0.failure ?? error }
                    return
                }
                let count = outcome.withLock {
                    $0.predictions[i] = prediction
                    $0.done += 1
                    return $0.done
                }
                progress?(count, questions.count)
            }
        }
        let (predictions, failure) = outcome.withLock { ($0.predictions, $0.failure) }
        if let failure { throw failure }
        return score(questions, predictions, v2: v2, seconds: Date().timeIntervalSince(started))
    }

    /// Indexes every paragraph of the file (one document per article title) in `workFolder`
    /// and answers each question through retrieval and reading. With `against`, the questions
    /// are asked of that folder instead (indexed into `workFolder`; the folder is only read):
    /// a folder without the questions' articles measures "not found". `onAnswer` sees every
    /// question's answers (calibration features).
    public static func open(
        answerer: QuestionAnswerer, dataset: SquadDataset, workFolder: URL, limit: Int? = nil,
        chunking: ChunkingOptions = .init(), against: URL? = nil, progress: ((Int, Int) -> Void)? = nil,
        onAnswer: ((SquadDataset.Question, AnswerSet) -> Void)? = nil
    ) throws -> SquadEvaluation {
        let documents = against ?? workFolder.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: workFolder, withIntermediateDirectories: true)  // the index lives here
        if against == nil {
            try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
            var usedNames = Set<String>()
            for article in dataset.articles {
                var name = String(article.title.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }.prefix(100))
                while !usedNames.insert(name).inserted { name += "_" }
                try Data((article.paragraphs.joined(separator: "\n\n") + "\n").utf8)
                    .write(to: documents.appendingPathComponent("\(name).txt"))
            }
        }
        let index = try PassageIndex(folder: documents, databaseURL: workFolder.appendingPathComponent("index.sqlite"), chunking: chunking)
        _ = try index.update()
        let started = Date()
        let questions = Array(dataset.questions.prefix(limit ?? .max))
        let v2 = dataset.hasUnanswerable
        var predictions: [String] = []
        var notFound = 0
        for (i, question) in questions.enumerated() {
            let answers = try answerer.answer(question.question, index: index)
            var prediction = answers.answers.first?.text ?? ""
            if v2, answers.noAnswerFound { prediction = "" }
            if answers.noAnswerFound { notFound += 1 }
            predictions.append(prediction)
            onAnswer?(question, answers)
            progress?(i + 1, questions.count)
        }
        var result = score(questions, predictions, v2: v2, seconds: Date().timeIntervalSince(started))
        result.notFoundRate = Double(notFound) / Double(max(questions.count, 1))
        return result
    }

    static func score(_ questions: [SquadDataset.Question], _ predictions: [String], v2: Bool, seconds: Double) -> SquadEvaluation {
        var result = SquadEvaluation()
        var hasAnswerF1 = 0.0, hasAnswerCount = 0, noAnswerCorrect = 0.0, noAnswerCount = 0
        for (question, prediction) in zip(questions, predictions) {
            let golds = question.isImpossible ? [] : question.answers
            let (em, f1) = SquadMetric.score(prediction, golds: golds)
            result.exactMatch += em
            result.f1 += f1
            result.predictions[question.id] = prediction
            if question.isImpossible || golds.isEmpty {
                noAnswerCount += 1
                noAnswerCorrect += em
            } else {
                hasAnswerCount += 1
                hasAnswerF1 += f1
            }
        }
        let n = Double(max(questions.count, 1))
        result.exactMatch = 100 * result.exactMatch / n
        result.f1 = 100 * result.f1 / n
        result.questions = questions.count
        result.seconds = seconds
        if v2 {
            result.hasAnswerF1 = hasAnswerCount > 0 ? 100 * hasAnswerF1 / Double(hasAnswerCount) : 0
            result.noAnswerAccuracy = noAnswerCount > 0 ? 100 * noAnswerCorrect / Double(noAnswerCount) : 0
        }
        return result
    }
}

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
        reader: AlbertReader, dataset: SquadDataset, limit: Int? = nil, nullThreshold: Float? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> SquadEvaluation {
        let threshold = nullThreshold ?? reader.nullScoreDiffThreshold ?? 0
        let started = Date()
        let questions = Array(dataset.questions.prefix(limit ?? .max))
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Each worker uses only its own workspace, and concurrentPerform returns only after
        // every worker has finished, so the (non-Sendable) workspaces are never shared.
        nonisolated(unsafe) let workspaces = (0..<cores).map { _ in
            reader.model.makeWorkspace(capacity: reader.featureOptions.maxSequenceLength, threads: 1)
        }
        let next = Counter()
        let slots = PredictionSlots(count: questions.count)
        let failure = FirstError()
        let v2 = dataset.hasUnanswerable
        DispatchQueue.concurrentPerform(iterations: cores) { worker in
            while let i = next.take(below: questions.count) {
                let prediction: String
                do {
                    let question = questions[i]
                    let result = try reader.read(question: question.question, context: question.context, topK: 1, workspace: workspaces[worker])
                    var best = result.answers.first?.text ?? ""
                    if v2, !result.answerFound(nullThreshold: threshold) { best = "" }
                    prediction = best
                } catch {
                    failure.record(error)
                    return
                }
                let count = slots.store(prediction, at: i)
                progress?(count, questions.count)
            }
        }
        if let error = failure.value { throw error }
        return score(questions, slots.predictions, v2: v2, seconds: Date().timeIntervalSince(started))
    }

    /// How an open evaluation finds its passages.
    public struct OpenSetup {
        /// The session's settings (those of `ask`: chunking, retriever, fusion, vector windows,
        /// column weights). `databaseURL`: keep the evaluation's index there instead of the work
        /// folder (a rerun reuses its passage vectors).
        public var settings: SessionSettings
        public var encoder: (any PassageEncoder)?
        /// Answer from this folder instead of the file's own paragraphs (questions written about
        /// a folder's documents, with their paragraph as context to find the gold passage).
        public var documentsFolder: URL?
        /// Where each question is asked: the folder, the patterns given (`--in`), or the
        /// document that holds its paragraph (`--scope document`).
        public var scoping = Scoping.given(.folder)

        /// BM25 unless `settings` says otherwise.
        public init(settings: SessionSettings = SessionSettings(retriever: .bm25), encoder: (any PassageEncoder)? = nil) {
            self.settings = settings
            self.encoder = encoder
        }
    }

    /// Where an evaluation asks each question.
    public enum Scoping: Sendable, Equatable {
        /// Every question within the same scope (the whole folder, or `--in` patterns).
        case given(QuestionScope)
        /// Each question within the document that holds its paragraph (the gold answer): how
        /// someone reading that document would ask it. A question whose paragraph is in no
        /// indexed document is asked of the whole folder.
        case document
    }

    /// The scope `question` is asked in under `scoping`.
    static func scope(of question: SquadDataset.Question, _ scoping: Scoping, locations: inout ParagraphLocations,
                      index: PassageIndex) throws -> QuestionScope {
        switch scoping {
        case let .given(scope): scope
        case .document: try locations.locate(question.context, title: question.title, index: index).map { QuestionScope.document($0.path) } ?? .folder
        }
    }

    /// Indexes every paragraph of the file (one document per article title) in `workFolder`
    /// and answers each question through retrieval and reading. With `setup.documentsFolder`,
    /// the questions are asked of that folder instead (indexed into `workFolder`; the folder is
    /// only read): a folder without the questions' articles measures "not found". `onAnswer`
    /// sees every question's answers (calibration features).
    public static func open(
        answerer: QuestionAnswerer, dataset: SquadDataset, workFolder: URL, limit: Int? = nil,
        setup: OpenSetup = .init(), progress: ((Int, Int) -> Void)? = nil,
        onAnswer: ((SquadDataset.Question, AnswerSet) -> Void)? = nil
    ) throws -> SquadEvaluation {
        var (session, locations) = try openSession(dataset: dataset, workFolder: workFolder, setup: setup, answerer: answerer)
        let started = Date()
        let questions = Array(dataset.questions.prefix(limit ?? .max))
        let v2 = dataset.hasUnanswerable
        var predictions: [String] = []
        var notFound = 0
        for (i, question) in questions.enumerated() {
            let scope = try scope(of: question, setup.scoping, locations: &locations, index: session.index)
            let answers = try session.ask(question.question, scope: scope).set
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

    /// One question's candidates from both retrievers, for fitting a fusion offline
    /// (Scripts/fit-fusion.py): the lexical list with BM25 scores, the dense list with cosines,
    /// the cosine of every candidate, and which candidates hold the answer.
    public struct Candidates {
        public var question: SquadDataset.Question
        public var gold: Set<Int64>
        public var lexical: [PassageHit]
        /// The lexical list with the default's pseudo-relevance feedback mixed in (what the
        /// hybrid retriever fuses), normalised scores.
        public var lexicalWithFeedback: [PassageHit]
        public var dense: [PassageHit]
        public var cosines: [Int64: Float]
        /// The gold passage's rank in what the evaluated retriever returned (nil: not in its k).
        public var rank: Int?
        /// Passages in the question's scope (nil: the whole folder).
        public var scopePassages: Int?
    }

    /// Recall of retrieval alone: for how many questions a gold passage (one holding the start
    /// of an answer in the question's own paragraph) is among the first k retrieved.
    /// `onCandidates` (needs an encoder) also sees each question's two candidate lists, `setup.settings.fusion.depth` deep.
    public static func recall(
        dataset: SquadDataset, workFolder: URL, k: Int, limit: Int? = nil, setup: OpenSetup = .init(),
        progress: ((Int, Int) -> Void)? = nil, onCandidates: ((Candidates) throws -> Void)? = nil
    ) throws -> RecallEvaluation {
        let (session, known) = try openSession(dataset: dataset, workFolder: workFolder, setup: setup, answerer: nil)
        var locations = known
        let folderRetriever = try session.retriever(scope: { if case let .given(scope) = setup.scoping { scope } else { .folder } }())
        let started = Date()
        let answerable = Array(dataset.questions.prefix(limit ?? .max)).filter { !$0.isImpossible }
        let questions = answerable.filter { !$0.answerStarts.isEmpty }
        guard !questions.isEmpty else {
            throw answerable.isEmpty ? AnsweringError.noAnswerableQuestion : AnsweringError.noUsableAnswerStart(answerable: answerable.count)
        }
        var result = RecallEvaluation(k: k)
        // Questions whose every answer_start is unusable cannot be located: unlocated, not missed.
        result.unlocated = answerable.count - questions.count
        var passagesOf: [String: [(id: Int64, range: Range<Int>)]] = [:]
        var store: DenseVectorStore?
        if onCandidates != nil, setup.encoder != nil {
            if setup.settings.retriever == .bm25 { _ = try session.updateVectors() }
            store = try session.index.loadVectors(encoder: setup.encoder!)
        }
        for (i, question) in questions.enumerated() {
            progress?(i + 1, questions.count)
            guard let location = try locations.locate(question.context, title: question.title, index: session.index) else {
                result.unlocated += 1
                continue
            }
            if passagesOf[location.path] == nil { passagesOf[location.path] = try session.index.passageRanges(documentPath: location.path) }
            let gold = Set(question.answerStarts.flatMap { start in
                passagesOf[location.path]!.filter { $0.range.contains(location.offset + start) }.map(\.id)
            })
            let questionScope: QuestionScope = setup.scoping == .document ? .document(location.path) : .folder
            let retriever = setup.scoping == .document ? try session.retriever(scope: questionScope) : folderRetriever
            let hits = try retriever.retrieve(question.question, limit: k)
            let rank = hits.firstIndex { gold.contains($0.passageID) }.map { $0 + 1 }
            result.record(rank: rank, leaning: try ContextLeaning.reason(question.question, in: session.index) != nil)
            if let onCandidates, let store, let encoder = setup.encoder {
                // The lists within the question's scope (a document with --scope document; --in
                // patterns or the folder otherwise), as the hybrid retriever sees them.
                let scope = setup.scoping == .document ? try session.passages(in: questionScope)
                    : try { if case let .given(given) = setup.scoping { try session.passages(in: given) } else { nil } }()
                let lexical = BM25Retriever(index: session.index, scope: scope)
                let dense = DenseRetriever(index: session.index, encoder: encoder, store: store, scope: scope)
                guard let vector = try dense.questionVector(question.question) else { continue }
                let hybrid = HybridRetriever(lexical: lexical, dense: dense, settings: setup.settings.fusion)
                let lexicalHits = try lexical.retrieve(question.question, limit: setup.settings.fusion.depth)
                let denseHits = try dense.retrieve(vector: vector, limit: setup.settings.fusion.depth)
                let withFeedback = try hybrid.expanded(question.question, lexicalHits, depth: setup.settings.fusion.depth)
                let cosines = store.cosines(vector, passages: (withFeedback + denseHits).map(\.passageID))
                try onCandidates(Candidates(question: question, gold: gold, lexical: lexicalHits, lexicalWithFeedback: withFeedback,
                                            dense: denseHits, cosines: cosines, rank: rank, scopePassages: scope?.passageIDs.count))
            }
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Writes the file's articles as documents (unless a folder is given) and indexes them.
    static func openSession(
        dataset: SquadDataset, workFolder: URL, setup: OpenSetup, answerer: QuestionAnswerer?
    ) throws -> (AnsweringSession, ParagraphLocations) {
        var locations = ParagraphLocations()
        let documents: URL
        if let folder = setup.documentsFolder {
            documents = folder
        } else {
            documents = workFolder.appendingPathComponent("documents")
            try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
            var usedNames = Set<String>()
            for article in dataset.articles {
                var name = String(article.title.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }.prefix(100))
                while !usedNames.insert(name).inserted { name += "_" }
                var offset = 0
                for paragraph in article.paragraphs {
                    if locations.known[paragraph] == nil { locations.known[paragraph] = ("\(name).txt", offset) }
                    offset += paragraph.unicodeScalars.count + 2
                }
                try Data((article.paragraphs.joined(separator: "\n\n") + "\n").utf8)
                    .write(to: documents.appendingPathComponent("\(name).txt"))
            }
        }
        var settings = setup.settings
        settings.databaseURL = settings.databaseURL ?? workFolder.appendingPathComponent("index.sqlite")
        try FileManager.default.createDirectory(at: workFolder, withIntermediateDirectories: true)
        let session = try AnsweringSession(folder: documents, settings: settings, answerer: answerer, encoder: setup.encoder)
        _ = try session.updateIndex()
        // Auto is measured as shipped once `albertqa index` has run: vectors complete, hybrid.
        if settings.retriever != .bm25 { _ = try session.updateVectors() }
        return (session, locations)
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

/// Recall@k of a retriever: how often a gold passage is among the first k.
public struct RecallEvaluation: Sendable {
    public var k: Int
    /// Questions whose gold passage was found at rank r (1-based), index r − 1.
    public var foundAtRank: [Int]
    /// Questions scored (with a located gold passage), and those whose paragraph was not found
    /// in the indexed documents.
    public var questions = 0
    public var unlocated = 0
    public var seconds = 0.0
    /// The same tally over the questions that lean on context (`ContextLeaning`: a pronoun,
    /// "the study", no word of the folder), the ones scope and follow-ups are for.
    public var leaningFoundAtRank: [Int]
    public var leaningQuestions = 0

    public init(k: Int) {
        self.k = k
        foundAtRank = Array(repeating: 0, count: k)
        leaningFoundAtRank = foundAtRank
    }

    mutating func record(rank: Int?, leaning: Bool = false) {
        questions += 1
        if let rank, rank <= k { foundAtRank[rank - 1] += 1 }
        guard leaning else { return }
        leaningQuestions += 1
        if let rank, rank <= k { leaningFoundAtRank[rank - 1] += 1 }
    }

    /// Percentage of the context-leaning questions with a gold passage in the first `n`.
    public func leaningRecall(at n: Int) -> Double {
        guard leaningQuestions > 0 else { return 0 }
        return 100 * Double(leaningFoundAtRank.prefix(n).reduce(0, +)) / Double(leaningQuestions)
    }

    /// Percentage of questions with a gold passage in the first `n` (n ≤ k).
    public func recall(at n: Int) -> Double {
        guard questions > 0 else { return 0 }
        return 100 * Double(foundAtRank.prefix(n).reduce(0, +)) / Double(questions)
    }

    /// Mean reciprocal rank of the gold passage within k.
    public var meanReciprocalRank: Double {
        guard questions > 0 else { return 0 }
        return foundAtRank.enumerated().reduce(0.0) { $0 + Double($1.element) / Double($1.offset + 1) } / Double(questions)
    }
}

/// Where each paragraph of a SQuAD file stands in the indexed documents: known when the
/// evaluator wrote them, else found by searching the documents' text (a folder's documents).
struct ParagraphLocations {
    var known: [String: (path: String, offset: Int)] = [:]
    private var searched: [String: (path: String, offset: Int)?] = [:]
    private var texts: [(path: String, text: String)]?

    mutating func locate(_ paragraph: String, title: String, index: PassageIndex) throws -> (path: String, offset: Int)? {
        if let location = known[paragraph] { return location }
        if let cached = searched[paragraph] { return cached }
        if texts == nil { texts = try index.documentPaths().compactMap { path in try index.documentText(path: path).map { (path, $0) } } }
        // The document named like the article first, then every other.
        let titleKey = title.lowercased().replacingOccurrences(of: " ", with: "_")
        let ordered = texts!.filter { $0.path.lowercased().hasPrefix(titleKey) } + texts!.filter { !$0.path.lowercased().hasPrefix(titleKey) }
        var found: (path: String, offset: Int)?
        for (path, text) in ordered {
            if let range = text.range(of: paragraph) {
                found = (path, text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound))
                break
            }
        }
        searched[paragraph] = found
        return found
    }
}

import Albert
import Answering
import Foundation
import Retrieval
import Settings

enum EvalCommand {
    static let open = Flag("--open", help: "index every paragraph as documents and answer through retrieval")
    static let recall = Flag("--recall", help: "score retrieval alone: recall@k of the passage holding the answer (no reader)")
    static let recallDepth = Option<Int>("--k", "K", in: 1...1000, help: "with --recall: passages retrieved per question").default(10)
    static let folder = Option<URL>.directory("--folder", "DIR", help: "with --open/--recall: answer from this folder's documents instead of the file's paragraphs")
    static let index = Option<URL>.file("--index", "PATH", help: "with --open/--recall: keep the evaluation's index here (a rerun reuses its passage vectors)")
    static let limit = Option<Int>("--limit", "N", in: 1...Int.max, help: "only the first N questions")
    static let documents = Option<SquadDataset.DocumentHalf>("--documents", help: "only the questions of the file's articles (documents) at even or odd positions of its data list, counted from 0; every article is still indexed (tune on even, report on odd) (default all)")
    static let every = Option<Int>("--every", "N", in: 1...1_000_000, help: "only every N-th question (all paragraphs still indexed)").default(1)
    static let passages = Option<Int>("--passages", "K", in: UserConfig.passagesRange, help: "passages read per question with --open").default(10)
    static let bm25Weight = Option<Double>("--bm25-weight", "W", in: -100...100, help: "BM25 weight in the ranking with --open").default(0)
    static let onePassageAtATime = Flag("--one-passage-at-a-time", help: "with --open: read each passage on all cores instead of one passage per core")
    static let predictions = Option<URL>.file("--predictions", "FILE", help: "also write {id: prediction} JSON here")
    static let against = Option<URL>.directory("--against", "DIR", help: "with --open: ask the questions of this folder instead of the file's paragraphs (as --folder)")
    static let unanswerable = Flag("--unanswerable", help: "with --open: the folder does not hold the answers (rows are labelled answerable: false)")
    static let candidates = Option<URL>.file("--candidates", "FILE", help: "with --recall: write each question's BM25 and dense candidates within its scope (scores, BM25 after feedback, cosines, documents, gold, its article) as JSON lines (Scripts/fit-fusion.py)")
    static let scope = Option<EvalScope>("--scope", help: "with --open/--recall: document asks each question within the document that holds its paragraph (its gold answer); folder, the whole folder")
    static let wholeScope = Option<Int>("--read-scope", "N", in: 0...1000, help: "with --open and a scope: read every passage of a scope of at most N passages (0: the retrieved ones)").default(0)
    static let followUp = Flag("--follow-up", help: "with --open/--recall: ask each question also after another question of its document (the one before it) and score both ways, context-leaning questions apart")
    static let followUpWeights = Option<String>("--follow-up-weights", "D,P", help:
        "with --follow-up: bonus of the previous answer's document and weight of the previous question's words (default \(FollowUpWeights.shipped.document),\(FollowUpWeights.shipped.previousQuestion))")
    static let calibrationFeatures = Option<URL>.file("--calibration-features", "FILE", help: "with --open: write each question's top-5 answers, their calibration features and scores as JSON lines (Scripts/fit-calibration.py; \"not found\" is then the uncalibrated rule)")

    static let spec = CommandSpec(
        name: "eval",
        summary: "Score the reader (or, with --open, the whole pipeline) on a SQuAD-format file.",
        positionals: ["FILE"],
        options: [
            open, recall, recallDepth, folder, scopeOption, scope, wholeScope, followUp, followUpWeights,
            retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption, vectorWindowOption,
            index,
        ] + fusionOptions + [
            limit, documents, every, passages, bm25Weight, onePassageAtATime, predictions, against, unanswerable, candidates, calibrationFeatures,
            passageWordsOption, overlapOption,
            jsonOption, modelOption, precisionOption, kernelsOption, nullThresholdOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        // --in and --scope choose where retrieval looks: without it they would be ignored.
        if !arguments[open] && !arguments[recall] {
            if !arguments[scopeOption].isEmpty { throw CLIError.optionNeedsMode(scopeOption.name, modes: [open.name, recall.name], command: spec.displayName) }
            if arguments[scope] != nil { throw CLIError.optionNeedsMode(scope.name, modes: [open.name, recall.name], command: spec.displayName) }
        }
        let dataset = try SquadDataset(contentsOf: URL(fileURLWithPath: arguments.positionals[0]))
            .everyNthQuestion(arguments[every])  // first: --every N picks the same questions in either half
            .questions(ofDocuments: arguments[documents] ?? .all)
        let showProgress = isatty(STDERR_FILENO) == 1
        let progress: @Sendable (Int, Int) -> Void = { done, total in
            guard showProgress, done % 25 == 0 || done == total else { return }
            try? Console.standardError.write("\r\(done)/\(total) questions")
        }
        let setup = try openSetup(arguments)
        // The evaluation's documents and index live in a private temporary folder, removed after.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        if arguments[followUp] {
            guard arguments[open] || arguments[recall] else { throw CLIError.needsExactlyOne(of: [open.name, recall.name], command: spec.displayName + " " + followUp.name) }
            return try evaluateFollowUps(arguments, dataset: dataset, work: work, setup: setup, progress: progress, showProgress: showProgress)
        }
        if arguments[recall] {
            let result = try evaluateRecall(arguments, dataset: dataset, work: work, setup: setup, progress: progress)
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            return try printRecall(result, arguments, dataset: dataset, retriever: setup.settings.retriever)
        }
        let reader = try loadReader(arguments)
        let result = try evaluateAnswers(arguments, reader: reader, dataset: dataset, work: work, setup: setup, progress: progress)
        if showProgress { try? Console.standardError.write("\r\u{1B}[K") }
        if let url = arguments[predictions] {
            let data = try JSONSerialization.data(withJSONObject: result.predictions, options: [.sortedKeys])
            try data.write(to: url)
        }
        try printEvaluation(result, arguments, precision: reader.model.precision, retriever: setup.settings.retriever)
    }

    /// Retrieval's settings (and its encoder), which only matter for --open and --recall.
    static func openSetup(_ arguments: ParsedArguments) throws -> SquadEvaluator.OpenSetup {
        let retrieves = arguments[open] || arguments[recall]
        let kind = retrieves ? retrieverKind(arguments) : .bm25
        var setup = SquadEvaluator.OpenSetup(encoder: try loadEncoder(for: kind, arguments))
        if let folder = arguments[folder] ?? arguments[against] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError.noSuchFolder(folder.path)
            }
            setup.documentsFolder = folder
        }
        switch arguments[scope] ?? .folder {
        case .folder: setup.scoping = .given(questionScope(arguments))
        case .document:
            guard arguments[scopeOption].isEmpty else { throw CLIError.exclusiveOptions(scope.name, scopeOption.name, command: spec.displayName) }
            setup.scoping = .document
        }
        setup.settings = try SessionSettings(arguments)
        setup.settings.retriever = kind
        if let text = arguments[followUpWeights] {
            guard let weights = FollowUpWeights(parsing: text) else { throw CLIError.invalidFollowUpWeights(text) }
            setup.settings.followUp = weights
        }
        setup.settings.databaseURL = arguments[index]  // eval's own --index (nil: the work folder)
        return setup
    }

    /// `--recall`: retrieval alone, each question's candidates written with `--candidates`.
    static func evaluateRecall(_ arguments: ParsedArguments, dataset: SquadDataset, work: URL, setup: SquadEvaluator.OpenSetup,
                               progress: @escaping @Sendable (Int, Int) -> Void) throws -> RecallEvaluation {
        var candidatesFile: FileHandle?
        if let path = arguments[candidates]?.path {
            guard setup.encoder != nil else { throw CLIError.candidatesNeedEncoder }
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw CLIError.cannotCreate(path: path, what: "the candidates file")
            }
            candidatesFile = handle
        }
        defer { try? candidatesFile?.close() }
        let datasetName = URL(fileURLWithPath: arguments.positionals[0]).lastPathComponent
        return try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: arguments[recallDepth], limit: arguments[limit], setup: setup,
                                         progress: progress, onCandidates: candidatesFile.map { file in { candidates in
            let row = candidatesRow(candidates, dataset: datasetName)
            try file.write(contentsOf: JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]) + Data("\n".utf8))
        } })
    }

    /// One `--candidates` line (Scripts/fit-fusion.py reads it).
    static func candidatesRow(_ candidates: SquadEvaluator.Candidates, dataset: String) -> [String: Any] {
        [
            "set": dataset, "id": candidates.question.id, "question": candidates.question.question,
            "article": candidates.question.article, "gold": candidates.gold.sorted(),
            "rank": candidates.rank ?? 0, "scope_passages": candidates.scopePassages ?? 0,
            "bm25": candidates.lexical.map { [$0.passageID, $0.score] as [Any] },
            "bm25_feedback": candidates.lexicalWithFeedback.map { [$0.passageID, $0.score] as [Any] },
            "dense": candidates.dense.map { [$0.passageID, $0.score] as [Any] },
            "cosines": Dictionary(uniqueKeysWithValues: candidates.cosines.map { (String($0.key), Double($0.value)) }),
            "documents": Dictionary((candidates.lexicalWithFeedback + candidates.dense).map { (String($0.passageID), $0.documentPath) },
                                    uniquingKeysWith: { first, _ in first }),
        ]
    }

    static func printRecall(_ recall: RecallEvaluation, _ arguments: ParsedArguments, dataset: SquadDataset, retriever kind: RetrieverKind) throws {
        let k = arguments[recallDepth]
        let cutoffs = Array(Set([1, 5, 10, 20, k].filter { $0 <= k })).sorted()
        if arguments[jsonOption] {
            var json: [String: Any] = ["questions": recall.questions, "unlocated": recall.unlocated,
                                       "invalid_answer_starts": dataset.invalidAnswerStarts, "retriever": kind.rawValue,
                                       "mrr": round2(recall.meanReciprocalRank), "seconds": round2(recall.seconds)]
            for cutoff in cutoffs { json["recall@\(cutoff)"] = round2(recall.recall(at: cutoff)) }
            var leaning: [String: Any] = ["questions": recall.leaningQuestions]
            for cutoff in cutoffs { leaning["recall@\(cutoff)"] = round2(recall.leaningRecall(at: cutoff)) }
            json["context_leaning"] = leaning
            try Console.standardOutput.json(json)
            return
        }
        try output(Span(cutoffs.map { String(format: "recall@%d %.2f", $0, recall.recall(at: $0)) }.joined(separator: "  ")
              + String(format: "  MRR@%d %.3f  on %d questions (%@) in %.1f s", k, recall.meanReciprocalRank, recall.questions, kind.rawValue, recall.seconds)))
        if recall.leaningQuestions > 0 {
            try output(Span("context-leaning (a pronoun, \"the study\", no word of the folder): "
                  + cutoffs.map { String(format: "recall@%d %.2f", $0, recall.leaningRecall(at: $0)) }.joined(separator: "  ")
                  + "  on \(recall.leaningQuestions) questions"))
        }
        if dataset.invalidAnswerStarts > 0 {
            warn("\(dataset.invalidAnswerStarts) answer(s) with an unusable answer_start (not an integer inside the context) left out")
        }
        if recall.unlocated > 0 {
            warn("\(recall.unlocated) question(s) skipped: their paragraph is not in the indexed documents, or no answer_start is usable")
        }
    }

    /// The reader on each question's own paragraph, or with --open the whole pipeline.
    static func evaluateAnswers(_ arguments: ParsedArguments, reader: AlbertReader, dataset: SquadDataset, work: URL,
                                setup: SquadEvaluator.OpenSetup, progress: @escaping @Sendable (Int, Int) -> Void) throws -> SquadEvaluation {
        guard arguments[open] else {
            return try SquadEvaluator.closed(reader: reader, dataset: dataset, limit: arguments[limit],
                                             nullThreshold: nullThreshold(arguments), progress: progress)
        }
        var options = AnsweringOptions()
        options.passages = arguments[passages]
        options.bm25Weight = Float(arguments[bm25Weight])
        options.nullThreshold = nullThreshold(arguments)
        options.wholeScopePassages = arguments[wholeScope]
        options.answers = 5
        options.readPassagesInParallel = !arguments[onePassageAtATime]
        let features = try arguments[calibrationFeatures].map {
            try CalibrationFeatureWriter(path: $0.path, dataset: URL(fileURLWithPath: arguments.positionals[0]).lastPathComponent,
                                         answerable: !arguments[unanswerable], retriever: setup.settings.retriever.rawValue)
        }
        // Feature rows are written without the model's current calibration, so that a refit
        // sees the same answers (the top 5 by score) whatever calibration.json holds now.
        let answerer = try QuestionAnswerer(reader: reader, options: options,
                                            calibrationPolicy: features == nil ? .shippedWithModel : .uncalibrated)
        let result = try SquadEvaluator.open(answerer: answerer, dataset: dataset, workFolder: work, limit: arguments[limit],
                                             setup: setup, progress: progress, onAnswer: features?.write)
        try features?.close()
        return result
    }

    static func printEvaluation(_ result: SquadEvaluation, _ arguments: ParsedArguments, precision: Precision, retriever kind: RetrieverKind) throws {
        if arguments[jsonOption] {
            var json: [String: Any] = ["exact_match": round2(result.exactMatch), "f1": round2(result.f1),
                                       "questions": result.questions, "seconds": round2(result.seconds),
                                       "precision": precision.rawValue]
            if let hasAnswerF1 = result.hasAnswerF1 { json["has_answer_f1"] = round2(hasAnswerF1) }
            if let noAnswerAccuracy = result.noAnswerAccuracy { json["no_answer_accuracy"] = round2(noAnswerAccuracy) }
            if let notFoundRate = result.notFoundRate { json["not_found"] = round2(100 * notFoundRate) }
            try Console.standardOutput.json(json)
            return
        }
        try output(Span(String(format: "EM %.2f  F1 %.2f  on %d questions (%@, %@) in %.1f s, %.3f s per question",
                     result.exactMatch, result.f1, result.questions, arguments[open] ? "open, \(kind.rawValue)" : "closed",
                     precision.rawValue, result.seconds, result.seconds / Double(max(result.questions, 1)))))
        if let notFoundRate = result.notFoundRate {
            try output(Span(String(format: "\"not found\" for %.1f %% of the questions", 100 * notFoundRate)))
        }
        if let hasAnswerF1 = result.hasAnswerF1, let noAnswerAccuracy = result.noAnswerAccuracy {
            try output(Span(String(format: "has-answer F1 %.2f, no-answer accuracy %.2f", hasAnswerF1, noAnswerAccuracy)))
        }
    }

    /// `--scope`: where each question is asked.
    enum EvalScope: String, ChoiceValue {
        case folder, document
    }

    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

extension SquadDataset.DocumentHalf: ChoiceValue {}

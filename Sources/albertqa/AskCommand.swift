import Albert
import Answering
import Documents
import Foundation
import Retrieval

enum AskCommand {
    static let spec = CommandSpec(
        name: "ask",
        summary: "Answer a question from a folder of documents (indexes it first if needed).",
        positionals: ["DIR", "QUESTION"],
        options: [
            .init(name: "--top", value: "N", help: "how many answers (default 5)"),
            .init(name: "--passages", value: "K", help: "passages retrieved and read (default 10)"),
            .init(name: "--bm25-weight", value: "W", help: "weight of the passage's BM25 score in the ranking (default 0)"),
            indexOption, passageWordsOption, overlapOption, maxFileOption, jsonOption, modelOption, precisionOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        var options = AnsweringOptions()
        options.answers = try arguments.int("--top", default: 5, range: 1...100)
        options.passages = try arguments.int("--passages", default: 10, range: 1...200)
        options.bm25Weight = Float(try arguments.double("--bm25-weight", default: 0))
        let question = arguments.positionals[1]
        guard question.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw UsageError(message: "the question has no words")
        }
        let reader = try loadReader(arguments)
        let (index, report) = try openUpdatedIndex(arguments.positionals[0], arguments, quiet: arguments.flag("--json"))
        guard report.documents > 0 else {
            throw CommandFailure(message: "\(arguments.positionals[0]): no documents to answer from (\(report.skipped.count) files skipped; formats read: .txt .md .rst .html .pdf)")
        }
        let answerer = QuestionAnswerer(reader: reader, options: options,
                                        calibration: try AnswerCalibration.load(modelDirectory: reader.directory))
        let result = try answerer.answer(question, index: index)
        if arguments.flag("--json") {
            printJSON([
                "question": question,
                "answers": result.answers.map { answer -> [String: Any] in
                    let best = answer.locations[0]
                    return [
                        "text": answer.text, "score": rounded(answer.score, digits: 4),
                        "probability": (answer.probability * 10_000).rounded() / 10_000,
                        "confidence": (answer.confidence * 10_000).rounded() / 10_000,
                        "document": best.documentPath, "start": best.range.lowerBound, "end": best.range.upperBound,
                        "locations": answer.locations.map { ["document": $0.documentPath, "start": $0.range.lowerBound, "end": $0.range.upperBound] as [String: Any] },
                        "context": answer.context, "context_start": answer.contextRange.lowerBound, "context_end": answer.contextRange.upperBound,
                        "guess": answer.belowNullScore,
                    ]
                },
                "no_answer": result.noAnswerFound,
                "found": result.found,
                "status": result.found ? "found" : "not_found",
                "passages_read": result.passagesRead,
                "seconds": (result.seconds * 1000).rounded() / 1000,
            ] as [String: Any])
            if !result.found { throw AnswerNotFound() }
            return
        }
        if result.answers.isEmpty {
            print(result.passagesTotal == 0 ? "no passage of the folder matches the question's words" : "no answer found")
            throw AnswerNotFound()
        }
        if !result.found {
            let best = result.answers[0].probability * 100
            if let threshold = result.notFoundThreshold {
                print(String(format: "The documents don't seem to answer this (the best answer's probability, %.0f%%, is below %.0f%%).", best, threshold * 100))
            } else {
                print("The documents don't seem to answer this (every answer scored below the reader's no-answer score).")
            }
            print("Best guesses:")
        }
        for (rank, answer) in result.answers.enumerated() {
            let best = answer.locations[0]
            let more = answer.locations.count > 1 ? " (+\(answer.locations.count - 1) more)" : ""
            print(String(format: "%@%d. %@  %3.0f%%  %@ [%d–%d]%@", result.found ? "" : "   ", rank + 1, answer.text, answer.probability * 100,
                         best.documentPath, best.range.lowerBound, best.range.upperBound, more))
            print((result.found ? "   " : "      ") + snippet(answer.context, answer.contextRange))
        }
        print(String(format: "(%d passages read in %.2f s)", result.passagesRead, result.seconds))
        if !result.found { throw AnswerNotFound() }
    }

    /// The answer in its sentence: up to ~70 characters either side, the answer in [brackets].
    static func snippet(_ context: String, _ range: Range<Int>) -> String {
        let text = ScalarText(context)
        let before = text[max(0, range.lowerBound - 70)..<range.lowerBound]
        let after = text[range.upperBound..<min(text.count, range.upperBound + 70)]
        let flat = { (s: String) in s.split(whereSeparator: \.isNewline).joined(separator: " ") }
        return (range.lowerBound > 70 ? "…" : "") + flat(before) + "[" + flat(text[range]) + "]" + flat(after)
            + (range.upperBound + 70 < text.count ? "…" : "")
    }
}

enum EvalCommand {
    static let spec = CommandSpec(
        name: "eval",
        summary: "Score the reader (or, with --open, the whole pipeline) on a SQuAD-format file.",
        positionals: ["FILE"],
        options: [
            .init(name: "--open", value: nil, help: "index every paragraph as documents and answer through retrieval"),
            .init(name: "--limit", value: "N", help: "only the first N questions"),
            .init(name: "--passages", value: "K", help: "passages read per question with --open (default 10)"),
            .init(name: "--bm25-weight", value: "W", help: "BM25 weight in the ranking with --open (default 0)"),
            .init(name: "--one-passage-at-a-time", value: nil, help: "with --open: read each passage on all cores instead of one passage per core"),
            .init(name: "--predictions", value: "FILE", help: "also write {id: prediction} JSON here"),
            .init(name: "--against", value: "DIR", help: "with --open: ask the questions of this folder instead of the file's paragraphs"),
            .init(name: "--unanswerable", value: nil, help: "with --open: the folder does not hold the answers (rows are labelled answerable: false)"),
            .init(name: "--calibration-features", value: "FILE", help: "with --open: write each question's top-5 answers, their calibration features and scores as JSON lines (Scripts/fit-calibration.py; \"not found\" is then the uncalibrated rule)"),
            passageWordsOption, overlapOption,
            jsonOption, modelOption, precisionOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        let dataset = try SquadDataset(contentsOf: URL(fileURLWithPath: arguments.positionals[0]))
        let limit = arguments.values["--limit"] == nil ? nil : try arguments.int("--limit", default: 0, range: 1...Int.max)
        let reader = try loadReader(arguments)
        let showProgress = isatty(STDERR_FILENO) == 1
        let progress: @Sendable (Int, Int) -> Void = { done, total in
            guard showProgress, done % 25 == 0 || done == total else { return }
            FileHandle.standardError.write(Data("\r\(done)/\(total) questions".utf8))
        }
        let result: SquadEvaluation
        if arguments.flag("--open") {
            var options = AnsweringOptions()
            options.passages = try arguments.int("--passages", default: 10, range: 1...200)
            options.bm25Weight = Float(try arguments.double("--bm25-weight", default: 0))
            options.answers = 5
            options.readPassagesInParallel = !arguments.flag("--one-passage-at-a-time")
            let against = try arguments.string("--against").map { path -> URL in
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw CommandFailure(message: "\(path): no such folder")
                }
                return URL(fileURLWithPath: path)
            }
            let features = try arguments.string("--calibration-features").map {
                try CalibrationFeatureWriter(path: $0, dataset: URL(fileURLWithPath: arguments.positionals[0]).lastPathComponent,
                                             answerable: !arguments.flag("--unanswerable"))
            }
            // Feature rows are written without the model's current calibration, so that a refit
            // sees the same answers (the top 5 by score) whatever calibration.json holds now.
            let answerer = QuestionAnswerer(reader: reader, options: options,
                                            calibration: features == nil ? try AnswerCalibration.load(modelDirectory: reader.directory) : nil)
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-eval-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: work) }
            let chunking = ChunkingOptions(maxWords: try arguments.int("--passage-words", default: 220, range: 10...5000),
                                           overlapSentences: try arguments.int("--overlap", default: 1, range: 0...10))
            result = try SquadEvaluator.open(answerer: answerer, dataset: dataset, workFolder: work, limit: limit, chunking: chunking,
                                             against: against, progress: progress, onAnswer: features?.write)
            try features?.close()
        } else {
            result = try SquadEvaluator.closed(reader: reader, dataset: dataset, limit: limit, progress: progress)
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if let path = arguments.string("--predictions") {
            let data = try JSONSerialization.data(withJSONObject: result.predictions, options: [.sortedKeys])
            try data.write(to: URL(fileURLWithPath: path))
        }
        if arguments.flag("--json") {
            var json: [String: Any] = ["exact_match": round2(result.exactMatch), "f1": round2(result.f1),
                                       "questions": result.questions, "seconds": round2(result.seconds),
                                       "precision": reader.model.precision.rawValue]
            if let hasAnswerF1 = result.hasAnswerF1 { json["has_answer_f1"] = round2(hasAnswerF1) }
            if let noAnswerAccuracy = result.noAnswerAccuracy { json["no_answer_accuracy"] = round2(noAnswerAccuracy) }
            if let notFoundRate = result.notFoundRate { json["not_found"] = round2(100 * notFoundRate) }
            printJSON(json)
            return
        }
        print(String(format: "EM %.2f  F1 %.2f  on %d questions (%@, %@) in %.1f s, %.3f s per question",
                     result.exactMatch, result.f1, result.questions, arguments.flag("--open") ? "open" : "closed",
                     reader.model.precision.rawValue, result.seconds, result.seconds / Double(max(result.questions, 1))))
        if let notFoundRate = result.notFoundRate { print(String(format: "\"not found\" for %.1f %% of the questions", 100 * notFoundRate)) }
        if let hasAnswerF1 = result.hasAnswerF1, let noAnswerAccuracy = result.noAnswerAccuracy {
            print(String(format: "has-answer F1 %.2f, no-answer accuracy %.2f", hasAnswerF1, noAnswerAccuracy))
        }
    }

    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

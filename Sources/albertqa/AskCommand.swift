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
            retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption] + fusionOptions + [indexOption, passageWordsOption, overlapOption, maxFileOption, jsonOption, modelOption, precisionOption,
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
        let (session, report, _) = try openSession(arguments.positionals[0], arguments, reader: reader, options: options, quiet: arguments.flag("--json"))
        guard report.documents > 0 else {
            throw CommandFailure(message: "\(arguments.positionals[0]): no documents to answer from (\(report.skipped.count) files skipped; formats read: \(DocumentFormat.readableExtensions))")
        }
        let result = try session.ask(question)
        // The document title and section of each answer's passage, for the reader to place it.
        let places = try result.answers.map { try session.index.passageContext(documentPath: $0.locations[0].documentPath, offset: $0.locations[0].range.lowerBound) }
        if arguments.flag("--json") {
            printJSON([
                "question": question,
                "answers": zip(result.answers, places).map { answer, place -> [String: Any] in
                    let best = answer.locations[0]
                    return [
                        "title": place?.title ?? "", "section": place?.section ?? "",
                        "text": answer.text, "score": rounded(answer.score, digits: 4),
                        "confidence": (answer.confidence * 10_000).rounded() / 10_000,
                        "document": best.documentPath, "start": best.range.lowerBound, "end": best.range.upperBound,
                        "locations": answer.locations.map { ["document": $0.documentPath, "start": $0.range.lowerBound, "end": $0.range.upperBound] as [String: Any] },
                        "context": answer.context, "context_start": answer.contextRange.lowerBound, "context_end": answer.contextRange.upperBound,
                        "guess": answer.belowNullScore,
                    ]
                },
                "no_answer": result.noAnswerFound,
                "passages_read": result.passagesRead,
                "seconds": (result.seconds * 1000).rounded() / 1000,
            ] as [String: Any])
            return
        }
        if result.answers.isEmpty {
            print(result.passagesTotal == 0 ? "no passage of the folder matches the question's words" : "no answer found")
            return
        }
        if result.noAnswerFound { print("no confident answer; best guesses:") }
        for (rank, answer) in result.answers.enumerated() {
            let best = answer.locations[0]
            let more = answer.locations.count > 1 ? " (+\(answer.locations.count - 1) more)" : ""
            print(String(format: "%d. %@  %3.0f%%%@  %@ [%d–%d]%@", rank + 1, answer.text, answer.confidence * 100,
                         answer.belowNullScore ? " guess" : "", best.documentPath, best.range.lowerBound, best.range.upperBound, more))
            if let place = places[rank] { print("   " + placeLine(place.title, place.section)) }
            print("   " + snippet(answer.context, answer.contextRange))
        }
        print(String(format: "(%d passages read in %.2f s)", result.passagesRead, result.seconds))
    }

    /// "Title › Section" for output.
    static func placeLine(_ title: String, _ section: String) -> String {
        section.isEmpty ? title : "\(title) › \(section)"
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
            .init(name: "--recall", value: nil, help: "score retrieval alone: recall@k of the passage holding the answer (no reader)"),
            .init(name: "--k", value: "K", help: "with --recall: passages retrieved per question (default 10)"),
            .init(name: "--folder", value: "DIR", help: "with --open/--recall: answer from this folder's documents instead of the file's paragraphs"),
            retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption,
            .init(name: "--index", value: "PATH", help: "with --open/--recall: keep the evaluation's index here (a rerun reuses its passage vectors)"),
        ] + fusionOptions + [
            .init(name: "--limit", value: "N", help: "only the first N questions"),
            .init(name: "--every", value: "N", help: "only every N-th question (all paragraphs still indexed; default 1)"),
            .init(name: "--passages", value: "K", help: "passages read per question with --open (default 10)"),
            .init(name: "--bm25-weight", value: "W", help: "BM25 weight in the ranking with --open (default 0)"),
            .init(name: "--one-passage-at-a-time", value: nil, help: "with --open: read each passage on all cores instead of one passage per core"),
            .init(name: "--predictions", value: "FILE", help: "also write {id: prediction} JSON here"),
            passageWordsOption, overlapOption,
            jsonOption, modelOption, precisionOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        let dataset = try SquadDataset(contentsOf: URL(fileURLWithPath: arguments.positionals[0]))
            .everyNthQuestion(try arguments.int("--every", default: 1, range: 1...1_000_000))
        let limit = arguments.values["--limit"] == nil ? nil : try arguments.int("--limit", default: 0, range: 1...Int.max)
        let showProgress = isatty(STDERR_FILENO) == 1
        let progress: @Sendable (Int, Int) -> Void = { done, total in
            guard showProgress, done % 25 == 0 || done == total else { return }
            FileHandle.standardError.write(Data("\r\(done)/\(total) questions".utf8))
        }
        // Retrieval (and its encoder) only matters for --open and --recall.
        let retrieves = arguments.flag("--open") || arguments.flag("--recall")
        let kind = retrieves ? try retrieverKind(arguments) : .bm25
        var setup = SquadEvaluator.OpenSetup(chunking: try chunkingOptions(arguments), retriever: kind, encoder: try loadEncoder(for: kind, arguments))
        setup.documentsFolder = arguments.string("--folder").map { URL(fileURLWithPath: $0) }
        setup.columnWeights = try columnWeights(arguments)
        (setup.fusionDepth, setup.fusionK, setup.denseWeight) = try fusionSettings(arguments)
        setup.databaseURL = arguments.string("--index").map { URL(fileURLWithPath: $0) }
        // The evaluation's documents and index live in a private temporary folder, removed after.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        if arguments.flag("--recall") {
            let k = try arguments.int("--k", default: 10, range: 1...1000)
            let recall = try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: k, limit: limit, setup: setup, progress: progress)
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            let cutoffs = Array(Set([1, 5, 10, 20, k].filter { $0 <= k })).sorted()
            if arguments.flag("--json") {
                var json: [String: Any] = ["questions": recall.questions, "unlocated": recall.unlocated, "retriever": kind.rawValue,
                                           "mrr": round2(recall.meanReciprocalRank), "seconds": round2(recall.seconds)]
                for cutoff in cutoffs { json["recall@\(cutoff)"] = round2(recall.recall(at: cutoff)) }
                printJSON(json)
                return
            }
            print(cutoffs.map { String(format: "recall@%d %.2f", $0, recall.recall(at: $0)) }.joined(separator: "  ")
                  + String(format: "  MRR@%d %.3f  on %d questions (%@) in %.1f s", k, recall.meanReciprocalRank, recall.questions, kind.rawValue, recall.seconds))
            if recall.unlocated > 0 { print("\(recall.unlocated) question(s) skipped: their paragraph is not in the indexed documents") }
            return
        }
        let reader = try loadReader(arguments)
        let result: SquadEvaluation
        if arguments.flag("--open") {
            var options = AnsweringOptions()
            options.passages = try arguments.int("--passages", default: 10, range: 1...200)
            options.bm25Weight = Float(try arguments.double("--bm25-weight", default: 0))
            options.answers = 1
            options.readPassagesInParallel = !arguments.flag("--one-passage-at-a-time")
            result = try SquadEvaluator.open(reader: reader, options: options, dataset: dataset, workFolder: work, limit: limit,
                                             setup: setup, progress: progress)
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
            printJSON(json)
            return
        }
        print(String(format: "EM %.2f  F1 %.2f  on %d questions (%@, %@) in %.1f s, %.3f s per question",
                     result.exactMatch, result.f1, result.questions, arguments.flag("--open") ? "open, \(kind.rawValue)" : "closed",
                     reader.model.precision.rawValue, result.seconds, result.seconds / Double(max(result.questions, 1))))
        if let hasAnswerF1 = result.hasAnswerF1, let noAnswerAccuracy = result.noAnswerAccuracy {
            print(String(format: "has-answer F1 %.2f, no-answer accuracy %.2f", hasAnswerF1, noAnswerAccuracy))
        }
    }

    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

import Albert
import Answering
import Documents
import Foundation
import Retrieval
import Settings

enum AskCommand {
    static let top = OptionSpec.integer("--top", "N", in: UserConfig.answersRange, default: 5, config: .answers, help: "how many answers")
    static let passages = OptionSpec.integer("--passages", "K", in: UserConfig.passagesRange, default: 10, config: .passages,
                                             help: "passages retrieved and read")
    static let bm25Weight = OptionSpec.number("--bm25-weight", "W", in: -100...100, default: 0,
                                              help: "weight of the passage's BM25 score in the ranking")
    static let vimgrep = OptionSpec.flag("--vimgrep", help: "print path:line:column:answer per answer (editors' quickfix lists; column in bytes)")

    static let spec = CommandSpec(
        name: "ask",
        summary: "Answer a question from a folder of documents (indexes it first if needed). QUESTION - reads questions from standard input, one per line; several are answered as JSON lines.",
        positionals: ["DIR", "QUESTION"],
        options: [
            top, passages, bm25Weight, retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption, vectorWindowOption,
        ] + fusionOptions + [
            indexOption, passageWordsOption, overlapOption, maxFileOption, toolSecondsOption, jsonOption, vimgrep, Console.colorOption, modelOption, precisionOption, kernelsOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        var options = AnsweringOptions()
        options.answers = arguments.int(top)
        options.passages = arguments.int(passages)
        options.bm25Weight = Float(arguments.double(bm25Weight))
        let fromStandardInput = arguments.positionals[1] == "-"
        var questions = fromStandardInput ? StandardInputLines() : nil
        var first = arguments.positionals[1]
        if var lines = questions {
            guard let line = try lines.nextQuestion() else { throw CLIError.usage("no question on standard input") }
            first = line
            questions = lines
        } else {
            guard first.contains(where: { $0.isLetter || $0.isNumber }) else { throw CLIError.usage("the question has no words") }
        }
        let reader = try loadReader(arguments)
        let json = arguments.flag(jsonOption)
        // The session loads the model's calibration (probabilities, "not found") by the settings'
        // policy: a broken file is an error, not silence, here and in the interface.
        let (session, report, _) = try openSession(arguments.positionals[0], arguments, answering: options, reader: reader,
                                                   quiet: json || fromStandardInput)
        guard report.documents > 0 else {
            throw CLIError.failure("\(arguments.positionals[0]): no documents to answer from (\(report.skipped.count) files skipped; formats read: \(DocumentFormat.readableExtensions))")
        }
        let places = AnswerPlaces(index: session.index)
        let output = { (result: AnswerSet, asJSON: Bool) throws in
            if arguments.flag(vimgrep) {
                try printVimgrep(result, folder: arguments.positionals[0], places: places)
            } else if asJSON {
                try Console.standardOutput.json(jsonObject(result, places: places))
            } else {
                try printText(result, places: places)
            }
        }
        let answer = { (question: String) throws -> AnswerSet in
            let result = try session.ask(question, isCancelled: Interruption.isRequested).set
            try Interruption.check()
            return result
        }
        guard var lines = questions else {
            let result = try answer(first)
            try output(result, json)
            if let status = exitStatus(result) { throw status }
            return
        }
        // Standard input: one question is answered like a QUESTION argument; several (a pipe
        // of questions) are a batch, one JSON object per line, answered as they are read. On a
        // terminal each line is answered as soon as it is typed.
        var question = first
        var next = lines.isTerminal ? nil : try lines.nextQuestion()
        let batch = next != nil || lines.isTerminal
        let asJSON = json || (batch && !lines.isTerminal)
        while true {
            let result = try answer(question)
            try output(result, asJSON)
            if !batch, let status = exitStatus(result) { throw status }
            if let upcoming = next {
                question = upcoming
                next = try lines.nextQuestion()
            } else if lines.isTerminal, let typed = try lines.nextQuestion() {
                question = typed
            } else {
                return
            }
        }
    }

    /// The one place that decides whether `ask` found a confident answer: its exit status
    /// (3 when not) and the text output's "not in these documents" both follow it. The decision
    /// itself is the AnswerSet's (`found`: the best answer's probability reaches the model's
    /// calibrated threshold).
    static func isConfident(_ result: AnswerSet) -> Bool {
        !result.answers.isEmpty && result.found
    }

    static func exitStatus(_ result: AnswerSet) -> CLIError? {
        isConfident(result) ? nil : .noConfidentAnswer
    }

    static func jsonObject(_ result: AnswerSet, places: AnswerPlaces = AnswerPlaces(index: nil)) -> [String: Any] {
        [
            "question": result.question,
            "answers": result.answers.map { answer -> [String: Any] in
                var json: [String: Any] = [
                    "text": answer.text, "score": rounded(answer.score, digits: 4),
                    "probability": (answer.probability * 10_000).rounded() / 10_000,
                    "confidence": (answer.confidence * 10_000).rounded() / 10_000,
                    "locations": answer.locations.map(places.json),
                    "context": answer.context, "context_start": answer.contextRange.lowerBound, "context_end": answer.contextRange.upperBound,
                    "guess": answer.belowNullScore,
                ]
                // The best place's fields at the top level: document, start, end, line, column, page.
                json.merge(places.json(answer.locations[0])) { _, place in place }
                return json
            },
            "no_answer": !isConfident(result),
            "found": isConfident(result),
            "status": isConfident(result) ? "found" : "not_found",
            "passages_read": result.passagesRead,
            "seconds": (result.seconds * 1000).rounded() / 1000,
        ]
    }

    /// One answer per record: `rank. text  confidence  document [start–end]`, then its
    /// sentence (wrapped to a terminal's width). Newlines in answers never split a record;
    /// the summary and notes go to standard error.
    static func printText(_ result: AnswerSet, places: AnswerPlaces = AnswerPlaces(index: nil), to console: Console = .standardOutput) throws {
        if result.answers.isEmpty {
            warn(result.passagesTotal == 0 ? "no passage of the folder matches the question's words" : "no answer found")
            return
        }
        if !isConfident(result) {
            let best = result.answers[0].probability * 100
            if let threshold = result.notFoundThreshold {
                warn(String(format: "the documents don't seem to answer this (the best answer's probability, %.0f%%, is below %.0f%%); best guesses:",
                            best, threshold * 100))
            } else {
                warn("the documents don't seem to answer this (every answer scored below the reader's no-answer score); best guesses:")
            }
        }
        for (rank, answer) in result.answers.enumerated() {
            let best = answer.locations[0]
            let more = answer.locations.count > 1 ? " (+\(answer.locations.count - 1) more)" : ""
            let percent = String(format: "%3.0f%%", try finite(answer.probability, "a confidence") * 100)
            try console.line(Span("\(rank + 1). ", .bold), Span(answer.text, .bold), Span("  "), Span(percent, .number),
                       Span(answer.belowNullScore ? " guess" : "", .warning), Span("  "), Span(best.documentPath + places.citationSuffix(best), .path),
                       Span(" [\(best.range.lowerBound)–\(best.range.upperBound)]", .dim), Span(more, .dim),
                       Span(places.note(best).map { "  — " + $0 } ?? "", .dim))
            try console.wrapped(snippet(answer.context, answer.contextRange, brackets: !console.color), indent: "   ")
        }
        try Console.standardError.line(Span(String(format: "(%d passages read in %.2f s)", result.passagesRead, try finite(result.seconds, "the time")), .dim))
    }

    /// "Title › Section" for output.
    static func placeLine(_ title: String, _ section: String) -> String {
        section.isEmpty ? title : "\(title) › \(section)"
    }

    /// `path:line:column:answer`, one line per answer, as ripgrep's --vimgrep (column in bytes,
    /// what vim's quickfix reads); the answer on one line, without control characters.
    static func printVimgrep(_ result: AnswerSet, folder: String, places: AnswerPlaces) throws {
        for answer in result.answers {
            guard let best = answer.locations.first, let place = places.position(best) else { continue }
            let text = String(String.UnicodeScalarView(answer.text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            try Console.standardOutput.line(Span("\((folder as NSString).appendingPathComponent(best.documentPath)):\(place.line):\(place.byteColumn):\(text)"))
        }
    }

    /// The answer in its sentence: up to ~70 characters either side, the answer highlighted
    /// (in [brackets] without colour).
    static func snippet(_ context: String, _ range: Range<Int>, brackets: Bool) -> [Span] {
        let text = ScalarText(context)
        let before = text[max(0, range.lowerBound - 70)..<range.lowerBound]
        let after = text[range.upperBound..<min(text.count, range.upperBound + 70)]
        return [Span((range.lowerBound > 70 ? "…" : "") + before), Span(brackets ? "[" + text[range] + "]" : text[range], .answer),
                Span(after + (range.upperBound + 70 < text.count ? "…" : ""))]
    }
}

/// Questions from standard input, one per line (blank lines skipped). Lines are bounded, so
/// a stream without newlines cannot take all memory; a signal while waiting ends at once.
struct StandardInputLines {
    static let maximumLineBytes = 64 * 1024
    let isTerminal = isatty(STDIN_FILENO) == 1
    private var buffer: [UInt8] = []
    private var ended = false
    private var lineNumber = 0

    mutating func nextQuestion() throws -> String? {
        while let line = try nextLine() {
            let question = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if !question.isEmpty { return question }
        }
        return nil
    }

    private mutating func nextLine() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lineNumber += 1
                let line = try Self.text(buffer[..<newline], line: lineNumber)
                buffer.removeSubrange(...newline)
                return line
            }
            guard buffer.count <= Self.maximumLineBytes else {
                throw CLIError.failure("standard input: line \(lineNumber + 1) is over \(Self.maximumLineBytes / 1024) KB, not a question")
            }
            if ended {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = [] }
                lineNumber += 1
                return try Self.text(buffer[...], line: lineNumber)
            }
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let count = try Interruption.whileWaitingForInput { chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) } }
            if count < 0 {
                if errno == EINTR { continue }
                throw CLIError.failure("cannot read standard input: \(String(cString: strerror(errno)))")
            }
            if count == 0 { ended = true } else { buffer += chunk[..<count] }
        }
    }

    /// A line of questions is text: 100 KB of binary piped in once became 360 garbage
    /// "questions" answered for 50 s. NUL bytes or invalid UTF-8 stop the batch with a usage
    /// error (exit 2) before anything is answered from that line.
    static func text(_ bytes: ArraySlice<UInt8>, line: Int) throws -> String {
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIError.usage("standard input: line \(line) is not UTF-8 text (binary input?)")
        }
        return text
    }
}

enum EvalCommand {
    static let limit = OptionSpec.integer("--limit", "N", in: 1...Int.max, help: "only the first N questions")
    static let every = OptionSpec.integer("--every", "N", in: 1...1_000_000, default: 1, help: "only every N-th question (all paragraphs still indexed)")
    static let recallDepth = OptionSpec.integer("--k", "K", in: 1...1000, default: 10, help: "with --recall: passages retrieved per question")
    static let passages = OptionSpec.integer("--passages", "K", in: UserConfig.passagesRange, default: 10, help: "passages read per question with --open")
    static let bm25Weight = OptionSpec.number("--bm25-weight", "W", in: -100...100, default: 0, help: "BM25 weight in the ranking with --open")

    static let spec = CommandSpec(
        name: "eval",
        summary: "Score the reader (or, with --open, the whole pipeline) on a SQuAD-format file.",
        positionals: ["FILE"],
        options: [
            .flag("--open", help: "index every paragraph as documents and answer through retrieval"),
            .flag("--recall", help: "score retrieval alone: recall@k of the passage holding the answer (no reader)"),
            recallDepth,
            .text("--folder", "DIR", help: "with --open/--recall: answer from this folder's documents instead of the file's paragraphs"),
            retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption, vectorWindowOption,
            .text("--index", "PATH", help: "with --open/--recall: keep the evaluation's index here (a rerun reuses its passage vectors)"),
        ] + fusionOptions + [
            limit, every, passages, bm25Weight,
            .flag("--one-passage-at-a-time", help: "with --open: read each passage on all cores instead of one passage per core"),
            .text("--predictions", "FILE", help: "also write {id: prediction} JSON here"),
            .text("--against", "DIR", help: "with --open: ask the questions of this folder instead of the file's paragraphs (as --folder)"),
            .flag("--unanswerable", help: "with --open: the folder does not hold the answers (rows are labelled answerable: false)"),
            .text("--candidates", "FILE", help: "with --recall: write each question's BM25 and dense candidates (scores, cosines, documents, gold) as JSON lines (Scripts/fit-fusion.py)"),
            .text("--calibration-features", "FILE", help: "with --open: write each question's top-5 answers, their calibration features and scores as JSON lines (Scripts/fit-calibration.py; \"not found\" is then the uncalibrated rule)"),
            passageWordsOption, overlapOption,
            jsonOption, modelOption, precisionOption, kernelsOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        let dataset = try SquadDataset(contentsOf: URL(fileURLWithPath: arguments.positionals[0]))
            .everyNthQuestion(arguments.int(every))
        let limit = arguments.optionalInt(Self.limit)
        let showProgress = isatty(STDERR_FILENO) == 1
        let progress: @Sendable (Int, Int) -> Void = { done, total in
            guard showProgress, done % 25 == 0 || done == total else { return }
            try? Console.standardError.write("\r\(done)/\(total) questions")
        }
        // Retrieval (and its encoder) only matters for --open and --recall.
        let retrieves = arguments.flag("--open") || arguments.flag("--recall")
        let kind = retrieves ? retrieverKind(arguments) : .bm25
        var setup = SquadEvaluator.OpenSetup(encoder: try loadEncoder(for: kind, arguments))
        if let folder = arguments.string("--folder") ?? arguments.string("--against") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError.noSuchFolder(folder)
            }
            setup.documentsFolder = URL(fileURLWithPath: folder)
        }
        setup.settings = try SessionSettings(arguments)
        setup.settings.retriever = kind
        // The evaluation's documents and index live in a private temporary folder, removed after.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        if arguments.flag("--recall") {
            let k = arguments.int(recallDepth)
            var candidatesFile: FileHandle?
            if let path = arguments.string("--candidates") {
                guard setup.encoder != nil else { throw CLIError.usage("--candidates needs the sentence encoder: not with --retriever bm25") }
                guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                    throw CLIError.failure("\(path): cannot write the candidates file")
                }
                candidatesFile = handle
            }
            defer { try? candidatesFile?.close() }
            let datasetName = URL(fileURLWithPath: arguments.positionals[0]).lastPathComponent
            let recall = try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: k, limit: limit, setup: setup, progress: progress,
                                                   onCandidates: candidatesFile.map { file in { candidates in
                let row: [String: Any] = [
                    "set": datasetName, "id": candidates.question.id, "question": candidates.question.question,
                    "gold": candidates.gold.sorted(),
                    "bm25": candidates.lexical.map { [$0.passageID, $0.score] as [Any] },
                    "dense": candidates.dense.map { [$0.passageID, $0.score] as [Any] },
                    "cosines": Dictionary(uniqueKeysWithValues: candidates.cosines.map { (String($0.key), Double($0.value)) }),
                    "documents": Dictionary((candidates.lexical + candidates.dense).map { (String($0.passageID), $0.documentPath) },
                                            uniquingKeysWith: { first, _ in first }),
                ]
                try file.write(contentsOf: JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]) + Data("\n".utf8))
            } })
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            let cutoffs = Array(Set([1, 5, 10, 20, k].filter { $0 <= k })).sorted()
            if arguments.flag("--json") {
                var json: [String: Any] = ["questions": recall.questions, "unlocated": recall.unlocated,
                                           "invalid_answer_starts": dataset.invalidAnswerStarts, "retriever": kind.rawValue,
                                           "mrr": round2(recall.meanReciprocalRank), "seconds": round2(recall.seconds)]
                for cutoff in cutoffs { json["recall@\(cutoff)"] = round2(recall.recall(at: cutoff)) }
                try Console.standardOutput.json(json)
                return
            }
            try output(Span(cutoffs.map { String(format: "recall@%d %.2f", $0, recall.recall(at: $0)) }.joined(separator: "  ")
                  + String(format: "  MRR@%d %.3f  on %d questions (%@) in %.1f s", k, recall.meanReciprocalRank, recall.questions, kind.rawValue, recall.seconds)))
            if dataset.invalidAnswerStarts > 0 {
                warn("\(dataset.invalidAnswerStarts) answer(s) with an unusable answer_start (not an integer inside the context) left out")
            }
            if recall.unlocated > 0 {
                warn("\(recall.unlocated) question(s) skipped: their paragraph is not in the indexed documents, or no answer_start is usable")
            }
            return
        }
        let reader = try loadReader(arguments)
        let result: SquadEvaluation
        if arguments.flag("--open") {
            var options = AnsweringOptions()
            options.passages = arguments.int(passages)
            options.bm25Weight = Float(arguments.double(bm25Weight))
            options.answers = 5
            options.readPassagesInParallel = !arguments.flag("--one-passage-at-a-time")
            let features = try arguments.string("--calibration-features").map {
                try CalibrationFeatureWriter(path: $0, dataset: URL(fileURLWithPath: arguments.positionals[0]).lastPathComponent,
                                             answerable: !arguments.flag("--unanswerable"), retriever: kind.rawValue)
            }
            // Feature rows are written without the model's current calibration, so that a refit
            // sees the same answers (the top 5 by score) whatever calibration.json holds now.
            let answerer = try QuestionAnswerer(reader: reader, options: options,
                                                calibrationPolicy: features == nil ? .shippedWithModel : .uncalibrated)
            result = try SquadEvaluator.open(answerer: answerer, dataset: dataset, workFolder: work, limit: limit,
                                             setup: setup, progress: progress, onAnswer: features?.write)
            try features?.close()
        } else {
            result = try SquadEvaluator.closed(reader: reader, dataset: dataset, limit: limit, progress: progress)
        }
        if showProgress { try? Console.standardError.write("\r\u{1B}[K") }
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
            try Console.standardOutput.json(json)
            return
        }
        try output(Span(String(format: "EM %.2f  F1 %.2f  on %d questions (%@, %@) in %.1f s, %.3f s per question",
                     result.exactMatch, result.f1, result.questions, arguments.flag("--open") ? "open, \(kind.rawValue)" : "closed",
                     reader.model.precision.rawValue, result.seconds, result.seconds / Double(max(result.questions, 1)))))
        if let notFoundRate = result.notFoundRate {
            try output(Span(String(format: "\"not found\" for %.1f %% of the questions", 100 * notFoundRate)))
        }
        if let hasAnswerF1 = result.hasAnswerF1, let noAnswerAccuracy = result.noAnswerAccuracy {
            try output(Span(String(format: "has-answer F1 %.2f, no-answer accuracy %.2f", hasAnswerF1, noAnswerAccuracy)))
        }
    }

    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

/// Line, column and page of answers' places (`TextPosition`, shared with the TUI), each
/// document's text read from the index once (without an index, places have no position).
final class AnswerPlaces {
    private let index: PassageIndex?
    private var positions: [String: TextPositions] = [:]

    init(index: PassageIndex?) { self.index = index }

    func position(_ location: AnswerLocation) -> TextPosition? {
        if positions[location.documentPath] == nil, let text = try? index?.documentText(path: location.documentPath) {
            positions[location.documentPath] = TextPositions(text)
        }
        return positions[location.documentPath]?.position(at: location.range.lowerBound)
    }

    /// The document's title and the section heading path of the passage holding the place.
    func context(_ location: AnswerLocation) -> (title: String, section: String)? {
        guard let context = try? index?.passageContext(documentPath: location.documentPath, offset: location.range.lowerBound),
              !(context.title.isEmpty && context.section.isEmpty) else { return nil }
        return context
    }

    /// "Title › Section" for text output, when it says more than the path beside it (a title
    /// made from the file name alone doesn't).
    func note(_ location: AnswerLocation) -> String? {
        guard let context = context(location) else { return nil }
        if context.section.isEmpty, context.title == LoadedDocument.fileTitle(location.documentPath) { return nil }
        return AskCommand.placeLine(context.title, context.section)
    }

    static func isPaged(_ path: String) -> Bool { DocumentFormat(pathExtension: (path as NSString).pathExtension) == .pdf }

    /// `{"document", "start", "end", "line", "column", "page"}`: page for PDFs, else null.
    func json(_ location: AnswerLocation) -> [String: Any] {
        var json: [String: Any] = ["document": location.documentPath, "start": location.range.lowerBound, "end": location.range.upperBound]
        if let context = context(location) {
            json["title"] = context.title
            json["section"] = context.section
        }
        if let position = position(location) {
            json["line"] = position.line
            json["column"] = position.column
            json["page"] = Self.isPaged(location.documentPath) ? position.page : NSNull()
        }
        return json
    }

    /// ":line:column", or " p. N" for a PDF, as the TUI's viewer title cites a place.
    func citationSuffix(_ location: AnswerLocation) -> String {
        guard let position = position(location) else { return "" }
        return Self.isPaged(location.documentPath) ? " p. \(position.page)" : ":\(position.line):\(position.column)"
    }
}

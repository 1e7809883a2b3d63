import Albert
import Answering
import Documents
import Foundation
import Retrieval
import Settings

enum AskCommand {
    static let top = Option<Int>("--top", "N", in: UserConfig.answersRange, config: .answers, help: "how many answers").default(5)
    static let passages = Option<Int>("--passages", "K", in: UserConfig.passagesRange, config: .passages,
                                      help: "passages retrieved and read").default(10)
    static let bm25Weight = Option<Double>("--bm25-weight", "W", in: -100...100, help: "weight of the passage's BM25 score in the ranking").default(0)
    static let vimgrep = Flag("--vimgrep", help: "print path:line:column:answer per answer (editors' quickfix lists; column in bytes)")

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
        options.answers = arguments[top]
        options.passages = arguments[passages]
        options.bm25Weight = Float(arguments[bm25Weight])
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
        let json = arguments[jsonOption]
        // The model's calibration (probabilities, "not found"); a broken file is an error, not silence.
        let answerer = QuestionAnswerer(reader: reader, options: options,
                                        calibration: try AnswerCalibration.load(modelDirectory: reader.directory))
        let (session, report, _) = try openSession(arguments.positionals[0], arguments, answerer: answerer,
                                                   quiet: json || fromStandardInput)
        guard report.documents > 0 else {
            throw CLIError.failure("\(arguments.positionals[0]): no documents to answer from (\(report.skipped.count) files skipped; formats read: \(DocumentFormat.readableExtensions))")
        }
        let places = AnswerPlaces(index: session.index)
        let output = { (result: AnswerSet, asJSON: Bool) throws in
            if arguments[vimgrep] {
                try printVimgrep(result, folder: arguments.positionals[0], places: places)
            } else if asJSON {
                try Console.standardOutput.json(jsonObject(result, places: places))
            } else {
                try printText(result, places: places)
            }
        }
        let answer = { (question: String) throws -> AnswerSet in
            let result = try session.ask(question, isCancelled: Interruption.isRequested)
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
    static let open = Flag("--open", help: "index every paragraph as documents and answer through retrieval")
    static let recall = Flag("--recall", help: "score retrieval alone: recall@k of the passage holding the answer (no reader)")
    static let recallDepth = Option<Int>("--k", "K", in: 1...1000, help: "with --recall: passages retrieved per question").default(10)
    static let folder = Option<URL>.directory("--folder", "DIR", help: "with --open/--recall: answer from this folder's documents instead of the file's paragraphs")
    static let index = Option<URL>.file("--index", "PATH", help: "with --open/--recall: keep the evaluation's index here (a rerun reuses its passage vectors)")
    static let limit = Option<Int>("--limit", "N", in: 1...Int.max, help: "only the first N questions")
    static let every = Option<Int>("--every", "N", in: 1...1_000_000, help: "only every N-th question (all paragraphs still indexed)").default(1)
    static let passages = Option<Int>("--passages", "K", in: UserConfig.passagesRange, help: "passages read per question with --open").default(10)
    static let bm25Weight = Option<Double>("--bm25-weight", "W", in: -100...100, help: "BM25 weight in the ranking with --open").default(0)
    static let onePassageAtATime = Flag("--one-passage-at-a-time", help: "with --open: read each passage on all cores instead of one passage per core")
    static let predictions = Option<URL>.file("--predictions", "FILE", help: "also write {id: prediction} JSON here")
    static let against = Option<URL>.directory("--against", "DIR", help: "with --open: ask the questions of this folder instead of the file's paragraphs (as --folder)")
    static let unanswerable = Flag("--unanswerable", help: "with --open: the folder does not hold the answers (rows are labelled answerable: false)")
    static let candidates = Option<URL>.file("--candidates", "FILE", help: "with --recall: write each question's BM25 and dense candidates (scores, cosines, documents, gold) as JSON lines (Scripts/fit-fusion.py)")
    static let calibrationFeatures = Option<URL>.file("--calibration-features", "FILE", help: "with --open: write each question's top-5 answers, their calibration features and scores as JSON lines (Scripts/fit-calibration.py; \"not found\" is then the uncalibrated rule)")

    static let spec = CommandSpec(
        name: "eval",
        summary: "Score the reader (or, with --open, the whole pipeline) on a SQuAD-format file.",
        positionals: ["FILE"],
        options: [
            open, recall, recallDepth, folder,
            retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption, vectorWindowOption,
            index,
        ] + fusionOptions + [
            limit, every, passages, bm25Weight, onePassageAtATime, predictions, against, unanswerable, candidates, calibrationFeatures,
            passageWordsOption, overlapOption,
            jsonOption, modelOption, precisionOption, kernelsOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        let dataset = try SquadDataset(contentsOf: URL(fileURLWithPath: arguments.positionals[0]))
            .everyNthQuestion(arguments[every])
        let limit = arguments[Self.limit]
        let showProgress = isatty(STDERR_FILENO) == 1
        let progress: @Sendable (Int, Int) -> Void = { done, total in
            guard showProgress, done % 25 == 0 || done == total else { return }
            try? Console.standardError.write("\r\(done)/\(total) questions")
        }
        // Retrieval (and its encoder) only matters for --open and --recall.
        let retrieves = arguments[open] || arguments[recall]
        let kind = retrieves ? retrieverKind(arguments) : .bm25
        var setup = SquadEvaluator.OpenSetup(chunking: chunkingOptions(arguments), retriever: kind, encoder: try loadEncoder(for: kind, arguments))
        if let folder = arguments[folder] ?? arguments[against] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError.noSuchFolder(folder.path)
            }
            setup.documentsFolder = folder
        }
        setup.columnWeights = try columnWeights(arguments)
        (setup.fusionDepth, setup.fusionK, setup.denseWeight, setup.fusionMethod) = try fusionSettings(arguments)
        setup.vectorWindows = try vectorWindows(arguments)
        setup.databaseURL = arguments[index]
        // The evaluation's documents and index live in a private temporary folder, removed after.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        if arguments[recall] {
            let k = arguments[recallDepth]
            var candidatesFile: FileHandle?
            if let path = arguments[candidates]?.path {
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
            if arguments[jsonOption] {
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
        if arguments[open] {
            var options = AnsweringOptions()
            options.passages = arguments[passages]
            options.bm25Weight = Float(arguments[bm25Weight])
            options.answers = 5
            options.readPassagesInParallel = !arguments[onePassageAtATime]
            let features = try arguments[calibrationFeatures].map {
                try CalibrationFeatureWriter(path: $0.path, dataset: URL(fileURLWithPath: arguments.positionals[0]).lastPathComponent,
                                             answerable: !arguments[unanswerable], retriever: kind.rawValue)
            }
            // Feature rows are written without the model's current calibration, so that a refit
            // sees the same answers (the top 5 by score) whatever calibration.json holds now.
            let answerer = QuestionAnswerer(reader: reader, options: options,
                                            calibration: features == nil ? try AnswerCalibration.load(modelDirectory: reader.directory) : nil)
            result = try SquadEvaluator.open(answerer: answerer, dataset: dataset, workFolder: work, limit: limit,
                                             setup: setup, progress: progress, onAnswer: features?.write)
            try features?.close()
        } else {
            result = try SquadEvaluator.closed(reader: reader, dataset: dataset, limit: limit, progress: progress)
        }
        if showProgress { try? Console.standardError.write("\r\u{1B}[K") }
        if let url = arguments[predictions] {
            let data = try JSONSerialization.data(withJSONObject: result.predictions, options: [.sortedKeys])
            try data.write(to: url)
        }
        if arguments[jsonOption] {
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
                     result.exactMatch, result.f1, result.questions, arguments[open] ? "open, \(kind.rawValue)" : "closed",
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

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
            top, passages, bm25Weight, scopeOption, afterOption, retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption, vectorWindowOption,
        ] + fusionOptions + [
            indexOption, passageWordsOption, overlapOption, maxFileOption, toolSecondsOption, sourceCodeFlag, jsonOption, vimgrep, Console.colorOption, modelOption, precisionOption, kernelsOption, nullThresholdOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        var options = AnsweringOptions()
        options.answers = arguments[top]
        options.passages = arguments[passages]
        options.bm25Weight = Float(arguments[bm25Weight])
        options.nullThreshold = nullThreshold(arguments)
        let fromStandardInput = arguments.positionals[1] == "-"
        var questions = fromStandardInput ? StandardInputLines() : nil
        var first = arguments.positionals[1]
        if var lines = questions {
            guard let line = try lines.nextQuestion() else { throw CLIError.noQuestionOnStandardInput }
            first = line
            questions = lines
        } else {
            guard first.contains(where: { $0.isLetter || $0.isNumber }) else { throw CLIError.questionHasNoWords }
        }
        let reader = try loadReader(arguments)
        let json = arguments[jsonOption]
        // The session loads the model's calibration (probabilities, "not found") by the settings'
        // policy: a broken file is an error, not silence, here and in the interface.
        let (session, report, _) = try openSession(arguments.positionals[0], arguments, answering: options, reader: reader,
                                                   quiet: json || fromStandardInput)
        guard report.documents > 0 else {
            throw CLIError.noDocuments(folder: arguments.positionals[0], skipped: report.skipped.count)
        }
        let scope = questionScope(arguments)
        _ = try session.passages(in: scope)  // a pattern that names nothing fails before any question
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
        // `--after`: the previous question is answered first (its best answer's document is the
        // follow-up's prior), and only the first question follows up on it.
        var previous = try arguments[afterOption].map { PreviousQuestion(try session.ask($0, scope: scope, isCancelled: Interruption.isRequested).set) }
        try Interruption.check()
        let answer = { (question: String) throws -> AnswerSet in
            let result = try session.ask(question, scope: scope, after: previous, isCancelled: Interruption.isRequested)
            previous = nil
            try Interruption.check()
            if let followed = result.followingUp, !json {
                try Console.standardError.line(Span("following up on “\(ControlCharacters.spaced(followed.question))”", .dim))
            }
            return result.set
        }
        guard let lines = questions else {
            let result = try answer(first)
            try output(result, json)
            if let status = exitStatus(result) { throw status }
            return
        }
        try answerStandardInput(first: first, lines: lines, json: json, answer: answer, output: output)
    }

    /// Standard input: one question is answered like a QUESTION argument; several (a pipe of
    /// questions) are a batch, one JSON object per line, answered as they are read. On a
    /// terminal each line is answered as soon as it is typed.
    static func answerStandardInput(first: String, lines: StandardInputLines, json: Bool, answer: (String) throws -> AnswerSet,
                                    output: (AnswerSet, Bool) throws -> Void) throws {
        var lines = lines
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
                    // Without a calibration the share is a score: no probability is claimed.
                    "probability": answer.probability.map { ($0 * 10_000).rounded() / 10_000 } ?? NSNull(),
                    "confidence": (answer.confidence * 10_000).rounded() / 10_000,
                    "calibrated": answer.isCalibrated,
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
            let best = result.answers[0].confidence * 100
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
            // "42% score" without a calibration: the softmax share, not a probability.
            let percent = String(format: "%3.0f%%", try finite(answer.confidence, "a confidence") * 100) + (answer.isCalibrated ? "" : " score")
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
            let text = ControlCharacters.spaced(answer.text)
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

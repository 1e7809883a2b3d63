import Albert
import Foundation

enum ReadCommand {
    static let question = Option<String>("--question", "Q", help: "the question (required)")
    static let contextFile = Option<String>.fileOrStandardInput("--context-file", "F", help: "read the context from a UTF-8 text file (- for standard input)")
    static let context = Option<String>("--context", "TEXT", help: "the context itself")
    static let top = Option<Int>("--top", "N", in: 1...1000, help: "how many answers").default(5)

    static let spec = CommandSpec(
        name: "read",
        summary: "Read one context for a question and print the best answer spans.",
        options: [
            question, contextFile, context, top,
            jsonOption, modelOption, precisionOption, kernelsOption, nullThresholdOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        guard let question = arguments[Self.question] else { throw CLIError.missingOption(Self.question.name, command: spec.displayName) }
        let context: String
        switch (arguments[Self.context], arguments[Self.contextFile]) {
        case let (text?, nil):
            context = text
        case let (nil, path?):
            guard let data = path == "-" ? try? FileHandle.standardInput.readToEnd() ?? Data() : FileManager.default.contents(atPath: path) else {
                throw CLIError.cannotRead(path: path, what: "the context file")
            }
            context = String(decoding: data, as: UTF8.self)
        default:
            throw CLIError.needsExactlyOne(of: [Self.context.name, Self.contextFile.name], command: spec.displayName)
        }
        let top = arguments[Self.top]
        let reader = try loadReader(arguments)
        // A multi-megabyte context is thousands of windows: progress on stderr, and Ctrl-C
        // stops between windows (exit 130; a second Ctrl-C exits at once: `Interruption`).
        let progress = WindowProgress()
        let result: ReaderResult
        do {
            result = try reader.read(question: question, context: context, topK: top,
                                     progress: progress.show, isCancelled: Interruption.isRequested)
        } catch is CancellationError {
            progress.finish()
            FileHandle.standardError.write(Data("albertqa: read cancelled after \(progress.done) of \(progress.total) windows\n".utf8))
            try Interruption.check()
            throw CancellationError()
        }
        progress.finish()
        let threshold = nullThreshold(arguments) ?? reader.nullScoreDiffThreshold ?? 0
        let found = result.answerFound(nullThreshold: threshold)
        if arguments[jsonOption] {
            try Console.standardOutput.json([
                "answers": result.answers.map {
                    ["text": $0.text, "score": rounded($0.score), "start": $0.range.lowerBound, "end": $0.range.upperBound] as [String: Any]
                },
                "null_score": rounded(result.nullScore),
                "null_threshold": rounded(threshold),
                "found": found,
            ] as [String: Any])
            return
        }
        if result.answers.isEmpty {
            warn("no answer found")
            return
        }
        for (rank, answer) in result.answers.enumerated() {
            try output(Span(String(format: "%2d. ", rank + 1), .bold), Span(answer.text, .bold),
                       Span(String(format: "  (score %.2f, chars %d–%d)", try finite(answer.score, "a score"), answer.range.lowerBound, answer.range.upperBound)))
        }
        try output(Span(String(format: "null score %.2f", try finite(result.nullScore, "the null score"))))
        if !found {
            warn(String(format: "no answer: the null score exceeds the best span's by more than the threshold %.2f", threshold))
        }
    }
}

/// "read: window N/M" on stderr while a context of several windows is read: redrawn in place
/// on a terminal (at most 10 times a second), otherwise a line when it starts and every 5 s.
private final class WindowProgress {
    private(set) var done = 0
    private(set) var total = 0
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastShown = Date.distantPast
    private var shown = false

    func show(done: Int, total: Int) {
        self.done = done
        self.total = total
        guard total > 1 else { return }
        let now = Date()
        guard done == 0 || now.timeIntervalSince(lastShown) >= (terminal ? 0.1 : 5) else { return }
        lastShown = now
        shown = true
        let text = done == 0 ? "read: \(total) windows" : "read: window \(done)/\(total)"
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + text : "albertqa: " + text + "\n").utf8))
    }

    func finish() {
        if shown && terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

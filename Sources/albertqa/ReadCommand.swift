import Albert
import Foundation

enum ReadCommand {
    static let top = OptionSpec.integer("--top", "N", in: 1...1000, default: 5, help: "how many answers")

    static let spec = CommandSpec(
        name: "read",
        summary: "Read one context for a question and print the best answer spans.",
        options: [
            .text("--question", "Q", help: "the question (required)"),
            .text("--context-file", "F", help: "read the context from a UTF-8 text file (- for standard input)"),
            .text("--context", "TEXT", help: "the context itself"),
            top,
            jsonOption, modelOption, precisionOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        guard let question = arguments.string("--question") else { throw UsageError(message: "read needs --question") }
        let context: String
        switch (arguments.string("--context"), arguments.string("--context-file")) {
        case let (text?, nil):
            context = text
        case let (nil, path?):
            guard let data = path == "-" ? try? FileHandle.standardInput.readToEnd() ?? Data() : FileManager.default.contents(atPath: path) else {
                throw CommandFailure(message: "\(path): cannot read the context file")
            }
            context = String(decoding: data, as: UTF8.self)
        default:
            throw UsageError(message: "read needs exactly one of --context or --context-file")
        }
        let top = arguments.int(Self.top)
        let reader = try loadReader(arguments)
        let result = try reader.read(question: question, context: context, topK: top)
        if arguments.flag("--json") {
            try Console.standardOutput.json([
                "answers": result.answers.map {
                    ["text": $0.text, "score": rounded($0.score), "start": $0.range.lowerBound, "end": $0.range.upperBound] as [String: Any]
                },
                "null_score": rounded(result.nullScore),
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
    }
}

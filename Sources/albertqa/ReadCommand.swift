import Albert
import Foundation

enum ReadCommand {
    static let spec = CommandSpec(
        name: "read",
        summary: "Read one context for a question and print the best answer spans.",
        options: [
            .init(name: "--question", value: "Q", help: "the question (required)"),
            .init(name: "--context-file", value: "F", help: "read the context from a UTF-8 text file"),
            .init(name: "--context", value: "TEXT", help: "the context itself"),
            .init(name: "--top", value: "N", help: "how many answers (default 5)"),
            jsonOption, modelOption, precisionOption, kernelsOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        guard let question = arguments.string("--question") else { throw UsageError(message: "read needs --question") }
        let context: String
        switch (arguments.string("--context"), arguments.string("--context-file")) {
        case let (text?, nil):
            context = text
        case let (nil, path?):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure(message: "\(path): cannot read the context file")
            }
            context = String(decoding: data, as: UTF8.self)
        default:
            throw UsageError(message: "read needs exactly one of --context or --context-file")
        }
        let top = try arguments.int("--top", default: 5, range: 1...1000)
        let reader = try loadReader(arguments)
        let result = try reader.read(question: question, context: context, topK: top)
        if arguments.flag("--json") {
            printJSON([
                "answers": result.answers.map {
                    ["text": $0.text, "score": rounded($0.score), "start": $0.range.lowerBound, "end": $0.range.upperBound] as [String: Any]
                },
                "null_score": rounded(result.nullScore),
            ] as [String: Any])
            return
        }
        if result.answers.isEmpty {
            print("no answer found")
            return
        }
        for (rank, answer) in result.answers.enumerated() {
            print(String(format: "%2d. %@  (score %.2f, chars %d–%d)", rank + 1, answer.text, answer.score,
                         answer.range.lowerBound, answer.range.upperBound))
        }
        print(String(format: "null score %.2f", result.nullScore))
    }
}

import Albert
import Foundation

enum TokenizeCommand {
    static let spec = CommandSpec(
        name: "tokenize",
        summary: "Tokenise each line of standard input with the model's ALBERT tokenizer.",
        options: [jsonOption, modelOption]
    )

    static func run(_ arguments: ParsedArguments) throws {
        guard let directory = modelDirectory(arguments) else {
            throw CLIError.failure("cannot find the default model \(AlbertReader.defaultModelName); pass --model DIR or set ALBERTQA_MODEL")
        }
        let tokenizer = try AlbertTokenizer(modelURL: directory.appendingPathComponent("spiece.model"))
        while let line = try Interruption.whileWaitingForInput({ readLine(strippingNewline: true) }) {
            let tokens = tokenizer.tokenize(line)
            if arguments.flag("--json") {
                try Console.standardOutput.json(["pieces": tokens.pieces, "ids": tokens.ids.map(Int.init)] as [String: Any])
            } else {
                try output(Span(zip(tokens.pieces, tokens.ids).map { "\($0)/\($1)" }.joined(separator: " ")))
            }
        }
    }
}

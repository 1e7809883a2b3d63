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
            throw CommandFailure(message: "cannot find the default model; pass --model DIR")
        }
        let tokenizer = try AlbertTokenizer(modelURL: directory.appendingPathComponent("spiece.model"))
        while let line = readLine(strippingNewline: true) {
            let tokens = tokenizer.tokenize(line)
            if arguments.flag("--json") {
                printJSON(["pieces": tokens.pieces, "ids": tokens.ids.map(Int.init)] as [String: Any])
            } else {
                print(zip(tokens.pieces, tokens.ids).map { "\($0)/\($1)" }.joined(separator: " "))
            }
        }
    }
}

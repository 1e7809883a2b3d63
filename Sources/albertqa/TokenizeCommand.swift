import Albert
import Foundation

enum TokenizeCommand {
    static let spec = CommandSpec(
        name: "tokenize",
        summary: "Tokenise each line of standard input with the model's ALBERT tokenizer (or the encoder's WordPiece).",
        options: [
            jsonOption, modelOption,
            .init(name: "--encoder", value: "DIR", help: "instead, the sentence encoder's WordPiece tokens with their character ranges (default model: Models/\(SentenceEncoder.defaultModelName))",
                  valueIsOptional: true),
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        if arguments.flag("--encoder") || arguments.string("--encoder") != nil { return try runWordPiece(arguments) }
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

    /// `{"pieces":[...],"ids":[...],"ranges":[[start,end],...]}` per line (scalar offsets, end exclusive).
    static func runWordPiece(_ arguments: ParsedArguments) throws {
        guard let directory = encoderDirectory(arguments) else {
            throw CommandFailure(message: "cannot find the default encoder; pass --encoder DIR")
        }
        let tokenizer = try SentenceEncoder.loadTokenizer(modelDirectory: directory)
        while let line = readLine(strippingNewline: true) {
            let tokens = tokenizer.tokenize(line)
            if arguments.flag("--json") {
                printJSON(["pieces": tokens.pieces, "ids": tokens.ids.map(Int.init),
                           "ranges": tokens.ranges.map { [$0.lowerBound, $0.upperBound] }] as [String: Any])
            } else {
                print(zip(tokens.pieces, tokens.ids).map { "\($0)/\($1)" }.joined(separator: " "))
            }
        }
    }
}

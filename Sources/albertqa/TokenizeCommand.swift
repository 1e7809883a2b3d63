import Albert
import Foundation

enum TokenizeCommand {
    static let encoder = Option<URL>.directoryOrFlag("--encoder", "DIR", help: "instead, the sentence encoder's WordPiece tokens with their character ranges (default: $ALBERTQA_ENCODER, else the shipped Models/\(SentenceEncoder.defaultModelName))")

    static let spec = CommandSpec(
        name: "tokenize",
        summary: "Tokenise each line of standard input with the reader model's tokenizer (or the encoder's WordPiece).",
        options: [
            jsonOption, modelOption, encoder,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        if arguments.isGiven(encoder) { return try runWordPiece(arguments) }
        guard let directory = modelDirectory(arguments) else {
            throw CLIError.defaultModelMissing
        }
        let tokenizer = try AlbertReader.loadTokenizer(directory: directory)
        while let line = try Interruption.whileWaitingForInput({ readLine(strippingNewline: true) }) {
            let tokens = tokenizer.tokenize(line)
            if arguments[jsonOption] {
                try Console.standardOutput.json(["pieces": tokens.pieces, "ids": tokens.ids.map(Int.init)] as [String: Any])
            } else {
                try output(Span(zip(tokens.pieces, tokens.ids).map { "\($0)/\($1)" }.joined(separator: " ")))
            }
        }
    }

    /// `{"pieces":[...],"ids":[...],"ranges":[[start,end],...]}` per line (scalar offsets, end exclusive).
    static func runWordPiece(_ arguments: ParsedArguments) throws {
        guard let directory = encoderDirectory(arguments, encoder) else {
            throw CLIError.defaultEncoderMissing
        }
        let tokenizer = try SentenceEncoder.loadTokenizer(modelDirectory: directory)
        while let line = try Interruption.whileWaitingForInput({ readLine(strippingNewline: true) }) {
            let tokens = tokenizer.tokenize(line)
            if arguments[jsonOption] {
                try Console.standardOutput.json(["pieces": tokens.pieces, "ids": tokens.ids.map(Int.init),
                                                 "ranges": tokens.ranges.map { [$0.lowerBound, $0.upperBound] }] as [String: Any])
            } else {
                try output(Span(zip(tokens.pieces, tokens.ids).map { "\($0)/\($1)" }.joined(separator: " ")))
            }
        }
    }
}

import Albert
import Foundation

enum TokenizeCommand {
    static let encoder = Option<URL>.directoryOrFlag("--encoder", "DIR", help: "instead, the sentence encoder's WordPiece tokens with their character ranges (default: $ALBERTQA_ENCODER, else the shipped Models/\(SentenceEncoder.defaultModelName))")

    static let bench = Flag("--bench", help: "instead, time tokenising all of standard input: tokens/s, the median of 5 rounds (Benchmarks/tokenizer_bench.py compares it with the tokenizers library)")

    static let spec = CommandSpec(
        name: "tokenize",
        summary: "Tokenise each line of standard input with the model's tokenizer (tokenizer.json, spiece.model or vocab.txt; or the encoder's WordPiece).",
        options: [
            jsonOption, modelOption, encoder, bench,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        if arguments.isGiven(encoder) { return try runWordPiece(arguments) }
        guard let directory = modelDirectory(arguments) else {
            throw CLIError.defaultModelMissing
        }
        try printTokens(of: ReaderTokenizers.load(directory: directory), arguments)
    }

    static func runWordPiece(_ arguments: ParsedArguments) throws {
        guard let directory = encoderDirectory(arguments, encoder) else {
            throw CLIError.defaultEncoderMissing
        }
        try printTokens(of: SentenceEncoder.loadTokenizer(modelDirectory: directory), arguments)
    }

    /// `{"pieces":[...],"ids":[...],"ranges":[[start,end],...]}` per line (scalar offsets, end
    /// exclusive), or `piece/id …`.
    static func printTokens(of tokenizer: any ReaderTokenizer, _ arguments: ParsedArguments) throws {
        if arguments[bench] { return try benchmark(tokenizer, arguments) }
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

    /// Tokenises every line of standard input 5 times (after one warm-up round) and prints the
    /// median rate: `{"lines":…,"characters":…,"tokens":…,"seconds":…,"tokens_per_second":…}`.
    static func benchmark(_ tokenizer: any ReaderTokenizer, _ arguments: ParsedArguments) throws {
        var lines: [String] = []
        while let line = try Interruption.whileWaitingForInput({ readLine(strippingNewline: true) }) { lines.append(line) }
        var tokens = 0
        var seconds: [Double] = []
        for round in 0..<6 {
            let start = DispatchTime.now().uptimeNanoseconds
            var count = 0
            for line in lines { count += tokenizer.tokenize(line).count }
            if round > 0 { seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
            tokens = count
        }
        let median = seconds.sorted()[seconds.count / 2]
        let rate = Double(tokens) / max(median, 1e-9)
        let characters = lines.reduce(0) { $0 + $1.unicodeScalars.count }
        if arguments[jsonOption] {
            try Console.standardOutput.json(["lines": lines.count, "characters": characters, "tokens": tokens,
                                             "seconds": median, "tokens_per_second": rate] as [String: Any])
        } else {
            try output(Span("\(tokens) tokens of \(lines.count) lines in \(String(format: "%.4f", median)) s: \(Int(rate)) tokens/s"))
        }
    }
}

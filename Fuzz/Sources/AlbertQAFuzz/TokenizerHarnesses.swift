import Albert
import Foundation

enum TokenizerHarnesses {
    static let tokenizer = try! AlbertTokenizer(modelURL: repositoryRoot.appendingPathComponent("Models/albert-qa-minilm-squad/spiece.model"))

    /// Any text: one id, piece and range per token; ids in the vocabulary; ranges inside the
    /// text and in order (the reader slices answers with them).
    static let tokenize: @Sendable (Data) -> Void = { data in
        let text = String(decoding: data, as: UTF8.self)
        let scalarCount = text.unicodeScalars.count
        let tokens = tokenizer.tokenize(text)
        require(tokens.ids.count == tokens.ranges.count && tokens.ids.count == tokens.pieces.count, "ids, pieces and ranges differ in count")
        let vocabulary = Int32(tokenizer.sentencePiece.vocabularySize)
        for (i, (id, range)) in zip(tokens.ids, tokens.ranges).enumerated() {
            require(id >= 0 && id < vocabulary, "token \(i): id \(id) outside the vocabulary")
            require(range.lowerBound >= 0 && range.upperBound <= scalarCount, "token \(i): \(range) outside \(scalarCount) scalars")
            if i > 0 { require(range.lowerBound >= tokens.ranges[i - 1].lowerBound, "token \(i) goes back") }
        }
    }

    /// Any bytes as `tokenizer.json`, a NUL, and a text (Fuzz/corpus/tokenizer-json/ holds a
    /// tiny tokenizer of each family made by Scripts/make-tokenizer-fixtures.py): parsing fails
    /// with an error or gives a tokenizer whose tokens of the text (and of the text paired with
    /// itself) have ids in the vocabulary and ranges inside the text, the same each time.
    static let tokenizerJSON: @Sendable (Data) -> Void = { data in
        let bytes = [UInt8](data)
        let nul = bytes.firstIndex(of: 0) ?? bytes.count
        guard let tokenizer = try? HubTokenizer(data: Data(bytes[..<nul]), url: URL(fileURLWithPath: "/fuzz/tokenizer.json")) else { return }
        let text = nul < bytes.count ? String(decoding: bytes[(nul + 1)...], as: UTF8.self) : "Hello, world! Zürich 🙂 1973"
        let scalarCount = text.unicodeScalars.count
        let tokens = tokenizer.tokenize(text)
        require(tokens.ids.count == tokens.ranges.count && tokens.ids.count == tokens.pieces.count, "ids, pieces and ranges differ in count")
        for (i, (id, range)) in zip(tokens.ids, tokens.ranges).enumerated() {
            require(id >= 0 && Int(id) < tokenizer.vocabularySize, "token \(i): id \(id) outside the vocabulary of \(tokenizer.vocabularySize)")
            require(range.lowerBound >= 0 && range.upperBound <= scalarCount, "token \(i): \(range) outside \(scalarCount) scalars")
        }
        require(tokenizer.tokenize(text) == tokens, "tokenising twice differs")
        let pair = tokenizer.encode(text, pair: text)
        require(pair.ids.count == pair.typeIDs.count && pair.ids.count == pair.ranges.count && pair.ids.count == pair.tokens.count, "pair arrays differ in count")
        require(pair.ranges.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= scalarCount }, "a pair range outside the text")
    }
}

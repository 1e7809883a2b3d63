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
}

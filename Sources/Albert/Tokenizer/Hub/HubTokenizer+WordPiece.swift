import Foundation

extension HubTokenizer {
    /// A token a model makes of one word: its id, its text and the word's scalars it covers.
    struct ModelToken: Sendable {
        var id: Int32
        var token: String
        var range: Range<Int>
    }

    /// `tokenizers`' WordPiece: greedy longest match from the word's start, continuations
    /// prefixed (`continuing_subword_prefix`); a word with an unmatched rest, or longer than
    /// `max_input_chars_per_word`, is one unknown token.
    struct WordPieceModel: Sendable {
        let vocabulary: [String: Int32]
        let unknown: (token: String, id: Int32)
        let prefix: String
        let maxCharactersPerWord: Int
        /// The longest vocabulary entry, in scalars (a longer candidate cannot match, so the
        /// search is linear in the word, whatever `max_input_chars_per_word` says).
        let longestEntry: Int

        init(_ json: TokenizerJSON) throws {
            let vocabulary = try HubTokenizer.vocabularyObject(try json.required("vocab"))
            let unknownToken = try json["unk_token"]?.string() ?? "[UNK]"
            guard let unknownID = vocabulary[unknownToken] else {
                throw json.fail("unk_token \(unknownToken) is not in the vocabulary")
            }
            self.vocabulary = vocabulary
            unknown = (unknownToken, unknownID)
            prefix = try json["continuing_subword_prefix"]?.string() ?? "##"
            maxCharactersPerWord = try json["max_input_chars_per_word"]?.int(in: 0...Int(Int32.max)) ?? 100
            let prefixLength = prefix.unicodeScalars.count
            longestEntry = vocabulary.keys.reduce(0) { max($0, $1.unicodeScalars.count) } + prefixLength
        }

        func tokenize(_ word: ArraySlice<Unicode.Scalar>, into tokens: inout [ModelToken]) {
            let scalars = Array(word)
            let whole = 0..<scalars.count
            guard scalars.count <= maxCharactersPerWord else {
                return tokens.append(ModelToken(id: unknown.id, token: unknown.token, range: whole))
            }
            var pieces: [ModelToken] = []
            var start = 0
            while start < scalars.count {
                var end = min(scalars.count, start + longestEntry)
                var match: ModelToken?
                while start < end {
                    var candidate = String(String.UnicodeScalarView(scalars[start..<end]))
                    if start > 0 { candidate = prefix + candidate }
                    if let id = vocabulary[candidate] {
                        match = ModelToken(id: id, token: candidate, range: start..<end)
                        break
                    }
                    end -= 1
                }
                guard let match else {
                    return tokens.append(ModelToken(id: unknown.id, token: unknown.token, range: whole))
                }
                pieces.append(match)
                start = match.range.upperBound
            }
            tokens.append(contentsOf: pieces)
        }
    }

    /// A {"token": id} vocabulary.
    static func vocabularyObject(_ json: TokenizerJSON) throws -> [String: Int32] {
        guard let object = json.value as? [String: Any] else { throw json.fail("expected an object of token ids") }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(object.count)
        for (token, value) in object {
            let id = try TokenizerJSON(value: value, path: "\(json.path).\(token)").int(in: 0...maxTokenID)
            vocabulary[token] = Int32(id)
        }
        return vocabulary
    }
}

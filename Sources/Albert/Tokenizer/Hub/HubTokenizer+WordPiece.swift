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
        /// Entries a word may start with, and those after the prefix (for continuations):
        /// HF's greedy loop (the longest `prefix + word[start..<end]` in the vocabulary, end
        /// shrinking) is the longest key of a trie walk.
        private let initial: ScalarTrie
        private let continuation: ScalarTrie
        private let texts: [Int32: String]

        init(_ json: TokenizerJSON) throws {
            let vocabulary = try HubTokenizer.vocabularyObject(try json.required("vocab"))
            let unknownToken = try json["unk_token"]?.string() ?? "[UNK]"
            guard let unknownID = vocabulary[unknownToken] else {
                throw json.fail("unk_token \(unknownToken) is not in the vocabulary")
            }
            self.vocabulary = vocabulary
            unknown = (unknownToken, unknownID)
            let prefix = try json["continuing_subword_prefix"]?.string() ?? "##"
            self.prefix = prefix
            maxCharactersPerWord = try json["max_input_chars_per_word"]?.int(in: 0...Int(Int32.max)) ?? 100
            var initial = ScalarTrie(), continuation = ScalarTrie()
            var texts: [Int32: String] = [:]
            let prefixScalars = Array(prefix.unicodeScalars)
            for (token, id) in vocabulary {
                initial.insert(token.unicodeScalars, value: id)
                let scalars = Array(token.unicodeScalars)
                if scalars.starts(with: prefixScalars) { continuation.insert(scalars[prefixScalars.count...], value: id) }
                texts[id] = token
            }
            self.initial = initial
            self.continuation = continuation
            self.texts = texts
        }

        func tokenize(_ scalars: [Unicode.Scalar], into tokens: inout [ModelToken]) {
            let whole = 0..<scalars.count
            guard scalars.count <= maxCharactersPerWord else {
                return tokens.append(ModelToken(id: unknown.id, token: unknown.token, range: whole))
            }
            let first = tokens.count
            var start = 0
            while start < scalars.count {
                guard let match = (start == 0 ? initial : continuation).longestPrefix(of: scalars, from: start) else {
                    tokens.removeSubrange(first...)
                    return tokens.append(ModelToken(id: unknown.id, token: unknown.token, range: whole))
                }
                tokens.append(ModelToken(id: match.value, token: texts[match.value] ?? "", range: start..<start + match.length))
                start += match.length
            }
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

import Foundation

extension HubTokenizer {
    /// `tokenizers`' Unigram (sentencepiece's): the Viterbi path of highest total score over
    /// the word's pieces; a scalar no piece starts with is the unknown token (scored 10 below
    /// the lowest piece), consecutive unknowns fused; with `byte_fallback` an unknown stretch
    /// is its `<0xXX>` bytes when all exist.
    struct UnigramModel: Sendable {
        let pieces: [String]
        let scores: [Double]
        let vocabulary: [String: Int32]
        let unknownID: Int32
        let byteFallback: Bool
        /// The pieces, each node's value the id of the piece ending there.
        private let trie: ScalarTrie
        private let unknownScore: Double
        private let byteIDs: [Int32?]

        /// The scores as `JSONDecoder` reads them, which rounds decimals correctly:
        /// JSONSerialization on Linux can be a few ulps off (-8.082938659753207 read as
        /// …205), and then Viterbi ties between equal pieces ("0"+"00" against "00"+"0" in
        /// "2000s") break unlike HF's (4 of 2,137 Documents/ lines differed).
        struct ExactScores: Decodable {
            struct Model: Decodable { let vocab: [Entry] }
            struct Entry: Decodable {
                let score: Double
                init(from decoder: Decoder) throws {
                    var container = try decoder.unkeyedContainer()
                    _ = try container.decode(String.self)
                    score = try container.decode(Double.self)
                }
            }
            let model: Model

            static func read(_ data: Data) -> [Double]? {
                (try? JSONDecoder().decode(ExactScores.self, from: data))?.model.vocab.map(\.score)
            }
        }

        init(_ json: TokenizerJSON, exactScores: [Double]? = nil) throws {
            let entries = try json.required("vocab").array()
            var pieces: [String] = []
            var scores: [Double] = []
            var vocabulary: [String: Int32] = [:]
            var trie = ScalarTrie()
            pieces.reserveCapacity(entries.count)
            scores.reserveCapacity(entries.count)
            guard entries.count <= HubTokenizer.maxTokenID + 1 else { throw json.fail("too many pieces") }
            for (index, entry) in entries.enumerated() {
                let pair = try entry.array()
                guard pair.count == 2 else { throw entry.fail("expected [piece, score]") }
                let piece = try pair[0].string()
                pieces.append(piece)
                scores.append(try pair[1].double())
                vocabulary[piece] = Int32(index)  // the last of duplicates, as HF's map
                if !piece.isEmpty { trie.insert(piece.unicodeScalars, value: Int32(index)) }
            }
            guard let unknown = try json["unk_id"]?.int(in: 0...max(0, entries.count - 1)), !entries.isEmpty else {
                throw json.fail("a Unigram model needs an unk_id inside its vocabulary")
            }
            if let exactScores, exactScores.count == scores.count, exactScores.allSatisfy(\.isFinite) {
                scores = exactScores
            }
            self.pieces = pieces
            self.scores = scores
            self.vocabulary = vocabulary
            self.trie = trie
            unknownID = Int32(unknown)
            byteFallback = try json.bool("byte_fallback", default: false)
            unknownScore = (scores.min() ?? 0) - 10
            byteIDs = (0..<256).map { vocabulary[String(format: "<0x%02X>", $0)] }
        }

        func tokenize(_ scalars: [Unicode.Scalar], into output: inout [ModelToken]) {
            let count = scalars.count
            guard count > 0 else { return }
            var bestScore = [Double](repeating: 0, count: count + 1)
            var bestStart = [Int](repeating: -1, count: count + 1)
            var bestID = [Int32](repeating: 0, count: count + 1)
            for start in 0..<count {
                // HF visits positions reached by some path only (every one is: a scalar no
                // piece covers is an unknown token).
                let scoreHere = bestScore[start]
                var node: Int32 = 0
                var hasSingle = false
                var end = start
                while end < count, let child = trie.child(node, scalars[end]) {
                    node = child
                    end += 1
                    let id = trie.values[Int(node)]
                    guard id >= 0 else { continue }
                    let candidate = scores[Int(id)] + scoreHere
                    if bestStart[end] < 0 || candidate > bestScore[end] {
                        bestScore[end] = candidate
                        bestStart[end] = start
                        bestID[end] = id
                    }
                    if end == start + 1 { hasSingle = true }
                }
                if !hasSingle {
                    let candidate = unknownScore + scoreHere
                    if bestStart[start + 1] < 0 || candidate > bestScore[start + 1] {
                        bestScore[start + 1] = candidate
                        bestStart[start + 1] = start
                        bestID[start + 1] = unknownID
                    }
                }
            }
            // Back from the end, fusing consecutive unknown tokens.
            var path: [(range: Range<Int>, unknown: Bool)] = []
            var end = count
            while end > 0 {
                let start = bestStart[end]
                let isUnknown = bestID[end] == unknownID
                if isUnknown, let last = path.last, last.unknown {
                    path[path.count - 1].range = start..<last.range.upperBound
                } else {
                    path.append((start..<end, isUnknown))
                }
                end = start
            }
            for (range, _) in path.reversed() {
                let text = String(String.UnicodeScalarView(scalars[range]))
                if let id = vocabulary[text] {
                    output.append(ModelToken(id: id, token: text, range: range))
                    continue
                }
                if byteFallback {
                    let ids = text.utf8.map { byteIDs[Int($0)] }
                    if ids.allSatisfy({ $0 != nil }) {
                        for id in ids { output.append(ModelToken(id: id!, token: pieces[Int(id!)], range: range)) }
                        continue
                    }
                }
                output.append(ModelToken(id: unknownID, token: text, range: range))
            }
        }
    }
}

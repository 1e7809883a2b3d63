import Foundation

extension HubTokenizer {
    /// tokenizer.json's "added_tokens": strings matched in the text before the model sees it
    /// (`[CLS]`, `<mask>`, a vocabulary's additions), leftmost-longest, each one token.
    /// `normalized: false` ones (the special tokens) match the raw text, the others the
    /// normalised text; `single_word` needs no word character on either side, `lstrip` and
    /// `rstrip` take the whitespace before and after into the token.
    struct AddedTokens: Sendable {
        struct Token: Sendable {
            var id: Int32
            var content: [Unicode.Scalar]
            var singleWord: Bool
            var leftStrip: Bool
            var rightStrip: Bool
        }

        /// A stretch of text, or an added token there.
        struct Segment {
            var range: Range<Int>
            var token: Token?
        }

        private var byFirstScalar: [Unicode.Scalar: [Token]] = [:]
        var isEmpty: Bool { byFirstScalar.isEmpty }

        init(_ tokens: [Token]) {
            for token in tokens.sorted(by: { $0.content.count > $1.content.count }) {
                guard let first = token.content.first else { continue }
                byFirstScalar[first, default: []].append(token)
            }
        }

        /// HF's `AddedVocabulary::find_matches` over `scalars`.
        func segments(_ scalars: [Unicode.Scalar]) -> [Segment] {
            guard !isEmpty else { return [Segment(range: 0..<scalars.count)] }
            var result: [Segment] = []
            var segmentStart = 0
            var index = 0
            while index < scalars.count {
                guard let candidates = byFirstScalar[scalars[index]],
                      let token = candidates.first(where: { index + $0.content.count <= scalars.count && scalars[index..<index + $0.content.count].elementsEqual($0.content) })
                else {
                    index += 1
                    continue
                }
                var start = index
                var stop = index + token.content.count
                index = stop
                if token.singleWord {
                    let before = start == 0 || !Self.isWordScalar(scalars[start - 1])
                    let after = stop == scalars.count || !Self.isWordScalar(scalars[stop])
                    guard before, after else { continue }
                }
                if token.leftStrip {
                    var newStart = start
                    while newStart > 0, scalars[newStart - 1].properties.isWhitespace { newStart -= 1 }
                    start = max(newStart, segmentStart)
                }
                if token.rightStrip {
                    while stop < scalars.count, scalars[stop].properties.isWhitespace { stop += 1 }
                    index = stop
                }
                if segmentStart < start { result.append(Segment(range: segmentStart..<start)) }
                result.append(Segment(range: start..<stop, token: token))
                segmentStart = stop
            }
            if segmentStart < scalars.count { result.append(Segment(range: segmentStart..<scalars.count)) }
            return result
        }

        private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            PreTokenizer.isWordCharacter(scalar)
        }
    }
}

/// A candidate answer span in context-token coordinates.
public struct SpanCandidate: Sendable, Equatable {
    public var startToken: Int
    public var endToken: Int
    public var startLogit: Float
    public var endLogit: Float
    public var score: Float { startLogit + endLogit }
}

/// BERT's n-best span search: the `nBest` highest start and end logits are paired; a pair
/// counts when both ends are context tokens of the window, the start is in its max-context
/// window, end ≥ start, and the span is at most `maxAnswerTokens` long.
///
/// With `wordBoundaries` (per context token: may a span start / end here?), starts and ends
/// inside a word are never proposed: the `nBest` are taken among the allowed tokens only, so
/// the best whole-word span is found even when the model's favourite start is a word's tail.
///
/// With `units` (per context token: which unit of the text it is in — a table row, or the text
/// between rows), a span starts and ends in the same unit: an answer never runs from one row of
/// a table into the next ("Headlamps · Shelf: A3 · Count: 40. Item: Crampons · Shelf: D1").
public struct SpanDecoder: Sendable {
    public var nBest = 20
    public var maxAnswerTokens = 30

    public init(nBest: Int = 20, maxAnswerTokens: Int = 30) {
        self.nBest = nBest
        self.maxAnswerTokens = maxAnswerTokens
    }

    /// The null ("no answer") score of a window: start[0] + end[0], the [CLS] token.
    public static func nullScore(_ logits: SpanLogits) -> Float { logits.start[0] + logits.end[0] }

    public func candidates(
        feature: QAFeature, logits: SpanLogits, wordBoundaries: (starts: [Bool], ends: [Bool])? = nil, units: [Int]? = nil
    ) -> [SpanCandidate] {
        let starts: [Int]
        let ends: [Int]
        if let wordBoundaries {
            let positions = feature.window.indices.map { feature.contextOffset + $0 - feature.window.lowerBound }
            starts = Self.topIndices(logits.start, among: positions.filter { wordBoundaries.starts[feature.contextToken(at: $0)!] }, count: nBest)
            ends = Self.topIndices(logits.end, among: positions.filter { wordBoundaries.ends[feature.contextToken(at: $0)!] }, count: nBest)
        } else {
            starts = Self.topIndices(logits.start, count: nBest)
            ends = Self.topIndices(logits.end, count: nBest)
        }
        var result: [SpanCandidate] = []
        for s in starts {
            guard let startToken = feature.contextToken(at: s),
                  feature.tokenIsMaxContext[startToken - feature.window.lowerBound] else { continue }
            for e in ends {
                guard let endToken = feature.contextToken(at: e), e >= s, e - s + 1 <= maxAnswerTokens else { continue }
                if let units, units[startToken] != units[endToken] { continue }
                let candidate = SpanCandidate(startToken: startToken, endToken: endToken,
                                              startLogit: logits.start[s], endLogit: logits.end[e])
                if candidate.score.isFinite { result.append(candidate) }  // NaN/∞ never ranks

            }
        }
        return result
    }

    /// Each token's unit: how many of `boundaries` (offsets where a unit starts or ends, such as
    /// table rows' starts and ends) lie at or before the token's start.
    public static func units(ofTokens ranges: [Range<Int>], boundaries: [Int]) -> [Int] {
        let sorted = boundaries.sorted()
        return ranges.map { range in
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] <= range.lowerBound { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// Indices of the `count` largest values, largest first (ties: lower index first, as a
    /// stable sort does). NaNs are left out (they would break the sort's ordering).
    static func topIndices(_ values: [Float], count: Int) -> [Int] {
        topIndices(values, among: Array(values.indices), count: count)
    }

    static func topIndices(_ values: [Float], among indices: [Int], count: Int) -> [Int] {
        indices.filter { !values[$0].isNaN }
            .sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
            .prefix(count).map { $0 }
    }
}

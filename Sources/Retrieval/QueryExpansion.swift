/// Pseudo-relevance feedback for BM25 (RM3-like, without term weights, which FTS5's MATCH
/// cannot take): the words that weigh most in the first BM25 pass's best passages are added to
/// the question, a second MATCH ranks with them, and the two BM25 lists are mixed.
///
/// Recall@10, shipped hybrid (convex, dense weight 2, depth 30) without / with 5 words from BM25's
/// first 3 passages at weight 0.25 (`albertqa eval F --recall`, same index): natural-dev 94.29 /
/// 97.14, conditionalqa-dev 84.51 / 85.17, covidqa-dev 86.33 / 86.92, SQuAD dev every 5th 98.06 /
/// 98.20, XQuAD-en 99.83 / 99.92. Chosen offline (Scripts/fit-fusion.py --expansion): feedback
/// from the fused list instead of BM25's, from 10 passages, or at weight ≥ 0.5 lowered covidqa
/// by 0.5–3.8 (the extra words pull in passages on a neighbouring topic); weighting words by idf
/// changed nothing; with depth 50 conditionalqa lost 1.5. The second MATCH costs no measurable
/// time next to the question's encoding.
public enum QueryExpansion {
    public struct Settings: Sendable, Equatable {
        /// BM25's first passages whose words are counted (0: no expansion).
        public var passages: Int
        /// Words added to the question.
        public var terms: Int
        /// The second BM25 list's weight against the first's 1.
        public var weight: Double

        public init(passages: Int, terms: Int, weight: Double) {
            self.passages = passages
            self.terms = terms
            self.weight = weight
        }

        public static let off = Settings(passages: 0, terms: 0, weight: 0)
        public var isOff: Bool { passages <= 0 || terms <= 0 || weight <= 0 }
    }

    /// The `count` words that weigh most over `feedback` (each passage adds a word's count over
    /// its length, so that a long passage does not outvote short ones), leaving out stop words,
    /// the question's own words, numbers and words under 3 letters. Ties: the first seen first.
    public static func terms(for question: String, feedback: [String], count: Int) -> [String] {
        guard count > 0 else { return [] }
        let asked = Set(QueryBuilder.terms(question))
        var weight: [String: Double] = [:]
        var firstSeen: [String: Int] = [:]
        for text in feedback {
            let words = QueryBuilder.words(text).map { $0.lowercased() }
            guard !words.isEmpty else { continue }
            var counts: [String: Int] = [:]
            for word in words { counts[word, default: 0] += 1 }
            for word in words where counts[word] != nil {
                let n = counts.removeValue(forKey: word)!
                guard word.unicodeScalars.count >= 3, !QueryBuilder.isStopWord(word), !asked.contains(word),
                      !word.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) else { continue }
                if firstSeen[word] == nil { firstSeen[word] = firstSeen.count }
                weight[word, default: 0] += Double(n) / Double(words.count)
            }
        }
        return weight.keys
            .sorted { weight[$0]! != weight[$1]! ? weight[$0]! > weight[$1]! : firstSeen[$0]! < firstSeen[$1]! }
            .prefix(count).map { $0 }
    }

    /// Both BM25 lists as one: each min-max normalised (a passage a list left out scores 0
    /// there), mixed as (original + weight × expanded) / (1 + weight). The original list's order
    /// first, then the passages only the expanded query found; the hits keep their BM25 kind.
    public static func merge(original: [PassageHit], expanded: [PassageHit], weight: Double) -> [PassageHit] {
        func normalised(_ hits: [PassageHit]) -> [Int64: Double] {
            guard let low = hits.map(\.score).min(), let high = hits.map(\.score).max() else { return [:] }
            var scores: [Int64: Double] = [:]
            for hit in hits where scores[hit.passageID] == nil { scores[hit.passageID] = high > low ? (hit.score - low) / (high - low) : 1 }
            return scores
        }
        let first = normalised(original), second = normalised(expanded)
        let weight = max(0, weight)
        var seen = Set<Int64>()
        return (original + expanded).compactMap { hit in
            guard seen.insert(hit.passageID).inserted else { return nil }
            var merged = hit
            merged.score = ((first[hit.passageID] ?? 0) + weight * (second[hit.passageID] ?? 0)) / (1 + weight)
            return merged
        }
    }
}

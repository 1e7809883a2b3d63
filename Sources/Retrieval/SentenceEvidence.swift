import Foundation

/// Within one document every passage is on its subject, and the question's words are spread
/// over many of them; what singles out the passage a question was asked from is mostly one
/// sentence that holds several of its rarer words together (questions are written from a
/// sentence). Each passage of the scope scores its best sentence: the sum of the inverse
/// document frequencies (over the whole folder's passages) of the question's words the sentence
/// holds, each stem counted once, normalised so that the scope's best passage scores 1.
/// The hybrid fusion adds it as a third score within a small scope (`HybridSettings`).
///
/// Words are matched as BM25 matches them: the index's own FTS5 tokenizer (porter stemming over
/// unicode61, diacritics removed) runs over the sentences in a private in-memory table, so that
/// "viroporins" in a question finds "viroporin" in a sentence exactly when BM25 would.
///
/// Measured (issue 23; `Scripts/fit-fusion.py --sentences`, the rule fixed before the check
/// halves were looked at; README, "How good, how fast"): see `HybridSettings.default`.
public struct SentenceEvidence {
    public let index: PassageIndex
    /// The scope's passages (one document's, at most `HybridSettings.smallScopePassages`).
    public let passages: [Int64]

    public init(index: PassageIndex, passages: [Int64]) {
        self.index = index
        self.passages = passages
    }

    /// Each passage's best-sentence score for `question` (0–1; passages without a question
    /// word left out), with every passage of the scope as a hit (text, place) for the fusion.
    public func scores(for question: String) throws -> (scores: [Int64: Double], hits: [Int64: PassageHit]) {
        let terms = QueryBuilder.terms(question)
        let hits = try index.passages(ids: passages)
        guard !terms.isEmpty, !hits.isEmpty else { return ([:], hits) }
        var sentences: [(passage: Int64, text: String)] = []
        for id in passages {
            guard let text = hits[id]?.text else { continue }
            let scalars = Array(text.unicodeScalars)
            for range in Chunker.sentences(scalars) { sentences.append((id, String(String.UnicodeScalarView(scalars[range])))) }
        }
        let matcher = try StemMatcher(sentences: sentences.map(\.text), terms: terms)
        let weights = try index.inverseDocumentFrequencies(of: matcher.stems)
        var best: [Int64: Double] = [:]
        for (number, stems) in matcher.stemsBySentence {
            let score = stems.reduce(0) { $0 + (weights[$1] ?? 0) }
            let passage = sentences[number].passage
            if score > best[passage] ?? 0 { best[passage] = score }
        }
        return (Self.normalised(best), hits)
    }

    /// Scores divided by the best one (all 0 when none is positive).
    static func normalised(_ scores: [Int64: Double]) -> [Int64: Double] {
        guard let top = scores.values.max(), top > 0 else { return [:] }
        return scores.mapValues { $0 / top }
    }
}

/// What a retrieval score measures, so that callers never mistake one for another.
public enum RetrievalScoreKind: String, Sendable, CaseIterable {
    /// SQLite FTS5's bm25() negated (higher is better), with the index's column weights.
    case bm25
    /// Cosine similarity of question and passage vectors, −1…1.
    case cosine
    /// Reciprocal-rank fusion: Σ 1 / (k + rank) over the fused lists.
    case reciprocalRank = "rrf"

    /// For output: "BM25", "cosine", "RRF".
    public var label: String {
        switch self {
        case .bm25: "BM25"
        case .cosine: "cosine"
        case .reciprocalRank: "RRF"
        }
    }
}

/// Finds the passages of a folder most likely to answer a question: lexical (BM25), dense
/// (sentence-encoder cosine) or both fused. Answering depends on this, not on the index.
public protocol PassageRetriever {
    /// What the hits' scores are.
    var scoreKind: RetrievalScoreKind { get }
    /// At most `limit` passages, best first.
    func retrieve(_ question: String, limit: Int) throws -> [PassageHit]
}

/// The retrievers a user can choose.
public enum RetrieverKind: String, Sendable, CaseIterable {
    case bm25, dense, hybrid
}

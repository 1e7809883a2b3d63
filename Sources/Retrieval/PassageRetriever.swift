/// What a retrieval score measures, so that callers never mistake one for another.
public enum RetrievalScoreKind: String, Sendable, CaseIterable {
    /// SQLite FTS5's bm25() negated (higher is better), with the index's column weights.
    case bm25
    /// Cosine similarity of question and passage vectors, −1…1.
    case cosine
    /// Reciprocal-rank fusion: Σ 1 / (k + rank) over the fused lists.
    case reciprocalRank = "rrf"
    /// Score fusion: normalised BM25 and cosine combined, 0…1.
    case fused

    /// For output: "BM25", "cosine", "RRF".
    public var label: String {
        switch self {
        case .bm25: "BM25"
        case .cosine: "cosine"
        case .reciprocalRank: "RRF"
        case .fused: "fused"
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

/// The retrievers a user can choose. `auto`: hybrid when every passage of the folder has its
/// vector (and an encoder is loaded), else BM25 (see `AnsweringSession.activeRetriever`).
public enum RetrieverKind: String, Sendable, CaseIterable {
    case auto, bm25, dense, hybrid

    /// How front ends name it: "BM25", "dense", "hybrid" (the interface's status and answers).
    public var displayName: String { self == .bm25 ? "BM25" : rawValue }

    /// What it does, in a few words: `--retriever`'s help, the man page and the completions
    /// describe each choice with it.
    public var summary: String {
        switch self {
        case .auto: "the default: hybrid once the passages are encoded, which index does; BM25 until then"
        case .bm25: "SQLite FTS5's BM25 over title, section and text"
        case .dense: "sentence-encoder cosine"
        case .hybrid: "BM25 and dense fused"
        }
    }

    /// Whether it needs passage vectors (a sentence encoder).
    public var needsVectors: Bool { self == .dense || self == .hybrid }
}

/// bm25() weights of the index's FTS5 columns (a match in a column counts its weight times).
public struct ColumnWeights: Sendable, Equatable {
    public var title: Double
    public var section: Double
    public var text: Double

    public init(title: Double, section: Double, text: Double) {
        self.title = title
        self.section = section
        self.text = text
    }

    /// Tuned on the dev sets: BM25 recall@10 of the gold passage (`albertqa eval F --recall
    /// --column-weights T,S,X`, 2-core EPYC, int8; natural = Tests/Fixtures/natural-questions.json
    /// on Documents/, checked, not tuned on):
    ///
    /// | T,S,X  | covidqa-dev | conditionalqa-dev | SQuAD dev (10,570) | XQuAD-en | natural |
    /// |--------|-------------|-------------------|--------------------|----------|---------|
    /// | 0,0,1  | 86.09       | 78.09             | 96.06              | 99.24    | 66.67   |
    /// | 1,1,1  | 86.44       | 78.25             | 96.30              | 99.24    | 70.00   |
    /// | 2,1,1  | 85.85       | 78.25             | 96.32              | 99.24    | 70.00   |
    /// | 4,2,1  | 85.14       | 78.91             |                    | 99.24    | 70.00   |
    ///
    /// Titles help a little everywhere and the weights barely matter between 1 and 4; 2,1,1 is
    /// what the hybrid retriever and the open evaluations were measured with.
    public static let `default` = ColumnWeights(title: 2, section: 1, text: 1)

    /// "T,S,X" → weights (for tuning from the command line).
    public init?(parsing text: String) {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, parts.allSatisfy({ $0 >= 0 && $0.isFinite }) else { return nil }
        self.init(title: parts[0], section: parts[1], text: parts[2])
    }
}

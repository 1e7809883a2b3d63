import Answering
import Retrieval

/// Where the folder's passage vectors stand, which decides the retriever questions use: BM25
/// until every passage has a vector, then hybrid (BM25 and the sentence encoder's cosine, fused).
public enum VectorStatus: Equatable, Sendable {
    /// Not known yet (the index is being brought up to date).
    case waiting
    /// Computed in the background; `done` of `total` passages have a vector.
    case encoding(done: Int, total: Int)
    /// Every passage has a vector; `ranking` says what ranks the passages now.
    case complete(passages: Int, ranking: VectorRanking = .hybrid(fusion: HybridSettings.default.summary))
    /// No vectors can be computed: `reason` in a few words ("no sentence encoder"), `detail`
    /// the error.
    case unavailable(reason: String, detail: String)

    /// The retriever questions use now, as the status line names it.
    public var retrieverLabel: String {
        if case let .complete(_, ranking) = self { return ranking == .dense ? "dense" : "hybrid" }
        return "BM25"
    }

    /// The status line's part: "vectors 340/2088 · BM25", "hybrid", "BM25".
    public var statusText: String {
        if case let .encoding(done, total) = self { return "vectors \(done)/\(total) · \(retrieverLabel)" }
        return retrieverLabel
    }

    /// The information overlay's line.
    public var explanation: String {
        switch self {
        case .waiting: "BM25 (passage vectors are computed after indexing)"
        case let .encoding(done, total): "BM25 until the passage vectors are complete (\(done)/\(total)), then hybrid"
        case let .complete(passages, .dense): "dense: the sentence encoder's vectors of all \(passages) passages alone (--retriever dense)"
        case let .complete(passages, .hybrid(fusion)): "hybrid: BM25 and sentence-encoder vectors of all \(passages) passages, fused by \(fusion)"
        case let .unavailable(reason, detail): "BM25 only — \(reason): \(detail)"
        }
    }

    var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }
}

/// What ranks the passages once every one has a vector: the sentence encoder alone
/// (`--retriever dense`), or BM25 and the vectors fused (auto, hybrid) as `fusion` says.
public enum VectorRanking: Equatable, Sendable {
    case dense
    case hybrid(fusion: String)

    public init(_ settings: SessionSettings) {
        self = settings.retriever == .dense ? .dense : .hybrid(fusion: settings.fusion.summary)
    }
}

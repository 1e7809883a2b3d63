/// BM25 and dense retrieval fused: each retrieves `depth` passages (deeper than what is read,
/// so that a passage ranked 15th by one and 3rd by the other can still make the cut), and
/// reciprocal-rank fusion orders the union.
public struct HybridRetriever: PassageRetriever {
    public let lexical: any PassageRetriever
    public let dense: any PassageRetriever
    /// Passages taken from each list before fusing.
    public var depth: Int
    /// RRF's k: larger flattens the rank curve.
    public var fusionK: Double
    /// Weight of the dense list's reciprocal ranks (the lexical list's is 1).
    public var denseWeight: Double
    public var scoreKind: RetrievalScoreKind { .reciprocalRank }

    public init(lexical: any PassageRetriever, dense: any PassageRetriever, depth: Int = 30, fusionK: Double = 60, denseWeight: Double = 1) {
        self.lexical = lexical
        self.dense = dense
        self.depth = depth
        self.fusionK = fusionK
        self.denseWeight = denseWeight
    }

    public func retrieve(_ question: String, limit: Int) throws -> [PassageHit] {
        let depth = max(limit, self.depth)
        return RankFusion.reciprocalRank([try lexical.retrieve(question, limit: depth), try dense.retrieve(question, limit: depth)],
                                         weights: [1, denseWeight], k: fusionK, limit: limit)
    }
}

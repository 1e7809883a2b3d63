/// How the hybrid retriever merges its two lists.
public enum FusionMethod: String, Sendable, CaseIterable {
    /// Reciprocal-rank fusion: Σ weight / (k + rank); ranks only.
    case reciprocalRank = "rrf"
    /// Convex combination of min-max-normalised scores: the BM25 score and the cosine of every
    /// passage either list found, weighted dense : lexical = denseWeight : 1.
    case convex
}

/// BM25 and dense retrieval fused: each retrieves `depth` passages (deeper than what is read,
/// so that a passage ranked 15th by one and 3rd by the other can still make the cut), and
/// reciprocal-rank fusion or a convex combination of scores orders the union.
public struct HybridRetriever: PassageRetriever {
    public let lexical: any PassageRetriever
    public let dense: any PassageRetriever
    /// Passages taken from each list before fusing.
    public var depth: Int
    /// RRF's k: larger flattens the rank curve.
    public var fusionK: Double
    /// Weight of the dense list (the lexical list's is 1).
    public var denseWeight: Double
    public var method = FusionMethod.reciprocalRank
    /// Pseudo-relevance feedback for the lexical list (convex fusion only; off unless set).
    public var expansion = QueryExpansion.Settings.off
    /// Places (1-based) of the result that BM25's best passages take, in BM25's order, before
    /// the fusion fills the others (`RankFusion.reservingPlaces`; empty: the fusion alone).
    public var lexicalPlaces: [Int] = []
    /// Within a small scope: each passage's best sentence as a third score of the convex
    /// fusion, at `sentenceWeight` (`SentenceEvidence`; nil or weight 0: two scores).
    public var sentences: SentenceEvidence?
    public var sentenceWeight = 0.0
    public var scoreKind: RetrievalScoreKind { method == .convex ? .fused : .reciprocalRank }

    public init(lexical: any PassageRetriever, dense: any PassageRetriever, depth: Int = 30, fusionK: Double = 60, denseWeight: Double = 1) {
        self.lexical = lexical
        self.dense = dense
        self.depth = depth
        self.fusionK = fusionK
        self.denseWeight = denseWeight
    }

    public init(lexical: any PassageRetriever, dense: any PassageRetriever, method: FusionMethod, depth: Int, fusionK: Double = 60, denseWeight: Double) {
        self.init(lexical: lexical, dense: dense, depth: depth, fusionK: fusionK, denseWeight: denseWeight)
        self.method = method
    }

    /// The retriever `settings` describe (the session's fusion).
    public init(lexical: any PassageRetriever, dense: any PassageRetriever, settings: HybridSettings) {
        self.init(lexical: lexical, dense: dense, method: settings.method, depth: settings.depth, fusionK: settings.k,
                  denseWeight: settings.denseWeight)
        expansion = settings.expansion
        lexicalPlaces = settings.lexicalPlaces
        sentenceWeight = settings.sentenceWeight
    }

    public func retrieve(_ question: String, limit: Int) throws -> [PassageHit] {
        let depth = max(limit, self.depth)
        let lexicalHits = try lexical.retrieve(question, limit: depth)
        let fused = try fuse(question, lexicalHits, depth: depth, limit: lexicalPlaces.isEmpty ? limit : depth)
        return RankFusion.reservingPlaces(lexicalPlaces, lexical: lexicalHits, fused: fused, limit: limit)
    }

    /// The two lists fused by `method`, the first `limit`.
    func fuse(_ question: String, _ lexicalHits: [PassageHit], depth: Int, limit: Int) throws -> [PassageHit] {
        switch method {
        case .reciprocalRank:
            return RankFusion.reciprocalRank([lexicalHits, try dense.retrieve(question, limit: depth)],
                                             weights: [1, denseWeight], k: fusionK, limit: limit)
        case .convex:
            // The dense side scores the lexical list's passages too (exact cosines from the
            // store), so that no passage is judged on one score alone when both exist.
            guard let dense = dense as? DenseRetriever else {
                return RankFusion.convex(lexical: try expanded(question, lexicalHits, depth: depth),
                                         dense: try self.dense.retrieve(question, limit: depth), cosines: [:],
                                         denseWeight: denseWeight, limit: limit)
            }
            let lexicalList = try expanded(question, lexicalHits, depth: depth)
            guard let vector = try dense.questionVector(question) else { return Array(lexicalList.prefix(limit)) }
            let denseHits = try dense.retrieve(vector: vector, limit: depth)
            let cosines = dense.store.cosines(vector, passages: lexicalList.map(\.passageID))
            guard let sentences, sentenceWeight > 0 else {
                return RankFusion.convex(lexical: lexicalList, dense: denseHits, cosines: cosines, denseWeight: denseWeight, limit: limit)
            }
            let evidence = try sentences.scores(for: question)
            return RankFusion.convex(lexical: lexicalList, dense: denseHits, cosines: cosines, denseWeight: denseWeight,
                                     sentences: evidence.scores, sentenceWeight: sentenceWeight, sentenceHits: evidence.hits, limit: limit)
        }
    }

    /// The lexical list with pseudo-relevance feedback mixed in (a second MATCH with the words
    /// of its first passages added), or as it is when expansion is off or finds no word.
    public func expanded(_ question: String, _ lexicalHits: [PassageHit], depth: Int) throws -> [PassageHit] {
        guard !expansion.isOff, !lexicalHits.isEmpty else { return lexicalHits }
        let words = QueryExpansion.terms(for: question, feedback: lexicalHits.prefix(expansion.passages).map(\.text), count: expansion.terms)
        guard !words.isEmpty else { return lexicalHits }
        let second = try lexical.retrieve((QueryBuilder.terms(question) + words).joined(separator: " "), limit: depth)
        return QueryExpansion.merge(original: lexicalHits, expanded: second, weight: expansion.weight)
    }
}

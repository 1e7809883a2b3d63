/// Dense retrieval: the question's vector against every stored passage vector (exact cosine).
public struct DenseRetriever: PassageRetriever {
    public let index: PassageIndex
    public let encoder: any PassageEncoder
    public let store: DenseVectorStore
    public var scoreKind: RetrievalScoreKind { .cosine }

    public init(index: PassageIndex, encoder: any PassageEncoder, store: DenseVectorStore) {
        self.index = index
        self.encoder = encoder
        self.store = store
    }

    public func retrieve(_ question: String, limit: Int) throws -> [PassageHit] {
        guard limit > 0, store.count > 0, let vector = try encoder.encode([question]).first else { return [] }
        let nearest = store.nearest(vector, k: limit)
        let hits = try index.passages(ids: nearest.map(\.id))
        return nearest.compactMap { match in
            guard var hit = hits[match.id] else { return nil }  // removed since the store was loaded
            hit.score = Double(match.cosine)
            hit.scoreKind = .cosine
            return hit
        }
    }
}

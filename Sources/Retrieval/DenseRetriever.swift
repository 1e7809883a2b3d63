/// Dense retrieval: the question's vector against every stored passage vector (exact cosine).
public struct DenseRetriever: PassageRetriever {
    public let index: PassageIndex
    public let encoder: any PassageEncoder
    public let store: DenseVectorStore
    /// nil: the whole folder; else only these passages' vectors are compared.
    public var scope: PassageScope?
    public var scoreKind: RetrievalScoreKind { .cosine }

    public init(index: PassageIndex, encoder: any PassageEncoder, store: DenseVectorStore, scope: PassageScope? = nil) {
        self.index = index
        self.encoder = encoder
        self.store = store
        self.scope = scope
    }

    public func retrieve(_ question: String, limit: Int) throws -> [PassageHit] {
        guard limit > 0, store.count > 0, let vector = try questionVector(question) else { return [] }
        return try retrieve(vector: vector, limit: limit)
    }

    /// The question as the encoder sees it (nil: the encoder returned nothing).
    public func questionVector(_ question: String) throws -> [Float]? {
        try encoder.encode([question]).first
    }

    /// The passages nearest an already encoded question.
    public func retrieve(vector: [Float], limit: Int) throws -> [PassageHit] {
        let nearest = store.nearest(vector, k: limit, among: scope?.passageIDs)
        let hits = try index.passages(ids: nearest.map(\.id))
        return nearest.compactMap { match in
            guard var hit = hits[match.id] else { return nil }  // removed since the store was loaded
            hit.score = Double(match.cosine)
            hit.scoreKind = .cosine
            return hit
        }
    }
}

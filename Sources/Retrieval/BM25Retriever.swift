/// Lexical retrieval: the index's FTS5 BM25 over passage text, title and section columns.
public struct BM25Retriever: PassageRetriever {
    public let index: PassageIndex
    /// nil: the whole folder.
    public var scope: PassageScope?
    public var scoreKind: RetrievalScoreKind { .bm25 }

    public init(index: PassageIndex, scope: PassageScope? = nil) {
        self.index = index
        self.scope = scope
    }

    public func retrieve(_ question: String, limit: Int) throws -> [PassageHit] {
        try index.search(question, limit: limit, scope: scope)
    }
}

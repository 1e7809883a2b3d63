/// Lexical retrieval: the index's FTS5 BM25 over passage text, title and section columns.
public struct BM25Retriever: PassageRetriever {
    public let index: PassageIndex
    public var scoreKind: RetrievalScoreKind { .bm25 }

    public init(index: PassageIndex) {
        self.index = index
    }

    public func retrieve(_ question: String, limit: Int) throws -> [PassageHit] {
        try index.search(question, limit: limit)
    }
}

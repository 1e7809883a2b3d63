/// Retrieval for a follow-up question (one that leans on context, `ContextLeaning`). A passage
/// scores `own + previousQuestion × withPreviousWords + document × [in the previous answer's document]`:
/// - `own`: the question's own search;
/// - `withPreviousWords`: a second search with the previous question's content words added;
/// - the previous answer's document is also searched on its own, so that its passages compete
///   even when the folder's search ranked them deep.
///
/// Each search's scores are normalised to 0…1 over the folder's and the document's hits together:
/// divided by the best score, from 0 (no match), or from the lowest score when that is negative
/// (cosines). Not min-max: that gives a list's last hit 0 as if it did not match (with three hits,
/// a passage holding the question's words then lost to one holding only the previous question's).
/// With the hybrid retriever, convex fusion normalises within each search, so the document's best
/// passage scores about as the folder's best would: searching the document is itself a strong
/// prior (measured with it: `FollowUpWeights`).
public struct FollowUpRetriever: PassageRetriever {
    /// The retriever over the question's scope.
    public let folder: any PassageRetriever
    /// The same retriever within the previous answer's document (nil: none, or outside the scope).
    public let document: (any PassageRetriever)?
    public let previous: PreviousQuestion
    public let weights: FollowUpWeights
    /// Passages each search contributes before the lists are combined.
    public var depth = 30
    public var scoreKind: RetrievalScoreKind { .fused }

    public init(folder: any PassageRetriever, document: (any PassageRetriever)?, previous: PreviousQuestion, weights: FollowUpWeights) {
        self.folder = folder
        self.document = document
        self.previous = previous
        self.weights = weights
    }

    public func retrieve(_ question: String, limit: Int) throws -> [PassageHit] {
        guard limit > 0 else { return [] }
        let depth = max(limit, self.depth)
        var hits: [Int64: PassageHit] = [:]
        let own = try search(question, depth: depth, into: &hits)
        var withPrevious: [Int64: Double] = [:]
        if weights.previousQuestion > 0, let query = Self.queryWithPreviousWords(question, previous: previous.question) {
            withPrevious = try search(query, depth: depth, into: &hits)
        }
        let ranked = hits.values.map { hit in
            var scored = hit
            scored.score = (own[hit.passageID] ?? 0) + weights.previousQuestion * (withPrevious[hit.passageID] ?? 0)
                + (hit.documentPath == previous.documentPath ? weights.document : 0)
            scored.scoreKind = .fused
            return scored
        }
        // Ties (equal scores) in passage order, so that a run is repeatable.
        return Array(ranked.sorted { ($0.score, $1.passageID) > ($1.score, $0.passageID) }.prefix(limit))
    }

    /// `question` with the previous question's content words it lacks appended; nil when it
    /// lacks none.
    public static func queryWithPreviousWords(_ question: String, previous: String) -> String? {
        let own = Set(QueryBuilder.terms(question))
        let added = QueryBuilder.terms(previous).filter { !own.contains($0) && !QueryBuilder.isStopWord($0) }
        return added.isEmpty ? nil : question + " " + added.joined(separator: " ")
    }

    /// The normalised scores of `query`'s hits in the folder and in the previous answer's
    /// document; every hit is kept in `hits`.
    private func search(_ query: String, depth: Int, into hits: inout [Int64: PassageHit]) throws -> [Int64: Double] {
        var found = try folder.retrieve(query, limit: depth)
        if let document { found += try document.retrieve(query, limit: depth) }
        var scores: [Int64: Double] = [:]
        for hit in found { scores[hit.passageID] = max(scores[hit.passageID] ?? -.infinity, hit.score) }
        guard let lowest = scores.values.min(), let high = scores.values.max() else { return [:] }
        let low = min(0, lowest)
        for hit in found where hits[hit.passageID] == nil { hits[hit.passageID] = hit }
        return scores.mapValues { high > low ? ($0 - low) / (high - low) : 1 }
    }
}

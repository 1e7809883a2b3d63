import Foundation
import Retrieval

extension AnsweringSession {
    /// A question's answers with what a front end needs to show them.
    public struct Answers: Sendable {
        public var set: AnswerSet
        /// The indexed text of every document a retrieved passage came from, by path (the
        /// interface's viewer and pager; empty unless asked for).
        public var documentTexts: [String: String]
        /// The retriever the passages came from.
        public var retriever: RetrieverKind
        /// The question this one followed up on (nil: asked afresh).
        public var followingUp: PreviousQuestion? = nil
    }

    /// The retriever questions go to now: the configured one, or for `auto`, hybrid once every
    /// passage has its vector of this session's encoder and BM25 until then (a folder's first
    /// question never waits minutes for its passages to be encoded, and a half-encoded folder
    /// would leave the dense list blind to the passages not reached yet). The one place this
    /// rule is written: the CLI and the interface both ask here.
    public func activeRetriever() throws -> RetrieverKind {
        guard settings.retriever == .auto else { return settings.retriever }
        return try vectorsAreComplete() ? .hybrid : .bm25
    }

    /// The retriever `activeRetriever()` names, over the index as it is now, within `scope`.
    public func retriever(scope: QuestionScope = .folder) throws -> any PassageRetriever {
        try retriever(try activeRetriever(), scope: try passages(in: scope))
    }

    /// The documents and passages `scope` holds (nil: the whole folder). A pattern that names
    /// no indexed document is an error naming it, not an empty answer.
    public func passages(in scope: QuestionScope) throws -> PassageScope? {
        guard !scope.isWholeFolder else { return nil }
        let version = try index.dataVersion()
        if let known = resolvedScope, known.scope == scope, known.dataVersion == version { return known.passages }
        let passages = try index.resolve(scope)
        if let pattern = passages.unmatchedPatterns.first { throw AnsweringError.scopeMatchesNothing(pattern: pattern) }
        resolvedScope = (scope, version, passages)
        return passages
    }

    func retriever(_ kind: RetrieverKind, scope: PassageScope? = nil) throws -> any PassageRetriever {
        let lexical = BM25Retriever(index: index, scope: scope)
        switch kind {
        case .bm25, .auto:
            return lexical
        case .dense, .hybrid:
            guard let encoder else { throw AnsweringError.encoderMissing(kind) }
            let version = try index.dataVersion()
            if vectors == nil || version != vectorsDataVersion {
                vectors = try index.loadVectors(encoder: encoder)
                vectorsDataVersion = version
            }
            let dense = DenseRetriever(index: index, encoder: encoder, store: vectors!, scope: scope)
            if kind == .dense { return dense }
            var hybrid = HybridRetriever(lexical: lexical, dense: dense, settings: settings.fusion.within(passages: scope?.passageIDs.count))
            // Within a small scope each passage's best sentence is a third score (SentenceEvidence).
            if let scope, hybrid.sentenceWeight > 0 { hybrid.sentences = SentenceEvidence(index: index, passages: scope.passageIDs.sorted()) }
            // One small document: a question leaning on it also gets its ends (DocumentEnds).
            guard let scope, scope.documentIDs.count == 1, scope.passageIDs.count <= settings.fusion.smallScopePassages,
                  !settings.fusion.documentEnds.isOff else { return hybrid }
            return DocumentEndsRetriever(base: hybrid, index: index, reading: scope.passageIDs.sorted(), settings: settings.fusion.documentEnds)
        }
    }

    /// The passages of `scope` that `hits` left out, in document order (ids are given in
    /// reading order), scored 0: a small scope is read whole.
    func unretrieved(_ scope: PassageScope, after hits: [PassageHit], scoreKind: RetrievalScoreKind) throws -> [PassageHit] {
        let retrieved = Set(hits.map(\.passageID))
        let others = scope.passageIDs.subtracting(retrieved).sorted()
        let found = try index.passages(ids: others)
        return others.compactMap { id in
            guard var hit = found[id] else { return nil }
            hit.score = 0
            hit.scoreKind = scoreKind
            return hit
        }
    }

    /// The `limit` passages the active retriever ranks best for `query` within `scope` (asked
    /// after `previous`: leaning on it when it is a follow-up).
    public func search(_ query: String, limit: Int, scope: QuestionScope = .folder, after previous: PreviousQuestion? = nil) throws -> [PassageHit] {
        guard previous != nil else { return try retriever(scope: scope).retrieve(query, limit: limit) }
        return try retriever(for: query, kind: try activeRetriever(), scope: try passages(in: scope), after: previous).retriever
            .retrieve(query, limit: limit)
    }

    /// Answers `question`: the active retriever's passages, read by the answerer. `onUpdate`
    /// sees every snapshot as passages finish (the last one complete), `isCancelled` is checked
    /// between passages. With `documentTexts`, the answers carry the text of every document a
    /// passage came from (read before the first snapshot, so that partial answers can be shown).
    /// With a `scope`, only its documents' passages are retrieved and read. Asked `after` a
    /// previous question, a question that leans on context is a follow-up (`followUp(_:after:)`).
    public func ask(
        _ question: String, scope: QuestionScope = .folder, after previous: PreviousQuestion? = nil, documentTexts: Bool = false,
        onUpdate: (@Sendable (Answers) -> Void)? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> Answers {
        guard let answerer else { throw AnsweringError.readerMissing }
        let kind = try activeRetriever()
        let within = try passages(in: scope)
        let (retriever, followingUp) = try retriever(for: question, kind: kind, scope: within, after: previous)
        var hits = try retriever.retrieve(question, limit: answerer.options.passages)
        if let within, within.passageIDs.count <= answerer.options.wholeScopePassages {
            hits += try unretrieved(within, after: hits, scoreKind: retriever.scoreKind)
        }
        var texts: [String: String] = [:]
        if documentTexts {
            for path in Set(hits.map(\.documentPath)) { texts[path] = try index.documentText(path: path) }
        }
        let documents = texts
        var snapshot: (@Sendable (AnswerSet) -> Void)?
        if let onUpdate {
            snapshot = { partial in onUpdate(Answers(set: partial, documentTexts: documents, retriever: kind, followingUp: followingUp)) }
        }
        let set = try answerer.answer(question, passages: hits, onUpdate: snapshot, isCancelled: isCancelled)
        return Answers(set: set, documentTexts: documents, retriever: kind, followingUp: followingUp)
    }
}

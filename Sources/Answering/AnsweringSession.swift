import Albert
import Documents
import Foundation
import Retrieval

/// One folder made answerable: folder → index (passages, and vectors when an encoder is
/// given) → retriever (auto, BM25, dense or hybrid) → reader → answers. The CLI's `ask`,
/// `search` and `eval --open`, and the interface's worker, run through it; one session per
/// thread (it owns an SQLite connection).
public final class AnsweringSession {
    public struct Configuration: Sendable {
        public var folder: URL
        /// nil: the default place under the cache folder.
        public var databaseURL: URL?
        public var chunking = ChunkingOptions()
        /// Files with more bytes of text are skipped as too large.
        public var maxFileBytes = DocumentLoader.defaultMaxFileBytes
        /// Seconds an external tool may take per file (`ToolSettings.seconds`).
        public var toolSeconds = ExternalTool.defaultSeconds
        /// `auto`: hybrid once every passage has its vector, BM25 until then (or without an encoder).
        public var retriever = RetrieverKind.auto
        /// Passages each list contributes before fusion (hybrid only).
        public var fusionDepth = HybridSettings.default.depth
        public var fusionK = HybridSettings.default.k
        /// Weight of the dense list against BM25's 1.
        public var denseWeight = HybridSettings.default.denseWeight
        /// How the hybrid retriever merges BM25's and the dense list.
        public var fusionMethod = HybridSettings.default.method
        /// Pseudo-relevance feedback for BM25's list in the hybrid's convex fusion.
        public var expansion = HybridSettings.default.expansion
        /// How passages are cut for the sentence encoder (a change re-encodes them).
        public var vectorWindows = VectorWindows.default
        /// bm25() weights of the title, section and text columns.
        public var columnWeights = ColumnWeights.default

        public init(folder: URL, databaseURL: URL? = nil, chunking: ChunkingOptions = .init(), retriever: RetrieverKind = .auto) {
            self.folder = folder
            self.databaseURL = databaseURL
            self.chunking = chunking
            self.retriever = retriever
        }
    }

    public let configuration: Configuration
    public let index: PassageIndex
    public let encoder: (any PassageEncoder)?
    /// nil for a session that only searches.
    public let answerer: QuestionAnswerer?
    private var vectors: DenseVectorStore?
    /// The index's `dataVersion()` when `vectors` were loaded: another process's commit (an
    /// `albertqa index` beside the interface) makes them stale.
    private var vectorsDataVersion: Int64 = 0

    /// Opens (or creates) the folder's index. `encoder` is needed for dense and hybrid retrieval.
    /// The reader's answerer uses the calibration shipped with its model.
    public convenience init(_ configuration: Configuration, reader: AlbertReader? = nil, encoder: (any PassageEncoder)? = nil,
                            options: AnsweringOptions = .init()) throws {
        try self.init(configuration, answerer: reader.map { QuestionAnswerer(reader: $0, options: options) }, encoder: encoder)
    }

    /// As above with an answerer of the caller's (its own calibration, or none).
    public init(_ configuration: Configuration, answerer: QuestionAnswerer?, encoder: (any PassageEncoder)? = nil) throws {
        if configuration.retriever == .dense || configuration.retriever == .hybrid, encoder == nil {
            throw SessionError.encoderMissing(configuration.retriever)
        }
        self.configuration = configuration
        self.encoder = encoder
        index = try PassageIndex(folder: configuration.folder, databaseURL: configuration.databaseURL, chunking: configuration.chunking,
                                 maxFileBytes: configuration.maxFileBytes)
        index.columnWeights = configuration.columnWeights
        index.toolSeconds = configuration.toolSeconds
        index.vectorWindows = configuration.vectorWindows
        self.answerer = answerer
    }

    /// Brings the passages up to date with the folder (BM25 can answer as soon as this returns).
    /// When another process is writing the index, `whenBusy` says whether to wait for it or to
    /// use the index as it stands.
    public func updateIndex(progress: ((IndexProgress) -> Void)? = nil, isCancelled: () -> Bool = { false },
                            whenBusy: PassageIndex.WhenBusy = .wait) throws -> IndexReport {
        let report = try index.update(progress: progress, isCancelled: isCancelled, whenBusy: whenBusy)
        // The interface checks the index before every question: keep the loaded vectors unless
        // passages changed (reloading them costs a scan of the vector table per question).
        if report.added + report.updated + report.removed > 0 || report.rebuiltBecause != nil { vectors = nil }
        return report
    }

    /// Encodes the passages that have no vector yet (nil without an encoder), `batchSize` at a
    /// time (one transaction each; `isCancelled` is checked between batches). Slow: minutes for
    /// a large folder on a CPU, so the interface runs it in the background in small batches that
    /// a question preempts.
    public func updateVectors(batchSize: Int = 32, progress: ((VectorProgress) -> Void)? = nil,
                              isCancelled: () -> Bool = { false }) throws -> VectorReport? {
        guard let encoder else { return nil }
        let report = try index.updateVectors(encoder: encoder, batchSize: batchSize, progress: progress, isCancelled: isCancelled)
        vectors = nil
        return report
    }

    /// Drops the in-memory vectors so that the next question loads the stored ones again.
    public func reloadVectors() { vectors = nil }

    /// Whether every passage has its vector (of this session's encoder, cut as configured);
    /// false without an encoder.
    public func vectorsAreComplete() throws -> Bool {
        guard let encoder else { return false }
        return try index.vectorsAreComplete(encoder: encoder)
    }

    /// The retriever questions go to now: the configured one, or for `auto`, hybrid when the
    /// vectors are complete and BM25 until then (a folder's first question never waits minutes
    /// for its passages to be encoded; `albertqa index` or the interface computes them).
    public func activeRetriever() throws -> RetrieverKind {
        guard configuration.retriever == .auto else { return configuration.retriever }
        return try vectorsAreComplete() ? .hybrid : .bm25
    }

    /// The retriever `activeRetriever()` names, over the index as it is now.
    public func retriever() throws -> any PassageRetriever {
        let lexical = BM25Retriever(index: index)
        let kind = try activeRetriever()
        switch kind {
        case .bm25, .auto:
            return lexical
        case .dense, .hybrid:
            guard let encoder else { throw SessionError.encoderMissing(kind) }
            let version = try index.dataVersion()
            if vectors == nil || version != vectorsDataVersion {
                vectors = try index.loadVectors(encoder: encoder)
                vectorsDataVersion = version
            }
            let dense = DenseRetriever(index: index, encoder: encoder, store: vectors!)
            if kind == .dense { return dense }
            var hybrid = HybridRetriever(lexical: lexical, dense: dense, method: configuration.fusionMethod, depth: configuration.fusionDepth,
                                         fusionK: configuration.fusionK, denseWeight: configuration.denseWeight)
            hybrid.expansion = configuration.expansion
            return hybrid
        }
    }

    public func search(_ query: String, limit: Int) throws -> [PassageHit] {
        try retriever().retrieve(query, limit: limit)
    }

    public func ask(
        _ question: String, onUpdate: (@Sendable (AnswerSet) -> Void)? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> AnswerSet {
        guard let answerer else { throw SessionError.readerMissing }
        return try answerer.answer(question, retriever: try retriever(), onUpdate: onUpdate, isCancelled: isCancelled)
    }
}

public enum SessionError: Error, CustomStringConvertible, Sendable, Equatable {
    case encoderMissing(RetrieverKind)
    case readerMissing

    public var description: String {
        switch self {
        case let .encoderMissing(kind): "\(kind.rawValue) retrieval needs a sentence encoder, and none is loaded"
        case .readerMissing: "this session was opened without a reader"
        }
    }
}

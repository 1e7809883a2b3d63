import Albert
import Documents
import Foundation
import Retrieval

/// One folder made answerable: folder → index (passages, and vectors once an encoder is
/// attached) → retriever (auto, BM25, dense or hybrid) → reader → answers. Both front ends go
/// through it — the CLI's `ask`, `search`, `eval --open` and `bench --search`, and the
/// interface's worker — with one `SessionSettings` value, so they answer a folder alike. One
/// session per thread (it owns an SQLite connection).
public final class AnsweringSession {
    public let settings: SessionSettings
    public let index: PassageIndex
    /// nil until `attach(encoder:)` (the CLI's auto defers it; the interface loads it in the
    /// background) or for BM25 alone.
    public private(set) var encoder: (any PassageEncoder)?
    /// nil for a session that only searches.
    public let answerer: QuestionAnswerer?
    var vectors: DenseVectorStore?
    /// The index's `dataVersion()` when `vectors` were loaded: another process's commit (an
    /// `albertqa index` beside the interface) makes them stale.
    var vectorsDataVersion: Int64 = 0
    /// Whether every passage had its vector at a `dataVersion()`: the interface asks before
    /// every question, and counting the vectors scans their table. Our own writes reset it
    /// (they do not change this connection's data version); another process's change it.
    private var completeness: (dataVersion: Int64, complete: Bool)?
    /// The last scope resolved and the `dataVersion()` it was resolved at: a run of questions
    /// in one scope (the interface's, `eval --scope document`'s per document) resolves it once.
    var resolvedScope: (scope: QuestionScope, dataVersion: Int64, passages: PassageScope)?

    /// The folder the session answers from.
    public var folder: URL { index.folder }

    /// Opens (or creates) the folder's index. `encoder` is needed for dense and hybrid
    /// retrieval (auto can take it later, `attach(encoder:)`). The reader's answerer takes the
    /// settings' answering options and calibration policy: a broken calibration file throws here,
    /// before the index is touched.
    public convenience init(folder: URL, settings: SessionSettings = .init(), reader: AlbertReader?,
                            encoder: (any PassageEncoder)? = nil) throws {
        let answerer = try reader.map { try QuestionAnswerer(reader: $0, options: settings.answering, calibrationPolicy: settings.calibration) }
        try self.init(folder: folder, settings: settings, answerer: answerer, encoder: encoder)
    }

    /// As above with an answerer of the caller's (kept across folders by the interface; its
    /// options, not `settings.answering`, then apply), or none for a session that only searches.
    public init(folder: URL, settings: SessionSettings = .init(), answerer: QuestionAnswerer?,
                encoder: (any PassageEncoder)? = nil) throws {
        if settings.retriever.needsVectors, encoder == nil {
            throw AnsweringError.encoderMissing(settings.retriever)
        }
        self.settings = settings
        self.encoder = encoder
        index = try PassageIndex(folder: folder, databaseURL: settings.databaseURL, chunking: settings.chunking,
                                 maxFileBytes: settings.maxFileBytes)
        index.columnWeights = settings.columnWeights
        index.toolSeconds = settings.toolSeconds
        index.readsSourceCode = settings.sourceCode
        index.vectorWindows = settings.vectorWindows
        self.answerer = answerer
    }

    /// Gives the session its sentence encoder after it was opened without one (the index is
    /// not reopened): auto turns hybrid once the vectors of this encoder are complete.
    public func attach(encoder: any PassageEncoder) {
        self.encoder = encoder
        vectors = nil
        completeness = nil
    }

    /// Brings the passages up to date with the folder (BM25 can answer as soon as this returns).
    /// When another process is writing the index, `whenBusy` says whether to wait for it or to
    /// use the index as it stands.
    public func updateIndex(progress: ((IndexProgress) -> Void)? = nil, isCancelled: () -> Bool = { false },
                            whenBusy: PassageIndex.WhenBusy = .wait) throws -> IndexReport {
        let report = try index.update(progress: progress, isCancelled: isCancelled, whenBusy: whenBusy)
        // The interface checks the index before every question: keep the loaded vectors unless
        // passages changed (reloading them costs a scan of the vector table per question).
        if report.added + report.updated + report.removed > 0 || report.rebuiltBecause != nil {
            vectors = nil
            completeness = nil
            resolvedScope = nil  // our own writes leave this connection's data version as it was
        }
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
        completeness = nil
        return report
    }

    /// Drops the in-memory vectors so that the next question loads the stored ones again.
    public func reloadVectors() {
        vectors = nil
        completeness = nil
    }

    /// Whether every passage has its vector (of this session's encoder, cut as configured);
    /// false without an encoder.
    public func vectorsAreComplete() throws -> Bool {
        guard let encoder else { return false }
        let version = try index.dataVersion()
        if let known = completeness, known.dataVersion == version { return known.complete }
        let complete = try index.vectorsAreComplete(encoder: encoder)
        completeness = (version, complete)
        return complete
    }
}

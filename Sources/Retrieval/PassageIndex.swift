import Documents
import Foundation

/// A folder's documents, cut into passages and kept in one SQLite database with an FTS5 index
/// (porter stemming over unicode61, diacritics removed) for BM25 ranking. Updates are
/// incremental and done in batches of one transaction each, so an interrupted run leaves a
/// consistent index that the next run completes. One instance per thread (SQLite's WAL mode
/// lets a searcher and an indexer work side by side; writers take `IndexLock`).
///
/// Split by concern: opening and ownership here, the schema and rebuilds in
/// `PassageIndex+Schema`, updating in `PassageIndex+Update`, reading in `PassageIndex+Search`
/// and `+Lookup`, scopes in `+Scope`, vectors in `+Vectors`, word statistics (the tokenizer,
/// a stem's passages) in `+TermStatistics`.
///
/// Safety: the index file is only ever created, written or rebuilt once `IndexFile` has shown
/// it to be AlbertQA's own (or absent); it is never deleted — a damaged or outdated index is
/// emptied in place through SQLite, which keeps other processes' connections to it sound.
public final class PassageIndex {
    public let folder: URL
    public let databaseURL: URL
    public let chunking: ChunkingOptions
    /// bm25() weights of the FTS5 columns, for `search`.
    public var columnWeights = ColumnWeights.default
    /// How passages are cut for the sentence encoder (a change re-encodes them).
    public var vectorWindows = VectorWindows.default
    /// Files with more bytes of text are skipped as too large.
    public let maxFileBytes: Int
    /// Wall-clock seconds an external tool (pdftotext…) may take per file (`ToolSettings`).
    public var toolSeconds = ExternalTool.defaultSeconds
    /// Program source is indexed too (`DocumentFormat.sourceCode`; off: such files are
    /// skipped, and leave the index if they were in it).
    public var readsSourceCode = false
    /// Why the database was rebuilt on opening or updating, if it was.
    public internal(set) var rebuiltBecause: String?
    /// Called once when an update waits for another process that is writing this index.
    public var onWaitingForAnotherWriter: (() -> Void)?

    var database: SQLiteDatabase
    let lock: IndexLock

    /// Files per transaction; a batch also ends after `batchBytes` of text.
    var batchFiles = 200
    var batchBytes = 8_000_000

    var path: String { databaseURL.path }

    /// Opens the folder's index at `databaseURL` (default: `IndexLocation.defaultURL`), creating
    /// it when absent and rebuilding it when it is ours but outdated or damaged. Anything at the
    /// path that is not an AlbertQA index is refused (`RetrievalError.notAnIndex`) and left untouched.
    public init(folder: URL, databaseURL: URL? = nil, chunking: ChunkingOptions = .init(),
                maxFileBytes: Int = DocumentLoader.defaultMaxFileBytes) throws {
        self.folder = folder.standardizedFileURL
        self.chunking = chunking
        self.maxFileBytes = max(1, maxFileBytes)
        if let databaseURL {
            self.databaseURL = databaseURL.standardizedFileURL
        } else {
            // The cache folders are AlbertQA's: created 0700.
            self.databaseURL = IndexLocation.defaultURL(for: folder)
            let cache = self.databaseURL.deletingLastPathComponent().path
            try PrivateFile.createFolders(cache)
            // `albertqa/` in the cache is AlbertQA's own: earlier versions made it 0755.
            var status = stat()
            if lstat(cache, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == getuid() {
                chmod(cache, PrivateFile.folderMode)
            }
        }
        let path = self.databaseURL.path
        lock = IndexLock(indexPath: path)
        if try IndexFile.inspect(path) == .missing {
            let created = try IndexFile.create(path) { try Self.createSchema($0, chunkingKey: chunking.key) }
            // Another process linked its file there first: prove it is an index too.
            if !created { _ = try IndexFile.inspect(path) }
        }
        database = try SQLiteDatabase(existingFile: path)
        try configureConnection()
        if try validate() != nil {
            try withWriterLock(wait: true) {
                // Another process may have rebuilt it while this one waited.
                if let reason = try validate() { try rebuild(because: reason) }
            }
        }
    }

    func configureConnection() throws {
        // WAL: searches read while an update writes. (A damaged file may refuse; `validate` says why.)
        try? database.execute("PRAGMA journal_mode = WAL")
        try database.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;")
    }

    /// Runs `body` holding the writer lock; false (without running it) when the lock is busy
    /// and `wait` is false, or the wait was cancelled.
    @discardableResult
    func withWriterLock(wait: Bool, isCancelled: () -> Bool = { false }, _ body: () throws -> Void) throws -> Bool {
        guard try lock.acquire(wait: wait, isCancelled: isCancelled, onWait: onWaitingForAnotherWriter) else { return false }
        defer { lock.release() }
        try body()
        return true
    }
}

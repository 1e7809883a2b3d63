import Documents
import Foundation

/// A folder's documents, cut into passages and kept in one SQLite database with an FTS5 index
/// (porter stemming over unicode61, diacritics removed) for BM25 ranking. Updates are
/// incremental and done in batches of one transaction each, so an interrupted run leaves a
/// consistent index that the next run completes. One instance per thread (SQLite's WAL mode
/// lets a searcher and an indexer work side by side).
public final class PassageIndex {
    /// 3: title and section columns, passage vectors.
    public static let schemaVersion = "3"

    public let folder: URL
    public let databaseURL: URL
    public let chunking: ChunkingOptions
    /// bm25() weights of the FTS5 columns, for `search`.
    public var columnWeights = ColumnWeights.default
    /// Why the database was rebuilt on opening, if it was.
    public private(set) var rebuiltBecause: String?
    var database: SQLiteDatabase

    /// Files per transaction; a batch also ends after `batchBytes` of text.
    var batchFiles = 200
    var batchBytes = 8_000_000

    public init(folder: URL, databaseURL: URL? = nil, chunking: ChunkingOptions = .init()) throws {
        self.folder = folder.standardizedFileURL
        self.databaseURL = databaseURL ?? IndexLocation.defaultURL(for: folder)
        self.chunking = chunking
        try FileManager.default.createDirectory(at: self.databaseURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        (database, rebuiltBecause) = try Self.openValidated(self.databaseURL, chunking: chunking)
    }

    // MARK: Opening, validating, rebuilding

    private static func openValidated(_ url: URL, chunking: ChunkingOptions) throws -> (SQLiteDatabase, String?) {
        // Why an existing file cannot be used as it is, and whether it is an AlbertQA index.
        var reason = ""
        var isIndex = false
        do {
            let database = try SQLiteDatabase(path: url.path)
            let tables = try Self.tableNames(database)
            if tables.isEmpty {
                try createSchema(database, chunkingKey: chunking.key)
                return (database, nil)
            }
            let meta = tables.contains("meta") ? try Self.meta(database) : [:]
            isIndex = meta["app"] == "albertqa"
            guard isIndex else {
                throw IndexError("\(url.path) is a database of another program, not an AlbertQA index; choose another --index")
            }
            if meta["schema_version"] == schemaVersion, meta["chunking"] == chunking.key {
                _ = try database.prepare("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'x'").step()
                return (database, nil)
            }
            reason = meta["schema_version"] != schemaVersion ? "it was written by another version of AlbertQA" : "the passage settings changed"
        } catch let error as SQLiteError where error.isCorruption {
            reason = "it was damaged (\(error.message.components(separatedBy: ": ").last ?? "corrupt"))"
        } catch let error as SQLiteError {
            reason = "it could not be read (\(error.message))"
        }
        guard isIndex || isOurs(url) else {
            throw IndexError("\(url.path) is not an AlbertQA index and cannot be read; remove it or choose another --index")
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: url.path + suffix)
        }
        let database = try SQLiteDatabase(path: url.path)
        try createSchema(database, chunkingKey: chunking.key)
        return (database, "the index \(url.path) was rebuilt because \(reason)")
    }

    /// Damaged files are only deleted where AlbertQA keeps its indexes, or when they carry an
    /// index's name: never a user's unrelated file.
    private static func isOurs(_ url: URL) -> Bool {
        let cache = IndexLocation.defaultURL(for: URL(fileURLWithPath: "/")).deletingLastPathComponent().path
        return url.deletingLastPathComponent().standardizedFileURL.path == cache
            || ["sqlite", "db", "albertqa"].contains(url.pathExtension.lowercased())
    }

    private static func tableNames(_ database: SQLiteDatabase) throws -> Set<String> {
        let statement = try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        var names = Set<String>()
        while try statement.step() { names.insert(statement.text(0)) }
        return names
    }

    private static func meta(_ database: SQLiteDatabase) throws -> [String: String] {
        let statement = try database.prepare("SELECT key, value FROM meta")
        var values: [String: String] = [:]
        while try statement.step() { values[statement.text(0)] = statement.text(1) }
        return values
    }

    private static func createSchema(_ database: SQLiteDatabase, chunkingKey: String) throws {
        try database.execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            BEGIN;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE documents (
                id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
                mtime REAL NOT NULL, hash TEXT NOT NULL, format TEXT NOT NULL, lossy INTEGER NOT NULL,
                text TEXT NOT NULL, title TEXT NOT NULL);
            -- A passage is a range of its document's text (Unicode-scalar offsets, which are
            -- SQLite's character offsets too); its words live only in the FTS index.
            CREATE TABLE passages (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, end INTEGER NOT NULL,
                section TEXT NOT NULL);  -- heading path of the section the passage starts in
            CREATE INDEX passages_by_document ON passages(document_id);
            -- Dense vectors (int8 codes and a scale) of the encoder named in meta 'encoder'.
            CREATE TABLE passage_vectors (
                passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
                scale REAL NOT NULL, codes BLOB NOT NULL);
            -- Contentless: the text is stored once, in documents; deleting a passage from the
            -- index hands FTS5 the passage's text again (see removeDocument).
            -- The document's title and the passage's section are columns of their own, weighted
            -- in bm25() (see ColumnWeights).
            CREATE VIRTUAL TABLE passages_fts USING fts5(
                title, section, text, content = '', tokenize = 'porter unicode61 remove_diacritics 2');
            INSERT INTO passages_fts(passages_fts, rank) VALUES ('automerge', 8);
            INSERT INTO meta VALUES ('app', 'albertqa'), ('schema_version', '\(schemaVersion)'), ('chunking', '\(chunkingKey)');
            COMMIT;
            """)
    }

    private func configureConnection() throws {
        try database.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;")
    }

    // MARK: Updating

    /// Brings the index up to date with the folder: new and changed files are (re)loaded and
    /// chunked, deleted ones removed; files whose size and mtime are unchanged are not read.
    public func update(progress: ((IndexProgress) -> Void)? = nil, isCancelled: () -> Bool = { false }) throws -> IndexReport {
        do {
            return try performUpdate(progress: progress, isCancelled: isCancelled)
        } catch let error as SQLiteError where error.isCorruption {
            // Damaged while open: start over once, from an empty index.
            database = try SQLiteDatabase(path: ":memory:")
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: databaseURL.path + suffix) }
            (database, _) = try Self.openValidated(databaseURL, chunking: chunking)
            rebuiltBecause = "the index \(databaseURL.path) was rebuilt because it was damaged"
            var report = try performUpdate(progress: progress, isCancelled: isCancelled)
            report.rebuiltBecause = rebuiltBecause
            return report
        }
    }

    private struct KnownDocument {
        var id: Int64
        var size: Int
        var mtime: Double
        var hash: String
    }

    private func performUpdate(progress: ((IndexProgress) -> Void)?, isCancelled: () -> Bool) throws -> IndexReport {
        try configureConnection()
        let started = Date()
        var report = IndexReport()
        report.rebuiltBecause = rebuiltBecause
        let walk = try FolderWalker.walk(folder, excluding: [databaseURL.path, databaseURL.path + "-wal", databaseURL.path + "-shm", databaseURL.path + "-journal"])
        report.skipped = walk.skipped

        var known: [String: KnownDocument] = [:]
        let list = try database.prepare("SELECT id, path, size, mtime, hash FROM documents")
        while try list.step() {
            known[list.text(1)] = KnownDocument(id: list.int(0), size: Int(list.int(2)), mtime: list.double(3), hash: list.text(4))
        }
        let seen = Set(walk.files.map(\.relativePath))
        // Only new files and files whose size or mtime changed are read.
        let toLoad = walk.files.filter { file in
            guard let previous = known[file.relativePath] else { return true }
            return previous.size != file.size || previous.mtime != file.modified
        }
        report.unchanged = walk.files.count - toLoad.count

        let statements = try Statements(database)
        // Reading, decoding and chunking run one document ahead on another core while this
        // thread writes to SQLite.
        let pipeline = PreparationPipeline(files: toLoad, chunking: chunking)
        var done = report.unchanged
        var cancelled = false
        while !cancelled, let firstInBatch = pipeline.next() {
            var prepared: PreparedDocument? = firstInBatch
            var filesInBatch = 0
            var bytesInBatch = 0
            try database.transaction {
                while let document = prepared {
                    if isCancelled() {
                        cancelled = true
                        return
                    }
                    try store(document, known: known[document.file.relativePath], statements, &report)
                    done += 1
                    filesInBatch += 1
                    bytesInBatch += document.file.size
                    progress?(IndexProgress(filesDone: done, filesTotal: walk.files.count, bytesDone: report.bytesRead,
                                            seconds: Date().timeIntervalSince(started)))
                    if filesInBatch >= batchFiles || bytesInBatch >= batchBytes { return }
                    prepared = pipeline.next()
                }
            }
        }
        pipeline.cancel()
        report.cancelled = cancelled
        if !cancelled {
            // Files that are gone leave the index.
            try database.transaction {
                for (path, document) in known where !seen.contains(path) {
                    try removeDocument(document.id, statements)
                    report.removed += 1
                }
            }
            if report.added + report.updated + report.removed > 0 {
                try? database.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
            }
        }
        (report.documents, report.passages) = try counts()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Writes one prepared document (or drops a known one that can no longer be read).
    private func store(_ document: PreparedDocument, known previous: KnownDocument?, _ statements: Statements, _ report: inout IndexReport) throws {
        let file = document.file
        guard let text = document.text else {
            if let skip = document.skipped { report.skipped.append(skip) }
            if let previous {
                try removeDocument(previous.id, statements)
                report.removed += 1
            }
            return
        }
        report.bytesRead += file.size
        if let previous, previous.hash == document.hash {
            // Touched without change: remember the new mtime, keep the passages.
            try statements.touchDocument.run([.integer(previous.id), .integer(Int64(file.size)), .real(file.modified)])
            report.unchanged += 1
            return
        }
        if let previous { try removeDocument(previous.id, statements) }
        if document.lossy { report.lossy.append(file.relativePath) }
        try statements.insertDocument.run([.text(file.relativePath), .integer(Int64(file.size)), .real(file.modified),
                                           .text(document.hash), .text(file.format.rawValue), .integer(document.lossy ? 1 : 0), .text(text),
                                           .text(document.title)])
        let documentID = database.lastInsertID
        for passage in document.passages {
            try statements.insertPassage.run([.integer(documentID), .integer(Int64(passage.range.lowerBound)), .integer(Int64(passage.range.upperBound)),
                                              .text(passage.section)])
            try statements.indexPassage.run([.integer(database.lastInsertID), .text(document.title), .text(passage.section), .text(passage.text)])
        }
        if previous == nil { report.added += 1 } else { report.updated += 1 }
    }

    /// Removes a document, its passages and their index entries (a contentless FTS5 table
    /// forgets a row only when given the row's text again).
    private func removeDocument(_ id: Int64, _ statements: Statements) throws {
        try statements.passagesOfDocument.bind([.integer(id)])
        var rows: [(Int64, String, String, String)] = []
        let list = statements.passagesOfDocument
        while try list.step() {
            rows.append((list.int(0), list.text(1), list.text(2), list.text(3)))
        }
        for (passageID, title, section, text) in rows {
            try statements.unindexPassage.run([.integer(passageID), .text(title), .text(section), .text(text)])
        }
        try statements.deletePassages.run([.integer(id)])
        try statements.deleteDocument.run([.integer(id)])
    }

    /// The statements an update runs many times, prepared once.
    private struct Statements {
        let insertDocument, insertPassage, indexPassage, unindexPassage: SQLiteDatabase.Statement
        let passagesOfDocument, deletePassages, deleteDocument, touchDocument: SQLiteDatabase.Statement

        init(_ database: SQLiteDatabase) throws {
            insertDocument = try database.prepare("INSERT INTO documents (path, size, mtime, hash, format, lossy, text, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            insertPassage = try database.prepare("INSERT INTO passages (document_id, start, end, section) VALUES (?1, ?2, ?3, ?4)")
            indexPassage = try database.prepare("INSERT INTO passages_fts (rowid, title, section, text) VALUES (?1, ?2, ?3, ?4)")
            unindexPassage = try database.prepare("INSERT INTO passages_fts (passages_fts, rowid, title, section, text) VALUES ('delete', ?1, ?2, ?3, ?4)")
            passagesOfDocument = try database.prepare(
                "SELECT p.id, d.title, p.section, substr(d.text, p.start + 1, p.end - p.start) FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.document_id = ?1")
            deletePassages = try database.prepare("DELETE FROM passages WHERE document_id = ?1")
            deleteDocument = try database.prepare("DELETE FROM documents WHERE id = ?1")
            touchDocument = try database.prepare("UPDATE documents SET size = ?2, mtime = ?3 WHERE id = ?1")
        }
    }

    // MARK: Reading

    public func counts() throws -> (documents: Int, passages: Int) {
        let statement = try database.prepare("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages)")
        _ = try statement.step()
        return (Int(statement.int(0)), Int(statement.int(1)))
    }

    /// The `limit` passages BM25 ranks best for `question` (none for a question without words),
    /// over the title, section and text columns weighted by `columnWeights`.
    public func search(_ question: String, limit: Int = 20) throws -> [PassageHit] {
        guard let expression = QueryBuilder.matchExpression(question), limit > 0 else { return [] }
        let weights = columnWeights
        let statement = try database.prepare("""
            SELECT p.id, d.path, p.start, p.end, substr(d.text, p.start + 1, p.end - p.start), -f.score, d.title, p.section
            FROM (SELECT rowid, bm25(passages_fts, \(weights.title), \(weights.section), \(weights.text)) AS score
                  FROM passages_fts WHERE passages_fts MATCH ?1 ORDER BY score LIMIT ?2) AS f
            JOIN passages AS p ON p.id = f.rowid
            JOIN documents AS d ON d.id = p.document_id
            ORDER BY f.score
            """)
        try statement.bind([.text(expression), .integer(Int64(limit))])
        var hits: [PassageHit] = []
        while try statement.step() {
            hits.append(PassageHit(passageID: statement.int(0), documentPath: statement.text(1),
                                   range: Int(statement.int(2))..<Int(statement.int(3)),
                                   text: statement.text(4), score: statement.double(5), scoreKind: .bm25,
                                   title: statement.text(6), section: statement.text(7)))
        }
        return hits
    }

    /// One passage's text by id.
    public func passageText(id: Int64) throws -> String? {
        let statement = try database.prepare(
            "SELECT substr(d.text, p.start + 1, p.end - p.start) FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id = ?1")
        try statement.bind([.integer(id)])
        return try statement.step() ? statement.text(0) : nil
    }

    /// A document's indexed text (the text all offsets refer to).
    public func documentText(path: String) throws -> String? {
        let statement = try database.prepare("SELECT text FROM documents WHERE path = ?1")
        try statement.bind([.text(path)])
        return try statement.step() ? statement.text(0) : nil
    }

    /// Every indexed document path, sorted.
    public func documentPaths() throws -> [String] {
        let statement = try database.prepare("SELECT path FROM documents ORDER BY path")
        var paths: [String] = []
        while try statement.step() { paths.append(statement.text(0)) }
        return paths
    }
}

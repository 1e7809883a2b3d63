import Documents
import Foundation

/// A folder's documents, cut into passages and kept in one SQLite database with an FTS5 index
/// (porter stemming over unicode61, diacritics removed) for BM25 ranking. Updates are
/// incremental and done in batches of one transaction each, so an interrupted run leaves a
/// consistent index that the next run completes. One instance per thread (SQLite's WAL mode
/// lets a searcher and an indexer work side by side).
public final class PassageIndex {
    public static let schemaVersion = "1"

    public let folder: URL
    public let databaseURL: URL
    public let chunking: ChunkingOptions
    /// Why the database was rebuilt on opening, if it was.
    public private(set) var rebuiltBecause: String?
    private var database: SQLiteDatabase

    /// Files per transaction; a batch also ends after `batchBytes` of text.
    var batchFiles = 500
    var batchBytes = 32_000_000

    public init(folder: URL, databaseURL: URL? = nil, chunking: ChunkingOptions = .init()) throws {
        self.folder = folder.standardizedFileURL
        self.databaseURL = databaseURL ?? IndexLocation.defaultURL(for: folder)
        self.chunking = chunking
        try FileManager.default.createDirectory(at: self.databaseURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        (database, rebuiltBecause) = try Self.openValidated(self.databaseURL, chunking: chunking)
    }

    var chunkingKey: String { "\(chunking.maxWords)/\(chunking.overlapSentences)/\(chunking.minWords)" }

    // MARK: Opening, validating, rebuilding

    private static func openValidated(_ url: URL, chunking: ChunkingOptions) throws -> (SQLiteDatabase, String?) {
        let key = "\(chunking.maxWords)/\(chunking.overlapSentences)/\(chunking.minWords)"
        var reason: String?
        do {
            let database = try SQLiteDatabase(path: url.path)
            let tables = try Self.tableNames(database)
            if tables.isEmpty {
                try createSchema(database, chunkingKey: key)
                return (database, nil)
            }
            if tables.contains("meta") {
                let meta = try Self.meta(database)
                if meta["app"] == "albertqa", meta["schema_version"] == schemaVersion, meta["chunking"] == key {
                    _ = try database.prepare("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'x'").step()
                    return (database, nil)
                }
                if meta["app"] == "albertqa" {
                    reason = meta["schema_version"] != schemaVersion
                        ? "it was written by another version of AlbertQA" : "the passage settings changed"
                }
            }
            if reason == nil {
                throw SQLiteError(code: 0, message: "\(url.path) is a database of something else, not an AlbertQA index; choose another --index")
            }
        } catch let error as SQLiteError where error.isCorruption {
            reason = "it was damaged (\(error.message.components(separatedBy: ": ").last ?? "corrupt"))"
        } catch let error as SQLiteError where error.code == 0 {
            throw error
        } catch let error as SQLiteError {
            reason = "it could not be read (\(error.message))"
        }
        guard isOurs(url) || reason?.contains("another version") == true || reason?.contains("settings") == true else {
            throw SQLiteError(code: 0, message: "\(url.path) is not an AlbertQA index and cannot be read; remove it or choose another --index")
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: url.path + suffix)
        }
        let database = try SQLiteDatabase(path: url.path)
        try createSchema(database, chunkingKey: key)
        return (database, "the index \(url.path) was rebuilt because \(reason ?? "it was unusable")")
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
                text TEXT NOT NULL);
            CREATE TABLE passages (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL);
            CREATE INDEX passages_by_document ON passages(document_id);
            CREATE VIRTUAL TABLE passages_fts USING fts5(
                text, content = 'passages', content_rowid = 'id',
                tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TRIGGER passages_added AFTER INSERT ON passages BEGIN
                INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER passages_removed AFTER DELETE ON passages BEGIN
                INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            INSERT INTO meta VALUES ('app', 'albertqa'), ('schema_version', '\(schemaVersion)'), ('chunking', '\(chunkingKey)');
            COMMIT;
            """)
    }

    private func configureConnection() throws {
        try database.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
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

        let insertDocument = try database.prepare("INSERT INTO documents (path, size, mtime, hash, format, lossy, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        let insertPassage = try database.prepare("INSERT INTO passages (document_id, start, end, text) VALUES (?1, ?2, ?3, ?4)")
        let deleteDocument = try database.prepare("DELETE FROM documents WHERE id = ?1")
        let deletePassages = try database.prepare("DELETE FROM passages WHERE document_id = ?1")
        let touchDocument = try database.prepare("UPDATE documents SET size = ?2, mtime = ?3 WHERE id = ?1")

        func remove(_ id: Int64) throws {
            try deletePassages.run([.integer(id)])
            try deleteDocument.run([.integer(id)])
        }

        var seen = Set<String>()
        var index = 0
        let files = walk.files
        while index < files.count, !report.cancelled {
            var batchBytesRead = 0
            let batchStart = index
            try database.transaction {
                while index < files.count, index - batchStart < batchFiles, batchBytesRead < batchBytes {
                    if isCancelled() {
                        report.cancelled = true
                        return
                    }
                    let file = files[index]
                    index += 1
                    seen.insert(file.relativePath)
                    let previous = known[file.relativePath]
                    if let previous, previous.size == file.size, previous.mtime == file.modified {
                        report.unchanged += 1
                        continue
                    }
                    switch DocumentLoader.load(file) {
                    case let .skipped(skip):
                        report.skipped.append(skip)
                        if let previous { try remove(previous.id); report.removed += 1 }
                    case let .loaded(document):
                        report.bytesRead += file.size
                        batchBytesRead += file.size
                        let hash = ContentHash.hex(document.text)
                        if let previous, previous.hash == hash {
                            try touchDocument.run([.integer(previous.id), .integer(Int64(file.size)), .real(file.modified)])
                            report.unchanged += 1
                            continue
                        }
                        if let previous { try remove(previous.id) }
                        if document.lossy { report.lossy.append(file.relativePath) }
                        try insertDocument.run([.text(file.relativePath), .integer(Int64(file.size)), .real(file.modified),
                                                .text(hash), .text(file.format.rawValue), .integer(document.lossy ? 1 : 0), .text(document.text)])
                        let documentID = database.lastInsertID
                        let text = ScalarText(document.text)
                        for range in Chunker.chunk(document.text, options: chunking) {
                            try insertPassage.run([.integer(documentID), .integer(Int64(range.lowerBound)),
                                                   .integer(Int64(range.upperBound)), .text(text[range])])
                        }
                        if previous == nil { report.added += 1 } else { report.updated += 1 }
                    }
                    progress?(IndexProgress(filesDone: index, filesTotal: files.count, bytesDone: report.bytesRead,
                                            seconds: Date().timeIntervalSince(started)))
                }
            }
        }
        if !report.cancelled {
            // Files that are gone (or no longer readable as documents) leave the index.
            try database.transaction {
                for (path, document) in known where !seen.contains(path) {
                    try remove(document.id)
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

    // MARK: Reading

    public func counts() throws -> (documents: Int, passages: Int) {
        let statement = try database.prepare("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages)")
        _ = try statement.step()
        return (Int(statement.int(0)), Int(statement.int(1)))
    }

    /// The `limit` passages BM25 ranks best for `question` (none for a question without words).
    public func search(_ question: String, limit: Int = 20) throws -> [PassageHit] {
        guard let expression = QueryBuilder.matchExpression(question), limit > 0 else { return [] }
        let statement = try database.prepare("""
            SELECT p.id, d.path, p.start, p.end, p.text, -f.rank
            FROM (SELECT rowid, rank FROM passages_fts WHERE passages_fts MATCH ?1 ORDER BY rank LIMIT ?2) AS f
            JOIN passages AS p ON p.id = f.rowid
            JOIN documents AS d ON d.id = p.document_id
            ORDER BY f.rank
            """)
        try statement.bind([.text(expression), .integer(Int64(limit))])
        var hits: [PassageHit] = []
        while try statement.step() {
            hits.append(PassageHit(passageID: statement.int(0), documentPath: statement.text(1),
                                   range: Int(statement.int(2))..<Int(statement.int(3)),
                                   text: statement.text(4), score: statement.double(5)))
        }
        return hits
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

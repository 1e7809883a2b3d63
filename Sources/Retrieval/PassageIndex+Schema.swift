import CSQLite
import Foundation

/// The schema, its version, and rebuilding.
///
/// Changing the schema: edit `createSchema` and bump `schemaVersion`. An index whose
/// `user_version` differs (or whose passage settings differ) is rebuilt on opening — emptied in
/// place and re-indexed — so no migration code is needed; it is a cache of the folder.
extension PassageIndex {
    /// Stored as SQLite's `user_version`. 3: application id, paths as bytes, remembered skips.
    /// 4: PDF text keeps its form feeds (page numbers for answers).
    /// 5: document titles and passage sections (their own FTS5 columns), passage vectors.
    /// 6: table rows and their cells (`table_rows`), for answers' cell places and spans kept
    /// within one row; documents' remarks (`redecoded`, `notes`) kept for every later report.
    /// 7: a document a message of an mbox: documents keyed by (`path`, `message`), shown and
    /// looked up by `name` (`inbox.mbox#3`, `DocumentName`).
    public static let schemaVersion: Int32 = 7

    static func createSchema(_ database: SQLiteDatabase, chunkingKey: String) throws {
        try database.transaction { try database.execute(schemaSQL(chunkingKey: chunkingKey)) }
    }

    /// The schema's statements, to run inside one transaction (with the header's ids).
    static func schemaSQL(chunkingKey: String) -> String {
        """
            PRAGMA application_id = \(IndexFile.applicationID);
            PRAGMA user_version = \(schemaVersion);
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            -- path: the file's path relative to the folder, as the file system's bytes (names
            -- differing only in Unicode normalisation are two files; names need not be UTF-8).
            -- A file is one document (message 0), an mbox one a message (message = its 1-based
            -- number; size, mtime and hash are the file's, so its messages change together).
            -- name: how the document is shown, cited and looked up (DocumentName): the path, or
            -- `path#N` for a message. Not unique: a file may be named `inbox.mbox#3` too.
            CREATE TABLE documents (
                id INTEGER PRIMARY KEY, path BLOB NOT NULL, message INTEGER NOT NULL DEFAULT 0,
                name BLOB NOT NULL, size INTEGER NOT NULL,
                mtime REAL NOT NULL, hash TEXT NOT NULL, format TEXT NOT NULL, lossy INTEGER NOT NULL,
                text TEXT NOT NULL, title TEXT NOT NULL,
                redecoded TEXT,                 -- the charset guessed (Windows-1252, UTF-16LE…), NULL when none was
                notes TEXT NOT NULL DEFAULT '', -- what reading left out, one remark a line
                UNIQUE (path, message));
            CREATE INDEX documents_by_name ON documents(name);
            -- A passage is a range of its document's text (Unicode-scalar offsets, which are
            -- SQLite's character offsets too); its words live only in the FTS index.
            CREATE TABLE passages (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, end INTEGER NOT NULL,
                section TEXT NOT NULL);  -- heading path of the section the passage's body is in
            CREATE INDEX passages_by_document ON passages(document_id);
            -- A table row's paragraph in its document's text, which table it is in ('sheet:'
            -- and the sheet's name, 'file', 'table:' and its number), its row number, and its
            -- cells ("start+length:column;…", offsets from the row's start): see TableRowPlace.
            CREATE TABLE table_rows (
                document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                start INTEGER NOT NULL, end INTEGER NOT NULL,
                place TEXT NOT NULL, row INTEGER NOT NULL, cells TEXT NOT NULL);
            CREATE INDEX table_rows_by_document ON table_rows(document_id, start);
            -- Dense vectors (int8 codes and a scale) of the encoder named in meta 'encoder',
            -- deleted with their passage: only new or changed passages are encoded again.
            CREATE TABLE passage_vectors (
                passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
                scale REAL NOT NULL, codes BLOB NOT NULL);
            -- Contentless: the text is stored once, in documents; deleting a passage from the
            -- index hands FTS5 the passage's text again (see removeDocument).
            -- The document's title and the passage's section are columns of their own, weighted
            -- in bm25() (see ColumnWeights).
            CREATE VIRTUAL TABLE passages_fts USING fts5(
                title, section, text, content = '', tokenize = '\(PassageIndex.tokenizer)');
            INSERT INTO passages_fts(passages_fts, rank) VALUES ('automerge', 8);
            -- Files skipped for their content (binary, blank), remembered by size and mtime so
            -- that a search does not read them again until they change.
            CREATE TABLE skipped_files (
                path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL,
                reason TEXT NOT NULL, detail TEXT);
            INSERT INTO meta VALUES ('app', 'albertqa'), ('chunking', '\(chunkingKey)');
            """
    }

    /// Why the open database cannot be used as it is (nil when it can). Throws when it is not
    /// an AlbertQA index after all.
    func validate() throws -> String? {
        do {
            let applicationID = try database.integer("PRAGMA application_id")
            let version = try database.integer("PRAGMA user_version")
            let meta = try tableNames().contains("meta") ? try self.meta() : [:]
            guard meta["app"] == "albertqa" else {
                throw RetrievalError.notAnIndex(path: path, .notAlbertQA)
            }
            if applicationID != Int64(IndexFile.applicationID) { return "it was written by an older version of AlbertQA" }
            if version != Int64(Self.schemaVersion) { return "it was written by another version of AlbertQA" }
            if meta["chunking"] != chunking.key { return "the passage settings changed" }
            _ = try database.prepare("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'x'").step()
            return nil
        } catch let error as RetrievalError where error.isCorruption {
            return error.damageReason
        }
    }

    private func tableNames() throws -> Set<String> {
        let statement = try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        var names = Set<String>()
        while try statement.step() { names.insert(statement.text(0)) }
        return names
    }

    private func meta() throws -> [String: String] {
        let statement = try database.prepare("SELECT key, value FROM meta")
        var values: [String: String] = [:]
        while try statement.step() { values[statement.text(0)] = statement.text(1) }
        return values
    }

    /// Empties the index in place and writes a fresh schema; the caller holds the writer lock.
    /// In place, through SQLite, rather than deleting the file: another process may have it
    /// open, and SQLite's last connection to a deleted file would delete the new file's WAL by
    /// name. A readable file loses its tables in one transaction (the application id never
    /// leaves the header, and the new schema is written in the same transaction); a damaged one
    /// is reset with SQLITE_DBCONFIG_RESET_DATABASE + VACUUM, then given the schema.
    func rebuild(because reason: String) throws {
        do {
            try database.execute("PRAGMA foreign_keys = OFF")
            defer { try? database.execute("PRAGMA foreign_keys = ON") }
            try database.transaction {
                let virtual = try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
                var names: [String] = []
                while try virtual.step() { names.append(virtual.text(0)) }
                for name in names { try database.execute("DROP TABLE IF EXISTS \"\(name)\"") }
                let tables = try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                names = []
                while try tables.step() { names.append(tables.text(0)) }
                for name in names { try database.execute("DROP TABLE IF EXISTS \"\(name)\"") }
                try database.execute(Self.schemaSQL(chunkingKey: chunking.key))
            }
            try? database.execute("VACUUM")  // give the old pages back; not needed for correctness
        } catch let error as RetrievalError where error.isCorruption {
            albertqa_sqlite3_reset_database(database.handle, 1)
            try database.execute("VACUUM")
            albertqa_sqlite3_reset_database(database.handle, 0)
            try Self.createSchema(database, chunkingKey: chunking.key)
        }
        try configureConnection()
        // The header (application id, schema version) is on page 1, which WAL mode keeps in the
        // -wal file until a checkpoint; `IndexFile.inspect` reads the main file.
        try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        // An index made before this version may have been world-readable; it is ours: 0600.
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            if lstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG { chmod(file, PrivateFile.fileMode) }
        }
        rebuiltBecause = "the index \(path) was rebuilt because \(reason)"
    }
}

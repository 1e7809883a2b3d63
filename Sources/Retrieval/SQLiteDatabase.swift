import CSQLite
import Foundation

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A small wrapper over one SQLite connection: execute, prepare, bind, step.
final class SQLiteDatabase {
    let handle: OpaquePointer
    let path: String

    /// Opens an existing database file. Never creates one: new indexes are made by
    /// `IndexFile.create`, which writes them under a temporary name with 0600 permissions and
    /// links them into place only once they carry AlbertQA's application id. Symbolic links are
    /// refused (SQLite would otherwise write `-wal`/`-shm` files next to the link's target).
    init(existingFile path: String, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_URI
        let status = sqlite3_open_v2(Self.uri(path, readOnly: readOnly), &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw RetrievalError.sqlite(path: path, code: status, message: message)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        // Another process's writes are waited for (updates are serialised by `IndexLock`, so
        // this covers only checkpoints and the short schema transactions).
        sqlite3_busy_timeout(db, 10_000)
    }

    /// A private in-memory database (used while a damaged file is replaced).
    init(inMemory: Void) throws {
        var db: OpaquePointer?
        let status = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let db else { throw RetrievalError.sqlite(path: nil, code: status, message: "cannot open an in-memory database") }
        handle = db
        path = ":memory:"
    }

    /// A `file:` URI for `path` (so that `?`, `#` and `%` in a name are never parameters).
    /// `immutable=1` for read-only inspection: no locks, no `-wal`/`-shm`, nothing written.
    static func uri(_ path: String, readOnly: Bool) -> String {
        var encoded = "file:"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return readOnly ? encoded + "?immutable=1" : encoded
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ status: Int32) -> RetrievalError {
        .sqlite(path: path, code: status, message: String(cString: sqlite3_errmsg(handle)))
    }

    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error \(status)"
            sqlite3_free(message)
            throw RetrievalError.sqlite(path: path, code: status, message: text)
        }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status) }
        return Statement(database: self, handle: statement)
    }

    /// The single integer a pragma or query returns.
    func integer(_ sql: String) throws -> Int64 {
        let statement = try prepare(sql)
        return try statement.step() ? statement.int(0) : 0
    }

    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// `BEGIN IMMEDIATE` takes the write lock at once, so two writers never both read and then
    /// collide on commit.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    final class Statement {
        let database: SQLiteDatabase
        let handle: OpaquePointer

        init(database: SQLiteDatabase, handle: OpaquePointer) {
            self.database = database
            self.handle = handle
        }

        deinit { sqlite3_finalize(handle) }

        /// Binds the values to ?1, ?2, … (resetting the statement first). Text and blobs are
        /// bound by their byte length, never as C strings: a NUL inside a value is kept.
        @discardableResult
        func bind(_ values: [SQLiteValue]) throws -> Statement {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            for (offset, value) in values.enumerated() {
                let index = Int32(offset + 1)
                let status: Int32
                switch value {
                case .null: status = sqlite3_bind_null(handle, index)
                case let .integer(v): status = sqlite3_bind_int64(handle, index, v)
                case let .real(v): status = sqlite3_bind_double(handle, index, v)
                case var .text(v):
                    status = v.withUTF8 { bytes in
                        guard let base = bytes.baseAddress, bytes.count > 0 else {
                            return sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT)  // empty text, not NULL
                        }
                        return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                            sqlite3_bind_text64(handle, index, $0, sqlite3_uint64(bytes.count), SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
                        }
                    }
                case let .blob(bytes):
                    status = bytes.withUnsafeBytes { raw in
                        sqlite3_bind_blob64(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, sqlite3_uint64(raw.count), SQLITE_TRANSIENT)
                    }
                }
                guard status == SQLITE_OK else { throw database.error(status) }
            }
            return self
        }

        /// Steps once: true when a row is ready.
        func step() throws -> Bool {
            let status = sqlite3_step(handle)
            switch status {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw database.error(status)
            }
        }

        /// Runs a statement that returns no rows.
        func run(_ values: [SQLiteValue] = []) throws {
            try bind(values)
            while try step() {}
        }

        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
        func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
        /// Whether the column holds a REAL (not NULL — SQLite's NaN —, an integer, text or a blob).
        func isReal(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_FLOAT }
        /// A text column, read by its byte length (NULs and all).
        func text(_ column: Int32) -> String {
            guard let pointer = sqlite3_column_text(handle, column) else { return "" }
            let length = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        /// A blob column's bytes.
        func blob(_ column: Int32) -> [UInt8] {
            guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
            let length = Int(sqlite3_column_bytes(handle, column))
            return Array(UnsafeRawBufferPointer(start: pointer, count: length))
        }
    }
}

enum SQLiteValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

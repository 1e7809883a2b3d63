import CSQLite
import Foundation

/// An SQLite failure, with SQLite's own message and result code.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public var description: String { message }

    /// The database file itself is damaged or not a database.
    public var isCorruption: Bool { code & 0xFF == SQLITE_CORRUPT || code & 0xFF == SQLITE_NOTADB }
}

/// A failure of the index that is not SQLite's own (a file that is not ours, nothing to search).
public struct IndexError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A small wrapper over one SQLite connection: execute, prepare, bind, step.
final class SQLiteDatabase {
    let handle: OpaquePointer
    let path: String

    init(path: String) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw SQLiteError(code: status, message: "\(path): \(message)")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ status: Int32) -> SQLiteError {
        SQLiteError(code: status, message: "\(path): \(String(cString: sqlite3_errmsg(handle)))")
    }

    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error \(status)"
            sqlite3_free(message)
            throw SQLiteError(code: status, message: "\(path): \(text)")
        }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status) }
        return Statement(database: self, handle: statement)
    }

    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
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

        /// Binds the values to ?1, ?2, … (resetting the statement first).
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
                case let .text(v): status = sqlite3_bind_text(handle, index, v, -1, SQLITE_TRANSIENT)
                case let .blob(v): status = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
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

        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
        func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
        func text(_ column: Int32) -> String {
            guard let pointer = sqlite3_column_text(handle, column) else { return "" }
            let length = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        func blob(_ column: Int32) -> [UInt8] {
            guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column))))
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

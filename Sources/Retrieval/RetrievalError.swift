import CSQLite
import Foundation

/// A failure of the index: SQLite's own (with its result code, so a damaged file can be told
/// from others and rebuilt) and AlbertQA's refusals and file errors, one enum for the module.
/// The cases carry the path and the reason; `description` renders each one-line message.
public enum RetrievalError: Error, CustomStringConvertible, LocalizedError, Sendable, Equatable {
    /// SQLite failed: the database (nil where SQLite's file layer or an in-memory database was
    /// used directly), its extended result code and its (or the system's) message.
    case sqlite(path: String?, code: Int32, message: String)
    /// A path that is not an AlbertQA index (or free room for one): left alone.
    case notAnIndex(path: String, NotAnIndex)
    /// An index path in a folder that does not exist.
    case missingFolder(path: String, folder: String)
    /// An index path with a part that is a file, not a folder.
    case pathPartNotAFolder(path: String)
    /// An index path that cannot be examined: the system's reason.
    case uninspectable(path: String, reason: String)
    case cannotCreateIndex(path: String, reason: String)
    case cannotCreateFolder(path: String, reason: String)
    /// A folder on the way to `path` is a file (`part`).
    case folderPartIsAFile(path: String, part: String)
    case cannotCreateFile(path: String, reason: String)
    /// A private file (the lock, a state file) that is not a regular file.
    case notRegularFile(path: String)
    case cannotWrite(path: String, reason: String)
    case cannotOpenLock(path: String, reason: String)
    case cannotLock(path: String, reason: String)
    /// A search benchmark without queries.
    case noQueriesToTime
    /// A search benchmark over an empty index.
    case noPassagesToSearch
    /// An encoder that returned another number of vectors than it was given texts.
    case vectorCount(encoder: String, vectors: Int, texts: Int)

    public var description: String {
        switch self {
        case let .sqlite(path?, _, message): "\(path): \(message)"
        case let .sqlite(nil, _, message): message
        case let .notAnIndex(path, what): "\(path) \(what); AlbertQA leaves it alone: choose another --index"
        case let .missingFolder(path, folder): "\(path): the folder \(folder) does not exist"
        case let .pathPartNotAFolder(path): "\(path): a part of the path is not a folder"
        case let .uninspectable(path, reason): "\(path): \(reason)"
        case let .cannotCreateIndex(path, reason): "cannot create the index \(path): \(reason)"
        case let .cannotCreateFolder(path, reason): "cannot create the folder \(path): \(reason)"
        case let .folderPartIsAFile(path, part): "cannot create the folder \(path): \(part) is not a folder"
        case let .cannotCreateFile(path, reason): "cannot create \(path): \(reason)"
        case let .notRegularFile(path): "\(path) is not a regular file; AlbertQA leaves it alone"
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        case let .cannotOpenLock(path, reason): "cannot open the lock file \(path): \(reason)"
        case let .cannotLock(path, reason): "cannot lock \(path): \(reason)"
        case .noQueriesToTime: "no queries to time"
        case .noPassagesToSearch: "the index has no passages to search"
        case let .vectorCount(encoder, vectors, texts): "the encoder \(encoder) returned \(vectors) vectors for \(texts) texts"
        }
    }

    public var errorDescription: String? { description }

    /// SQLite says the database file itself is damaged or not a database.
    public var isCorruption: Bool {
        guard case let .sqlite(_, code, _) = self else { return false }
        return code & 0xFF == SQLITE_CORRUPT || code & 0xFF == SQLITE_NOTADB
    }

    /// Why a damaged index is rebuilt, for the rebuild's report: SQLite's words.
    var damageReason: String {
        guard case let .sqlite(_, _, message) = self else { return "it was damaged (corrupt)" }
        return "it was damaged (\(message.components(separatedBy: ": ").last ?? "corrupt"))"
    }
}

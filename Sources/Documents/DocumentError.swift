import Foundation

/// A folder of documents that cannot be walked: the cases carry the path, `description`
/// renders the one-line message naming it.
public enum DocumentError: Error, CustomStringConvertible, LocalizedError, Sendable, Equatable {
    /// The folder does not exist.
    case noSuchFolder(FileSystemPath)
    /// The folder cannot be examined (permission, I/O): the path and the system's reason.
    case unreadableFolder(FileSystemPath, reason: String)
    /// The path is a file or another non-folder.
    case notAFolder(FileSystemPath)

    public var description: String {
        switch self {
        case let .noSuchFolder(path): "\(path): no such folder"
        case let .unreadableFolder(path, reason): "\(path): \(reason)"
        case let .notAFolder(path): "\(path): not a folder"
        }
    }

    public var errorDescription: String? { description }
}

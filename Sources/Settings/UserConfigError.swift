import Foundation

/// A configuration file that cannot be used: the cases carry the file, the line and the
/// value; `description` renders the one line `file:line: what is wrong`.
public enum UserConfigError: Error, CustomStringConvertible, LocalizedError, Sendable, Equatable {
    /// `stat` failed for a reason other than absence: the system's reason.
    case unreadable(file: String, reason: String)
    case notRegularFile(file: String)
    case tooLarge(file: String, limitBytes: Int)
    case cannotBeRead(file: String)
    case notUTF8(file: String)
    /// A line that is not `key = value` (its text, trimmed).
    case notKeyValue(file: String, line: Int, text: String)
    /// A key the file may not hold, as written (lowercased).
    case unknownKey(file: String, line: Int, name: String)
    case noValue(file: String, line: Int, name: String)
    /// A value `key` does not accept; `name` is the key as written (`top` for answers).
    case invalidValue(file: String, line: Int, key: UserConfig.Key, name: String, value: String)
    /// A value the command line's option rejects: where it was set (`file:line`) and its reason.
    case rejectedValue(origin: String, reason: String)
    /// A `model` that is not a folder: where it was set (`file:line`) and the path.
    case noModelDirectory(origin: String, path: String)

    public var description: String { "\(location): \(problem)" }

    public var errorDescription: String? { description }

    /// `file` or `file:line`.
    private var location: String {
        switch self {
        case let .unreadable(file, _), let .notRegularFile(file), let .tooLarge(file, _), let .cannotBeRead(file), let .notUTF8(file):
            file
        case let .notKeyValue(file, line, _), let .unknownKey(file, line, _), let .noValue(file, line, _),
             let .invalidValue(file, line, _, _, _):
            "\(file):\(line)"
        case let .rejectedValue(origin, _), let .noModelDirectory(origin, _):
            origin
        }
    }

    private var problem: String {
        switch self {
        case let .unreadable(_, reason): reason
        case .notRegularFile: "is not a regular file"
        case let .tooLarge(_, limit): "is over \(limit / 1024) KB, not a configuration file"
        case .cannotBeRead: "cannot be read"
        case .notUTF8: "is not UTF-8 text"
        case let .notKeyValue(_, _, text): "expected key = value, got '\(text.prefix(60))'"
        case let .unknownKey(_, _, name):
            "unknown key '\(name.prefix(40))' (keys: \(UserConfig.Key.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .noValue(_, _, name): "\(name) has no value"
        case let .invalidValue(_, _, key, name, value): "\(Self.requirement(key, name: name)), not '\(value.prefix(40))'"
        case let .rejectedValue(_, reason): reason
        case let .noModelDirectory(_, path): "model: no such model directory \(path)"
        }
    }

    /// What `key` accepts, in the words of its message.
    private static func requirement(_ key: UserConfig.Key, name: String) -> String {
        switch key {
        case .precision: "precision must be \(UserConfig.precisions.joined(separator: ", "))"
        case .answers: "\(name) must be a whole number in 1...\(UserConfig.answersRange.upperBound)"
        case .passages: "passages must be a whole number in 1...\(UserConfig.passagesRange.upperBound)"
        case .color: "color must be auto, always or never"
        case .mouse: "mouse must be on or off"
        case .sourceCode: "source_code must be on or off"
        case .model: "model must be a folder"  // not thrown by the parser: the command line checks it (noModelDirectory)
        }
    }
}

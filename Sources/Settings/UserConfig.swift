import Foundation

/// The user's defaults, from `$XDG_CONFIG_HOME/albertqa/config` (see `UserPaths`): simple
/// `key = value` lines, `#` comments, blank lines. Command-line flags override every value.
///
///     model = ~/models/albert-xxlarge-squad
///     precision = int8        # fp32, bf16, int8 or auto
///     answers = 8             # answers shown (alias: top)
///     passages = 20           # passages read per question
///     color = auto            # auto, always or never
///     mouse = off             # the TUI's mouse: on or off
///     source_code = on        # index program source too: on or off
///
/// Values are checked when the file is read; a bad line is one error naming `file:line`.
public struct UserConfig: Sendable, Equatable {
    public enum Color: String, Sendable, CaseIterable { case auto, always, never }

    /// Every key the file may hold (aliases map to one key).
    public enum Key: String, Sendable, CaseIterable {
        case model, precision, answers, passages, color, mouse
        case sourceCode = "source_code"

        static func named(_ name: String) -> Key? { name == "top" ? .answers : Key(rawValue: name) }
    }

    public static let answersRange = 1...100
    public static let passagesRange = 1...200
    public static let precisions = ["fp32", "bf16", "int8", "auto"]
    /// A configuration file is a few lines; anything bigger is not one.
    static let maximumBytes = 64 * 1024

    public var model: String?
    public var precision: String?
    public var answers: Int?
    public var passages: Int?
    public var color: Color?
    public var mouse: Bool?
    public var sourceCode: Bool?
    /// `file:line` of each key that was set, for messages about a value.
    public var origins: [Key: String] = [:]

    public init() {}

    /// The value of `key` as the command line would spell it (nil when unset).
    public func value(_ key: Key) -> String? {
        switch key {
        case .model: model
        case .precision: precision
        case .answers: answers.map(String.init)
        case .passages: passages.map(String.init)
        case .color: color?.rawValue
        case .mouse: mouse.map { $0 ? "on" : "off" }
        case .sourceCode: sourceCode.map { $0 ? "on" : "off" }
        }
    }

    /// The user's file, or an empty configuration when there is none.
    public static func load(from url: URL = UserPaths.configFile()) throws(UserConfigError) -> UserConfig {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return UserConfig() }
            throw .unreadable(file: url.path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(file: url.path) }
        guard info.st_size <= maximumBytes else { throw .tooLarge(file: url.path, limitBytes: maximumBytes) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .cannotBeRead(file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8(file: url.path) }
        return try UserConfig(parsing: text, file: url.path)
    }

    /// Parses the file's text; `file` names it in errors and anchors a relative model path.
    public init(parsing text: String, file: String) throws(UserConfigError) {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else { throw .notKeyValue(file: file, line: number, text: line) }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = Self.stripComment(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            func invalid(_ key: Key, _ name: String) -> UserConfigError {
                .invalidValue(file: file, line: number, key: key, name: name, value: value)
            }
            guard let key = Key.named(name) else {
                throw .unknownKey(file: file, line: number, name: name)
            }
            guard !value.isEmpty else { throw .noValue(file: file, line: number, name: name) }
            switch key {
            case .model:
                model = Self.expandPath(value, relativeTo: folder)
            case .precision:
                guard Self.precisions.contains(value) else { throw invalid(key, name) }
                precision = value
            case .answers:
                guard let count = Int(value), Self.answersRange.contains(count) else { throw invalid(key, name) }
                answers = count
            case .passages:
                guard let count = Int(value), Self.passagesRange.contains(count) else { throw invalid(key, name) }
                passages = count
            case .color:
                guard let choice = Color(rawValue: value.lowercased()) else { throw invalid(key, name) }
                color = choice
            case .mouse:
                guard let on = Self.onOff(value) else { throw invalid(key, name) }
                mouse = on
            case .sourceCode:
                guard let on = Self.onOff(value) else { throw invalid(key, name) }
                sourceCode = on
            }
            origins[key] = "\(file):\(number)"
        }
    }

    /// on/yes/true/1 or off/no/false/0 (any case); nil for anything else.
    private static func onOff(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "on", "yes", "true", "1": true
        case "off", "no", "false", "0": false
        default: nil
        }
    }

    /// `value # comment` → `value`, for values that cannot contain " #" themselves.
    private static func stripComment(_ value: String) -> String {
        guard let range = value.range(of: " #") ?? value.range(of: "\t#") else { return value }
        return value[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
    }

    /// `~/x` is under $HOME; a relative path is relative to the configuration file's folder.
    private static func expandPath(_ path: String, relativeTo folder: URL) -> String {
        if path == "~" || path.hasPrefix("~/") {
            return (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst()
        }
        return path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
    }
}

import Foundation

/// Where AlbertQA keeps the user's files (XDG Base Directory): the configuration under
/// `$XDG_CONFIG_HOME/albertqa/` (default `~/.config/albertqa/`), the question history under
/// `$XDG_STATE_HOME/albertqa/` (default `~/.local/state/albertqa/`). The CLI and the TUI both
/// ask here, so the two never disagree about a path. Histories hold the user's questions and
/// are written privately (Retrieval's `PrivateFile`: 0700 folders, 0600 files).
public enum UserPaths {
    /// `$XDG_CONFIG_HOME/albertqa/config`, else `~/.config/albertqa/config`.
    public static func configFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        base("XDG_CONFIG_HOME", fallback: ".config", environment).appendingPathComponent("albertqa/config")
    }

    /// `$XDG_STATE_HOME/albertqa`, else `~/.local/state/albertqa`.
    public static func stateFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        base("XDG_STATE_HOME", fallback: ".local/state", environment).appendingPathComponent("albertqa")
    }

    /// The question history of one folder; `name` identifies the folder (the TUI passes the
    /// name its index has by default, which is unique per absolute path).
    public static func historyFile(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(120))
        return stateFolder(environment: environment).appendingPathComponent("history").appendingPathComponent(safe.isEmpty ? "default" : safe)
    }

    /// The XDG spec: a relative path in the variable is invalid and is ignored.
    private static func base(_ variable: String, fallback: String, _ environment: [String: String]) -> URL {
        if let value = environment[variable], value.hasPrefix("/") { return URL(fileURLWithPath: value) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(fallback)
    }
}

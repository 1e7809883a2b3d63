import Foundation

/// Where AlbertQA keeps the user's files (XDG Base Directory): the configuration under
/// `$XDG_CONFIG_HOME/albertqa/` (default `~/.config/albertqa/`), the question history under
/// `$XDG_STATE_HOME/albertqa/` (default `~/.local/state/albertqa/`). The CLI and the TUI both
/// ask here, so the two never disagree about a path. Histories hold the user's questions:
/// private (0700 folder, 0600 files).
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

    /// Creates `folder` (and missing parents) for private data. Folders this call creates are
    /// 0700; an existing folder is left as the user set it (it may be shared on purpose).
    public static func makePrivateFolder(_ folder: URL) throws {
        var missing: [URL] = []
        var current = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing.append(current)
            current.deleteLastPathComponent()
        }
        for url in missing.reversed() {
            if mkdir(url.path, 0o700) != 0 && errno != EEXIST {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
    }

    /// Writes `data` to `url` as a private file (0600), atomically: a temporary file created
    /// 0600 in the same folder, then renamed over the old one, so a reader never sees half a
    /// file and the text is never world-readable, not even for a moment.
    public static func writePrivateFile(_ data: Data, to url: URL) throws {
        try makePrivateFolder(url.deletingLastPathComponent())
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path]) }
        var ok = fchmod(fd, 0o600) == 0  // O_TRUNC on an old temporary keeps its mode
        data.withUnsafeBytes { buffer in
            var offset = 0
            while ok, offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; ok = false } else { offset += written }
            }
        }
        ok = close(fd) == 0 && ok
        guard ok, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}

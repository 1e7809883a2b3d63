import Foundation

/// Where the models shipped in `Models/` are found, for the reader and the sentence encoder
/// alike: `$<environment variable>` when set, else where `make install` puts them relative to
/// the executable (`PREFIX/bin/albertqa` → `PREFIX/share/albertqa/models/NAME`), else
/// `Models/NAME` beside the executable or one of its parent folders (a build tree), else under
/// the current folder.
public enum ModelLocation {
    public static func shipped(named name: String, environmentVariable: String) -> URL? {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        var folder = executableURL().resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/albertqa/models/\(name)"))
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("Models/\(name)"))
            folder.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("Models/\(name)"))
        return candidates.first { fileManager.fileExists(atPath: $0.appendingPathComponent("config.json").path) }
    }

    /// The running executable: /proc/self/exe (argv[0] is only a name when run from $PATH).
    private static func executableURL() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
    }
}

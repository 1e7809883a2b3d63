import Foundation

/// Where the models shipped in `Models/` are found, for the reader and the sentence encoder
/// alike: `$<environment variable>` when set, else `Models/<name>` beside the executable or
/// one of its parent folders (a build tree), else under the current folder.
public enum ModelLocation {
    public static func shipped(named name: String, environmentVariable: String) -> URL? {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("Models/\(name)"))
            folder.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("Models/\(name)"))
        return candidates.first { fileManager.fileExists(atPath: $0.appendingPathComponent("config.json").path) }
    }
}

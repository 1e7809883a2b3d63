import Foundation

/// A fresh temporary folder of test documents: `url` (docs/) inside `base`, which leaves room
/// for an index database beside the documents. `remove()` deletes the whole base.
public struct DocumentFolder {
    public let base: URL
    public let url: URL

    public init(prefix: String) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())")
        url = base.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` (which may contain subfolders) under `url`.
    public func write(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    public func remove() {
        try? FileManager.default.removeItem(at: base)
    }
}

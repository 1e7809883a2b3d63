import Foundation

/// Reads the small files of a model directory (vocabulary, JSON configs): only a regular file
/// (not a FIFO or device that could block or stream forever), at most `limit` bytes.
enum BoundedFile {
    static func read(_ url: URL, limit: Int, what: String) throws -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        } catch {
            throw AlbertError.file(url, "cannot read the \(what) (no such file)")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw AlbertError.file(url, "the \(what) is not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            throw AlbertError.file(url, "the \(what) is \(size) bytes, more than the \(limit) allowed")
        }
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw AlbertError.file(url, "cannot read the \(what) (unreadable)")
        }
        defer { try? handle.close() }
        // Read one byte past the limit: a file that grew since the check is still refused.
        guard let data = try? handle.read(upToCount: limit + 1) else { return Data() }
        guard data.count <= limit else {
            throw AlbertError.file(url, "the \(what) is more than the \(limit) bytes allowed")
        }
        return data
    }

    /// A JSON object file (at most 1 MB), or nil when the file does not exist.
    static func jsonObject(_ url: URL, what: String, optional: Bool) throws -> [String: Any]? {
        if optional && !FileManager.default.fileExists(atPath: url.path) { return nil }
        let data = try read(url, limit: 1 << 20, what: what)
        guard let object = try? JSONSerialization.jsonObject(with: data), let json = object as? [String: Any] else {
            throw AlbertError.file(url, "is not a JSON object")
        }
        return json
    }
}

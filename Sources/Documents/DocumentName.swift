/// How a document is named in the index, in citations, in `--json` and in the interface. A file
/// is one document, named by its path relative to the folder; each message of an mbox is a
/// document of its own, named by the mbox's path, `#` and the message's 1-based position in
/// the file: `inbox.mbox#3`. One form everywhere, so that what a citation says can be pasted
/// into a scope and looked up as it is.
public enum DocumentName {
    /// `relativePath`, or `relativePath#message` for a message of an mbox.
    public static func of(_ relativePath: String, message: Int?) -> String {
        guard let message else { return relativePath }
        return relativePath + "#\(message)"
    }

    /// The same as the file system's bytes (a path need not be UTF-8).
    public static func bytes(_ relativePathBytes: [UInt8], message: Int?) -> [UInt8] {
        guard let message else { return relativePathBytes }
        return relativePathBytes + Array("#\(message)".utf8)
    }
}

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

    /// The mbox and message number a name stands for: `inbox.mbox#3` → ("inbox.mbox", 3), when
    /// the part before `#` is an mbox by its name; nil for a file's name. Never ambiguous for an
    /// indexed document: a file named `inbox.mbox#3` has the extension `mbox#3`, which no format
    /// has, so it is not a document.
    public static func mailboxMessage(_ name: String) -> (path: String, message: Int)? {
        guard let hash = name.lastIndex(of: "#") else { return nil }
        let digits = name[name.index(after: hash)...]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let message = Int(digits), message > 0 else { return nil }
        let path = String(name[..<hash])
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        guard DocumentFormat(fileName: fileName) == .mbox else { return nil }
        return (path, message)
    }
}

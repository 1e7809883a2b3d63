/// JSON and NDJSON as text a reader can answer from: one `key.path: value` line per scalar
/// leaf, so a record reads as prose-ish lines ("address.city: Lyon"); an array of scalars as one
/// line ("tags: red, green"); each object in an array, and each top-level value (an NDJSON
/// record), as a paragraph of its own. Keys keep the file's order.
///
/// A streaming, iterative parser of our own rather than JSONSerialization: a dictionary loses
/// the key order (the text would change from run to run), nesting is a heap-allocated stack
/// (10,000 levels cost 10,000 small frames, never the call stack), and it is lenient where real
/// files are (`//` and `/* */` comments as in settings files, trailing commas). Bounded: a
/// path shown is at most `maxPathComponents` keys of at most `maxKeyScalars` each, and the
/// text made at most `maxOutputBytes` (else `tooLarge`). Input that is not JSON even so is
/// `nil`, and the caller indexes the file's text as it is.
public enum JSONText {
    public static let maxPathComponents = 16
    public static let maxKeyScalars = 64

    public enum Failure: Error, Equatable {
        case tooLarge
    }

    /// nil when `text` is not JSON (or NDJSON).
    public static func extract(_ text: String, maxOutputBytes: Int = DocumentLoader.defaultMaxFileBytes) throws(Failure) -> StructuredText? {
        var parser = Parser(bytes: Array(text.utf8), maxOutputBytes: maxOutputBytes)
        guard try parser.run() else { return nil }
        return StructuredText(text: parser.output, title: parser.title)
    }

    struct Frame {
        var isObject: Bool
        /// The key of the value being read (objects), or nil.
        var key: String?
        /// An object's keys are paragraphs of their own when it sits in an array.
        var scalars: [String] = []
    }

    struct Parser {
        let bytes: [UInt8]
        let maxOutputBytes: Int
        var i = 0
        var stack: [Frame] = []
        var output = ""
        var title: String?
        /// A paragraph break is owed before the next line.
        var pendingBreak = false
        /// How many frames hold a key now: a path is cut ("…") only when keys were left out.
        var keyedFrames = 0

        init(bytes: [UInt8], maxOutputBytes: Int) {
            self.bytes = bytes
            self.maxOutputBytes = maxOutputBytes
        }

        /// false when the bytes are not JSON.
        mutating func run() throws(Failure) -> Bool {
            var values = 0
            while true {
                guard skipSpaceAndComments() else { return false }
                if i >= bytes.count { break }
                guard try value() else { return false }
                values += 1
                pendingBreak = true
            }
            return values > 0
        }

        /// One whole value, iteratively: containers push frames; a scalar completes the
        /// innermost frame's current entry.
        mutating func value() throws(Failure) -> Bool {
            repeat {
                guard skipSpaceAndComments(), i < bytes.count else { return false }
                // Inside an object: a key first (or the object's end).
                let byte = bytes[i]
                if let top = stack.last, top.isObject, top.key == nil, byte != UInt8(ascii: "}") {
                    guard byte == UInt8(ascii: "\""), let key = string(), skipSpaceAndComments(),
                          i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
                    i += 1
                    stack[stack.count - 1].key = key
                    keyedFrames += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "}") where stack.last?.isObject == true && stack.last?.key == nil:
                    i += 1
                    try close()
                case UInt8(ascii: "{"):
                    i += 1
                    if let top = stack.last, !top.isObject { try flushScalars(); pendingBreak = true }
                    stack.append(Frame(isObject: true))
                case UInt8(ascii: "["):
                    i += 1
                    stack.append(Frame(isObject: false))
                case UInt8(ascii: "]") where stack.last?.isObject == false:
                    i += 1
                    try close()
                case UInt8(ascii: "\""):
                    guard let text = string() else { return false }
                    try leaf(text)
                default:
                    let start = i
                    while i < bytes.count, !Self.isDelimiter(bytes[i]) { i += 1 }
                    let token = String(decoding: bytes[start..<i], as: UTF8.self)
                    guard token == "true" || token == "false" || token == "null" || Self.isNumber(token) else { return false }
                    try leaf(token)
                }
                // After a complete entry: a comma, or the container's end next time round.
                guard skipSpaceAndComments() else { return false }
                if i < bytes.count, bytes[i] == UInt8(ascii: ","), !stack.isEmpty { i += 1 }
            } while !stack.isEmpty
            return true
        }

        /// A scalar: the innermost frame's entry is complete.
        mutating func leaf(_ text: String) throws(Failure) {
            let value = Self.oneLine(text)
            guard let top = stack.last else {
                try line(path: [], value: value)
                return
            }
            if top.isObject {
                if stack.count == 1, top.key?.lowercased() == "title", title == nil, !value.isEmpty { title = value }
                try line(path: path(), value: value)
                stack[stack.count - 1].key = nil
                keyedFrames -= 1
            } else {
                stack[stack.count - 1].scalars.append(value)
            }
        }

        /// The end of the innermost container, which completes its parent's entry.
        mutating func close() throws(Failure) {
            try flushScalars()
            let closed = stack.removeLast()
            if closed.isObject, let parent = stack.last, !parent.isObject { pendingBreak = true }
            if let parent = stack.last, parent.isObject, parent.key != nil {
                stack[stack.count - 1].key = nil
                keyedFrames -= 1
            }
        }

        /// An array's scalars so far, as one line.
        mutating func flushScalars() throws(Failure) {
            guard let top = stack.last, !top.isObject, !top.scalars.isEmpty else { return }
            let joined = top.scalars.joined(separator: ", ")
            stack[stack.count - 1].scalars = []
            try line(path: path(), value: joined)
        }

        /// The keys leading to the innermost frame's current entry (arrays add none). Only
        /// the outermost frames are looked at, so that a leaf 10,000 levels deep costs as
        /// little as one at the top.
        func path() -> [String] {
            var keys: [String] = []
            for frame in stack.prefix(2 * maxPathComponents) {
                guard let key = frame.key else { continue }
                if keys.count == maxPathComponents { break }
                keys.append(key.unicodeScalars.count > maxKeyScalars ? String(String.UnicodeScalarView(key.unicodeScalars.prefix(maxKeyScalars))) + "…" : key)
            }
            if keys.count < keyedFrames { keys.append("…") }
            return keys
        }

        mutating func line(path: [String], value: String) throws(Failure) {
            if !output.isEmpty { output += pendingBreak ? "\n\n" : "\n" }
            pendingBreak = false
            let name = path.map(Self.oneLine).joined(separator: ".")
            output += name.isEmpty ? value : value.isEmpty ? name + ":" : name + ": " + value
            if output.utf8.count > maxOutputBytes { throw .tooLarge }
        }

        /// Whitespace, and `//` or `/* */` comments; false for a comment left open.
        mutating func skipSpaceAndComments() -> Bool {
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    i += 1
                } else if byte == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") {
                    while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                } else if byte == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                    i += 2
                    while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                    guard i + 1 < bytes.count else { return false }
                    i += 2
                } else {
                    break
                }
            }
            return true
        }

        /// A string at `i` (its opening quote), escapes decoded; nil when malformed.
        mutating func string() -> String? {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if byte != UInt8(ascii: "\\") {
                    out.append(byte)
                    i += 1
                    continue
                }
                guard i + 1 < bytes.count else { return nil }
                let escape = bytes[i + 1]
                i += 2
                switch escape {
                case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"): out.append(0x20)
                case UInt8(ascii: "u"):
                    guard var unit = hex4() else { return nil }
                    var value = unit
                    if (0xD800..<0xDC00).contains(unit), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        guard let low = hex4() else { return nil }
                        if (0xDC00..<0xE000).contains(low) {
                            value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            out += Array("\u{FFFD}".utf8)
                            unit = low
                            value = low
                        }
                    }
                    let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                    out += Array(String(scalar).utf8)
                default: out.append(escape)  // \" \\ \/ and lenient others
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
            i += 4
            return value
        }

        static func isDelimiter(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]")
                || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "\"")
        }

        static func isNumber(_ token: String) -> Bool {
            guard let first = token.unicodeScalars.first, first == "-" || ("0"..."9").contains(first) else { return false }
            return Double(token) != nil
        }

        /// Values and keys stay on their line: control characters (newlines, tabs, a NUL from
        /// "\u0000") become spaces.
        static func oneLine(_ text: String) -> String {
            guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
            return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        }
    }
}

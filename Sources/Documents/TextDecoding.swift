import Foundation

/// Bytes → text for documents: UTF-8 (lossy when invalid, and said so), UTF-16 with a BOM,
/// binary files recognised and refused; line endings normalised to "\n".
///
/// NUL: a NUL byte in the first `sniffBytes` makes a file binary. A NUL further on (a text log
/// with one stray zero) is replaced with U+FFFD and the document marked lossy: one scalar for
/// one scalar, so offsets stay those of the file's text, and the text never holds a NUL, which
/// SQLite's text functions (`substr`, used to slice passages) would stop at.
public enum TextDecoding {
    public enum Result: Equatable, Sendable {
        case text(String, lossy: Bool)
        case binary
    }

    /// How much of a file decides whether it is binary.
    public static let sniffBytes = 8192

    public static func decode(_ data: Data) -> Result { decode([UInt8](data)) }

    public static func decode(_ bytes: [UInt8]) -> Result {
        if hasUTF16ByteOrderMark(bytes) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            if let text = String(data: Data(bytes.dropFirst(2)), encoding: encoding) {
                return finish(text, lossy: false)
            }
        }
        if looksBinary(bytes) { return .binary }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) {
            return finish(text, lossy: false)
        }
        return finish(String(decoding: body, as: UTF8.self), lossy: true)
    }

    private static func finish(_ text: String, lossy: Bool) -> Result {
        var text = normalizeNewlines(text)
        var lossy = lossy
        if text.utf8.contains(0) {
            var replaced = String.UnicodeScalarView()
            replaced.append(contentsOf: text.unicodeScalars.lazy.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 })
            text = String(replaced)
            lossy = true
        }
        return .text(text, lossy: lossy)
    }

    /// A NUL byte, or more than 10% control characters other than whitespace, in the first 8 kB.
    public static func looksBinary<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        let sample = bytes.prefix(sniffBytes)
        if sample.contains(0) { return true }
        let controls = sample.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C && $0 != 0x1B }.count
        return !sample.isEmpty && controls * 10 > sample.count
    }

    /// UTF-16 text is full of NULs; its byte order mark says what it is.
    public static func hasUTF16ByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
    }

    static func normalizeNewlines(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        // By scalar: "\r" followed by a combining mark is one Character, which
        // replacingOccurrences(of: "\r") misses (found by the text-decoding fuzzer).
        var normalized = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            if scalar == "\n", afterCarriageReturn { continue }
            normalized.append(scalar == "\r" ? "\n" : scalar)
        }
        return String(normalized)
    }
}

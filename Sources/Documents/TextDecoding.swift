import Foundation

/// Bytes → text for documents: UTF-8 (lossy when invalid, and said so), UTF-16 with a BOM,
/// binary files recognised and refused; line endings normalised to "\n".
public enum TextDecoding {
    public enum Result: Equatable, Sendable {
        case text(String, lossy: Bool)
        case binary
    }

    public static func decode(_ data: Data) -> Result {
        let bytes = [UInt8](data)
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            if let text = String(data: data.dropFirst(2), encoding: encoding) {
                return .text(normalizeNewlines(text), lossy: false)
            }
        }
        if looksBinary(bytes) { return .binary }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) {
            return .text(normalizeNewlines(text), lossy: false)
        }
        return .text(normalizeNewlines(String(decoding: body, as: UTF8.self)), lossy: true)
    }

    /// A NUL byte, or more than 10% control characters other than whitespace, in the first 8 kB.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        if sample.contains(0) { return true }
        let controls = sample.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C && $0 != 0x1B }.count
        return !sample.isEmpty && controls * 10 > sample.count
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

import Foundation

/// Bytes → text for documents, in the order browsers and recoll decide: a byte-order mark
/// (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); UTF-16 or UTF-32 without one, recognised by where
/// their NULs fall; binary files recognised and refused; a charset the document declares
/// (HTML `<meta>`, the XML prolog, MIME — found by `CharsetDeclaration`, passed in);
/// valid UTF-8; and else Windows-1252 for the bytes that are not UTF-8, the document then
/// reported as *re-decoded*. Line endings are normalised to "\n".
///
/// Windows-1252 rather than U+FFFD: a file that is not UTF-8 and names no charset is, in
/// practice, a Latin-1/Windows-1252 file from a Western-European editor ("sch\u{F6}ne" as the
/// byte 0xF6); every byte has a meaning there, so none is lost. U+FFFD (and `lossy`) is left
/// for bytes that truly had none: invalid UTF-8 where UTF-8 was declared (a UTF-8 BOM, a
/// declaration, pdftotext's output), a UTF-16/32 file cut mid-character, a NUL.
///
/// NUL: a NUL byte in the first `sniffBytes` of a file that is not UTF-16/32 makes it binary. A
/// NUL further on (a text log with one stray zero) is replaced with U+FFFD and the document
/// marked lossy: one scalar for one scalar, so offsets stay those of the file's text, and the
/// text never holds a NUL, which SQLite's text functions (`substr`, used to slice passages)
/// would stop at.
public enum TextDecoding {
    public enum Result: Equatable, Sendable {
        case text(Decoded)
        case binary
    }

    /// A document's text and how its bytes were read.
    public struct Decoded: Equatable, Sendable {
        public var text: String
        /// Some bytes had no meaning in the charset used and became U+FFFD (or a NUL did).
        public var lossy: Bool
        public var source: Source

        public init(text: String, lossy: Bool = false, source: Source = .utf8) {
            self.text = text
            self.lossy = lossy
            self.source = source
        }

        /// The charset guessed for bytes that were not UTF-8 and named none (see `Source`).
        public var redecodedAs: String? {
            switch source {
            case let .detected(name), let .fallback(name): name
            case .utf8, .byteOrderMark, .declared: nil
            }
        }
    }

    /// Where the charset came from. Charsets are named as iconv names them ("UTF-16LE",
    /// "WINDOWS-1252", "KOI8-R").
    public enum Source: Equatable, Sendable {
        /// Valid UTF-8 (ASCII included), nothing declared.
        case utf8
        /// A byte-order mark said which Unicode form (it is not part of the text).
        case byteOrderMark(String)
        /// The document named its charset.
        case declared(String)
        /// UTF-16 or UTF-32 without a byte-order mark, recognised by its NULs: a guess.
        case detected(String)
        /// Not UTF-8 and nothing declared: the bytes that are not UTF-8 read as Windows-1252.
        case fallback(String)
    }

    /// How much of a file decides whether it is binary, and which Unicode form it is in.
    public static let sniffBytes = 8192

    public static func decode(_ data: Data, declared: Charset? = nil) -> Result { decode([UInt8](data), declared: declared) }

    /// `declared`: the charset the document names, if any (`CharsetDeclaration`); a byte-order
    /// mark or a UTF-16/32 form recognised by its NULs overrides it (a declaration found by an
    /// ASCII scan cannot be UTF-16's), and so does invalid input in that charset, which is then
    /// read as if nothing were declared. A declared UTF-8 keeps its word: invalid bytes become
    /// U+FFFD.
    public static func decode(_ bytes: [UInt8], declared: Charset? = nil) -> Result {
        switch sniff(bytes.prefix(sniffBytes)) {
        case .binary:
            return .binary
        case let .unicode(form, byteOrderMarkLength):
            let (text, lossy) = form.decode(bytes[byteOrderMarkLength...])
            return finish(text, lossy: lossy, source: byteOrderMarkLength > 0 ? .byteOrderMark(form.name) : .detected(form.name))
        case .utf8ByteOrderMark:
            return finish(decodeUTF8Lossily(bytes.dropFirst(3)), source: .byteOrderMark("UTF-8"))
        case .asciiCompatible:
            break
        }
        if let declared, isASCIICompatible(declared) {
            if declared.isUTF8 {
                return finish(decodeUTF8Lossily(bytes[...]), source: .declared(declared.name))
            }
            if let text = declared.decode(bytes) {
                return finish(text, lossy: false, source: .declared(declared.name))
            }
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return finish(text, lossy: false, source: .utf8)
        }
        return finish(Windows1252.decodeNonUTF8(bytes), lossy: false, source: .fallback(Windows1252.name))
    }

    /// A declaration was found by scanning the bytes as ASCII, so a charset that does not read
    /// ASCII as itself (UTF-16, UCS-2, UTF-32, EBCDIC …) cannot be the file's: browsers
    /// likewise take `<meta charset=utf-16>` for UTF-8.
    static func isASCIICompatible(_ charset: Charset) -> Bool {
        let probe = Array("<meta charset=\"x-1\">\n".utf8)
        return charset.decode(probe).map { Array($0.utf8) == probe } ?? false
    }

    /// UTF-8, invalid sequences replaced with U+FFFD; lossy when any was.
    static func decodeUTF8Lossily(_ bytes: ArraySlice<UInt8>) -> (String, Bool) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
        return (String(decoding: bytes, as: UTF8.self), true)
    }

    private static func finish(_ decoded: (String, Bool), source: Source) -> Result {
        finish(decoded.0, lossy: decoded.1, source: source)
    }

    private static func finish(_ text: String, lossy: Bool, source: Source) -> Result {
        var text = normalizeNewlines(text)
        var lossy = lossy
        if text.utf8.contains(0) {
            var replaced = String.UnicodeScalarView()
            replaced.append(contentsOf: text.unicodeScalars.lazy.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 })
            text = String(replaced)
            lossy = true
        }
        return .text(Decoded(text: text, lossy: lossy, source: source))
    }

    /// A NUL byte, or more than 10% control characters other than whitespace, in the first 8 kB.
    /// (For the bytes of an ASCII-compatible charset: `isBinary` first recognises UTF-16/32.)
    public static func looksBinary<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        let sample = bytes.prefix(sniffBytes)
        if sample.contains(0) { return true }
        let controls = sample.filter { $0 < 0x20 && !isTextControl(UInt32($0)) }.count
        return !sample.isEmpty && controls * 10 > sample.count
    }

    /// Whether a file whose first bytes are `prefix` is binary: not UTF-16/32 (with or without
    /// a byte-order mark) and `looksBinary`.
    public static func isBinary<C: Collection>(_ prefix: C) -> Bool where C.Element == UInt8 {
        sniff(Array(prefix.prefix(sniffBytes))[...]) == .binary
    }

    /// Tab, line feed, carriage return, form feed and escape (ANSI colours in logs) are text.
    static func isTextControl(_ value: UInt32) -> Bool {
        value == 0x09 || value == 0x0A || value == 0x0D || value == 0x0C || value == 0x1B
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

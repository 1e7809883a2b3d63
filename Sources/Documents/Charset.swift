import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A character set named by a document (MIME `charset=`, HTML `<meta charset>`, the XML
/// prolog's `encoding=`), decoded with glibc's iconv so that every charset a mail or web page
/// may declare (ISO-8859-*, Windows-125x, KOI8-R, Shift_JIS, GB18030, …) is read, not only the
/// few that Foundation's `String.Encoding` names.
public struct Charset: Sendable, Equatable {
    /// The name as iconv knows it (upper-cased, aliases resolved for the common spellings).
    public let name: String

    /// nil for a name iconv does not know (a made-up or misspelt charset): the caller then
    /// falls back to its own detection rather than guessing.
    public init?(named declared: String) {
        let trimmed = declared.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).uppercased()
        guard !trimmed.isEmpty, trimmed.count <= 40,
              trimmed.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.:".unicodeScalars.contains($0)) })
        else { return nil }
        let name = Self.aliases[trimmed] ?? trimmed
        let descriptor = iconv_open("UTF-8", name)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        iconv_close(descriptor)
        self.name = name
    }

    /// What web browsers actually do: pages labelled Latin-1 or ASCII are decoded as
    /// Windows-1252 (the WHATWG Encoding Standard), whose 0x80–0x9F are € ‘ ’ “ ” … rather than
    /// C1 controls; UTF-8 spelt without its hyphen still means UTF-8.
    static let aliases: [String: String] = [
        "LATIN1": "WINDOWS-1252", "LATIN-1": "WINDOWS-1252", "ISO-8859-1": "WINDOWS-1252",
        "ISO8859-1": "WINDOWS-1252", "ISO_8859-1": "WINDOWS-1252", "US-ASCII": "WINDOWS-1252",
        "ASCII": "WINDOWS-1252", "CP1252": "WINDOWS-1252", "UTF8": "UTF-8",
    ]

    public var isUTF8: Bool { name == "UTF-8" }

    /// The bytes as text, or nil when they are not valid in this charset (iconv stops at the
    /// first invalid sequence; the caller decides what to do then). Output is bounded by the
    /// input: at most 4 UTF-8 bytes for every input byte.
    public func decode<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        if isUTF8 { return String(validating: Array(bytes), as: UTF8.self) }
        // Every byte has a meaning in Windows-1252 as the Encoding Standard defines it; glibc's
        // iconv refuses its five unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D).
        if name == Windows1252.name { return Windows1252.decode(bytes) }
        let descriptor = iconv_open("UTF-8", name)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = Array(bytes)
        if input.isEmpty { return "" }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let outputCapacity = output.count
        let converted: Int? = input.withUnsafeMutableBytes { inputBuffer in
            output.withUnsafeMutableBytes { outputBuffer -> Int? in
                var inPointer = inputBuffer.baseAddress!.assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
                var inLeft = inputBuffer.count
                var outPointer = outputBuffer.baseAddress!.assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
                var outLeft = outputCapacity
                if iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { return nil }
                if iconv(descriptor, nil, nil, &outPointer, &outLeft) == -1 { return nil }
                return outputCapacity - outLeft
            }
        }
        guard let count = converted else { return nil }
        return String(validating: output[..<count], as: UTF8.self)
    }
}

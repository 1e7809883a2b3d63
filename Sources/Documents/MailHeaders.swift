import Foundation

/// The header section of a message or of a MIME part (RFC 5322 §2.2): fields in order, each
/// unfolded (a line starting with a space or tab continues the field before it).
struct MailHeaders: Sendable, Equatable {
    struct Field: Sendable, Equatable {
        /// Lower-cased ("content-type").
        var name: String
        /// The value's bytes after the colon, unfolded (line breaks removed, the folding
        /// whitespace kept), not yet decoded.
        var value: [UInt8]
    }

    var fields: [Field] = []

    /// Fields kept per header section at most: a header bomb of a million lines costs one
    /// linear pass, not a million fields. Real mail has 20–60 (Received lines included).
    static let maxFields = 2_000
    /// A field's value kept at most (a folded To: line of 1,000 addresses is ~40 kB).
    static let maxValueBytes = 64 << 10

    /// Parses the header section at the start of `bytes`. Returns the headers and the index in
    /// `bytes` where the body starts: after the first empty line, or at the first line that is
    /// neither a field nor a continuation (as Python's parser does with such a defect), or at
    /// the end. An mbox "From " line before the first field is skipped.
    static func parse(_ bytes: ArraySlice<UInt8>) -> (headers: MailHeaders, bodyStart: Int) {
        var headers = MailHeaders()
        var index = bytes.startIndex
        var keeping = false  // whether continuation lines belong to a kept field
        let end = bytes.endIndex
        while index < end {
            let lineEnd = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? end
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let line = bytes[index..<contentEnd]
            let next = lineEnd < end ? lineEnd + 1 : end
            if line.isEmpty { return (headers, next) }
            let first = line.first!
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                if headers.fields.isEmpty { return (headers, index) }
                if keeping, headers.fields[headers.fields.count - 1].value.count + line.count <= maxValueBytes {
                    headers.fields[headers.fields.count - 1].value += line
                }
                index = next
                continue
            }
            if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
               line[..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                keeping = headers.fields.count < maxFields
                if keeping {
                    let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
                    headers.fields.append(Field(name: name, value: Array(line[(colon + 1)...].prefix(maxValueBytes))))
                }
                index = next
                continue
            }
            if headers.fields.isEmpty, index == bytes.startIndex, line.starts(with: Array("From ".utf8)) {
                index = next
                continue
            }
            return (headers, index)
        }
        return (headers, end)
    }

    /// The first field of that (lower-case) name, raw.
    func raw(_ name: String) -> [UInt8]? { fields.first { $0.name == name }?.value }

    /// The first field of that name as one line of text: encoded words decoded (RFC 2047),
    /// raw 8-bit bytes read as UTF-8 or else Windows-1252 (RFC 6532 mail, and mailers that
    /// ignore the RFCs), whitespace runs and control characters made single spaces, trimmed.
    /// nil when the field is absent or blank.
    func text(_ name: String) -> String? {
        guard let raw = raw(name) else { return nil }
        let value = Self.oneLine(EncodedWords.decode(MailText.decode(raw, charset: nil).text))
        return value.isEmpty ? nil : value
    }

    /// Control characters and whitespace runs as one space, trimmed: header values become
    /// one line of the document's header block.
    static func oneLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The value as text for structured fields (Content-Type, Content-Disposition), whose
    /// parameters are parsed from it.
    func structured(_ name: String) -> String? {
        raw(name).map { MailText.decode($0, charset: nil).text }
    }
}

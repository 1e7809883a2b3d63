import Foundation

/// Accumulates a mail document's text paragraph by paragraph, with its headings at
/// Unicode-scalar offsets, within a size limit (UTF-8 bytes): the paragraph that reaches it is
/// cut there, later ones are refused, and `isFull` says so.
struct MailTextBuilder {
    private(set) var text = ""
    /// Unicode scalars in `text`, the unit of every offset.
    private(set) var scalarCount = 0
    private(set) var utf8Count = 0
    private(set) var headings: [DocumentHeading] = []
    private(set) var isFull = false
    var lossy = false
    let maxBytes: Int

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    /// Room for `bytes` more UTF-8 bytes (and a paragraph break)?
    func hasRoom(for bytes: Int) -> Bool { utf8Count + bytes + 2 <= maxBytes }

    /// A paragraph (or several, separated by blank lines in `paragraph`), trimmed; blank text
    /// adds nothing. Returns false when it did not fit whole.
    @discardableResult
    mutating func append(_ paragraph: String) -> Bool {
        append(StructuredText(text: paragraph), levelShift: 0)
    }

    /// Text with its own headings (an attachment's, an HTML part's), shifted to their place
    /// and `levelShift` levels deeper, capped at 6 like HTML's.
    /// `ignoringLimit`: for the short notes that say why text is missing, which must fit.
    @discardableResult
    mutating func append(_ structured: StructuredText, levelShift: Int, ignoringLimit: Bool = false) -> Bool {
        let scalars = structured.text.unicodeScalars
        let leading = scalars.prefix { $0.properties.isWhitespace }.count
        var body = structured.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, !isFull || ignoringLimit else { return body.isEmpty }
        var fitted = true
        if !ignoringLimit, !hasRoom(for: body.utf8.count) {
            // What fits of it, cut at a scalar; the rest is left out and the builder is full.
            isFull = true
            fitted = false
            let room = maxBytes - utf8Count - 2
            guard room > 0 else { return false }
            var cut = body.utf8.index(body.utf8.startIndex, offsetBy: room)
            while cut > body.startIndex, !isScalarBoundary(body, cut) {
                cut = body.utf8.index(before: cut)
            }
            body = String(body[..<cut])
            guard !body.isEmpty else { return false }
        }
        if scalarCount > 0 {
            text += "\n\n"
            scalarCount += 2
            utf8Count += 2
        }
        let length = body.unicodeScalars.count
        for heading in structured.headings {
            let offset = heading.offset - leading
            guard offset >= 0, offset < length else { continue }
            headings.append(DocumentHeading(offset: scalarCount + offset, level: min(heading.level + levelShift, 6), text: heading.text))
        }
        text += body
        scalarCount += length
        utf8Count += body.utf8.count
        return fitted
    }

    private func isScalarBoundary(_ string: String, _ index: String.Index) -> Bool {
        index.samePosition(in: string.unicodeScalars) != nil
    }

    /// A heading line of its own (a message's subject, an attachment's name), as a paragraph.
    @discardableResult
    mutating func appendHeading(_ heading: String, level: Int) -> Bool {
        let line = MailHeaders.oneLine(heading)
        guard !line.isEmpty else { return true }
        return append(StructuredText(text: line, headings: [DocumentHeading(offset: 0, level: level, text: line)]), levelShift: 0)
    }

    /// A heading for the text that follows, without a line of its own (the header block
    /// already shows the subject).
    mutating func markSection(_ heading: String, level: Int) {
        let line = MailHeaders.oneLine(heading)
        guard !line.isEmpty else { return }
        headings.append(DocumentHeading(offset: scalarCount + (scalarCount > 0 ? 2 : 0), level: level, text: line))
    }

    var structured: StructuredText { StructuredText(text: text, headings: headings) }
}

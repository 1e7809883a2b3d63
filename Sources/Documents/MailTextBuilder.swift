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
    /// Table rows of attachments (spreadsheets, tables in documents), at their place here.
    private(set) var tableRows: [TableRowPlace] = []
    private(set) var isFull = false
    /// Sections marked for the next paragraph (`markSection`).
    private var pendingSections: [DocumentHeading] = []
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
        // Trimmed by scalar, natively: Foundation's trimmingCharacters bridges the whole text
        // to UTF-16 (a 3.75 MB body took seconds in a debug build).
        let scalars = structured.text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return true }
        let leading = scalars.distance(from: scalars.startIndex, to: first)
        var body = String(scalars[first...last])
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
        for section in pendingSections { headings.append(DocumentHeading(offset: scalarCount, level: section.level, text: section.text)) }
        pendingSections = []
        for heading in structured.headings {
            let offset = heading.offset - leading
            guard offset >= 0, offset < length else { continue }
            headings.append(DocumentHeading(offset: scalarCount + offset, level: min(heading.level + levelShift, 6), text: heading.text))
        }
        // An attachment's table rows, where the body kept them whole.
        tableRows += structured.tableRows.filter { $0.range.lowerBound >= leading && $0.range.upperBound <= leading + length }
            .map { $0.shifted(by: scalarCount - leading) }
        text += body
        scalarCount += length
        utf8Count += body.utf8.count
        return fitted
    }

    private func isScalarBoundary(_ string: String, _ index: String.Index) -> Bool {
        index.samePosition(in: string.unicodeScalars) != nil
    }

    /// A heading line of its own (a message's subject, an attachment's name), as a paragraph.
    /// Levels stop at 6, like HTML's (forwarded mails nest deeper).
    @discardableResult
    mutating func appendHeading(_ heading: String, level: Int) -> Bool {
        let line = MailHeaders.oneLine(heading)
        guard !line.isEmpty else { return true }
        return append(StructuredText(text: line, headings: [DocumentHeading(offset: 0, level: min(level, 6), text: line)]), levelShift: 0)
    }

    /// A heading for the text that follows, without a line of its own (the header block
    /// already shows the subject).
    /// It starts at the next paragraph appended (none: it is dropped, so that a blank
    /// message leaves no heading past the text's end).
    mutating func markSection(_ heading: String, level: Int) {
        let line = MailHeaders.oneLine(heading)
        guard !line.isEmpty else { return }
        // A section still waiting for text ends here when this one is its sibling or parent.
        pendingSections.removeAll { $0.level >= min(level, 6) }
        pendingSections.append(DocumentHeading(offset: 0, level: min(level, 6), text: line))
    }

    var structured: StructuredText {
        var result = StructuredText(text: text, headings: headings)
        result.tableRows = tableRows
        return result
    }

    /// Only whitespace (by scalar: no grapheme breaking over a long text).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}

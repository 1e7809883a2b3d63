import Documents
import Foundation

enum DocumentHarnesses {
    /// Any bytes as a document file, with the charset it declares as an HTML page would:
    /// text without NUL or carriage returns, or "binary"; never more scalars than bytes unless
    /// a charset was declared (UTF-8, UTF-16/32 and Windows-1252 spend at least a byte a
    /// scalar, and U+FFFD replaces at least one; a few iconv charsets such as TSCII make
    /// several scalars of a byte, bounded by `Charset.decode`'s 4 bytes out per byte in).
    static let textDecoding: @Sendable (Data) -> Void = { data in
        let declared = CharsetDeclaration.html(data)
        switch TextDecoding.decode(data, declared: declared) {
        case .binary:
            require(TextDecoding.isBinary(data.prefix(TextDecoding.sniffBytes)), "decode and the loader's sniff disagree")
        case let .text(decoded):
            let text = decoded.text
            require(!text.unicodeScalars.contains("\r"), "a carriage return survived newline normalisation")
            require(!text.unicodeScalars.contains("\u{0}"), "a NUL survived")
            if case .declared = decoded.source {
                require(declared != nil, "declared without a declaration")
                require(text.unicodeScalars.count <= 4 * data.count, "a declared charset blew up the text")
            } else {
                require(text.unicodeScalars.count <= data.count, "more scalars than bytes")
            }
        }
    }

    /// Any text as HTML: the extracted text never holds a tag's angle-bracketed markup
    /// verbatim when the input had none of its characters, and never grows without bound.
    static let html: @Sendable (Data) -> Void = { data in
        let html = String(decoding: data, as: UTF8.self)
        let text = HTMLText.extract(html)
        // Entities expand (&LongLeftRightArrow; is 3 scalars for 21 bytes at most), never tenfold.
        require(text.unicodeScalars.count <= 10 * max(html.unicodeScalars.count, 1), "extraction blew up the text")
        if !html.contains("<") && !html.contains("&") {
            require(!text.contains("<"), "text without markup gained a tag")
        }
    }

    /// Any bytes as an .eml and as an mbox: the text stays within its limit (plus the notes
    /// that say what was left out), holds no NUL or carriage return, and every heading points
    /// inside it.
    static let mime: @Sendable (Data) -> Void = { data in
        let limit = 64 << 10
        for rendered in [MailDocument.message([UInt8](data), maxTextBytes: limit), MailDocument.mailbox([UInt8](data), maxTextBytes: limit)] {
            let text = rendered.structured.text
            require(text.utf8.count <= limit + 1_000, "mail text of \(text.utf8.count) bytes passed the \(limit)-byte limit")
            require(!text.utf8.contains(0) && !text.utf8.contains(0x0D), "a NUL or carriage return in mail text")
            let count = text.unicodeScalars.count
            for heading in rendered.structured.headings {
                require(heading.offset >= 0 && heading.offset <= count, "heading offset \(heading.offset) outside \(count) scalars")
                require((1...6).contains(heading.level), "heading level \(heading.level)")
            }
        }
    }

    /// Any text as xls2csv's output: every heading points at its own name in the text, each
    /// row stays one line, and the text never grows past its cap (`LegacySpreadsheetText.maxGrowth`).
    static let spreadsheetCSV: @Sendable (Data) -> Void = { data in
        let csv = String(decoding: data, as: UTF8.self)
        let rendered = LegacySpreadsheetText.render(csv: csv)
        let scalars = Array(rendered.text.unicodeScalars)
        for heading in rendered.headings {
            let name = Array(heading.text.unicodeScalars)
            require(heading.offset >= 0 && heading.offset + name.count <= scalars.count, "a heading offset outside the text")
            require(Array(scalars[heading.offset..<heading.offset + name.count]) == name, "a heading offset that does not point at its name")
        }
        for row in LegacySpreadsheetText.parse(Substring(csv)) {
            require(row.count <= LegacySpreadsheetText.maxCellsPerRow, "a row over the cell cap")
            require(!row.contains { $0.contains("\n") }, "a cell kept a line break")
        }
        // The cap is checked between rows: one row (its cells labelled) may pass it.
        let maxRow = csv.unicodeScalars.count * (LegacySpreadsheetText.maxLabelScalars + 5)
        require(scalars.count <= LegacySpreadsheetText.maxGrowth * csv.unicodeScalars.count + 65_536 + maxRow + 20, "rendering blew up the text")
    }

    /// Any text as JSON, XML, org-mode and YAML, and as PDF text whose line-end hyphens are
    /// rejoined: no crash at any nesting depth; JSON's text
    /// within its output limit (else `tooLarge`), headings inside the text they point into,
    /// nothing ever expanded beyond a bounded factor, no NUL.
    static let plainText: @Sendable (Data) -> Void = { data in
        let text = String(decoding: data, as: UTF8.self)
        let limit = 4 * data.count + 64
        do {
            if let json = try JSONText.extract(text, maxOutputBytes: limit) {
                require(json.text.utf8.count <= limit, "JSON text past its limit")
                require(!json.text.unicodeScalars.contains("\u{0}"), "a NUL in JSON text")
                require(json.headings.isEmpty, "JSON has no headings")
            }
        } catch {
            require((error as? JSONText.Failure) == .tooLarge, "unexpected JSON failure")
        }
        let xml = XMLText.extract(text)
        // Character references (&#x10FFFF; is 10 bytes for 4) never grow the text.
        require(xml.text.utf8.count <= data.count + 2 * xml.text.unicodeScalars.count, "XML text grew")
        let count = xml.text.unicodeScalars.count
        require(xml.headings.allSatisfy { $0.offset >= 0 && $0.offset < count && (1...6).contains($0.level) }, "an XML heading outside its text")
        // PDF text: rejoining hyphenated words never adds text and keeps every page break.
        let joined = HyphenJoiner.join(text).text
        require(joined.unicodeScalars.count <= text.unicodeScalars.count, "hyphen joining grew the text")
        require(joined.unicodeScalars.filter { $0 == "\u{0C}" }.count == text.unicodeScalars.filter { $0 == "\u{0C}" }.count, "a page break lost")
        for headings in [MarkupHeadings.org(text).headings, MarkupHeadings.yaml(text)] {
            require(headings.allSatisfy { $0.offset >= 0 && $0.offset < max(text.unicodeScalars.count, 1) }, "a heading outside its text")
        }
    }
}

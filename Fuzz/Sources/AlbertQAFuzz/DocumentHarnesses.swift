import Documents
import Foundation

enum DocumentHarnesses {
    /// Any bytes as a document file: text without NUL or carriage returns, or "binary".
    static let textDecoding: @Sendable (Data) -> Void = { data in
        switch TextDecoding.decode(data) {
        case .binary:
            break
        case let .text(text, _):
            require(!text.unicodeScalars.contains("\r"), "a carriage return survived newline normalisation")
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
}

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

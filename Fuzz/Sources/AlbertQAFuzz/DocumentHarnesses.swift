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
        // Entities expand (&LongLeftRightArrow; is 3 scalars for 21 bytes at most), never tenfold;
        // a table's rows repeat its headers, within a budget of 1 MB or 8 times the page.
        let tableRows = html.contains("<") ? max(1 << 20, 8 * html.unicodeScalars.count) : 0
        require(text.unicodeScalars.count <= 10 * max(html.unicodeScalars.count, 1) + tableRows, "extraction blew up the text")
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

/// The table readers: whatever the bytes, rows stay within their bounds and every rendered
/// row is one line (a row is one paragraph, one passage-unit).
enum TableHarnesses {
    static func requireRowsBounded(_ rows: [[String]], maxRows: Int, _ what: String) {
        require(rows.count <= maxRows, "\(what): \(rows.count) rows past the limit \(maxRows)")
        for row in rows { require(row.count <= TableReaders.maxCellsPerRow, "\(what): a row of \(row.count) cells") }
        for line in TableReaders.renderedRows(rows) {
            require(!line.isEmpty && !line.utf8.contains(0x0A), "\(what): a rendered row is empty or not one line")
        }
    }

    /// CSV: the first byte chooses the delimiter (sniffed, or one of , ; tab |) and the row limit.
    static let csv: @Sendable (Data) -> Void = { data in
        let bytes = [UInt8](data)
        let choice = Int(bytes.first ?? 0)
        let delimiter: UInt8? = [nil, UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")][choice % 5]
        let maxRows = choice / 5 % 50 + 1
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let (rows, truncated) = TableReaders.delimitedRows(text, delimiter: delimiter, maxRows: maxRows)
        requireRowsBounded(rows, maxRows: maxRows, "csv")
        require(!truncated || rows.count == maxRows, "cut before the limit")
        // Cells are the text less quotes and separators: never more bytes than the input.
        require(rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } } <= text.utf8.count, "cells hold more bytes than the text")
        // By byte: a quote followed by a combining mark is one Character that is no quote.
        if !text.utf8.contains(UInt8(ascii: "\"")) {
            for row in rows { for cell in row { require(!cell.utf8.contains(0x0A), "a newline inside an unquoted cell") } }
        }
    }

    /// Markdown with pipe tables: text without a table comes back unchanged, and rows with
    /// their headers stay within the budget (1 MB or 8 times the text).
    static let markdownTables: @Sendable (Data) -> Void = { data in
        let text = String(decoding: data, as: UTF8.self)
        let rendered = TableReaders.markdownWithTableRows(text)
        if !text.utf8.contains(UInt8(ascii: "|")) { require(rendered == text, "text without a pipe changed") }
        require(rendered.utf8.count <= text.utf8.count + max(1 << 20, 8 * text.utf8.count) + 4, "rows blew up the text")
    }

    /// An Excel worksheet part (the input), with a fixed shared-strings and styles part.
    static let xlsxSheet: @Sendable (Data) -> Void = { data in
        let strings = Array("<sst><si><t>Day</t></si><si><r><t>Le</t></r><r><t>ader</t></r></si></sst>".utf8)
        let styles = Array(#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>"#.utf8)
        let (rows, truncated) = TableReaders.excelSheetRows([UInt8](data), sharedStringsXML: strings, stylesXML: styles, maxRows: 100)
        requireRowsBounded(rows, maxRows: 100, "xlsx")
        require(!truncated || rows.count == 100, "cut before the limit")
    }

    /// An OpenDocument content.xml: repeated rows and columns expand only within the bounds.
    static let odsContent: @Sendable (Data) -> Void = { data in
        let sheets = TableReaders.openDocumentSheets([UInt8](data), maxRows: 100)
        require(sheets.reduce(0) { $0 + $1.rows.count } <= 100, "more rows than the limit over all sheets")
        for sheet in sheets { requireRowsBounded(sheet.rows, maxRows: 100, "ods") }
    }
}

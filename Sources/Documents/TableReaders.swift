/// The table readers over raw input, without a file or a ZIP around it: what the fuzz
/// harnesses (Fuzz/Sources/AlbertQAFuzz) drive. The loaders use the readers directly.
public enum TableReaders {
    /// The rows of CSV/TSV text (`DelimitedText`); `delimiter` nil: sniffed.
    public static func delimitedRows(_ text: String, delimiter: UInt8? = nil, maxRows: Int) -> (rows: [[String]], truncated: Bool) {
        let parsed = DelimitedText.parse(text, delimiter: delimiter, maxRows: maxRows)
        return (parsed.rows, parsed.truncated)
    }

    /// The rows of an Excel worksheet part, with optional shared-strings and styles parts.
    public static func excelSheetRows(_ sheetXML: [UInt8], sharedStringsXML: [UInt8]? = nil, stylesXML: [UInt8]? = nil,
                                      maxRows: Int) -> (rows: [[String]], truncated: Bool) {
        let strings = sharedStringsXML.map(SpreadsheetText.sharedStrings) ?? []
        let styles = stylesXML.map(SpreadsheetText.CellStyles.init) ?? SpreadsheetText.CellStyles()
        let sheet = SpreadsheetText.xlsxSheet(sheetXML, sharedStrings: strings, styles: styles, uses1904: false, maxRows: maxRows)
        return (sheet.table.rows, sheet.truncated)
    }

    /// The sheets of an OpenDocument content.xml, at most `maxRows` rows over all of them.
    public static func openDocumentSheets(_ contentXML: [UInt8], maxRows: Int) -> [(name: String, rows: [[String]], truncated: Bool)] {
        SpreadsheetText.odsSheets(contentXML, maxRows: maxRows).map { ($0.name, $0.table.rows, $0.truncated) }
    }

    /// Markdown with its pipe tables as rows (`MarkdownTables`).
    public static func markdownWithTableRows(_ text: String) -> String {
        MarkdownTables.render(text)
    }

    /// Markdown with its pipe tables as rows, and each row's place (`TableRowPlace`).
    public static func markdownWithRowPlaces(_ text: String) -> (text: String, rows: [TableRowPlace]) {
        MarkdownTables.renderWithRows(text)
    }

    /// A CSV file's text as the index reads it, with each row's place.
    public static func delimitedDocument(_ text: String, delimiter: UInt8?, maxScalars: Int) -> (text: String, rows: [TableRowPlace]) {
        let structured = DelimitedText.structured(text, delimiter: delimiter, fileName: "table.csv", maxScalars: maxScalars)
        return (structured.text, structured.tableRows)
    }

    /// Every row place lies in `text`, in order without overlap, and each cell lies in its row:
    /// nil when so, else what is wrong (for the fuzz harnesses and tests).
    public static func rowPlacesProblem(_ rows: [TableRowPlace], in text: String) -> String? {
        let count = text.unicodeScalars.count
        var end = 0
        for row in rows {
            if row.range.lowerBound < end { return "row \(row.range) overlaps the one before (ending at \(end))" }
            if row.range.upperBound > count { return "row \(row.range) past the text's \(count) scalars" }
            if row.row < 1 { return "row number \(row.row)" }
            for cell in row.cells where cell.range.lowerBound < row.range.lowerBound || cell.range.upperBound > row.range.upperBound {
                return "cell \(cell.range) outside its row \(row.range)"
            }
            end = row.range.upperBound
        }
        return nil
    }

    /// Rows as the index reads them: "Header: value · Header: value", one line each.
    public static func renderedRows(_ rows: [[String]]) -> [String] {
        TableText(rows: rows).renderedRows()
    }

    /// The most cells a row keeps (`TableText.maxCellsPerRow`).
    public static var maxCellsPerRow: Int { TableText.maxCellsPerRow }
}

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

    /// Rows as the index reads them: "Header: value · Header: value", one line each.
    public static func renderedRows(_ rows: [[String]]) -> [String] {
        TableText(rows: rows).renderedRows()
    }

    /// The most cells a row keeps (`TableText.maxCellsPerRow`).
    public static var maxCellsPerRow: Int { TableText.maxCellsPerRow }
}

/// An .xls workbook's text from catdoc's `xls2csv` output: CSV ("," between quoted cells), one
/// table per sheet, sheets ended by form feeds. Read by the shared table path — `DelimitedText`
/// for the CSV, `TableText` for rows that carry their column headers ("Day: Wednesday ·
/// Leader: Mark."), `TableDocument` for the bounds — with each sheet a section ("Sheet 2";
/// xls2csv does not give sheet names) when there are several.
public enum LegacySpreadsheetText {
    /// Cells per row and rows per workbook read at most (the shared table bounds).
    public static let maxCellsPerRow = TableText.maxCellsPerRow
    public static let maxRows = TableText.maxRowsPerFile

    /// Header names longer than this label cells cut short: a header repeats on every row.
    public static let maxLabelScalars = TableText.maxLabelScalars

    /// Without a limit given, the rendered text stops growing past `maxGrowth` times the CSV's
    /// scalars (plus 64 k): labels repeat headers, so a huge header row could multiply it.
    public static let maxGrowth = 4

    /// The workbook's text; `maxScalars` bounds it (the loader gives the file limit), a cut
    /// being kept in the result's notes.
    public static func render(csv: String, maxScalars: Int? = nil) -> StructuredText {
        var document = TableDocument(maxScalars: maxScalars ?? maxGrowth * csv.unicodeScalars.count + 65_536)
        let sheets = csv.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .filter { !$0.allSatisfy(\.isWhitespace) }
        for (number, sheet) in sheets.enumerated() {
            guard document.rowsLeft > 0 else {
                document.noteRowsCut()
                break
            }
            let parsed = DelimitedText.parse(String(sheet), delimiter: UInt8(ascii: ","), maxRows: document.rowsLeft)
            var table = TableText(rows: parsed.rows)
            table.rowNumbers = parsed.rowNumbers
            guard !table.renderedRows(within: 1 << 20).lines.isEmpty || parsed.truncated else { continue }
            if sheets.count > 1 { document.addHeading("Sheet \(number + 1)", inText: true) }
            // xls2csv names no sheet: one sheet is a file's table (`B4`), several are "Sheet 2".
            document.append(table, as: sheets.count > 1 ? .sheet("Sheet \(number + 1)") : .file)
            if parsed.truncated {
                document.noteRowsCut()
                break
            }
        }
        return document.structured(title: nil)
    }

    /// The CSV's rows (`DelimitedText`), each cell on one line and trimmed.
    public static func parse(_ csv: Substring, maxRows: Int = maxRows) -> [[String]] {
        DelimitedText.parse(String(csv), delimiter: UInt8(ascii: ","), maxRows: maxRows).rows.map { $0.map(TableText.flattened) }
    }
}

/// Text of spreadsheets — Excel (.xlsx) and OpenDocument (.ods) — as tables: each sheet a
/// section under its name, each row a paragraph that carries its column headers (`TableText`).
/// The ZIP is read within `ZipArchive.Limits` like Word's; rows are bounded per file
/// (`TableText.maxRowsPerFile`), cells per row (`TableText.maxCellsPerRow`), and repeated rows
/// and columns (OpenDocument writes a sheet's 16,384 empty columns as one repeated cell) are
/// never materialised beyond those bounds.
enum SpreadsheetText {
    /// One sheet read.
    struct Sheet: Equatable {
        var name: String
        var table: TableText
        /// Rows were left out at the row limit.
        var truncated = false
    }

    /// The sheets as one document: a heading line per sheet (its name), then its rows.
    static func document(_ sheets: [Sheet], title: String?, maxScalars: Int) -> StructuredText {
        var document = TableDocument(maxScalars: maxScalars)
        for sheet in sheets where !sheet.table.rows.isEmpty {
            document.addHeading(sheet.name, inText: true)
            document.append(sheet.table, as: .sheet(sheet.name))
        }
        if sheets.contains(where: \.truncated) { document.noteRowsCut() }
        return document.structured(title: title)
    }

    /// XML text bytes (entities still encoded, as `XMLScanner` reports them) as a string.
    static func decodedText(_ bytes: [UInt8]) -> String {
        XMLScanner.decodeEntities(String(decoding: bytes, as: UTF8.self))
    }

    /// Collects a row's cells by column, padding skipped columns, within the cell bound.
    struct RowBuilder {
        var cells: [String] = []

        /// Puts `value` at `column` (0-based); columns past the bound are dropped.
        mutating func put(_ value: String, at column: Int) {
            guard column >= 0, column < TableText.maxCellsPerRow else { return }
            if column >= cells.count { cells += Array(repeating: "", count: column - cells.count + 1) }
            cells[column] = value
        }

        var hasContent: Bool { cells.contains { !$0.isEmpty } }
    }
}

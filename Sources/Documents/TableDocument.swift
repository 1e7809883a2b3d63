/// The text of a document made of tables — a CSV file, a workbook's sheets — built table by
/// table: each table under its name as a heading, each row a paragraph (`TableText`).
/// Bounded: rows past `TableText.maxRowsPerFile` (counted over all tables) and text past
/// `maxScalars` are left out, and the cut is kept as a note for the index report.
struct TableDocument {
    /// A String, appended to in place: appending to a `String.UnicodeScalarView` here copied
    /// the whole text each time (83 s for a 200,000-row CSV in a debug build; 6 s with this,
    /// writing the 2,000,000-row file included).
    private(set) var text = ""
    private(set) var count = 0
    private(set) var headings: [DocumentHeading] = []
    private(set) var notes: [String] = []
    /// Where each row is, and its cells (`TableRowPlace`).
    private(set) var rowPlaces: [TableRowPlace] = []
    /// Rows that may still be read from the file (parsers stop there).
    private(set) var rowsLeft = TableText.maxRowsPerFile
    let maxScalars: Int
    private var textCut = false

    init(maxScalars: Int) {
        self.maxScalars = maxScalars
    }

    /// Appends a paragraph (a blank line before it unless it is the first).
    private mutating func appendParagraph(_ line: String) -> Bool {
        let length = line.unicodeScalars.count
        guard count + length + 2 <= maxScalars else {
            noteTextCut()
            return false
        }
        if count > 0 {
            text += "\n\n"
            count += 2
        }
        text += line
        count += length
        return true
    }

    private mutating func noteTextCut() {
        if !textCut { notes.append("cut at \(maxScalars / 1_048_576 > 0 ? "\(maxScalars / 1_048_576) MB" : "\(maxScalars) characters") of table text (the limit per file)") }
        textCut = true
    }

    /// A heading for what follows. `inText`: its text is a line of the document (a sheet's
    /// name, which the reader then sees); otherwise it only names the section (a CSV file's
    /// name) and points at the first row.
    mutating func addHeading(_ name: String, level: Int = 1, inText: Bool) {
        let name = TableText.flattened(name)
        guard !name.isEmpty, !textCut else { return }
        if inText {
            // Its line ends as a sentence: "Rota Day: Monday · …" read as one phrase, and
            // "What activity is on Monday?" got "Rota Day" (93 %); "Rota." gets "the parade".
            let offset = count + (count > 0 ? 2 : 0)
            if appendParagraph(TableText.endingSentence(name)) { headings.append(DocumentHeading(offset: offset, level: level, text: name)) }
        } else {
            headings.append(DocumentHeading(offset: count + (count > 0 ? 2 : 0), level: level, text: name))
        }
    }

    /// Appends a table's rows, each placed in `place` (a sheet by name, or a CSV file); they
    /// count against `rowsLeft`.
    mutating func append(_ table: TableText, as place: TableRowPlace.Table) {
        rowsLeft = max(0, rowsLeft - table.rows.count)
        let (rows, cut) = table.renderedRowsWithCells(within: max(0, maxScalars - count))
        for row in rows {
            let start = count + (count > 0 ? 2 : 0)
            if !appendParagraph(row.line) { return }
            rowPlaces.append(TableRowPlace(range: start..<(start + row.length), table: place, row: row.number, cells: row.cells)
                .shiftedCells(by: start))
        }
        if cut { noteTextCut() }
    }

    /// Records that rows were left out after the row limit.
    mutating func noteRowsCut() {
        let note = "cut after \(Self.grouped(TableText.maxRowsPerFile)) rows (the limit per file)"
        if !notes.contains(note) { notes.append(note) }
        rowsLeft = 0
    }

    func structured(title: String?) -> StructuredText {
        var result = StructuredText(text: text, title: title, headings: headings)
        result.notes = notes
        result.tableRows = rowPlaces
        return result
    }

    /// "200,000": digits grouped by threes, whatever the locale (reports are read in English).
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = number < 0 ? "-" : ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

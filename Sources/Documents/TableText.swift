/// A table read from a document (a spreadsheet's sheet, a CSV file, a table in HTML, Word,
/// OpenDocument, PowerPoint or Markdown) and how it becomes text: each row one paragraph that
/// carries its column headers, "Day: Wednesday · Leader: Mark · Time: 2pm.". Flattened one
/// cell a paragraph, "Who is the leader on Wednesday?" was answered "the fete" (19 %) and
/// "…at 2pm?" "Sarah Mark Ryan" (a whole column); a row with its headers is one passage-unit
/// the reader can answer from, and the chunker never cuts a paragraph this short.
struct TableText: Sendable, Equatable {
    /// Rows of cells, as written (cells may hold line breaks; they are flattened when rendered).
    var rows: [[String]]
    /// The first row is marked as headers by the markup (`<th>`, `<thead>`, Word's repeated
    /// header row, OpenDocument's header rows); otherwise `headers` guesses.
    var firstRowIsMarkedHeader = false
    /// Each row's number as its source counts rows (1-based: an Excel row's `r`), when it is
    /// not its place in `rows` + 1 (a sheet whose empty rows were left out).
    var rowNumbers: [Int]?

    /// Rows read from one file at most: a million-row export costs minutes to index and answers
    /// no question a search engine would not, so the file is cut there and the cut reported.
    static let maxRowsPerFile = 200_000
    /// Cells read from one row at most (Excel allows 16,384; a sheet with more filled columns is
    /// a data dump, not a table a person reads across).
    static let maxCellsPerRow = 512
    /// Separates "Header: value" pairs in a rendered row.
    static let separator = " · "

    init(rows: [[String]], firstRowIsMarkedHeader: Bool = false) {
        self.rows = rows
        self.firstRowIsMarkedHeader = firstRowIsMarkedHeader
    }

    /// The column labels, when the table has them: the first row when it is marked as a header
    /// row, or when it looks like one — at least two rows, and every filled cell of the first
    /// row is a label (not a number or a date) — otherwise nil, and rows render unlabelled.
    var headers: [String]? {
        guard rows.count >= 2, let first = rows.first else { return nil }
        let cells = first.map { cell in
            let label = Self.flattened(cell)
            return label.unicodeScalars.count > Self.maxLabelScalars ? String(String.UnicodeScalarView(label.unicodeScalars.prefix(Self.maxLabelScalars - 1))) + "…" : label
        }
        guard cells.contains(where: { !$0.isEmpty }) else { return nil }
        if firstRowIsMarkedHeader { return cells }
        return cells.allSatisfy({ $0.isEmpty || Self.looksLikeLabel($0) }) ? cells : nil
    }

    /// Each row (after the header row, when there is one) as one line; empty rows left out.
    func renderedRows() -> [String] { renderedRows(within: .max).lines }

    /// One row as text, with where its cells' values are in the line.
    struct RenderedRow: Equatable {
        var line: String
        /// Each value's range in `line` (Unicode scalars) and its 0-based column.
        var cells: [TableRowPlace.Cell]
        /// The row's number as its source counts rows (1-based).
        var number: Int
        /// `line`'s length in Unicode scalars.
        var length: Int
    }

    /// The rendered rows up to `budget` scalars in all (then `cut`). Headers repeat on every
    /// row, so a table's text grows as it is rendered — a 1 MB header row over 30,000 one-letter
    /// rows would be 30 GB — hence the budget, and labels of at most `maxLabelScalars`.
    func renderedRows(within budget: Int) -> (lines: [String], cut: Bool) {
        let (rendered, cut) = renderedRowsWithCells(within: budget)
        return (rendered.map(\.line), cut)
    }

    /// `renderedRows(within:)` with each row's cells and number.
    func renderedRowsWithCells(within budget: Int) -> (rows: [RenderedRow], cut: Bool) {
        let labels = headers
        var lines: [RenderedRow] = []
        var used = 0
        let first = labels == nil ? 0 : 1
        for index in rows.indices.dropFirst(first) {
            let (line, cells) = Self.renderWithCells(rows[index], headers: labels)
            guard !line.isEmpty else { continue }
            let length = line.unicodeScalars.count
            used += length + 2
            if used > budget { return (lines, true) }
            lines.append(RenderedRow(line: line, cells: cells, number: rowNumber(index), length: length))
        }
        // A table of one row that is all headers (a header row without data) still holds text.
        if lines.isEmpty, labels != nil, let first = rows.first {
            let (line, cells) = Self.renderWithCells(first, headers: nil)
            let length = line.unicodeScalars.count
            if !line.isEmpty, length <= budget { lines = [RenderedRow(line: line, cells: cells, number: rowNumber(0), length: length)] }
        }
        return (lines, false)
    }

    /// The source's number for `rows[index]`.
    func rowNumber(_ index: Int) -> Int {
        if let rowNumbers, index < rowNumbers.count { return rowNumbers[index] }
        return index + 1
    }

    /// A header longer than this is cut (with "…") where it labels a value.
    static let maxLabelScalars = 100

    /// "Header: value · Header: value."; empty cells left out, a cell without a header (or
    /// whose header repeats it) written alone, and a row of one cell (a one-column table)
    /// just the cell. A sparse row keeps its labels: "Leader: Mark" says more than "Mark".
    /// The row ends as a sentence: rows are joined into passages and the reader, trained on
    /// prose, otherwise ran one row into the next ("the parade Day" for "What activity is on
    /// Monday?"; "Who leads at 2pm?" got the next row's "Ryan", 28 %, and gets "Mark", 53 %,
    /// with the stop).
    static func render(_ row: [String], headers: [String]?) -> String {
        renderWithCells(row, headers: headers).line
    }

    /// `render`, with each value's range in the line (Unicode scalars) and its column.
    static func renderWithCells(_ row: [String], headers: [String]?) -> (line: String, cells: [TableRowPlace.Cell]) {
        var line = ""
        var cells: [TableRowPlace.Cell] = []
        if row.count == 1, (headers?.count ?? 1) <= 1 {
            line = flattened(row[0])
            let length = line.unicodeScalars.count
            if length > 0 { cells = [TableRowPlace.Cell(range: 0..<length, column: 0)] }
        } else {
            var count = 0
            let separatorLength = separator.unicodeScalars.count
            for (column, raw) in row.enumerated() {
                let value = flattened(raw)
                guard !value.isEmpty else { continue }
                let label = headers.flatMap { column < $0.count ? $0[column] : nil } ?? ""
                if count > 0 {
                    line += separator
                    count += separatorLength
                }
                if !(label.isEmpty || label == value) {
                    line += label + ": "
                    count += label.unicodeScalars.count + 2
                }
                let length = value.unicodeScalars.count
                line += value
                cells.append(TableRowPlace.Cell(range: count..<(count + length), column: column))
                count += length
            }
        }
        return (endingSentence(line), cells)
    }

    /// The line with a full stop unless it ends a sentence already (or is empty).
    static func endingSentence(_ line: String) -> String {
        guard let last = line.unicodeScalars.last, !".!?…。！？".unicodeScalars.contains(last) else { return line }
        return line + "."
    }

    /// A cell on one line: every run of whitespace (line breaks included) one space.
    static func flattened(_ cell: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in cell.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        return String(out)
    }

    /// A header cell is words, not a value: it holds a letter and is not a date ("2024-03-07",
    /// "7/3/2024", "March 7, 2024" has digits and a month name: a value) nor a number with a
    /// unit ("12 kg"). A label may hold digits ("Q1", "2023 sales").
    static func looksLikeLabel(_ cell: String) -> Bool {
        guard cell.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return false }
        if looksLikeDate(cell) { return false }
        // "12 kg", "3.5%": a number first is a value.
        if let first = cell.unicodeScalars.first, ("0"..."9").contains(first) || first == "-" || first == "+" {
            let digits = cell.unicodeScalars.prefix { ("0"..."9").contains($0) || $0 == "." || $0 == "," || $0 == "-" || $0 == "+" }
            if digits.contains(where: { ("0"..."9").contains($0) }), cell.unicodeScalars.count - digits.count <= 4 { return false }
        }
        return true
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// "2024-03-07", "07/03/2024", "7.3.24", "March 7, 2024", "7 Mar 2024".
    static func looksLikeDate(_ cell: String) -> Bool {
        let scalars = Array(cell.unicodeScalars)
        let digitCount = scalars.filter { ("0"..."9").contains($0) }.count
        guard digitCount >= 1 else { return false }
        if scalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "-" || $0 == "/" || $0 == "." || $0 == " " || $0 == ":" || $0 == "T" }) {
            return digitCount >= 4
        }
        let words = cell.lowercased().split { !$0.isLetter }
        return words.count <= 2 && words.contains { word in monthNames.contains { word.hasPrefix($0) } } && digitCount <= 8
    }
}

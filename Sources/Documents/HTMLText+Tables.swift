/// Tables in HTML (and in Word, OpenDocument and PowerPoint documents, which `OfficeText`
/// turns into HTML tables): while a `<table>` is read its cells are ordinary text in the output,
/// remembered as ranges; at `</table>` a data table's text is replaced by its rows, each a
/// paragraph "Header: value · Header: value" (`TableText`), under its caption as a heading.
/// A layout table — one cell, a cell of more than `layoutCellWords` words, or a heading inside —
/// is left as the text it was, since flattening a page laid out in a table would run its
/// paragraphs together. Nested tables are rendered inside their outer cell, up to
/// `maxDepth` deep (deeper ones are read as plain text).
struct HTMLTableCollector {
    struct OpenTable {
        /// Where the table's text starts in the output, and how many headings came before.
        var start: Int
        var headingCount: Int
        /// 1-based, in the order tables open (the n-th `<table>` of the page).
        var number: Int
        var rows: [[Range<Int>]] = []
        var row: [Range<Int>]?
        var rowIsAllHeaderCells = true
        var cellStart: Int?
        var cellSpan = 1
        var inHead = false
        var firstRowIsMarkedHeader = false
        var captionStart: Int?
        var caption: Range<Int>?
    }

    static let maxDepth = 8
    /// A cell this long is prose laid out in a table, not a value.
    static let layoutCellWords = 100

    /// Scalars the rendered rows of all tables may take: headers repeat on every row, so a
    /// page of a long header over thousands of one-letter cells would grow many times over.
    /// `HTMLText` allows 8 times the page (1 MB at least); rows past it are left out.
    var rowBudget: Int
    private var stack: [OpenTable] = []
    /// Tables opened so far.
    private var tablesOpened = 0
    /// The rendered rows' places in the output, in order (`TableRowPlace.Table.numbered`).
    private(set) var rowPlaces: [TableRowPlace] = []

    init(rowBudget: Int) {
        self.rowBudget = rowBudget
    }
    /// `<table>` tags nested deeper than `maxDepth`, not tracked.
    private var ignoredDepth = 0

    var isInTable: Bool { !stack.isEmpty }

    /// Handles a table tag (`name` lower-cased). Returns true when the output was rewritten:
    /// the caller starts a new paragraph after it.
    mutating func handle(_ name: String, closing: Bool, colspan: Int, out: inout [Unicode.Scalar], headings: inout [DocumentHeading]) -> Bool {
        if name == "table" {
            if closing {
                if ignoredDepth > 0 {
                    ignoredDepth -= 1
                    return false
                }
                guard !stack.isEmpty else { return false }
                return close(out: &out, headings: &headings)
            }
            if stack.count >= Self.maxDepth {
                ignoredDepth += 1
            } else {
                tablesOpened += 1
                stack.append(OpenTable(start: out.count, headingCount: headings.count, number: tablesOpened))
            }
            return false
        }
        guard ignoredDepth == 0, !stack.isEmpty else { return false }
        let end = out.count
        switch (name, closing) {
        case ("td", false), ("th", false):
            endCell(at: end)
            if stack[stack.count - 1].row == nil { stack[stack.count - 1].row = [] }
            stack[stack.count - 1].cellStart = end
            stack[stack.count - 1].cellSpan = min(max(colspan, 1), TableText.maxCellsPerRow)
            if name == "td" { stack[stack.count - 1].rowIsAllHeaderCells = false }
        case ("td", true), ("th", true):
            endCell(at: end)
        case ("tr", _):
            endRow(at: end)
            if !closing { stack[stack.count - 1].row = [] }
        case ("thead", _):
            endRow(at: end)
            stack[stack.count - 1].inHead = !closing
        case ("tbody", _), ("tfoot", _):
            endRow(at: end)
        case ("caption", false):
            stack[stack.count - 1].captionStart = end
        case ("caption", true):
            if let start = stack[stack.count - 1].captionStart, stack[stack.count - 1].caption == nil { stack[stack.count - 1].caption = start..<end }
            stack[stack.count - 1].captionStart = nil
        default: break
        }
        return false
    }

    /// Closes every table still open at the end of the document.
    mutating func finish(out: inout [Unicode.Scalar], headings: inout [DocumentHeading]) -> Bool {
        var rewrote = false
        ignoredDepth = 0
        while !stack.isEmpty { rewrote = close(out: &out, headings: &headings) || rewrote }
        return rewrote
    }

    private mutating func endCell(at end: Int) {
        guard let start = stack[stack.count - 1].cellStart else { return }
        stack[stack.count - 1].cellStart = nil
        let span = stack[stack.count - 1].cellSpan
        if stack[stack.count - 1].row == nil { stack[stack.count - 1].row = [] }
        // A cell spanning columns keeps later cells under their headers: empty cells after it.
        for k in 0..<span where stack[stack.count - 1].row!.count < TableText.maxCellsPerRow {
            stack[stack.count - 1].row!.append(k == 0 ? start..<end : end..<end)
        }
    }

    private mutating func endRow(at end: Int) {
        endCell(at: end)
        guard let row = stack[stack.count - 1].row else { return }
        stack[stack.count - 1].row = nil
        defer { stack[stack.count - 1].rowIsAllHeaderCells = true }
        guard !row.isEmpty, stack[stack.count - 1].rows.count < TableText.maxRowsPerFile else { return }
        if stack[stack.count - 1].rows.isEmpty {
            stack[stack.count - 1].firstRowIsMarkedHeader = stack[stack.count - 1].inHead || stack[stack.count - 1].rowIsAllHeaderCells
        }
        stack[stack.count - 1].rows.append(row)
    }

    /// Ends the innermost table; a data table's text is replaced by its rows.
    private mutating func close(out: inout [Unicode.Scalar], headings: inout [DocumentHeading]) -> Bool {
        endRow(at: out.count)
        let table = stack.removeLast()
        func text(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: out[range.clamped(to: 0..<out.count)])
            return String(view)
        }
        let rows = table.rows.map { $0.map(text) }
        let cellCount = rows.reduce(0) { $0 + $1.count }
        let isLayout = cellCount <= 1 || headings.count > table.headingCount
            || rows.contains { $0.contains { cell in TableText.flattened(cell).split(separator: " ").count > Self.layoutCellWords } }
        guard !isLayout else { return false }
        let caption = table.caption.map { TableText.flattened(text($0)) } ?? ""
        let rendered = TableText(rows: rows, firstRowIsMarkedHeader: table.firstRowIsMarkedHeader).renderedRowsWithCells(within: rowBudget).rows
        rowBudget -= rendered.reduce(0) { $0 + $1.length + 2 }
        out.removeSubrange(min(table.start, out.count)...)
        // A nested table's rows were part of the outer cell's text, rendered anew now.
        while let last = rowPlaces.last, last.range.lowerBound >= table.start { rowPlaces.removeLast() }
        func appendParagraph(_ line: String) {
            if !out.isEmpty { out += ["\n", "\n"] }
            out += line.unicodeScalars
        }
        if !caption.isEmpty {
            // The caption names the rows' section, one level under the heading above it.
            let level = min((headings.last?.level ?? 0) + 1, 6)
            // Ended as a sentence, like a sheet's name (`TableDocument.addHeading`).
            let line = TableText.endingSentence(caption)
            appendParagraph(line)
            headings.append(DocumentHeading(offset: out.count - line.unicodeScalars.count, level: level, text: caption))
        }
        for row in rendered {
            appendParagraph(row.line)
            rowPlaces.append(TableRowPlace(range: (out.count - row.length)..<out.count, table: .numbered(table.number), row: row.number,
                                           cells: row.cells).shiftedCells(by: out.count - row.length))
        }
        return true
    }
}

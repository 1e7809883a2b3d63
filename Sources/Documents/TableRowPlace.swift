/// Where one row of a table stands in a document's text, and which cell each part of it came
/// from: a sheet's row "Item: Crampons · Shelf: D1 · Count: 12." is the range of that paragraph,
/// and "D1" inside it is cell `Stock!B5` (the shelf column, the sheet's fifth row). Answers name
/// their cell from it (`cellName(at:)`), the viewer highlights the row, and the reader never lets
/// a span cross from one row into the next (the row ranges bound its spans).
public struct TableRowPlace: Sendable, Equatable, Hashable {
    /// Which table the row belongs to, as people name it.
    public enum Table: Sendable, Equatable, Hashable {
        /// A workbook's sheet, by name: cells read `Stock!B3`.
        case sheet(String)
        /// A CSV or TSV file (a table without a name): cells read `B4`.
        case file
        /// The n-th table of a document (1-based; Word, OpenDocument, PowerPoint, HTML, EPUB):
        /// cells read `table 1, row 2, column B`.
        case numbered(Int)
    }

    /// One cell's value in the row's text.
    public struct Cell: Sendable, Equatable, Hashable {
        /// Unicode-scalar offsets of the value (not its header label) in the document's text.
        public var range: Range<Int>
        /// 0-based column: 0 is A.
        public var column: Int

        public init(range: Range<Int>, column: Int) {
            self.range = range
            self.column = column
        }
    }

    /// The row's paragraph, in Unicode-scalar offsets into the document's text.
    public var range: Range<Int>
    public var table: Table
    /// 1-based, as the source counts rows (a spreadsheet's row number, a CSV file's record
    /// counting the header row, a document table's row counting its header row).
    public var row: Int
    /// Its cells with a value, in column order.
    public var cells: [Cell]

    public init(range: Range<Int>, table: Table, row: Int, cells: [Cell]) {
        self.range = range
        self.table = table
        self.row = row
        self.cells = cells
    }

    /// The same row, `offset` scalars further into a longer text (a chapter in a book).
    public func shifted(by offset: Int) -> TableRowPlace {
        TableRowPlace(range: (range.lowerBound + offset)..<(range.upperBound + offset), table: table, row: row,
                      cells: cells.map { Cell(range: ($0.range.lowerBound + offset)..<($0.range.upperBound + offset), column: $0.column) })
    }

    /// The row with its cells' ranges (relative to the row's line) moved `offset` further.
    func shiftedCells(by offset: Int) -> TableRowPlace {
        TableRowPlace(range: range, table: table, row: row,
                      cells: cells.map { Cell(range: ($0.range.lowerBound + offset)..<($0.range.upperBound + offset), column: $0.column) })
    }

    /// The name of the cell that holds `offset` — `Stock!B3`, `B4`, `table 1, row 2, column B` —
    /// or of the row when the offset falls on a header label or a separator (`Stock!3`, `row 4`,
    /// `table 1, row 2`).
    public func cellName(at offset: Int) -> String {
        guard let cell = cells.first(where: { $0.range.contains(offset) }) else { return rowName }
        let column = Self.columnName(cell.column)
        switch table {
        case let .sheet(name): return "\(Self.sheetReference(name))!\(column)\(row)"
        case .file: return "\(column)\(row)"
        case let .numbered(number): return "table \(number), row \(row), column \(column)"
        }
    }

    /// The row's name: `Stock!3`, `row 4`, `table 1, row 2`.
    public var rowName: String {
        switch table {
        case let .sheet(name): return "\(Self.sheetReference(name))!\(row)"
        case .file: return "row \(row)"
        case let .numbered(number): return "table \(number), row \(row)"
        }
    }

    /// "A" for 0, "Z" for 25, "AA" for 26: spreadsheet column letters.
    public static func columnName(_ column: Int) -> String {
        var number = max(0, column) + 1
        var letters: [Unicode.Scalar] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Unicode.Scalar(UInt8(65 + remainder)))
            number = (number - 1) / 26
        }
        return String(String.UnicodeScalarView(letters.reversed()))
    }

    /// A sheet's name as a spreadsheet writes it in a reference: quoted when it holds anything
    /// but letters, digits and underscores (`'Q1 sales'!B3`), a quote doubled.
    static func sheetReference(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        return plain ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

extension [TableRowPlace] {
    /// The row whose paragraph holds `offset` (rows are in text order and never overlap).
    public func row(containing offset: Int) -> TableRowPlace? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].range.upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low].range.contains(offset) ? self[low] : nil
    }
}

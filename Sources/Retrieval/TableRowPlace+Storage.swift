import Documents

/// A table row as the index stores it (`table_rows`): the table as text ('sheet:Stock',
/// 'file', 'table:2') and the cells as "start+length:column" items joined by ";", offsets from
/// the row's start (short numbers: a row is one paragraph).
extension TableRowPlace {
    var storedTable: String {
        switch table {
        case let .sheet(name): "sheet:" + name
        case .file: "file"
        case let .numbered(number): "table:\(number)"
        }
    }

    var storedCells: String {
        cells.map { "\($0.range.lowerBound - range.lowerBound)+\($0.range.count):\($0.column)" }.joined(separator: ";")
    }

    /// The row read back; nil for a row this version cannot read (it is then not used).
    init?(start: Int, end: Int, storedTable: String, row: Int, storedCells: String) {
        guard start >= 0, end >= start else { return nil }
        let table: Table
        if storedTable == "file" {
            table = .file
        } else if storedTable.hasPrefix("sheet:") {
            table = .sheet(String(storedTable.dropFirst(6)))
        } else if storedTable.hasPrefix("table:"), let number = Int(storedTable.dropFirst(6)) {
            table = .numbered(number)
        } else {
            return nil
        }
        var cells: [Cell] = []
        for item in storedCells.split(separator: ";") {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let column = Int(parts[1]) else { return nil }
            let span = parts[0].split(separator: "+")
            guard span.count == 2, let offset = Int(span[0]), let length = Int(span[1]), offset >= 0, length >= 0,
                  start + offset + length <= end else { return nil }
            cells.append(Cell(range: (start + offset)..<(start + offset + length), column: column))
        }
        self.init(range: start..<end, table: table, row: row, cells: cells)
    }
}

import Foundation

/// An .xls workbook's text from catdoc's `xls2csv` output: CSV, one table per sheet, sheets
/// ended by form feeds. Each row becomes one line that carries its column headers ("Day:
/// Wednesday · Leader: Mark"), the first non-empty row of a sheet being its header, and each
/// sheet is a section ("Sheet 2"; xls2csv does not give sheet names).
///
/// Kept as CSV text handed to this one function so that, at merge, it can be switched to the
/// shared table-row renderer (branch `tables`) without touching the tool run.
public enum LegacySpreadsheetText {
    /// Cells per row and rows per workbook read at most; more is dropped (the text is also
    /// bounded by the file limit, which xls2csv's output cannot pass).
    public static let maxCellsPerRow = 1_000
    public static let maxRows = 1_000_000

    /// Header names longer than this label cells cut short: a header repeats on every row.
    public static let maxLabelScalars = 60

    /// The rendered text stops growing past `maxGrowth` times the CSV's scalars (plus 64 k):
    /// labels repeat headers, so a huge header row over many rows could multiply it.
    public static let maxGrowth = 4

    public static func render(csv: String) -> StructuredText {
        let limit = maxGrowth * csv.unicodeScalars.count + 65_536
        var text = String.UnicodeScalarView()
        var headings: [DocumentHeading] = []
        var offset = 0
        func append(_ line: String) {
            text.append(contentsOf: line.unicodeScalars)
            offset += line.unicodeScalars.count
        }
        var rowsLeft = maxRows
        let sheets = csv.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .filter { !$0.allSatisfy(\.isWhitespace) }
        for (number, sheet) in sheets.enumerated() where offset < limit {
            let rows = parse(Substring(sheet), maxRows: rowsLeft).filter { !$0.allSatisfy { $0.isEmpty } }
            rowsLeft -= rows.count
            guard let header = rows.first else { continue }
            if offset > 0 { append("\n\n") }
            if sheets.count > 1 {
                let name = "Sheet \(number + 1)"
                headings.append(DocumentHeading(offset: offset, level: 1, text: name))
                append(name + "\n\n")
            }
            append(header.filter { !$0.isEmpty }.joined(separator: " · "))
            let labels = header.map { String(String.UnicodeScalarView($0.unicodeScalars.prefix(maxLabelScalars))) }
            for row in rows.dropFirst() where offset < limit {
                let cells = row.enumerated().compactMap { column, cell -> String? in
                    guard !cell.isEmpty else { return nil }
                    let name = column < labels.count ? labels[column] : ""
                    return name.isEmpty || name == cell ? cell : "\(name): \(cell)"
                }
                append("\n" + cells.joined(separator: " · "))
            }
        }
        return StructuredText(text: String(text), headings: headings)
    }

    /// RFC 4180 CSV: "," between cells, quoted cells with "" for a quote and line breaks kept;
    /// cells trimmed of surrounding spaces and line breaks inside a cell made spaces, so that
    /// one row stays one line.
    public static func parse(_ csv: Substring, maxRows: Int = maxRows) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = String.UnicodeScalarView()
        var quoted = false
        var scalars = csv.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endCell() {
            if row.count < maxCellsPerRow {
                let value = String(cell).split(whereSeparator: { $0.isNewline }).joined(separator: " ")
                row.append(value.trimmingCharacters(in: .whitespaces))
            }
            cell = String.UnicodeScalarView()
        }
        func endRow() {
            endCell()
            rows.append(row)
            row = []
        }
        while rows.count < maxRows, let scalar = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                } else {
                    cell.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where String(cell).allSatisfy(\.isWhitespace): cell = String.UnicodeScalarView(); quoted = true
            case ",": endCell()
            case "\r":
                let next = scalars.next()
                endRow()
                if next != "\n" { pending = next }
            case "\n": endRow()
            default: cell.append(scalar)
            }
        }
        if rows.count < maxRows, !cell.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}

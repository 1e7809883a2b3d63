/// Markdown pipe tables (GitHub's: a header line of `|`-separated cells, a separator line
/// `|---|:--:|` with as many columns, then body lines) become one paragraph per row carrying
/// its headers (`TableText`), like tables of every other format. The rest of the Markdown is
/// kept as written; headings are found in the text afterwards, so offsets stay those of the
/// indexed text.
enum MarkdownTables {
    /// The text with its pipe tables rendered as rows; the text itself when it has none.
    static func render(_ text: String) -> String {
        renderWithRows(text).text
    }

    /// `render`, with each rendered row's place (`TableRowPlace.Table.numbered`: the n-th pipe
    /// table of the file).
    static func renderWithRows(_ text: String) -> (text: String, rows: [TableRowPlace]) {
        var source = text
        return source.withUTF8 { render(bytes: $0) } ?? (text, [])
    }

    /// Unicode scalars in UTF-8 bytes: the bytes that are not continuation bytes.
    private static func scalarCount<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Works on the UTF-8 bytes: lines are found and tested by byte, and only a table's lines
    /// become Strings. (Splitting the text into Substrings walked grapheme clusters: a fifth of
    /// the time of indexing 17 MB of Markdown with a `|` in every paragraph.)
    private static func render(bytes: UnsafeBufferPointer<UInt8>) -> (text: String, rows: [TableRowPlace])? {
        let newline = UInt8(ascii: "\n")
        guard bytes.contains(UInt8(ascii: "|")) else { return nil }
        let text = Lines(bytes)
        let lines = text.lines
        var output: [UInt8] = []
        var copiedUpTo = 0
        // Headers repeat on every row: all tables' rows take at most 8 times the text (1 MB at
        // least), so a long header over thousands of one-letter rows cannot blow it up.
        var rowBudget = max(1 << 20, 8 * bytes.count)
        var fence: UInt8?
        var places: [TableRowPlace] = []
        var tables = 0
        // Unicode scalars in `output` (offsets of the indexed text), counted as it grows.
        var scalars = 0
        var i = 0
        while i < lines.count {
            let line = lines[i]
            fence = text.fence(after: line, open: fence)
            guard fence == nil, text.startsTable(at: i) else {
                i += 1
                continue
            }
            let (rows, j) = text.tableRows(from: i)
            // The text before the table (up to its first line), a blank line, the rows as
            // paragraphs, a blank line, and on after the table.
            output += bytes[copiedUpTo..<line.lowerBound]
            scalars += scalarCount(bytes[copiedUpTo..<line.lowerBound])
            if i > 0, !text.isBlank(lines[i - 1]) {
                output.append(newline)
                scalars += 1
            }
            let rendered = TableText(rows: rows, firstRowIsMarkedHeader: true).renderedRowsWithCells(within: rowBudget).rows
            rowBudget -= rendered.reduce(0) { $0 + $1.length + 2 }
            tables += 1
            for (k, row) in rendered.enumerated() {
                if k > 0 {
                    output += [newline, newline]
                    scalars += 2
                }
                places.append(TableRowPlace(range: scalars..<(scalars + row.length), table: .numbered(tables), row: row.number, cells: row.cells)
                    .shiftedCells(by: scalars))
                output += Array(row.line.utf8)
                scalars += row.length
            }
            if j < lines.count {
                output.append(newline)
                scalars += 1
                if !text.isBlank(lines[j]) {
                    output.append(newline)
                    scalars += 1
                }
                copiedUpTo = lines[j].lowerBound
            } else {
                copiedUpTo = bytes.count
            }
            i = j
        }
        guard copiedUpTo > 0 else { return nil }
        output += bytes[copiedUpTo...]
        return (String(decoding: output, as: UTF8.self), places)
    }

    /// The text's lines as ranges of its UTF-8 bytes, tested by byte.
    private struct Lines {
        static let pipe = UInt8(ascii: "|")
        let bytes: UnsafeBufferPointer<UInt8>
        let lines: [Range<Int>]

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            var lines: [Range<Int>] = []
            var start = 0
            for k in 0..<bytes.count where bytes[k] == UInt8(ascii: "\n") {
                lines.append(start..<k)
                start = k + 1
            }
            lines.append(start..<bytes.count)
            self.lines = lines
        }

        func string(_ range: Range<Int>) -> Substring { Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)) }
        func hasPipe(_ range: Range<Int>) -> Bool { bytes[range].contains(Self.pipe) }
        func isBlank(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        func couldBeSeparator(_ range: Range<Int>) -> Bool {
            bytes[range].contains(UInt8(ascii: "-"))
                && bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == Self.pipe || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") }
        }

        /// The code fence open after `line` (its mark, ` or ~), given the one open before it:
        /// tables are not looked for inside one.
        func fence(after line: Range<Int>, open fence: UInt8?) -> UInt8? {
            var first = line.lowerBound
            while first < line.upperBound, bytes[first] == 0x20 { first += 1 }
            if first + 3 <= line.upperBound, bytes[first] == UInt8(ascii: "`") || bytes[first] == UInt8(ascii: "~"),
               bytes[first + 1] == bytes[first], bytes[first + 2] == bytes[first] {
                return fence == nil ? bytes[first] : (fence == bytes[first] ? nil : fence)
            }
            return fence
        }

        /// A header line with pipes followed by a separator line of as many columns.
        func startsTable(at i: Int) -> Bool {
            guard i + 1 < lines.count, hasPipe(lines[i]), couldBeSeparator(lines[i + 1]),
                  let columns = MarkdownTables.separatorColumns(string(lines[i + 1])),
                  MarkdownTables.cells(string(lines[i])).count == columns else { return false }
            return true
        }

        /// The cells of the table whose header is line `i` (header first, at most
        /// `TableText.maxRowsPerFile` rows), and the index of the line after it.
        func tableRows(from i: Int) -> (rows: [[String]], end: Int) {
            var rows = [MarkdownTables.cells(string(lines[i]))]
            var j = i + 2
            while j < lines.count, hasPipe(lines[j]), !isBlank(lines[j]) {
                if rows.count < TableText.maxRowsPerFile { rows.append(MarkdownTables.cells(string(lines[j]))) }
                j += 1
            }
            return (rows, j)
        }
    }

    /// The cells of a table line: outer pipes dropped, split at pipes not escaped (`\|`).
    static func cells(_ line: Substring) -> [String] {
        var body = line.trimmingCharacters(in: .whitespaces)[...]
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|"), !body.hasSuffix("\\|") { body = body.dropLast() }
        var cells: [String] = []
        var cell = ""
        var escaped = false
        for character in body {
            if escaped {
                if character != "|" { cell.append("\\") }
                cell.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
            if cells.count >= TableText.maxCellsPerRow { return cells }
        }
        if escaped { cell.append("\\") }
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        return cells
    }

    /// The number of columns of a separator line (`| --- | :-: |`), nil when it is not one.
    static func separatorColumns(_ line: Substring) -> Int? {
        guard line.utf8.contains(UInt8(ascii: "-")) else { return nil }
        let parts = cells(line)
        for part in parts {
            var core = part[...]
            if core.hasPrefix(":") { core = core.dropFirst() }
            if core.hasSuffix(":") { core = core.dropLast() }
            guard !core.isEmpty, core.allSatisfy({ $0 == "-" }) else { return nil }
        }
        // A single column needs a pipe, or "---" is a setext underline or a rule.
        guard parts.count > 1 || line.utf8.contains(UInt8(ascii: "|")) else { return nil }
        return parts.count
    }
}

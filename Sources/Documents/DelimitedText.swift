/// Comma- and tab-separated values (.csv, .tsv) as RFC 4180 writes them: fields quoted with
/// `"`, a doubled `""` inside quotes for a quote, delimiters and line breaks inside quotes kept
/// as text. Read leniently, as spreadsheets do: a quote inside an unquoted field is text, text
/// after a closing quote joins the field, an unclosed quote runs to the end of the file.
/// The text arrives decoded (`TextDecoding`: byte-order mark dropped, line ends "\n").
enum DelimitedText {
    struct Parsed: Equatable {
        var rows: [[String]]
        /// Each row's record number (1-based; blank lines count, as a spreadsheet shows them).
        var rowNumbers: [Int] = []
        /// Rows were left out after `maxRows`.
        var truncated = false
        var delimiter: UInt8
    }

    /// The delimiters a .csv file may use: comma, semicolon (where the comma is the decimal
    /// mark), tab, vertical bar.
    static let candidateDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

    /// Rows of `text`, at most `maxRows` (then `truncated`), each at most `maxCells` cells (the
    /// rest of a longer row dropped). `delimiter` nil: sniffed from the first lines.
    /// Memory is the rows kept; time is linear in the bytes up to the last row kept.
    static func parse(_ text: String, delimiter: UInt8? = nil, maxRows: Int = TableText.maxRowsPerFile,
                      maxCells: Int = TableText.maxCellsPerRow) -> Parsed {
        var text = text
        return text.withUTF8 { bytes in
            let delimiter = delimiter ?? sniffDelimiter(bytes)
            var collector = RowCollector(maxRows: maxRows, maxCells: maxCells)
            let newline = UInt8(ascii: "\n")
            var i = 0
            let n = bytes.count
            while i < n {
                // A field starts here.
                if bytes[i] == UInt8(ascii: "\"") { i = readQuoted(bytes, from: i + 1, into: &collector.field) }
                // Unquoted text, or what follows a closing quote, up to the delimiter or line end.
                while i < n, bytes[i] != delimiter, bytes[i] != newline {
                    collector.field.append(bytes[i])
                    i += 1
                }
                if i >= n { break }
                if bytes[i] == delimiter {
                    collector.endField()
                    i += 1
                    continue
                }
                // A line end.
                i += 1
                if !collector.endRow() { return Parsed(rows: collector.rows, rowNumbers: collector.rowNumbers, truncated: collector.truncated, delimiter: delimiter) }
            }
            if !collector.field.isEmpty || !collector.row.isEmpty { _ = collector.endRow() }
            return Parsed(rows: collector.rows, rowNumbers: collector.rowNumbers, truncated: collector.truncated, delimiter: delimiter)
        }
    }

    /// The text of a quoted field, from just after its opening quote, appended to `field`
    /// (`""` is a quote); returns the index after its closing quote, or the end.
    static func readQuoted(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into field: inout [UInt8]) -> Int {
        let quote = UInt8(ascii: "\"")
        let n = bytes.count
        var i = start
        while i < n {
            if bytes[i] == quote {
                if i + 1 < n, bytes[i + 1] == quote {
                    field.append(quote)
                    i += 2
                    continue
                }
                return i + 1
            }
            field.append(bytes[i])
            i += 1
        }
        return i
    }

    /// `parse`'s rows so far, the row and the field being read, within the row and cell limits.
    struct RowCollector {
        let maxRows: Int
        let maxCells: Int
        var rows: [[String]] = []
        var rowNumbers: [Int] = []
        /// Records ended so far, blank lines included.
        var records = 0
        var row: [String] = []
        var field: [UInt8] = []
        var truncated = false

        init(maxRows: Int, maxCells: Int) {
            self.maxRows = maxRows
            self.maxCells = maxCells
        }

        mutating func endField() {
            if row.count < maxCells { row.append(String(decoding: field, as: UTF8.self)) }
            field.removeAll(keepingCapacity: true)
        }

        /// Returns false when the row limit is reached.
        mutating func endRow() -> Bool {
            endField()
            records += 1
            // A blank line is no row (a trailing newline, blank lines between blocks).
            if !(row.count == 1 && row[0].isEmpty) {
                guard rows.count < maxRows else {
                    truncated = true
                    return false
                }
                rows.append(row)
                rowNumbers.append(records)
            }
            row = []
            return true
        }
    }

    /// The candidate that splits the first lines (up to 64 kB, 50 lines) most consistently:
    /// the most lines with the same non-zero count of it outside quotes, then the higher count;
    /// a comma when none occurs.
    static func sniffDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts: [[Int]] = Array(repeating: [], count: candidateDelimiters.count)
        var current = [Int](repeating: 0, count: candidateDelimiters.count)
        var inQuotes = false
        var lines = 0
        for byte in bytes.prefix(1 << 16) {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") {
                for k in current.indices { counts[k].append(current[k]) }
                current = [Int](repeating: 0, count: candidateDelimiters.count)
                lines += 1
                if lines >= 50 { break }
                continue
            }
            if let k = candidateDelimiters.firstIndex(of: byte) { current[k] += 1 }
        }
        if lines < 50, current.contains(where: { $0 > 0 }) { for k in current.indices { counts[k].append(current[k]) } }
        var best: (delimiter: UInt8, lines: Int, count: Int) = (UInt8(ascii: ","), 0, 0)
        for (k, perLine) in counts.enumerated() {
            // The most common non-zero count, and on how many lines it occurs.
            var frequency: [Int: Int] = [:]
            for count in perLine where count > 0 { frequency[count, default: 0] += 1 }
            guard let (count, lines) = frequency.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }) else { continue }
            if lines > best.lines || (lines == best.lines && count > best.count) { best = (candidateDelimiters[k], lines, count) }
        }
        return best.delimiter
    }
}

extension DelimitedText {
    /// A CSV or TSV file as a document: its rows under its file name as the section (none for
    /// a table without a file of its own, such as a mail's attachment).
    static func structured(_ text: String, delimiter: UInt8?, fileName: String?, maxScalars: Int) -> StructuredText {
        var document = TableDocument(maxScalars: maxScalars)
        let parsed = parse(text, delimiter: delimiter, maxRows: document.rowsLeft)
        if let fileName { document.addHeading(fileName, inText: false) }
        var table = TableText(rows: parsed.rows)
        table.rowNumbers = parsed.rowNumbers
        document.append(table, as: .file)
        if parsed.truncated { document.noteRowsCut() }
        return document.structured(title: nil)
    }
}

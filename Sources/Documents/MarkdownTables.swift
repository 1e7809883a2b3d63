/// Markdown pipe tables (GitHub's: a header line of `|`-separated cells, a separator line
/// `|---|:--:|` with as many columns, then body lines) become one paragraph per row carrying
/// its headers (`TableText`), like tables of every other format. The rest of the Markdown is
/// kept as written; headings are found in the text afterwards, so offsets stay those of the
/// indexed text.
enum MarkdownTables {
    /// The text with its pipe tables rendered as rows; the text itself when it has none.
    static func render(_ text: String) -> String {
        guard text.contains("|") else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var output: [Substring] = []
        var rendered: [String] = []  // storage for rendered rows (output holds Substrings)
        var changed = false
        // Headers repeat on every row: all tables' rows take at most 8 times the text (1 MB at
        // least), so a long header over thousands of one-letter rows cannot blow it up.
        var rowBudget = max(1 << 20, 8 * text.utf8.count)
        var fence: Character?
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.drop { $0 == " " }
            if let mark = trimmed.first, mark == "`" || mark == "~", trimmed.prefix(3).allSatisfy({ $0 == mark }), trimmed.count >= 3 {
                fence = fence == nil ? mark : (fence == mark ? nil : fence)
            }
            guard fence == nil, i + 1 < lines.count, line.contains("|"),
                  let columns = separatorColumns(lines[i + 1]), cells(line).count == columns else {
                output.append(line)
                i += 1
                continue
            }
            var rows = [cells(line)]
            var j = i + 2
            while j < lines.count, lines[j].contains("|"), !lines[j].allSatisfy(\.isWhitespace) {
                if rows.count < TableText.maxRowsPerFile { rows.append(cells(lines[j])) }
                j += 1
            }
            if let last = output.last, !last.allSatisfy(\.isWhitespace) { output.append("") }
            let rowTexts = TableText(rows: rows, firstRowIsMarkedHeader: true).renderedRows(within: rowBudget).lines
            rowBudget -= rowTexts.reduce(0) { $0 + $1.unicodeScalars.count + 2 }
            for (k, row) in rowTexts.enumerated() {
                if k > 0 { output.append("") }
                rendered.append(row)
                output.append(Substring(rendered[rendered.count - 1]))
            }
            if j < lines.count, !lines[j].allSatisfy(\.isWhitespace) { output.append("") }
            changed = true
            i = j
        }
        return changed ? output.joined(separator: "\n") : text
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
        guard line.contains("-") else { return nil }
        let parts = cells(line)
        for part in parts {
            var core = part[...]
            if core.hasPrefix(":") { core = core.dropFirst() }
            if core.hasSuffix(":") { core = core.dropLast() }
            guard !core.isEmpty, core.allSatisfy({ $0 == "-" }) else { return nil }
        }
        // A single column needs a pipe, or "---" is a setext underline or a rule.
        guard parts.count > 1 || line.contains("|") else { return nil }
        return parts.count
    }
}

/// OpenDocument spreadsheets (.ods): content.xml holds every sheet as a `table:table` of
/// `table:table-row`s of `table:table-cell`s, each cell's text in `text:p` paragraphs and its
/// typed value in `office:*-value` attributes. Runs of equal rows or cells are written once
/// with `table:number-rows-repeated` / `table:number-columns-repeated` — a sheet's trailing
/// empty space is 1,048,576 rows of 16,384 cells — so repeats are expanded only for content,
/// within the row and cell bounds.
extension SpreadsheetText {
    static func ods(_ descriptor: Int32, _ limits: ZipArchive.Limits, maxScalars: Int) throws -> StructuredText {
        let entries = try ZipArchive.read(descriptor: descriptor, limits: limits) { $0 == "content.xml" || $0 == "meta.xml" }
        guard let content = entries["content.xml"] else { throw OfficeText.Failure.unreadable("no content.xml (not an OpenDocument file)") }
        let title = entries["meta.xml"].flatMap { XMLScanner.firstText(of: "dc:title", in: $0) }
        return document(odsSheets(content, maxRows: TableText.maxRowsPerFile), title: title, maxScalars: maxScalars)
    }

    /// The sheets of content.xml, with at most `maxRows` rows with content over all of them.
    /// Tables nested in cells (rare) are read as part of their cell's text.
    static func odsSheets(_ xml: [UInt8], maxRows: Int) -> [Sheet] {
        var reader = OpenDocumentContentReader(rowsLeft: maxRows)
        XMLScanner.scan(xml) { reader.read($0) }
        return reader.sheets
    }

    /// `odsSheets`' state while content.xml's events go by: the sheet, row and cell being
    /// read, and the rows still allowed.
    struct OpenDocumentContentReader {
        var sheets: [Sheet] = []
        var rowsLeft: Int
        var rows: [[String]] = []
        /// Each kept row's number in its sheet (empty rows, repeated or not, are counted).
        var rowNumbers: [Int] = []
        /// Rows of the sheet so far, empty ones included.
        var sheetRows = 0
        var sheetName = ""
        var firstRowIsHeader = false
        var inHeaderRows = false
        var truncated = false
        var tableDepth = 0
        // The row being read.
        var row = SpreadsheetText.RowBuilder()
        var rowRepeat = 1
        var column = 0
        // The cell being read.
        var inCell = false
        var cellRepeat = 1
        var cellValue: String?  // a typed value shown as is (dates)
        var cellText: [UInt8] = []
        var paragraphs = 0
        var inParagraph = 0
        var hiddenDepth = 0  // annotations (comments) are not the cell's text

        init(rowsLeft: Int) {
            self.rowsLeft = rowsLeft
        }

        /// Text belongs to the cell inside its paragraphs, or anywhere in a table nested in
        /// it, but not in an annotation.
        var collectsText: Bool { inCell && (inParagraph > 0 || tableDepth > 1) && hiddenDepth == 0 }

        mutating func read(_ event: XMLScanner.Event) {
            guard !truncated || tableDepth > 0 else { return }
            switch event {
            case let .tag(tag):
                if tableDepth > 1 {
                    readNestedTableTag(tag)
                } else {
                    readTag(tag)
                }
            case let .text(run):
                if collectsText { cellText += run }
            case let .literal(run):
                if collectsText { cellText += HTMLText.escaped(run) }
            }
        }

        /// Inside a nested table: only its depth is followed; its text joins the cell.
        mutating func readNestedTableTag(_ tag: XMLScanner.Tag) {
            if tag.name == "table:table" { tableDepth += tag.isClosing ? -1 : (tag.isSelfClosing ? 0 : 1) }
            if tag.name == "text:p", tag.isClosing, inCell { cellText.append(0x20) }
        }

        mutating func readTag(_ tag: XMLScanner.Tag) {
            switch tag.name {
            case "table:table": readTableTag(tag)
            case "table:table-header-rows": inHeaderRows = !tag.isClosing && !tag.isSelfClosing
            case "table:table-row": readRowTag(tag)
            case "table:table-cell", "table:covered-table-cell": readCellTag(tag)
            case "text:p", "text:h": readParagraphTag(tag)
            case "office:annotation":
                if !tag.isSelfClosing { hiddenDepth = max(0, hiddenDepth + (tag.isClosing ? -1 : 1)) }
            case "text:s", "text:tab", "text:line-break":
                if inCell, inParagraph > 0, hiddenDepth == 0 { cellText.append(0x20) }
            default: break
            }
        }

        /// A sheet starts at its outermost `table:table` and is kept at its end.
        mutating func readTableTag(_ tag: XMLScanner.Tag) {
            if tag.isSelfClosing { return }
            if tag.isClosing {
                tableDepth -= 1
                if tableDepth == 0 {
                    var table = TableText(rows: rows, firstRowIsMarkedHeader: firstRowIsHeader)
                    table.rowNumbers = rowNumbers
                    sheets.append(Sheet(name: sheetName, table: table, truncated: truncated))
                }
            } else {
                tableDepth += 1
                if tableDepth == 1 {
                    sheetName = tag.attributes["table:name"] ?? "Sheet \(sheets.count + 1)"
                    rows = []
                    rowNumbers = []
                    sheetRows = 0
                    firstRowIsHeader = false
                }
            }
        }

        mutating func readRowTag(_ tag: XMLScanner.Tag) {
            guard tableDepth == 1, !truncated else { return }
            if tag.isClosing || tag.isSelfClosing {
                if tag.isSelfClosing { rowRepeat = SpreadsheetText.repeatCount(tag.attributes["table:number-rows-repeated"]) }
                finishRow()
            } else {
                rowRepeat = SpreadsheetText.repeatCount(tag.attributes["table:number-rows-repeated"])
                row = SpreadsheetText.RowBuilder()
                column = 0
            }
        }

        mutating func readCellTag(_ tag: XMLScanner.Tag) {
            guard tableDepth == 1, !truncated else { return }
            if tag.isClosing {
                if inCell { finishCell() }
                return
            }
            cellRepeat = SpreadsheetText.repeatCount(tag.attributes["table:number-columns-repeated"])
            cellText = []
            paragraphs = 0
            cellValue = tag.attributes["office:date-value"].map(SpreadsheetText.isoDate)
            inCell = true
            if tag.isSelfClosing { finishCell() }
        }

        /// A cell's paragraphs are its lines.
        mutating func readParagraphTag(_ tag: XMLScanner.Tag) {
            guard inCell, hiddenDepth == 0 else { return }
            if tag.isSelfClosing { return }
            if tag.isClosing {
                inParagraph = max(0, inParagraph - 1)
            } else {
                if paragraphs > 0, inParagraph == 0 { cellText.append(0x0A) }
                paragraphs += 1
                inParagraph += 1
            }
        }

        mutating func finishCell() {
            let text = (cellValue ?? SpreadsheetText.decodedText(cellText)).trimmingCharacters(in: .whitespacesAndNewlines)
            let start = column
            if !text.isEmpty {
                for _ in 0..<min(cellRepeat, max(0, TableText.maxCellsPerRow - start)) {
                    row.put(text, at: column)
                    column += 1
                }
            }
            // Empty repeated cells only move the column, within the bound.
            column = min(start + cellRepeat, TableText.maxCellsPerRow)
            inCell = false
        }

        mutating func finishRow() {
            if row.hasContent {
                for k in 0..<rowRepeat {
                    guard rowsLeft > 0 else {
                        truncated = true
                        break
                    }
                    if inHeaderRows, rows.isEmpty { firstRowIsHeader = true }
                    rows.append(row.cells)
                    rowNumbers.append(sheetRows + k + 1)
                    rowsLeft -= 1
                }
            }
            // Repeats are at most 2^24 (`repeatCount`): a count, never materialised.
            sheetRows += rowRepeat
            row = SpreadsheetText.RowBuilder()
            column = 0
        }
    }

    /// A repeat count attribute: at least 1; huge values are fine (never materialised).
    static func repeatCount(_ value: String?) -> Int {
        min(max(value.flatMap(Int.init) ?? 1, 1), 1 << 24)
    }

    /// "2024-03-07" for "2024-03-07", "2024-03-07 14:30" for "2024-03-07T14:30:00".
    static func isoDate(_ value: String) -> String {
        let parts = value.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return value }
        let time = parts[1].prefix(8)
        if time == "00:00:00" { return String(parts[0]) }
        return String(parts[0]) + " " + (time.hasSuffix(":00") ? String(time.prefix(5)) : String(time))
    }
}

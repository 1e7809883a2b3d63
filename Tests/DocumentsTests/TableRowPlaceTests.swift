@testable import Documents
import Foundation
import XCTest

/// Each table row knows its place: its paragraph's range, its table (a sheet, a CSV file, the
/// n-th table of a document), its row number and where each cell's value is, so an answer in
/// it names its cell (`Stock!B3`, `B4`, `table 1, row 2, column B`).
final class TableRowPlaceTests: XCTestCase {
    func place(_ row: TableRowPlace, in text: String, of value: String) throws -> String {
        let scalars = ScalarText(text)
        let cell = try XCTUnwrap(row.cells.first { scalars[$0.range] == value }, "no cell \(value) in \(scalars[row.range])")
        return row.cellName(at: cell.range.lowerBound)
    }

    func testCSVRowsNameTheirCellsByColumnLetterAndRecordNumber() throws {
        let structured = DelimitedText.structured("Day,Leader,Time\nMonday,Sarah,10am\nWednesday,Mark,2pm\n", delimiter: nil, fileName: "rota.csv",
                                                  maxScalars: 1 << 20)
        let text = ScalarText(structured.text)
        XCTAssertEqual(structured.tableRows.map { text[$0.range] },
                       ["Day: Monday · Leader: Sarah · Time: 10am.", "Day: Wednesday · Leader: Mark · Time: 2pm."])
        let wednesday = structured.tableRows[1]
        XCTAssertEqual(wednesday.row, 3, "the header is row 1")
        XCTAssertEqual(try place(wednesday, in: structured.text, of: "Mark"), "B3")
        XCTAssertEqual(try place(wednesday, in: structured.text, of: "2pm"), "C3")
        // A header label is no cell: the row is named.
        XCTAssertEqual(wednesday.cellName(at: wednesday.range.lowerBound), "row 3")
        // Blank lines are rows of the file (a spreadsheet shows them); a quoted line break is not.
        let gaps = DelimitedText.structured("Day,Leader\n\nMonday,\"Sarah\nand Zoë\"\n\nWednesday,Mark\n", delimiter: nil, fileName: nil,
                                            maxScalars: 1 << 20)
        XCTAssertEqual(gaps.tableRows.map(\.row), [3, 5])
        XCTAssertEqual(try place(gaps.tableRows[1], in: gaps.text, of: "Mark"), "B5")
    }

    func testExcelRowsKeepTheSheetsRowNumbersAcrossEmptyRows() throws {
        let sheet = """
            <worksheet><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>Item</t></is></c><c r="B1" t="inlineStr"><is><t>Shelf</t></is></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>Crampons</t></is></c><c r="C4" t="inlineStr"><is><t>D1</t></is></c></row>
            </sheetData></worksheet>
            """
        var parsed = SpreadsheetText.xlsxSheet(Array(sheet.utf8), sharedStrings: [], styles: .init(), uses1904: false, maxRows: 10)
        parsed.name = "Q1 stock"
        let structured = SpreadsheetText.document([parsed], title: nil, maxScalars: 1 << 20)
        let row = try XCTUnwrap(structured.tableRows.first)
        XCTAssertEqual(ScalarText(structured.text)[row.range], "Item: Crampons · D1.")
        XCTAssertEqual(try place(row, in: structured.text, of: "Crampons"), "'Q1 stock'!A4")
        XCTAssertEqual(try place(row, in: structured.text, of: "D1"), "'Q1 stock'!C4", "column C: B was empty")
    }

    func testHTMLTablesAreNumberedInTheOrderTheyOpen() throws {
        let html = """
            <p>Intro.</p><table><tr><th>Hut</th><th>Warden</th></tr><tr><td>Konkordia</td><td>Anna Berger</td></tr></table>
            <table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>
            """
        let structured = HTMLText.extractStructured(html)
        // The second table's first row reads as its headers ("a", "b" are labels).
        XCTAssertEqual(structured.tableRows.count, 2, structured.text)
        guard structured.tableRows.count == 2 else { return }
        XCTAssertEqual(try place(structured.tableRows[0], in: structured.text, of: "Anna Berger"), "table 1, row 2, column B")
        XCTAssertEqual(try place(structured.tableRows[1], in: structured.text, of: "c"), "table 2, row 2, column A")
        XCTAssertEqual(structured.tableRows[1].rowName, "table 2, row 2")
    }

    func testNestedTableRowsAreReplacedByTheOuterTablesRows() {
        let html = "<table><tr><th>A</th><th>B</th></tr><tr><td><table><tr><td>x</td><td>y</td></tr><tr><td>z</td><td>w</td></tr></table></td><td>v</td></tr></table>"
        let structured = HTMLText.extractStructured(html)
        let text = ScalarText(structured.text)
        for row in structured.tableRows {
            XCTAssertTrue(row.range.upperBound <= text.count, "\(row)")
            for cell in row.cells { XCTAssertTrue(row.range.contains(cell.range.lowerBound) && cell.range.upperBound <= row.range.upperBound) }
        }
        XCTAssertEqual(structured.tableRows.map(\.table), [.numbered(1)], "the inner table's rows were rewritten into the outer cell")
        XCTAssertNil(TableReaders.rowPlacesProblem(structured.tableRows, in: structured.text))
        let overlapping = [TableRowPlace(range: 0..<5, table: .file, row: 2, cells: []), TableRowPlace(range: 3..<6, table: .file, row: 3, cells: [])]
        XCTAssertEqual(TableReaders.rowPlacesProblem(overlapping, in: "abcdefg"), "row 3..<6 overlaps the one before (ending at 5)")
        let outside = [TableRowPlace(range: 0..<2, table: .file, row: 2, cells: [.init(range: 1..<4, column: 0)])]
        XCTAssertEqual(TableReaders.rowPlacesProblem(outside, in: "abcdefg"), "cell 1..<4 outside its row 0..<2")
    }

    func testColumnNamesAndSheetReferences() {
        XCTAssertEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(TableRowPlace.columnName), ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
        XCTAssertEqual(TableRowPlace.sheetReference("Stock"), "Stock")
        XCTAssertEqual(TableRowPlace.sheetReference("Bob's sheet"), "'Bob''s sheet'")
    }

    func testTheRowHoldingAnOffsetIsFoundByBisection() {
        let rows = [0..<10, 12..<20, 30..<31].enumerated().map { TableRowPlace(range: $1, table: .file, row: $0 + 2, cells: []) }
        XCTAssertEqual(rows.row(containing: 0)?.row, 2)
        XCTAssertEqual(rows.row(containing: 15)?.row, 3)
        XCTAssertNil(rows.row(containing: 10))
        XCTAssertNil(rows.row(containing: 25))
        XCTAssertEqual(rows.row(containing: 30)?.row, 4)
        XCTAssertNil(rows.row(containing: 31))
    }

    /// A workbook as a loaded document keeps its rows; a mail's CSV attachment too, shifted to
    /// where the attachment's text sits in the mail.
    func testLoadedDocumentsCarryTheirRowsAtTheirOffsets() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-rowplaces-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mail = """
            From: a@example.org\r\nSubject: Rota\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThe rota is attached.\r\n--b\r\nContent-Type: text/csv; name="rota.csv"\r\nContent-Disposition: attachment; filename="rota.csv"\r\n\r\nDay,Leader\r\nWednesday,Mark\r\n--b--\r\n
            """
        try Data(mail.utf8).write(to: folder.appendingPathComponent("rota.eml"))
        let walk = try FolderWalker.walk(folder)
        guard case let .loaded(document) = DocumentLoader.load(try XCTUnwrap(walk.files.first)) else { return XCTFail("not loaded") }
        let row = try XCTUnwrap(document.tableRows.first, document.text)
        XCTAssertEqual(ScalarText(document.text)[row.range], "Day: Wednesday · Leader: Mark.")
        XCTAssertEqual(try place(row, in: document.text, of: "Mark"), "B2")
    }
}

extension TableRowPlaceTests {
    func testMarkdownPipeTablesPlaceTheirRowsAfterNonASCIIText() throws {
        let markdown = "# Hütten\n\nZoë's list:\n| Hut | Warden |\n|---|---|\n| Konkordia | Anna Berger |\n| Hollandia | Jonas Frei |\nAfter.\n\n| a | b |\n|---|---|\n| ü | é |\n"
        let structured = try XCTUnwrap(DocumentFormat.markdown.structure(markdown, relativePath: "huts.md", maxBytes: 1 << 20))
        let text = ScalarText(structured.text)
        XCTAssertEqual(structured.tableRows.map { text[$0.range] },
                       ["Hut: Konkordia · Warden: Anna Berger.", "Hut: Hollandia · Warden: Jonas Frei.", "a: ü · b: é."])
        XCTAssertEqual(try place(structured.tableRows[1], in: structured.text, of: "Jonas Frei"), "table 1, row 3, column B")
        XCTAssertEqual(try place(structured.tableRows[2], in: structured.text, of: "é"), "table 2, row 2, column B")
    }
}

extension TableRowPlaceTests {
    func testOpenDocumentRowsCountTheEmptyRowsAboveThem() throws {
        let content = """
            <office:document-content><office:body><office:spreadsheet><table:table table:name="Departures">
            <table:table-row><table:table-cell><text:p>Destination</text:p></table:table-cell><table:table-cell><text:p>Platform</text:p></table:table-cell></table:table-row>
            <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"/></table:table-row>
            <table:table-row><table:table-cell><text:p>Zermatt</text:p></table:table-cell><table:table-cell><text:p>4</text:p></table:table-cell></table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>
            """
        let structured = SpreadsheetText.document(SpreadsheetText.odsSheets(Array(content.utf8), maxRows: 100), title: nil, maxScalars: 1 << 20)
        let row = try XCTUnwrap(structured.tableRows.first)
        XCTAssertEqual(try place(row, in: structured.text, of: "4"), "Departures!B5", "row 1 the headers, 2–4 empty")
    }
}

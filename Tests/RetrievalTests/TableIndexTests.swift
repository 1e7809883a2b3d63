import Documents
import Foundation
@testable import Retrieval
import TestSupport
import XCTest

/// A table's rows in the index: each row a passage-unit under its file's section, and a file
/// cut at the row limit named in the report.
final class TableIndexTests: XCTestCase {
    var documents: DocumentFolder!

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-tables")
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    func testARowIsFoundWholeWithItsHeadersAndSection() throws {
        try documents.write("rota.csv", "Day,Leader,Time\nMonday,Sarah,10am\nWednesday,Mark,2pm\nFriday,Ryan,4pm\n")
        let index = try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"))
        let report = try index.update()
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.notes, [])
        let hit = try XCTUnwrap(index.search("leader Wednesday").first)
        XCTAssertTrue(hit.text.contains("Day: Wednesday · Leader: Mark · Time: 2pm."), hit.text)
        XCTAssertEqual(hit.section, "rota.csv")
        XCTAssertEqual(hit.title, "rota")
    }

    /// The rows' places are stored and come back with the passages that hold them, by BM25
    /// and by id alike; a changed file's rows are replaced, not added to.
    func testRowPlacesComeBackWithTheirPassages() throws {
        try documents.write("rota.csv", "Day,Leader,Time\nMonday,Sarah,10am\nWednesday,Mark,2pm\n")
        try documents.write("notes.txt", "Mark leads on Wednesday when Sarah is away.\n")
        let index = try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"))
        _ = try index.update()
        let hits = try index.search("leader Wednesday Mark")
        let table = try XCTUnwrap(hits.first { $0.documentPath == "rota.csv" })
        XCTAssertEqual(table.tableRows.map(\.row), [2, 3])
        let text = ScalarText(try XCTUnwrap(index.documentText(path: "rota.csv")))
        let wednesday = table.tableRows[1]
        XCTAssertEqual(text[wednesday.range], "Day: Wednesday · Leader: Mark · Time: 2pm.")
        let mark = try XCTUnwrap(wednesday.cells.first { text[$0.range] == "Mark" })
        XCTAssertEqual(wednesday.cellName(at: mark.range.lowerBound), "B3")
        XCTAssertEqual(try index.passages(ids: [table.passageID])[table.passageID]?.tableRows, table.tableRows)
        XCTAssertEqual(hits.first { $0.documentPath == "notes.txt" }?.tableRows, [], "prose has no rows")

        try documents.write("rota.csv", "Day,Leader\nFriday,Ryan\n")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)],
                                              ofItemAtPath: documents.url.appendingPathComponent("rota.csv").path)
        _ = try index.update()
        let again = try XCTUnwrap(index.search("Friday Ryan").first { $0.documentPath == "rota.csv" })
        XCTAssertEqual(again.tableRows.map(\.row), [2])
        XCTAssertEqual(try index.database.integer("SELECT count(*) FROM table_rows"), 1)
    }

    func testAFileReadInPartIsNamedInTheReport() throws {
        // 40 rows of 26 bytes under a 1,200-byte limit: as rows with their headers the text
        // would pass the limit, so it is cut there and the report says so.
        let csv = "Weekday,Leader,Start time\n" + (0..<40).map { "Wednesday,Mark,\($0 % 12 + 1)pm\n" }.joined()
        XCTAssertLessThan(csv.utf8.count, 1200)
        try documents.write("rota.csv", csv)
        let index = try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"), maxFileBytes: 1200)
        let report = try index.update()
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.notes, [DocumentNote(path: "rota.csv", note: "cut at 1200 characters of table text (the limit per file)")])
        let text = try XCTUnwrap(index.documentText(path: "rota.csv"))
        XCTAssertLessThanOrEqual(text.unicodeScalars.count, 1200)
        XCTAssertTrue(text.hasSuffix("pm."), "cut between rows")
    }
    /// `tableRows(ofPassage:)` seeks to the last row starting at or before the passage: for
    /// every passage of sheets, Markdown and HTML tables and prose, the same rows as the plain
    /// overlap query that reads every earlier row.
    func testRowsOfEveryPassageMatchThePlainOverlapQuery() throws {
        try documents.write("big.csv", "id,city,amount\n" + (1...400).map { "\($0),City\($0 % 17),\($0 * 37)" }.joined(separator: "\n") + "\n")
        try documents.write("notes.md", "# Notes\n\nSome prose first.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nProse between tables.\n\n| c | d |\n|---|---|\n| 5 | 6 |\n")
        try documents.write("page.html", "<html><body><p>Intro.</p><table><tr><th>k</th><th>v</th></tr><tr><td>x</td><td>1</td></tr>"
                            + "<tr><td>y</td><td><table><tr><td>inner</td><td>2</td></tr></table></td></tr></table><p>End.</p></body></html>")
        try documents.write("prose.txt", "No table here at all.\n")
        let index = try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"))
        _ = try index.update()
        let plain = try index.database.prepare("""
            SELECT t.start, t.end, t.row FROM passages p
            JOIN table_rows t ON t.document_id = p.document_id AND t.start < p.end AND t.end > p.start
            WHERE p.id = ?1 ORDER BY t.start
            """)
        let ids = try index.database.prepare("SELECT id FROM passages ORDER BY id")
        var passages = 0, withRows = 0
        while try ids.step() {
            let id = ids.int(0)
            try plain.bind([.integer(id)])
            var expected: [String] = []
            while try plain.step() { expected.append("\(plain.int(0))..<\(plain.int(1)) row \(plain.int(2))") }
            let found = try index.tableRows(ofPassage: id).map { "\($0.range.lowerBound)..<\($0.range.upperBound) row \($0.row)" }
            XCTAssertEqual(found, expected, "passage \(id)")
            passages += 1
            if !found.isEmpty { withRows += 1 }
        }
        XCTAssertGreaterThan(withRows, 5)
        XCTAssertGreaterThan(passages, withRows, "prose passages too")
        // Stored rows are disjoint and in text order, which the seek relies on.
        let rows = try index.database.prepare("SELECT document_id, start, end FROM table_rows ORDER BY document_id, start")
        var last: (document: Int64, end: Int64)?
        while try rows.step() {
            if let last, last.document == rows.int(0) { XCTAssertGreaterThanOrEqual(rows.int(1), last.end) }
            last = (rows.int(0), rows.int(2))
        }
    }
}

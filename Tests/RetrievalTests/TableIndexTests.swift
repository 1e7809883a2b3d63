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
}

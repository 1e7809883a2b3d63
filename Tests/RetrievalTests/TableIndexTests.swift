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

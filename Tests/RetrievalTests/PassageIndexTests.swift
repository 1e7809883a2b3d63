import Documents
import Foundation
import Retrieval
import TestSupport
import XCTest

final class PassageIndexTests: XCTestCase {
    var documents: DocumentFolder!
    var folder: URL { documents.url }
    var database: URL { documents.base.appendingPathComponent("index.sqlite") }

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-index")
        try documents.write("glaciers.txt", "Glaciers form where snow accumulates faster than it melts.\n\nThe Aletsch Glacier is the largest glacier in the Alps.")
        try documents.write("volcanoes.md", "# Volcanoes\n\nMount Etna is an active volcano on the east coast of Sicily.")
        try documents.write("web/rivers.html", "<html><body><p>The Danube flows through ten countries.</p><script>glacier()</script></body></html>")
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    func makeIndex() throws -> PassageIndex { try PassageIndex(folder: folder, databaseURL: database) }

    func testIndexesEveryDocumentAndPassageOffsetsSliceTheDocument() throws {
        let index = try makeIndex()
        let report = try index.update()
        XCTAssertEqual(report.added, 3)
        XCTAssertEqual(report.documents, 3)
        XCTAssertGreaterThanOrEqual(report.passages, 3)
        for query in ["glacier", "Etna volcano", "Danube"] {
            for hit in try index.search(query) {
                let text = try XCTUnwrap(index.documentText(path: hit.documentPath))
                XCTAssertEqual(ScalarText(text)[hit.range], hit.text)
            }
        }
        XCTAssertEqual(try index.search("largest glacier").first?.documentPath, "glaciers.txt")
        XCTAssertEqual(try index.search("Which river flows through ten countries?").first?.documentPath, "web/rivers.html")
        // Script text in HTML is not indexed.
        XCTAssertFalse(try index.search("glacier").contains { $0.documentPath == "web/rivers.html" })
        // Porter stemming: "melting" finds "melts".
        XCTAssertEqual(try index.search("melting snow").first?.documentPath, "glaciers.txt")
    }

    func testReindexTouchesOnlyWhatChanged() throws {
        let index = try makeIndex()
        _ = try index.update()
        var report = try index.update()
        XCTAssertEqual([report.added, report.updated, report.removed, report.unchanged], [0, 0, 0, 3])
        XCTAssertEqual(report.bytesRead, 0, "unchanged files are not read")

        // Touch without change: mtime moves, content is the same.
        let glaciers = folder.appendingPathComponent("glaciers.txt")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: glaciers.path)
        report = try index.update()
        XCTAssertEqual([report.added, report.updated, report.removed, report.unchanged], [0, 0, 0, 3])
        XCTAssertGreaterThan(report.bytesRead, 0)

        // Modify, add, delete.
        try documents.write("glaciers.txt", "Glaciers are slow rivers of ice. The Aletsch Glacier is long.")
        try documents.write("deserts.txt", "The Atacama Desert is one of the driest places on Earth.")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("volcanoes.md"))
        report = try index.update()
        XCTAssertEqual([report.added, report.updated, report.removed, report.unchanged], [1, 1, 1, 1])
        XCTAssertEqual(try index.search("Etna"), [])
        XCTAssertEqual(try index.search("driest place").first?.documentPath, "deserts.txt")
        XCTAssertEqual(try index.search("slow rivers of ice").first?.documentPath, "glaciers.txt")
        XCTAssertEqual(try index.search("accumulates"), [], "old passages of a changed file are gone")
        XCTAssertEqual(try index.counts().documents, 3)
    }

    func testAFileThatBecomesBinaryLeavesTheIndex() throws {
        let index = try makeIndex()
        _ = try index.update()
        try Data([0, 1, 2, 3, 0, 0]).write(to: folder.appendingPathComponent("glaciers.txt"))
        let report = try index.update()
        XCTAssertEqual(report.removed, 1)
        XCTAssertEqual(report.skippedCount(.binary), 1)
        XCTAssertEqual(try index.search("glacier"), [])
    }

    func testCancelledRunLeavesAConsistentIndexThatTheNextRunCompletes() throws {
        for i in 0..<30 { try documents.write("many/\(i).txt", "Document number \(i) mentions zebra\(i).") }
        let index = try makeIndex()
        var calls = 0
        let partial = try index.update(isCancelled: { calls += 1; return calls > 10 })
        XCTAssertTrue(partial.cancelled)
        XCTAssertEqual(try index.counts().documents, 10)
        let complete = try makeIndex().update()
        XCTAssertEqual(complete.added, 23)
        XCTAssertEqual(complete.documents, 33)
        XCTAssertEqual(try index.search("zebra29").first?.documentPath, "many/29.txt")
    }

    func testCorruptIndexIsRebuiltWithAMessage() throws {
        _ = try makeIndex().update()
        // Damage every page after the first (the header, which proves the file is ours, stays).
        var bytes = try Data(contentsOf: database)
        bytes.replaceSubrange(4096..<bytes.count, with: Data(repeating: 0x42, count: bytes.count - 4096))
        try bytes.write(to: database)
        try? FileManager.default.removeItem(atPath: database.path + "-wal")
        try? FileManager.default.removeItem(atPath: database.path + "-shm")
        let index = try makeIndex()
        let message = try XCTUnwrap(index.rebuiltBecause)
        XCTAssertTrue(message.contains(database.path), message)
        XCTAssertTrue(message.contains("damaged"), message)
        XCTAssertEqual(try index.update().added, 3)
        XCTAssertEqual(try index.search("Etna").first?.documentPath, "volcanoes.md")
    }

    func testAFileWhoseHeaderIsGoneCannotBeShownToBeOursAndIsLeftAlone() throws {
        _ = try makeIndex().update()
        try? FileManager.default.removeItem(atPath: database.path + "-wal")
        try? FileManager.default.removeItem(atPath: database.path + "-shm")
        let garbage = Data(repeating: 0x42, count: 4096)
        try garbage.write(to: database)
        XCTAssertThrowsError(try makeIndex()) { error in
            XCTAssertTrue("\(error)".contains(database.path), "\(error)")
            XCTAssertTrue("\(error)".contains("not an AlbertQA index"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: database), garbage)
    }

    func testAnotherProgramsDatabaseIsNeverOverwritten() throws {
        let other = folder.deletingLastPathComponent().appendingPathComponent("contacts.sqlite")
        let index = try PassageIndex(folder: folder, databaseURL: other)
        _ = index
        try FileManager.default.removeItem(at: other)
        // A real database of another program:
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", other.path, "CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('Ada');"]
        try process.run()
        process.waitUntilExit()
        try XCTSkipIf(process.terminationStatus != 0, "sqlite3 shell not available")
        XCTAssertThrowsError(try PassageIndex(folder: folder, databaseURL: other)) { error in
            XCTAssertTrue("\(error)".contains("not an AlbertQA index"), "\(error)")
        }
        XCTAssertGreaterThan(try Data(contentsOf: other).count, 0)
    }

    func testHostileQueriesNeverRaiseSyntaxErrors() throws {
        let index = try makeIndex()
        _ = try index.update()
        let hostile = [
            "", "   ", "?!", "\"", "\"unbalanced", "glacier*", "text:glacier", "NEAR(glacier volcano)", "glacier AND",
            "OR OR OR", "NOT glacier", "-glacier", "^glacier", "(glacier", "{glacier}", "glacier'); DROP TABLE documents;--",
            "who is it?", "the of and", "北京", "🙂", String(repeating: "glacier volcano \"quote\" * ", count: 400),
        ]
        for query in hostile {
            XCTAssertNoThrow(try index.search(query), query)
        }
        XCTAssertEqual(try index.search(""), [])
        XCTAssertEqual(try index.search("?!"), [])
        XCTAssertEqual(try index.search("NEAR(glacier volcano)").count, 2)
        XCTAssertFalse(try index.search(String(repeating: "glacier volcano \"quote\" * ", count: 400)).isEmpty)
        XCTAssertEqual(try index.counts().documents, 3, "nothing was dropped")
    }

    func testQueryTermsDropStopWordsAndQuoteEverything() {
        XCTAssertEqual(QueryBuilder.terms("What is the largest glacier in the Alps?"), ["largest", "glacier", "alps"])
        XCTAssertEqual(QueryBuilder.terms("Who is it?"), ["who", "is", "it"])
        XCTAssertEqual(QueryBuilder.matchExpression("NEAR \"x\" AND y*"), "\"near\" OR \"x\" OR \"y\"")
        XCTAssertNil(QueryBuilder.matchExpression("?? !!"))
    }

    func testDefaultLocationIsInTheCacheFolderAndDependsOnThePath() {
        let a = IndexLocation.defaultURL(for: URL(fileURLWithPath: "/data/notes"))
        let b = IndexLocation.defaultURL(for: URL(fileURLWithPath: "/other/notes"))
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(a.path.contains("/albertqa/notes-"), a.path)
        XCTAssertEqual(a.pathExtension, "sqlite")
    }
}

import Documents
import Foundation
@testable import Retrieval
import TestSupport
import XCTest

/// Remarks on indexed documents (invalid UTF-8 replaced, a charset guessed, a file read in part)
/// are stored with them: every later run's report lists them again, until the file changes.
final class StoredRemarksTests: XCTestCase {
    var documents: DocumentFolder!

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-remarks")
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    func testRemarksAreListedByEveryLaterRun() throws {
        // "schöne Grüße" in Windows-1252 (not UTF-8, no charset named), and a file whose byte-order
        // mark says UTF-8 with one bad byte in it (replaced: lossy).
        try Data([0x73, 0x63, 0x68, 0xF6, 0x6E, 0x65, 0x20, 0x47, 0x72, 0xFC, 0xDF, 0x65, 0x0A]).write(to: documents.url.appendingPathComponent("latin.txt"))
        try Data([0xEF, 0xBB, 0xBF] + "Grüße aus Zürich, schöne Stadt, ".utf8 + [0xC3] + " und mehr.\n".utf8).write(to: documents.url.appendingPathComponent("broken.md"))
        let csv = "Day,Leader\n" + (0..<30).map { "Wednesday,Mark \($0)\n" }.joined()
        try documents.write("rota.csv", csv)
        try documents.write("plain.txt", "Nothing to remark on.\n")
        let index = try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"), maxFileBytes: 600)
        let first = try index.update()
        XCTAssertEqual(first.added, 4)
        XCTAssertEqual(first.redecoded, [RedecodedFile(relativePath: "latin.txt", charset: "WINDOWS-1252")])
        XCTAssertEqual(first.lossy, ["broken.md"])
        XCTAssertEqual(first.notes.map(\.path), ["rota.csv"], "\(first.notes)")

        let second = try index.update()
        XCTAssertEqual(second.unchanged, 4, "nothing read again")
        XCTAssertEqual(second.redecoded, first.redecoded)
        XCTAssertEqual(second.lossy, first.lossy)
        XCTAssertEqual(second.notes, first.notes)

        // A file saved again as UTF-8 (the same text: its passages are kept) loses its remark; a
        // removed file takes its remark with it.
        try documents.write("latin.txt", "schöne Grüße\n")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)],
                                              ofItemAtPath: documents.url.appendingPathComponent("latin.txt").path)
        try FileManager.default.removeItem(at: documents.url.appendingPathComponent("broken.md"))
        let third = try index.update()
        XCTAssertEqual(third.redecoded, [])
        XCTAssertEqual(third.lossy, [])
        XCTAssertEqual(third.notes, first.notes)
    }
}

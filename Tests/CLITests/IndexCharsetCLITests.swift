import Foundation
import XCTest

/// `albertqa index` names the files it read in a guessed charset, next to `lossy_utf8`.
extension CLITests {
    func testIndexReportsFilesRedecodedFromAnotherCharset() throws {
        let base = try makeFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let documents = base.appendingPathComponent("Documents")
        // Latin-1 "können", and UTF-16LE without a byte-order mark.
        try Data(Array("Wir k".utf8) + [0xF6] + Array("nnen backen.".utf8)).write(to: documents.appendingPathComponent("latin1.md"))
        try Data("Wide text about geysers.".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: documents.appendingPathComponent("wide.txt"))
        let index = base.appendingPathComponent("index.sqlite").path
        let json = try XCTUnwrap(try run(["index", documents.path, "--index", index, "--retriever", "bm25", "--json"]).json)
        let redecoded = try XCTUnwrap(json["redecoded"] as? [[String: String]])
        XCTAssertEqual(redecoded.sorted { $0["path"]! < $1["path"]! },
                       [["path": "latin1.md", "charset": "WINDOWS-1252"], ["path": "wide.txt", "charset": "UTF-16LE"]])
        XCTAssertEqual(json["lossy_utf8"] as? [String], [])
        let search = try run(["search", documents.path, "können", "--index", index, "--retriever", "bm25", "--json"])
        XCTAssertEqual((search.json?["passages"] as? [[String: Any]])?.first?["document"] as? String, "latin1.md", search.stdout)
        // The text report, on a fresh index.
        let text = try run(["index", documents.path, "--index", index + "2", "--retriever", "bm25"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("re-decoded 2 file(s) that were not UTF-8: "), text.stdout)
        XCTAssertTrue(text.stdout.contains("latin1.md (WINDOWS-1252)"), text.stdout)
    }
}

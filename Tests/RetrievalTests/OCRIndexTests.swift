import Documents
import Foundation
import Retrieval
import TestSupport
import XCTest

/// Scans in an index: read by OCR once, with progress per page, then kept like any document
/// (an unchanged file is not OCR'd again).
final class OCRIndexTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tools")

    func testScansAreOCRdOnceWithProgressAndFound() throws {
        try XCTSkipUnless(ExternalTool.tesseract.isInstalled && ExternalTool.pdftoppm.isInstalled, "tesseract-ocr or poppler-utils is not installed")
        let documents = try DocumentFolder(prefix: "albertqa-ocr")
        defer { documents.remove() }
        for name in ["scan.png", "scan.pdf"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: documents.url.appendingPathComponent(name))
        }
        let index = try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"))
        var activities: [String] = []
        let first = try index.update(progress: { if let activity = $0.activity { activities.append(activity) } })
        XCTAssertEqual(first.added, 2)
        XCTAssertEqual(first.skipped.count, 0, "\(first.skipped)")
        XCTAssertEqual(Set(activities), ["OCR page 1/1: scan.pdf", "OCR page 1/1: scan.png"])
        let hits = try index.search("How long is the Aletsch glacier?")
        XCTAssertEqual(Set(hits.map(\.documentPath)), ["scan.pdf", "scan.png"])
        XCTAssertTrue(hits.allSatisfy { $0.text.contains("23 kilometres long") }, "\(hits.map(\.text))")

        activities = []
        let second = try index.update(progress: { if let activity = $0.activity { activities.append(activity) } })
        XCTAssertEqual(second.unchanged, 2)
        XCTAssertEqual(activities, [], "unchanged scans are not OCR'd again")

        // Touched (a new mtime, the same bytes): not OCR'd again either; the bytes changed: OCR'd.
        let png = documents.url.appendingPathComponent("scan.png"), pdf = documents.url.appendingPathComponent("scan.pdf")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: png.path)
        let appended = try FileHandle(forWritingTo: pdf)
        try appended.seekToEnd()
        try appended.write(contentsOf: Data("\n".utf8))
        try appended.close()
        activities = []
        let third = try index.update(progress: { if let activity = $0.activity { activities.append(activity) } })
        XCTAssertEqual(activities, ["OCR page 1/1: scan.pdf"])
        XCTAssertEqual(third.unchanged, 1)
        XCTAssertEqual(third.updated, 1, "same text, other bytes: stored with the new fingerprint")
        XCTAssertEqual(try index.search("Aletsch glacier").count, 2)
    }
}

import Documents
@testable import Retrieval
@testable import TUI
import XCTest

/// `=` lists the documents read with a remark (the index report keeps them across runs).
final class IndexRemarksTests: XCTestCase {
    func testTheDetailsOverlayListsRemarks() {
        var report = IndexReport()
        report.lossy = ["broken.md"]
        report.redecoded = [RedecodedFile(relativePath: "latin.txt", charset: "WINDOWS-1252")]
        report.notes = [DocumentNote(path: "big.csv", note: "cut after 200,000 rows (the limit per file)")]
        let summary = Worker.summary(report, notice: nil)
        XCTAssertEqual(summary.remarks, ["broken.md: invalid UTF-8 replaced", "latin.txt: re-decoded from WINDOWS-1252",
                                         "big.csv: cut after 200,000 rows (the limit per file)"])
        var state = AppState(folder: "/docs", modelName: "model")
        state.lastIndex = summary
        let lines = state.infoLines.map(\.help)
        XCTAssertTrue(lines.contains("Read with remarks (3)"), "\(lines)")
        XCTAssertTrue(lines.contains("  latin.txt: re-decoded from WINDOWS-1252"), "\(lines)")
        state.lastIndex = IndexSummary()
        XCTAssertFalse(state.infoLines.map(\.help).contains { $0.hasPrefix("Read with remarks") })
    }
}

/// A scan being read by OCR shows its page in the status line while the index waits for it.
final class OCRProgressStatusTests: XCTestCase {
    func testTheStatusLineNamesTheOCRPageBeingRead() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.receiveIndexProgress(filesDone: 3, filesTotal: 9, megabytesPerSecond: 0.5, generation: state.folderGeneration,
                                   waitingFor: "OCR page 2/12: scans/a\u{1B}[31m.pdf")
        let status = ScreenRenderer().statusText(state)
        XCTAssertTrue(status.contains("indexing 3/9 files"), status)
        XCTAssertTrue(status.contains("OCR page 2/12: scans/a [31m.pdf"), "the name's control characters as spaces: \(status)")
        state.receiveIndexProgress(filesDone: 4, filesTotal: 9, megabytesPerSecond: 0.5, generation: state.folderGeneration)
        XCTAssertFalse(ScreenRenderer().statusText(state).contains("OCR"), "the next file is not waiting")
    }
}

import Answering
import Documents
@testable import TUI
import XCTest

/// An answer in a table row: the viewer's title names its cell after the line and column, the
/// whole row is marked around the highlighted answer, and a copied citation carries the cell.
final class TableCellViewerTests: XCTestCase {
    func testTheViewerNamesTheCellAndMarksTheRow() throws {
        let text = "Stock.\n\nItem: Headlamps · Shelf: A3 · Count: 40.\n\nItem: Crampons · Shelf: D1 · Count: 12."
        let rowText = "Item: Crampons · Shelf: D1 · Count: 12."
        let rowStart = text.unicodeScalars.count - rowText.unicodeScalars.count
        var answer = Fixtures.answer("D1", 0.8, in: text, path: "stock.xlsx")
        answer.locations[0].cell = "Stock!B3"
        answer.locations[0].row = rowStart..<text.unicodeScalars.count
        var state = AppState(folder: "/docs", modelName: "model")
        state.receive(AnswerSet(question: "Which shelf?", answers: [answer], passagesRead: 1, passagesTotal: 1),
                      documentTexts: ["stock.xlsx": text], job: 0)
        let frame = ScreenRenderer().render(&state, rows: 30, columns: 120)
        let title = frame.text(state.hitMap.viewer!.row)
        XCTAssertTrue(title.contains("stock.xlsx:5:25 Stock!B3"), title)
        let spans = frame.lines.flatMap { $0 }
        XCTAssertTrue(spans.contains { $0.text == "D1" && $0.style.contains(.reverse) }, "the answer is highlighted")
        XCTAssertTrue(spans.contains { $0.text.contains("Item: Crampons · Shelf:") && $0.style == [.bold] && $0.color == .highlight },
                      "its row is marked")
        XCTAssertFalse(spans.contains { $0.text.contains("Headlamps") && $0.color == .highlight }, "the other row is not")
        XCTAssertEqual(state.selectedPlace?.citation(path: "stock.xlsx"), "stock.xlsx:5:25 Stock!B3")
        XCTAssertTrue(state.infoLines.contains { $0.keys == "cell" && $0.help == "Stock!B3" }, "= names the cell too")
    }
}

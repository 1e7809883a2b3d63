import Answering
import Documents
@testable import TUI
import XCTest

/// The interface's side of the shared rules (Documents' ControlCharacters, Citation,
/// DocumentFormat.isPaged), the key table as the one place keys are declared, and the status
/// line's message kinds.
final class SharedRulesInTheInterfaceTests: XCTestCase {
    /// Every class of control: C0 with an OSC 52 clipboard write and a CSI clear screen, DEL,
    /// C1 with 8-bit CSI (U+009B) and NEL, in the answer, the document and its name.
    static let hostile = "x\u{1B}]52;c;ZXZpbA==\u{07}y\u{1B}[2Jz\u{7F}w\u{9B}2Jv\u{85}u"

    func testHostileTextNeverReachesTheScreenOrTheClipboardAsControls() {
        let answerText = "23 km" + Self.hostile
        let document = "Before. The glacier is " + answerText + " long.\nNext line."
        let path = "re\u{1B}]0;pwned\u{07}port.pdf"
        var state = AppState(folder: "/docs", modelName: "model")
        state.receive(AnswerSet(question: "How long?", answers: [Fixtures.answer(answerText, 0.8, in: document, path: path)],
                                passagesRead: 1, passagesTotal: 1), documentTexts: [path: document], job: 0)
        state.focus = .answers
        let copied = state.handle(.character("y"))
        guard case let .copy(citation)? = copied.first else { return XCTFail("\(copied)") }
        // The copied text is the CLI's one-line form of the answer; the path is the user's.
        XCTAssertEqual(citation, "\"" + ControlCharacters.spaced(answerText) + "\" — /docs/" + path + " p. 1")
        XCTAssertEqual(ControlCharacters.spaced(answerText), "23 kmx ]52;c;ZXZpbA== y [2Jz w 2Jv u")
        // The status line shows the citation, its path included, without a control.
        for rows in [30, 12] {
            let frame = ScreenRenderer().render(&state, rows: rows, columns: 100)
            for row in 0..<rows {
                let controls = frame.lines[row].flatMap { $0.text.unicodeScalars.filter(ControlCharacters.isControl) }
                XCTAssertTrue(controls.isEmpty, "row \(row): \(controls.map(\.value))")
            }
        }
        // The pager gets the document's lines, each control a space.
        XCTAssertFalse(ControlCharacters.pagerText(document).unicodeScalars.contains { ControlCharacters.isControl($0) && $0 != "\n" })
    }

    func testAPagedDocumentIsSoInTheViewerAndTheCitation() {
        for (path, paged) in [("report.pdf", true), ("REPORT.PDF", true), ("report.txt", false), ("pdf", false)] {
            XCTAssertEqual(ViewerState(documentPath: path, text: "", highlight: nil).isPaged, paged, path)
            let place = AnswerPlace(answerText: "a", documentPath: path, range: 0..<1, position: TextPosition(line: 2, column: 3, byteColumn: 3, page: 4))
            XCTAssertEqual(place.citation(path: "d/" + path), "d/" + path + (paged ? " p. 4" : ":2:3"))
        }
    }

    func testNoKeyIsBoundTwiceInAPane() {
        // A second row for a key would never run: the first wins.
        for focus in Focus.allCases {
            var seen: [Key: String] = [:]
            for binding in KeyTable.bindings where binding.scopes.contains(focus) {
                for key in binding.keys {
                    XCTAssertNil(seen[key], "\(key) in \(focus): \(seen[key] ?? "") and \(binding.label) \(binding.help)")
                    seen[key] = binding.label + " " + binding.help
                }
            }
        }
    }

    func testEveryHelpLineIsARowOfTheTableOrTheLineEditor() {
        let rows = Set(KeyTable.bindings.filter { !$0.label.isEmpty }.map { $0.label + "\t" + $0.help }
                       + LineEditor.helpLines.map { $0.keys + "\t" + $0.help })
        let help = KeyTable.helpLines.filter { !$0.keys.isEmpty && !["click", "wheel"].contains($0.keys) }
        XCTAssertEqual(Set(help.map { $0.keys + "\t" + $0.help }), rows)
    }

    func testMessagesSayWhetherTheyAreErrors() {
        var state = AppState(folder: "/docs", modelName: "model")
        let text = "The glacier is 23 km long. The glacier moves."
        state.receive(AnswerSet(question: "How long?", answers: [Fixtures.answer("23 km", 0.8, in: text, path: "a.txt")],
                                passagesRead: 1, passagesTotal: 1), documentTexts: ["a.txt": text], job: 0)
        state.search("glacier")
        XCTAssertEqual(state.status, .info("match 2 of 2 for “glacier”"), "the first match after the answer")
        state.search("moraine")
        XCTAssertEqual(state.status, .error("“moraine” not found in a.txt"))
        _ = state.handle(.character("j"))
        XCTAssertNil(state.status, "a key press clears the message: it has been seen")
        state.receiveFailure("cannot open the index", generation: 0)
        XCTAssertEqual(state.status, .error("cannot open the index"))
        _ = state.handle(.control("c"))
        XCTAssertEqual(state.status, .info("press Ctrl-C again to quit"))
    }
}

import Answering
@testable import Retrieval
import TUI
import XCTest

/// Typing must never trigger commands by surprise; quitting never drops a running question.
final class TypingAndFocusTests: XCTestCase {
    func answered() -> AppState {
        var state = AppState(folder: "/docs", modelName: "model")
        state.editor.set("Who won?")
        _ = state.handle(.enter)
        state.startedAsking(job: 1)
        state.receive(AppStateTests.makeAnswerSet(), documentTexts: ["sport.txt": AppStateTests.document], job: 1)
        return state
    }

    func testTheQuestionLineKeepsFocusAfterAnswers() {
        var state = answered()
        XCTAssertEqual(state.focus, .question, "answers arriving do not take the focus away from the question")
        XCTAssertEqual(Fixtures.type(" again", into: &state), [])
        XCTAssertEqual(state.editor.text, "Who won? again")
    }

    func testTypingAQuestionWhileBrowsingStartsANewQuestionAndNeverQuits() {
        var state = answered()
        _ = state.handle(.escape)
        XCTAssertEqual(state.focus, .answers)
        XCTAssertTrue(state.isBrowsing)
        let effects = Fixtures.type("Who is the queen of England?", into: &state)
        XCTAssertEqual(effects, [], "no command ran: no quit at the q, no re-index at the r")
        XCTAssertEqual(state.focus, .question)
        XCTAssertEqual(state.editor.text, "Who is the queen of England?", "the asked question made way for the new one")
        // Asked after the answer shown (the session decides whether it leans on it).
        XCTAssertEqual(state.handle(.enter), [.ask("Who is the queen of England?", after: PreviousQuestion(question: "Who won?", documentPath: "sport.txt"))])
    }

    func testBrowsingKeysStillWorkAndTheModeShows() {
        var state = answered()
        _ = state.handle(.escape)
        _ = state.handle(.character("j"))
        XCTAssertEqual(state.selected, 1)
        let frame = ScreenRenderer().render(&state, rows: 30, columns: 120)
        XCTAssertTrue(frame.text(0).hasPrefix("Ask · Who won?"), frame.text(0))
        XCTAssertTrue(frame.text(29).hasPrefix(" BROWSE "), frame.text(29))
        _ = state.handle(.tab)  // answers → viewer
        _ = state.handle(.tab)  // viewer → question, text kept for editing
        XCTAssertEqual(state.focus, .question)
        XCTAssertEqual(state.editor.text, "Who won?")
        let typing = ScreenRenderer().render(&state, rows: 30, columns: 120)
        XCTAssertTrue(typing.text(0).hasPrefix("Ask › Who won?"))
        XCTAssertTrue(typing.text(29).hasPrefix(" TYPE "))
    }

    func testTypingOverTheHelpClosesItAndKeepsTheLetters() {
        var state = answered()
        _ = state.handle(.escape)
        _ = state.handle(.character("?"))
        XCTAssertTrue(state.showHelp)
        XCTAssertEqual(Fixtures.type("Where", into: &state), [])
        XCTAssertFalse(state.showHelp)
        XCTAssertEqual(state.editor.text, "Where")
        _ = state.handle(.escape)
        _ = state.handle(.character("?"))
        XCTAssertEqual(state.handle(.character("q")), [], "q closes the help, as in less")
        XCTAssertFalse(state.showHelp)
    }

    func testQuittingWithAnUnaskedQuestionAsksFirst() {
        var state = answered()
        _ = Fixtures.type(" and by how much", into: &state)
        _ = state.handle(.escape)
        XCTAssertEqual(state.handle(.character("q")), [])
        XCTAssertEqual(state.status?.text, "the question line holds an unasked question: q again quits, Tab goes back to it")
        XCTAssertEqual(state.handle(.character("q")), [.quit(status: 0)])
        var asked = answered()
        _ = asked.handle(.escape)
        XCTAssertEqual(asked.handle(.character("q")), [.quit(status: 0)], "the asked question is not a draft")
    }

    func testQuittingWhileAQuestionRunsAsksFirst() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.startedAsking(job: 3)
        state.focus = .answers
        XCTAssertEqual(state.handle(.character("q")), [])
        XCTAssertEqual(state.status?.text, "a question is being answered: q again cancels it and quits")
        XCTAssertEqual(state.handle(.character("q")), [.quit(status: 0)])
        state.activity = .indexing(filesDone: 1, filesTotal: 9, megabytesPerSecond: 1)
        XCTAssertEqual(state.handle(.character("q")), [])
        XCTAssertTrue(state.status!.text.hasPrefix("indexing is running"))
    }

    func testEscThenAKeyArrivingTogetherIsStillEscThenTheKey() {
        var state = answered()
        // Alt-b in the question line moves a word back…
        XCTAssertEqual(state.handle(.alt("b")), [])
        XCTAssertEqual(state.focus, .question)
        XCTAssertEqual(state.editor.cursor, 4)
        // …but Alt-q (Esc and q read together) is Esc, then q in browse mode: quit.
        XCTAssertEqual(state.handle(.alt("q")), [.quit(status: 0)])
        state.focus = .question
        state.startedAsking(job: 2)
        XCTAssertEqual(state.handle(.alt("q")), [], "a running question: q asks first")
        XCTAssertEqual(state.focus, .answers)
        // The question finishing answers the confirmation.
        state.receive(AppStateTests.makeAnswerSet(), documentTexts: [:], job: 2)
        XCTAssertEqual(state.status?.text, "the answers arrived; q quits")
        XCTAssertNil(state.quitArmedBy)
    }

    func testReadlineKeysAndTheKillBuffer() {
        var editor = LineEditor("who won the super bowl")
        XCTAssertTrue(editor.apply(.alt("b")))
        XCTAssertEqual(editor.cursor, 18)
        XCTAssertTrue(editor.apply(.alt("b")))
        XCTAssertEqual(editor.cursor, 12)
        XCTAssertTrue(editor.apply(.alt("d")))
        XCTAssertEqual(editor.text, "who won the  bowl")
        XCTAssertTrue(editor.apply(.control("y")))
        XCTAssertEqual(editor.text, "who won the super bowl")
        editor.moveHome()
        XCTAssertTrue(editor.apply(.alt("f")))
        XCTAssertEqual(editor.cursor, 3)
        editor.moveEnd()
        XCTAssertTrue(editor.apply(.altBackspace))
        XCTAssertEqual(editor.text, "who won the super ")
        XCTAssertTrue(editor.apply(.control("b")))
        XCTAssertTrue(editor.apply(.control("f")))
        XCTAssertEqual(editor.cursor, 18)
        // Esc followed by a key within the timeout is Alt + that key.
        XCTAssertEqual(Key.alt(after: .character("b")), .alt("b"))
        XCTAssertEqual(Key.alt(after: .backspace), .altBackspace)
        XCTAssertNil(Key.alt(after: .up))
    }

    func testAPastedPageIsCappedAtTheQuestionLimitAndSaysSo() {
        var state = AppState(folder: "/docs", modelName: "model")
        let paste = String(repeating: "word ", count: 2_000)  // 10,000 characters
        _ = Fixtures.type(paste, into: &state)
        XCTAssertEqual(state.editor.characters.count, AppState.questionLimit)
        XCTAssertEqual(state.status?.text, "the question is capped at 300 characters: the reader reads its first 64 tokens")
        // The question line renders the end of the line, the cursor inside the screen.
        let frame = ScreenRenderer().render(&state, rows: 20, columns: 60)
        XCTAssertLessThanOrEqual(DisplayWidth.of(frame.text(0)), 60)
        XCTAssertEqual(frame.cursor?.row, 0)
        XCTAssertLessThan(frame.cursor!.column, 60)
    }

    func testMouseClickSelectsAnAnswerAndWheelScrollsThePaneUnderThePointer() {
        var state = answered()
        state.viewer?.text = Fixtures.longDocument(lines: 200, needleLine: 3)
        state.viewer?.highlight = 0..<4
        _ = ScreenRenderer().render(&state, rows: 30, columns: 120)
        let row = try! XCTUnwrap(state.hitMap.answerRows.first { $0.value == 1 }?.key)
        _ = state.handle(.mouse(MouseEvent(row: row, column: 5, kind: .press)))
        XCTAssertEqual(state.selected, 1)
        XCTAssertEqual(state.focus, .answers)
        state.viewer?.text = Fixtures.longDocument(lines: 200, needleLine: 3)
        _ = ScreenRenderer().render(&state, rows: 30, columns: 120)
        let top = state.viewer!.topLine
        let viewer = state.hitMap.viewer!
        _ = state.handle(.mouse(MouseEvent(row: viewer.row + 3, column: viewer.column + 3, kind: .wheelDown)))
        XCTAssertEqual(state.viewer!.topLine, top + 3)
    }
}

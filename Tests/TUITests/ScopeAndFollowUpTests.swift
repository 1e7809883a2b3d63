import Answering
import Foundation
import Retrieval
import TUI
import XCTest

/// The interface's scope (`s`, `S`, `:`, the question line, the history) and follow-ups (the
/// next question asked after the last answer, `!` afresh, the status line).
final class ScopeAndFollowUpTests: XCTestCase {
    static let document = "The Denver Broncos defeated the Carolina Panthers in Super Bowl 50."

    func answered(_ question: String = "Who won Super Bowl 50?", in state: inout AppState, job: Int = 0,
                  followingUp: PreviousQuestion? = nil) {
        state.editor.set(question)
        state.startedAsking(job: job)
        let set = AnswerSet(question: question, answers: [Fixtures.answer("Denver Broncos", 0.8, in: Self.document, path: "sport/nfl.txt")],
                            passagesRead: 1, passagesTotal: 1, seconds: 0.1)
        state.receive(set, documentTexts: ["sport/nfl.txt": Self.document], job: job, followingUp: followingUp)
    }

    func testSScopesToTheOpenDocumentAndCapitalSWidensBack() {
        var state = AppState(folder: "/docs", modelName: "model")
        _ = state.handle(.escape)
        _ = state.handle(.character("s"))
        XCTAssertTrue(state.scope.isWholeFolder, "no document open: nothing to scope to")
        XCTAssertEqual(state.status?.text, "open an answer's document first: s then asks within it")
        answered(in: &state)
        _ = state.handle(.escape)
        _ = state.handle(.character("s"))
        XCTAssertEqual(state.scope, .document("sport/nfl.txt"))
        XCTAssertEqual(state.scopeLabel, "nfl.txt")
        XCTAssertEqual(state.status?.text, "asking within sport/nfl.txt (S: the whole folder)")
        // The next question is asked within it, and its history entry keeps the scope.
        _ = state.handle(.character("W"))
        state.editor.set("Who lost?")
        let effects = state.handle(.enter)
        XCTAssertEqual(effects, [.ask("Who lost?", scope: .document("sport/nfl.txt"), after: PreviousQuestion(question: "Who won Super Bowl 50?", documentPath: "sport/nfl.txt"))])
        XCTAssertEqual(state.history.scope(of: "Who lost?"), .document("sport/nfl.txt"))
        _ = state.handle(.escape)
        _ = state.handle(.character("S"))
        XCTAssertTrue(state.scope.isWholeFolder)
        XCTAssertEqual(state.status?.text, "asking the whole folder")
        // ↑ brings the question back with the scope it was asked in.
        state.focus = .question
        state.editor.set("")
        _ = state.handle(.up)
        XCTAssertEqual(state.editor.text, "Who lost?")
        XCTAssertEqual(state.scope, .document("sport/nfl.txt"))
    }

    func testColonTakesInPatternsAndTheQuestionLineShowsTheScope() {
        var state = AppState(folder: "/docs", modelName: "model")
        _ = state.handle(.escape)
        _ = state.handle(.character(":"))
        XCTAssertEqual(state.prompt, .scope)
        for character in "--in papers/2020-*.pdf notes/" { _ = state.handle(.character(character)) }
        _ = state.handle(.enter)
        XCTAssertNil(state.prompt)
        XCTAssertEqual(state.scope, QuestionScope(["papers/2020-*.pdf", "notes/"]))
        XCTAssertEqual(state.scopeLabel, "papers/2020-*.pdf notes/")
        let frame = ScreenRenderer().render(&state, rows: 12, columns: 80)
        XCTAssertTrue(Fixtures.screen(frame).contains { $0.hasPrefix("Ask · in papers/2020-*.pdf notes/ · ") }, "\(Fixtures.screen(frame))")
        state.focus = .question
        let typing = Fixtures.screen(ScreenRenderer().render(&state, rows: 12, columns: 80))
        XCTAssertTrue(typing.contains { $0.hasPrefix("Ask › in papers/2020-*.pdf notes/ › ") })
        // An empty prompt is the whole folder again; the plain label comes back.
        _ = state.handle(.escape)
        _ = state.handle(.character(":"))
        XCTAssertEqual(state.promptEditor.text, "papers/2020-*.pdf notes/")
        state.promptEditor.set("")
        _ = state.handle(.enter)
        XCTAssertTrue(state.scope.isWholeFolder)
        XCTAssertTrue(Fixtures.screen(ScreenRenderer().render(&state, rows: 12, columns: 80)).contains { $0.hasPrefix("Ask · ") && !$0.contains(" in ") })
    }

    func testTheNextQuestionIsAskedAfterTheLastAnswerAndBangAsksAfresh() {
        var state = AppState(folder: "/docs", modelName: "model")
        type("Who won Super Bowl 50?", into: &state)
        XCTAssertEqual(state.handle(.enter), [.ask("Who won Super Bowl 50?")], "the first question follows nothing")
        answered(in: &state)
        let previous = PreviousQuestion(question: "Who won Super Bowl 50?", documentPath: "sport/nfl.txt")
        XCTAssertEqual(state.previousQuestion, previous)
        state.editor.set("Who was their coach?")
        XCTAssertEqual(state.handle(.enter), [.ask("Who was their coach?", after: previous)])
        state.editor.set("!Who was their coach?")
        XCTAssertEqual(state.handle(.enter), [.ask("Who was their coach?")], "! asks afresh")
        XCTAssertEqual(state.history.entries.last, "Who was their coach?")
        state.editor.set("!")
        XCTAssertEqual(state.handle(.enter), [], "a lone marker asks nothing")
    }

    func testTheStatusLineSaysWhatTheAnswersFollowedUpOn() {
        var state = AppState(folder: "/docs", modelName: "model")
        answered(in: &state)
        XCTAssertNil(state.status)
        let previous = PreviousQuestion(question: "Who won Super Bowl 50?", documentPath: "sport/nfl.txt")
        answered("Who was their coach?", in: &state, job: 1, followingUp: previous)
        XCTAssertEqual(state.status?.text, "following up on “Who won Super Bowl 50?” (start with ! to ask afresh)")
        XCTAssertEqual(state.previousQuestion?.question, "Who was their coach?", "the follow-up's answer is the next one's context")
        answered("Who won Super Bowl 49?", in: &state, job: 2)
        XCTAssertNil(state.status, "asked afresh: no follow-up line")
    }

    func testHistoryFilesKeepScopesAndReadOldFiles() {
        let old = QuestionHistory(lines: ["Who won?", "Where?"])
        XCTAssertEqual(old.entries, ["Who won?", "Where?"])
        XCTAssertEqual(old.scope(of: "Who won?"), .folder)
        var history = QuestionHistory()
        history.record("Who won?", scope: QuestionScope(["papers/*.pdf", "notes/"]))
        history.record("Where?")
        XCTAssertEqual(history.lines, ["Who won?\tpapers/*.pdf\tnotes/", "Where?"])
        let read = QuestionHistory(lines: history.lines)
        XCTAssertEqual(read.scope(of: "Who won?"), QuestionScope(["papers/*.pdf", "notes/"]))
        XCTAssertEqual(read.scope(of: "Where?"), .folder)
        XCTAssertNil(read.scope(of: "never asked"))
    }

    func type(_ text: String, into state: inout AppState) {
        for character in text { _ = state.handle(.character(character)) }
    }
}

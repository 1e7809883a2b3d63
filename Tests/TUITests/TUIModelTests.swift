import Answering
import TUI
import XCTest

final class LineEditorTests: XCTestCase {
    func testEditingKeys() {
        var editor = LineEditor("who won the cup")
        editor.deleteWordBackward()
        XCTAssertEqual(editor.text, "who won the ")
        editor.moveHome()
        editor.insert("W")
        editor.deleteForward()
        XCTAssertEqual(editor.text, "Who won the ")
        editor.moveRight(); editor.moveRight(); editor.moveRight()
        editor.deleteToEnd()
        XCTAssertEqual(editor.text, "Who ")
        editor.moveLeft()
        editor.deleteToStart()
        XCTAssertEqual(editor.text, " ")
        XCTAssertEqual(editor.cursor, 0)
        editor.backspace()  // at the start: nothing
        XCTAssertEqual(editor.text, " ")
    }

    func testHistoryWalksBackAndReturnsToTheDraft() {
        var history = QuestionHistory(entries: ["first?", "second?"])
        history.record("third?")
        history.record("first?")  // moves to the newest
        XCTAssertEqual(history.entries, ["second?", "third?", "first?"])
        XCTAssertEqual(history.older(current: "draft"), "first?")
        XCTAssertEqual(history.older(current: "ignored"), "third?")
        XCTAssertEqual(history.older(current: "ignored"), "second?")
        XCTAssertNil(history.older(current: "ignored"))
        XCTAssertEqual(history.newer(), "third?")
        XCTAssertEqual(history.newer(), "first?")
        XCTAssertEqual(history.newer(), "draft")
        XCTAssertNil(history.newer())
    }
}

final class TextLayoutTests: XCTestCase {
    func testWideCharactersTakeTwoCellsAndAreNeverCut() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("北京"), 4)
        XCTAssertEqual(DisplayWidth.of("🙂"), 2)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.prefix("北京市", fitting: 5), "北京")
    }

    func testWrappingBreaksAtSpacesKeepsOffsetsAndNeverSplitsWideCharacters() {
        let text = "The quick brown fox jumps over the lazy dog.\n\n北京東京서울 and 🙂 emoji"
        let lines = TextWrapper.wrap(text, width: 10)
        for line in lines {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line.text), 10, line.text)
            XCTAssertEqual(String(String.UnicodeScalarView(Array(text.unicodeScalars)[line.range])).replacingOccurrences(of: "\t", with: " "), line.text)
        }
        XCTAssertEqual(lines.map(\.text), ["The quick ", "brown fox ", "jumps ", "over the ", "lazy dog.", "", "北京東京서", "울 and 🙂 ", "emoji"])
        // Every character of the text is on exactly one line, in order.
        XCTAssertEqual(lines.first?.range.lowerBound, 0)
        XCTAssertEqual(lines.last?.range.upperBound, text.unicodeScalars.count)
    }

    func testLongWordsAreHardBroken() {
        let lines = TextWrapper.wrap("abcdefghijklmnop qr", width: 6)
        XCTAssertEqual(lines.map(\.text), ["abcdef", "ghijkl", "mnop ", "qr"])
    }
}

final class LayoutTests: XCTestCase {
    func testWideTerminalsAreSideBySideNarrowOnesStackedTinyOnesRefused() throws {
        let wide = try XCTUnwrap(ScreenLayout(rows: 30, columns: 120, answerCount: 5))
        XCTAssertTrue(wide.sideBySide)
        XCTAssertEqual(wide.answers.row, wide.viewer.row)
        XCTAssertEqual(wide.answers.width + 1 + wide.viewer.width, 120)
        XCTAssertEqual(wide.status.row, 29)

        let narrow = try XCTUnwrap(ScreenLayout(rows: 20, columns: 60, answerCount: 5))
        XCTAssertFalse(narrow.sideBySide)
        XCTAssertEqual(narrow.viewer.row, narrow.answers.row + narrow.answers.height)
        XCTAssertEqual(narrow.answers.height + narrow.viewer.height, 18)
        XCTAssertNil(ScreenLayout(rows: 9, columns: 80, answerCount: 0))
        XCTAssertNil(ScreenLayout(rows: 30, columns: 39, answerCount: 0))
    }
}

final class AppStateTests: XCTestCase {
    static let document = "Intro line.\n\nSuper Bowl 50 was won by the Denver Broncos, who beat the Carolina Panthers. The Broncos were happy."

    static func makeAnswerSet() -> AnswerSet {
        let text = Self.document
        func answer(_ string: String, _ confidence: Double, path: String = "sport.txt") -> Answer {
            let start = text.unicodeScalars.count - text[text.range(of: string)!.lowerBound...].unicodeScalars.count
            let range = start..<start + string.unicodeScalars.count
            return Answer(text: string, score: Float(confidence * 10), confidence: confidence,
                          locations: [AnswerLocation(documentPath: path, range: range)],
                          context: text, contextRange: range, belowNullScore: false)
        }
        return AnswerSet(question: "Who won?", answers: [answer("Denver Broncos", 0.7), answer("Carolina Panthers", 0.3)],
                         passagesRead: 2, passagesTotal: 2, seconds: 0.25)
    }

    func type(_ text: String, into state: inout AppState) {
        for character in text { _ = state.handle(.character(character)) }
    }

    func testTypingAndEnterAskAndRecordHistory() {
        var state = AppState(folder: "/docs", modelName: "model")
        type("Who won?", into: &state)
        XCTAssertEqual(state.handle(.enter), [.ask("Who won?")])
        XCTAssertEqual(state.history.entries, ["Who won?"])
        state.editor.set("")
        XCTAssertEqual(state.handle(.enter), [], "an empty question is not asked")
        _ = state.handle(.up)
        XCTAssertEqual(state.editor.text, "Who won?")
        // In the question line, q and ? are text, not commands.
        type("q?", into: &state)
        XCTAssertEqual(state.editor.text, "Who won?q?")
        XCTAssertFalse(state.showHelp)
    }

    func testAnswersOpenHighlightedInTheirDocumentAndKeysMoveBetweenThem() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.startedAsking(job: 0)
        state.receive(Self.makeAnswerSet(), documentTexts: ["sport.txt": Self.document], job: 0)
        XCTAssertNil(state.activity)
        XCTAssertEqual(state.viewer?.documentPath, "sport.txt")
        let highlight = try! XCTUnwrap(state.viewer?.highlight)
        XCTAssertEqual(String(String.UnicodeScalarView(Array(Self.document.unicodeScalars)[highlight])), "Denver Broncos")

        _ = state.handle(.escape)
        XCTAssertEqual(state.focus, .answers)
        _ = state.handle(.character("j"))
        XCTAssertEqual(state.selected, 1)
        XCTAssertEqual(state.viewer?.highlight.map { String(String.UnicodeScalarView(Array(Self.document.unicodeScalars)[$0])) }, "Carolina Panthers")
        _ = state.handle(.character("j"))
        XCTAssertEqual(state.selected, 1, "stays on the last answer")
        _ = state.handle(.character("N"))
        XCTAssertEqual(state.selected, 0)
        _ = state.handle(.enter)
        XCTAssertEqual(state.focus, .viewer)
        _ = state.handle(.tab)
        XCTAssertEqual(state.focus, .question)
        _ = state.handle(.backTab)
        XCTAssertEqual(state.focus, .viewer)
    }

    func testSearchInTheDocumentAndNJumpsBetweenMatches() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.receive(Self.makeAnswerSet(), documentTexts: ["sport.txt": Self.document], job: 0)
        state.focus = .viewer
        _ = state.handle(.character("/"))
        XCTAssertEqual(state.prompt, .search)
        type("broncos", into: &state)
        _ = state.handle(.enter)
        XCTAssertNil(state.prompt)
        XCTAssertEqual(state.viewer?.matches.count, 2)
        let first = state.viewer!.currentMatch!
        _ = state.handle(.character("n"))
        XCTAssertEqual(state.viewer?.currentMatch, (first + 1) % 2)
        _ = state.handle(.character("n"))
        XCTAssertEqual(state.viewer?.currentMatch, first)
        _ = state.handle(.character("/"))
        type("zzz", into: &state)
        _ = state.handle(.enter)
        XCTAssertEqual(state.status?.isError, true)
        XCTAssertEqual(state.viewer?.matches, [])
    }

    func testControlCCancelsWorkThenQuitsWhenPressedTwiceWithStatus130() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.startedAsking(job: 0)
        XCTAssertEqual(state.handle(.control("c")), [.cancel])
        XCTAssertEqual(state.status?.text, "cancelling… (Ctrl-C again quits)")
        XCTAssertEqual(state.handle(.control("c")), [.quit(status: 130)], "the second Ctrl-C quits even while cancelling")
        state.activity = nil
        XCTAssertEqual(state.handle(.control("c")), [], "idle: the first Ctrl-C only asks")
        XCTAssertEqual(state.handle(.control("c")), [.quit(status: 130)])
        _ = state.handle(.control("c"))
        _ = state.handle(.character("x"))
        XCTAssertEqual(state.handle(.control("c")), [], "another key in between disarms")
        state.focus = .answers
        state.editor.set("")  // the "x" typed above would be an unasked question
        XCTAssertEqual(state.handle(.character("q")), [.quit(status: 0)])
        XCTAssertEqual(state.handle(.character("r")), [.reindex])
        _ = state.handle(.control("o"))
        XCTAssertEqual(state.prompt, .folder)
        state.promptEditor.set("/tmp")
        XCTAssertEqual(state.handle(.enter), [.loadFolder("/tmp")])
    }

    func testEveryBindingAppearsInTheHelp() {
        let help = KeyTable.helpLines.map { $0.keys + " " + $0.help }.joined(separator: "\n")
        for binding in KeyTable.bindings where !binding.label.isEmpty {
            XCTAssertTrue(help.contains(binding.label), binding.label)
        }
    }
}

final class RendererTests: XCTestCase {
    func testTheHighlightedSpanIsTheAnswerAndRowsFitTheWidth() throws {
        var state = AppState(folder: "/docs", modelName: "model")
        state.receive(AppStateTests.makeAnswerSet(), documentTexts: ["sport.txt": AppStateTests.document], job: 0)
        let renderer = ScreenRenderer()
        for (rows, columns) in [(30, 100), (20, 60), (12, 40)] {
            let frame = renderer.render(&state, rows: rows, columns: columns)
            for row in 0..<rows { XCTAssertLessThanOrEqual(DisplayWidth.of(frame.text(row)), columns, "\(rows)×\(columns) row \(row)") }
            // The highlight may wrap over two lines; its words are the answer's.
            let highlighted = frame.lines.flatMap { $0 }.filter { $0.color == .highlight }.map(\.text).joined(separator: " ")
            XCTAssertEqual(highlighted.split(separator: " ").joined(separator: " "), "Denver Broncos", "\(rows)×\(columns)")
            XCTAssertTrue(frame.text(0).hasPrefix("Ask › "))
            XCTAssertTrue((0..<rows).contains { frame.text($0).contains("70%") })
        }
    }

    func testATinyTerminalGetsAMessage() {
        var state = AppState(folder: "/docs", modelName: "model")
        let frame = ScreenRenderer().render(&state, rows: 8, columns: 30)
        XCTAssertTrue((0..<8).contains { frame.text($0).contains("Terminal too small") })
    }

    func testHelpOverlayIsDrawnFromTheKeyTable() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.overlay = Overlay(kind: .help)
        let frame = ScreenRenderer().render(&state, rows: 60, columns: 100)
        let screen = (0..<60).map { frame.text($0) }.joined(separator: "\n")
        XCTAssertTrue(screen.contains("Keys — j/k scroll, any other key closes"))
        XCTAssertTrue(screen.contains("search in the open document"))
        _ = state.handle(.character("x"))
        XCTAssertFalse(state.showHelp)
    }
}

import Answering
import Documents
@testable import TUI
import XCTest

/// Where the answer is: the viewer's title, places of a merged answer, resizing, the help
/// overlay on a small terminal, and the hand-off commands.
final class ViewerTests: XCTestCase {
    func stateWithLongDocument(path: String = "notes/long.txt") -> (AppState, String) {
        let text = Fixtures.longDocument(lines: 300, needleLine: 150)
        var state = AppState(folder: "/docs", modelName: "model")
        let needle = Fixtures.answer("needle answer", 0.9, in: text, path: path)
        let second = text.range(of: "Line 7 is")!
        let secondStart = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: second.lowerBound.samePosition(in: text.unicodeScalars)!)
        var merged = needle
        merged.locations.append(AnswerLocation(documentPath: path, range: secondStart..<secondStart + 4))
        state.receive(AnswerSet(question: "Where?", answers: [merged], passagesRead: 1, passagesTotal: 1), documentTexts: [path: text], job: 0)
        return (state, text)
    }

    func viewerTitle(_ frame: Frame, _ state: AppState) -> String {
        frame.text(state.hitMap.viewer!.row)
    }

    func testTheTitleShowsPathLineAndColumnAndPlacesStepWithBrackets() {
        var (state, _) = stateWithLongDocument()
        let renderer = ScreenRenderer()
        var frame = renderer.render(&state, rows: 30, columns: 120)
        XCTAssertTrue(viewerTitle(frame, state).contains("notes/long.txt:150:18 · place 1/2"), viewerTitle(frame, state))
        XCTAssertTrue(Fixtures.screen(frame).contains { $0.contains("notes/long.txt:150 +1") }, "the list names the line too")
        state.focus = .answers
        _ = state.handle(.character("]"))
        XCTAssertEqual(state.place, 1)
        XCTAssertEqual(state.status?.text, "place 2 of 2 of “needle answer”")
        frame = renderer.render(&state, rows: 30, columns: 120)
        XCTAssertTrue(viewerTitle(frame, state).contains("notes/long.txt:7:1 · place 2/2"), viewerTitle(frame, state))
        _ = state.handle(.character("]"))
        XCTAssertEqual(state.place, 0, "wraps around")
        _ = state.handle(.character("["))
        XCTAssertEqual(state.place, 1)
    }

    func testAPDFAnswerIsCitedByPage() {
        let text = "Page one text.\n\u{0C}\nPage two text.\n\u{0C}\nThe glacier is 23 km long."
        var state = AppState(folder: "/docs", modelName: "model")
        state.receive(AnswerSet(question: "How long?", answers: [Fixtures.answer("23 km", 0.8, in: text, path: "report.pdf")],
                                passagesRead: 1, passagesTotal: 1), documentTexts: ["report.pdf": text], job: 0)
        let frame = ScreenRenderer().render(&state, rows: 30, columns: 120)
        XCTAssertTrue(viewerTitle(frame, state).contains("report.pdf · p. 3"), viewerTitle(frame, state))
        state.citationFolder = "Documents"
        state.focus = .answers
        XCTAssertEqual(state.handle(.character("y")), [.copy("\"23 km\" — Documents/report.pdf p. 3")])
        XCTAssertEqual(state.status?.text, "copied \"23 km\" — Documents/report.pdf p. 3 (OSC 52)")
    }

    func testCopyCitesPathLineAndColumn() {
        var (state, _) = stateWithLongDocument(path: "Kenya.txt")
        state.citationFolder = "Documents"
        state.focus = .answers
        XCTAssertEqual(state.handle(.character("y")), [.copy("\"needle answer\" — Documents/Kenya.txt:150:18")])
        XCTAssertEqual(state.handle(.character("v")), [.openEditor(state.selectedPlace!)])
        XCTAssertEqual(state.selectedPlace?.position?.line, 150)
    }

    func testResizeKeepsTheHighlightInView() {
        var (state, text) = stateWithLongDocument()
        let renderer = ScreenRenderer()
        let highlight = state.viewer!.highlight!
        func highlightVisible(_ frame: Frame) -> Bool {
            (0..<frame.rows).contains { row in frame.lines[row].contains { $0.color == .highlight && !$0.text.isEmpty } }
        }
        // Scroll so the highlight sits near the bottom edge, then narrow the terminal: the text
        // re-wraps into more lines, which would push an unadjusted highlight off screen.
        var frame = renderer.render(&state, rows: 40, columns: 200)
        XCTAssertTrue(highlightVisible(frame))
        state.viewer!.topLine -= 20
        frame = renderer.render(&state, rows: 40, columns: 200)
        XCTAssertTrue(highlightVisible(frame))
        for (rows, columns) in [(20, 60), (12, 40), (30, 120), (50, 200)] {
            frame = renderer.render(&state, rows: rows, columns: columns)
            XCTAssertTrue(highlightVisible(frame), "\(rows)×\(columns)")
        }
        XCTAssertEqual(state.viewer?.highlight, highlight)
        // Scrolled away from the highlight on purpose, a resize keeps the same text on top.
        state.focus = .viewer
        _ = state.handle(.character("g"))
        frame = renderer.render(&state, rows: 50, columns: 200)
        frame = renderer.render(&state, rows: 30, columns: 120)
        frame = renderer.render(&state, rows: 30, columns: 100)
        XCTAssertEqual(state.viewer!.topLine, 0)
        XCTAssertTrue(frame.text(state.hitMap.viewer!.row + 1).contains("Line 1 is"), text.prefix(0) + frame.text(state.hitMap.viewer!.row + 1))
    }

    func testHelpFitsAt60x20AndScrollsToItsLastLine() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.focus = .answers
        _ = state.handle(.character("?"))
        XCTAssertTrue(state.showHelp)
        let renderer = ScreenRenderer()
        var frame = renderer.render(&state, rows: 20, columns: 60)
        var screen = Fixtures.screen(frame)
        for line in screen { XCTAssertLessThanOrEqual(DisplayWidth.of(line), 60, line) }
        XCTAssertTrue(screen.contains { $0.contains("┌ Keys") })
        XCTAssertTrue(screen.contains { $0.contains("└") }, "the box closes on screen")
        let lastHelp = "scroll the pane under the pointer"
        XCTAssertFalse(screen.joined().contains(lastHelp))
        _ = state.handle(.character("j"))
        XCTAssertEqual(state.overlay?.scroll, 1)
        _ = state.handle(.character("G"))
        frame = renderer.render(&state, rows: 20, columns: 60)
        screen = Fixtures.screen(frame)
        XCTAssertTrue(screen.joined(separator: " ").replacingOccurrences(of: "│", with: "").split(separator: " ").joined(separator: " ")
            .contains(lastHelp.split(separator: " ").joined(separator: " ")), screen.joined(separator: "\n"))
        XCTAssertTrue(state.showHelp, "scrolling keeps it open")
        _ = state.handle(.character("x"))
        XCTAssertFalse(state.showHelp)
    }

    func testInfoOverlayListsSkippedFilesAndFullPaths() {
        var (state, _) = stateWithLongDocument()
        state.receiveIndexed(IndexSummary(added: 1, skipped: ["movie.mp4: unsupported format", "blob.txt: binary"], documents: 1, passages: 9), generation: 0)
        state.focus = .answers
        _ = state.handle(.character("="))
        let frame = ScreenRenderer().render(&state, rows: 40, columns: 100)
        let screen = Fixtures.screen(frame).joined(separator: "\n")
        XCTAssertTrue(screen.contains("/docs/notes/long.txt"), screen)
        XCTAssertTrue(screen.contains("movie.mp4: unsupported format"))
        XCTAssertTrue(screen.contains("blob.txt: binary"))
        XCTAssertTrue(screen.contains("line 150, column 18"))
    }

    func testEditorAndPagerCommandsFollowEachEditorsConvention() {
        let position = TextPosition(line: 14, column: 52, byteColumn: 55, page: 1)
        XCTAssertEqual(HandOff.editorArguments(editor: "vim", file: "/d/k.txt", position: position), ["+call cursor(14, 55)", "/d/k.txt"])
        XCTAssertEqual(HandOff.editorArguments(editor: "/usr/bin/nvim -p", file: "/d/k.txt", position: position), ["+call cursor(14, 55)", "/d/k.txt"])
        XCTAssertEqual(HandOff.editorArguments(editor: "emacsclient -t", file: "/d/k.txt", position: position), ["+14:52", "/d/k.txt"])
        XCTAssertEqual(HandOff.editorArguments(editor: "nano", file: "/d/k.txt", position: position), ["+14,52", "/d/k.txt"])
        XCTAssertEqual(HandOff.editorArguments(editor: "hx", file: "/d/k.txt", position: position), ["/d/k.txt:14:52"])
        XCTAssertEqual(HandOff.editorArguments(editor: "kak", file: "/d/k.txt", position: position), ["+14:52", "/d/k.txt"])
        XCTAssertEqual(HandOff.editorArguments(editor: "/tmp/stub.sh", file: "/d/k.txt", position: position), ["+14", "/d/k.txt"])
        XCTAssertEqual(HandOff.editorCommand(editor: "code -w", file: "/d/k.txt", position: position),
                       ["/bin/sh", "-c", "code -w \"$@\"", "sh", "--goto", "/d/k.txt:14:52"])
        XCTAssertEqual(HandOff.pagerCommand(pager: "less -R", position: position), ["/bin/sh", "-c", "less -R \"$@\"", "sh", "+14"])
        XCTAssertEqual(HandOff.pagerCommand(pager: "bat", position: position), ["/bin/sh", "-c", "bat \"$@\"", "sh"])
        XCTAssertTrue(HandOff.editorOpensFile("a/b.md"))
        XCTAssertFalse(HandOff.editorOpensFile("a/b.pdf"))
        XCTAssertFalse(HandOff.editorOpensFile("a/b.html"))
        XCTAssertEqual(ControlCharacters.pagerText("a\u{1B}]0;title\u{07}b\n\u{0C}\nc\td"), "a ]0;title b\n\nc\td")
    }

    /// `e` on a message of an mbox opens the mbox file itself at that message's "From " line
    /// (Tests/Fixtures/mail/inbox.mbox: messages start at lines 1, 13 and 25).
    func testAMailboxMessageOpensItsMboxAtTheMessagesLine() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/mail")
        let lines = try [1, 2, 3].map { try XCTUnwrap(HandOff.mailboxMessageInEditor("inbox.mbox#\($0)", folder: folder)) }
        XCTAssertEqual(lines.map(\.file), Array(repeating: folder.appendingPathComponent("inbox.mbox").path, count: 3))
        XCTAssertEqual(lines.map { $0.position?.line }, [1, 13, 25])
        XCTAssertEqual(HandOff.editorArguments(editor: "nano", file: lines[1].file, position: lines[1].position), ["+13,1", lines[1].file])
        // Past the last message: the file, at no line. Not a message: not handled here.
        XCTAssertNil(try XCTUnwrap(HandOff.mailboxMessageInEditor("inbox.mbox#4", folder: folder)).position)
        XCTAssertNil(HandOff.mailboxMessageInEditor("inbox.mbox", folder: folder))
        XCTAssertNil(HandOff.mailboxMessageInEditor("notes.txt#2", folder: folder))
    }
}

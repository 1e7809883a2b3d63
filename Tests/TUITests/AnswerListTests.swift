import Answering
@testable import TUI
import XCTest

/// The answers list: aligned columns, document names kept (shortened in the middle), as many
/// answers as fit, the selected one in full, and selection stable while answers stream.
final class AnswerListTests: XCTestCase {
    static let text = (1...12).map { "Answer number \($0) is here, a fact about topic \($0)." }.joined(separator: "\n")
        + "\nA much longer answer that runs on and on about the history of the place and its people until it needs wrapping."

    static func set(read: Int = 12, total: Int = 12, order: [Int] = Array(1...12)) -> AnswerSet {
        let answers = order.map { i in
            Fixtures.answer("Answer number \(i) is here", 0.5 / Double(i), in: text,
                            path: i == 3 ? "reports/2021/quarterly/a-very-long-folder-name/summary-of-the-year.txt" : "doc\(i).txt",
                            morePlaces: i == 3 ? [AnswerLocation(documentPath: "other.txt", range: 0..<5)] : [])
        }
        return AnswerSet(question: "Which answer?", answers: answers, passagesRead: read, passagesTotal: total)
    }

    func render(_ state: inout AppState, rows: Int, columns: Int) -> [String] {
        Fixtures.screen(ScreenRenderer().render(&state, rows: rows, columns: columns))
    }

    func testLayoutAt60And120And200ColumnsKeepsNamesAlignsColumnsAndFits() throws {
        for columns in [60, 120, 200] {
            var state = AppState(folder: "/docs", modelName: "model")
            state.receive(Self.set(), documentTexts: [:], job: 0)
            let rows = columns == 60 ? 40 : 30
            let screen = render(&state, rows: rows, columns: columns)
            for line in screen { XCTAssertLessThanOrEqual(DisplayWidth.of(line), columns, "\(columns): \(line)") }
            let list = AnswerList(answers: state.answers, selected: state.selected, width: columns >= 100 ? state.hitMap.answers!.width : columns, focused: false)
            let listRows = list.rows()
            // Every row names its document; the long one is shortened in the middle with … and keeps "+1".
            let long = try XCTUnwrap(listRows.first { $0.answerIndex == 2 }).spans.map(\.text).joined()
            XCTAssertTrue(long.contains("…"), "\(columns): \(long)")
            XCTAssertTrue(long.contains("+1"), "\(columns): \(long)")
            XCTAssertTrue(long.contains("rep"), "the start of the path stays: \(long)")
            XCTAssertTrue(long.contains(".txt"), "the end of the path stays: \(long)")
            // Columns align: every row's document starts at the same cell.
            let firstRows = listRows.enumerated().filter { $0.offset == 0 || listRows[$0.offset - 1].answerIndex != $0.element.answerIndex }.map(\.element)
            XCTAssertEqual(firstRows.count, 12)
            let sourceStarts = Set(firstRows.map { row in DisplayWidth.of(row.spans.dropLast().map(\.text).joined()) })
            XCTAssertEqual(sourceStarts.count, 1, "\(columns): \(sourceStarts)")
            // As many answers as fit are shown: all 12 side by side at 30 rows (27 list rows).
            let shown = Set(state.hitMap.answerRows.values)
            if columns >= 100 { XCTAssertEqual(shown.count, 12, "\(columns)") } else { XCTAssertGreaterThanOrEqual(shown.count, 5) }
            XCTAssertTrue(screen.contains { $0.contains("doc1.txt") }, "\(columns)")
        }
    }

    /// A model without calibration.json: the answers' title says the percentages are scores.
    func testUncalibratedPercentagesAreNamedScoresInTheTitle() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.receive(Self.set(), documentTexts: [:], job: 0)
        XCTAssertFalse(render(&state, rows: 30, columns: 120).contains { $0.contains("score, not probability") })
        var uncalibrated = Self.set()
        for index in uncalibrated.answers.indices { uncalibrated.answers[index].isCalibrated = false }
        var other = AppState(folder: "/docs", modelName: "model")
        other.receive(uncalibrated, documentTexts: [:], job: 0)
        XCTAssertTrue(render(&other, rows: 30, columns: 120).contains { $0.contains("Answers · 12 · % = score, not probability") })
    }

    func testATallNarrowPaneGivesDocumentsTheirOwnRowAligned() throws {
        var state = AppState(folder: "/docs", modelName: "model")
        state.receive(Self.set(), documentTexts: [:], job: 0)
        let screen = render(&state, rows: 30, columns: 120)  // answers pane: 48 × 27
        XCTAssertTrue(AnswerList.prefersOwnRows(width: state.hitMap.answers!.width, height: 27, answerCount: 12))
        let list = AnswerList(answers: state.answers, selected: 0, width: 48, focused: false, documentsOnTheirOwnRow: true).rows()
        XCTAssertEqual(list.count, 24, "two rows per answer")
        for answer in 0..<12 {
            let rows = list.filter { $0.answerIndex == answer }
            let textStart = DisplayWidth.of(rows[0].spans.dropLast().map(\.text).joined())
            let sourceStart = DisplayWidth.of(rows[1].spans[0].text)
            XCTAssertEqual(textStart, sourceStart, "the document sits under the answer")
            XCTAssertEqual(rows[0].spans.last?.text.trimmingCharacters(in: .whitespaces), "Answer number \(answer + 1) is here")
        }
        let long = list[5].spans.map(\.text).joined()
        XCTAssertTrue(long.contains("reports/2021/quart…"), long)
        XCTAssertTrue(long.contains("…") && long.contains("year.txt +1"), long)
        XCTAssertTrue(screen.contains { $0.contains("…y-of-the-year.txt +1") })
        XCTAssertEqual(Set(state.hitMap.answerRows.values).count, 12, "all twelve fit")
    }

    func testTheSelectedAnswerIsShownInFull() throws {
        let long = "A much longer answer that runs on and on about the history of the place and its people until it needs wrapping."
        let answers = [Fixtures.answer(long, 0.6, in: Self.text, path: "history.txt"), Fixtures.answer("Answer number 2 is here", 0.4, in: Self.text)]
        let list = AnswerList(answers: answers, selected: 0, width: 60, focused: true)
        let rows = list.rows().filter { $0.answerIndex == 0 }
        XCTAssertGreaterThan(rows.count, 1, "wrapped")
        let shown = rows.map { $0.spans.filter { $0.style.contains(.reverse) }.map(\.text).joined() }.joined(separator: " ")
        XCTAssertEqual(shown.split(separator: " ").joined(separator: " "), long)
        let unselected = AnswerList(answers: answers, selected: 1, width: 60, focused: true).rows().filter { $0.answerIndex == 0 }
        XCTAssertEqual(unselected.count, 1, "not selected: one row, cut with …")
        XCTAssertTrue(unselected[0].spans.map(\.text).joined().contains("…"))
    }

    func testGAndEndAndPagesMoveThroughTheList() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.receive(Self.set(), documentTexts: [:], job: 0)
        state.focus = .answers
        _ = render(&state, rows: 20, columns: 60)
        _ = state.handle(.character("G"))
        XCTAssertEqual(state.selected, 11)
        _ = state.handle(.home)
        XCTAssertEqual(state.selected, 0)
        _ = state.handle(.end)
        XCTAssertEqual(state.selected, 11)
        _ = state.handle(.character("g"))
        _ = state.handle(.pageDown)
        XCTAssertEqual(state.selected, state.answersPageSize - 1)
        _ = state.handle(.pageUp)
        XCTAssertEqual(state.selected, 0)
        // The selected answer is always on screen.
        _ = state.handle(.character("G"))
        let screen = render(&state, rows: 20, columns: 60)
        XCTAssertTrue(screen.contains { $0.hasPrefix("›12") }, screen.joined(separator: "\n"))
    }

    func testSelectionStaysOnTheSameAnswerWhileAnswersStream() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.startedAsking(job: 5)
        state.receive(Self.set(read: 4, order: [1, 2, 3, 4]), documentTexts: [:], job: 5)
        XCTAssertEqual(state.selected, 0)
        state.focus = .answers
        _ = state.handle(.character("j"))
        _ = state.handle(.character("j"))
        XCTAssertEqual(state.answers[state.selected].text, "Answer number 3 is here")
        // A better answer arrives at the top: the cursor stays on answer 3 (now a row lower).
        state.receive(Self.set(read: 6, order: [5, 1, 2, 3, 4]), documentTexts: [:], job: 5)
        XCTAssertEqual(state.selected, 3)
        XCTAssertEqual(state.answers[state.selected].text, "Answer number 3 is here")
        // Untouched, the selection stays on the best answer.
        state.startedAsking(job: 6)
        state.receive(Self.set(read: 4, order: [1, 2]), documentTexts: [:], job: 6)
        state.receive(Self.set(read: 6, order: [5, 1, 2]), documentTexts: [:], job: 6)
        XCTAssertEqual(state.selected, 0)
    }

    func testStaleAndOutOfOrderResultsAreDropped() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.startedAsking(job: 7)
        state.receive(Self.set(read: 1, order: [9]), documentTexts: [:], job: 6)
        XCTAssertNil(state.answerSet, "another question's answers are dropped")
        state.receive(Self.set(read: 5, order: [1, 2]), documentTexts: [:], job: 7)
        state.receive(Self.set(read: 3, order: [4]), documentTexts: [:], job: 7)
        XCTAssertEqual(state.answerSet?.passagesRead, 5, "an older snapshot arriving late is dropped")
        state.receive(Self.set(read: 12, order: [1]), documentTexts: [:], job: 7)
        state.receive(Self.set(read: 11, order: [2, 3]), documentTexts: [:], job: 7)
        XCTAssertEqual(state.answers.map(\.text), ["Answer number 1 is here"], "nothing after the final result")
        XCTAssertNil(state.activity)

        // Index results of a folder no longer shown are dropped too.
        state.folderGeneration = 2
        state.receiveIndexed(IndexSummary(added: 5, documents: 5), generation: 1)
        XCTAssertNil(state.lastIndex)
        state.receiveIndexed(IndexSummary(added: 2, skipped: ["a.bin: binary"], documents: 2, passages: 4), generation: 2)
        XCTAssertEqual(state.documents, 2)
        XCTAssertEqual(state.status?.text, "index: 2 added · 0 updated · 0 removed · 1 skipped (= lists them) · 2 documents")
    }

    func testAQuestionAskedWhileIndexingShowsTheIndexProgressThenItsOwn() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
        state.startedAsking(job: 1)
        state.receiveIndexProgress(filesDone: 10, filesTotal: 40, megabytesPerSecond: 2, generation: 0)
        XCTAssertEqual(state.activity, .indexing(filesDone: 10, filesTotal: 40, megabytesPerSecond: 2))
        state.receiveIndexed(IndexSummary(added: 40, documents: 40, passages: 400), generation: 0)
        XCTAssertEqual(state.activity, .answering(passagesRead: 0, passagesTotal: 0), "the question still runs")
        XCTAssertEqual(state.handle(.control("c")), [.cancel], "so Ctrl-C cancels it")
        state.receive(AnswerSet(question: "Q", answers: [], passagesRead: 0, passagesTotal: 0, cancelled: true), documentTexts: [:], job: 1)
        XCTAssertNil(state.activity)
        XCTAssertEqual(state.status?.text, "cancelled")
        XCTAssertFalse(state.questionPending)
    }

    func testNonFiniteConfidencesAreNeverShown() {
        var state = AppState(folder: "/docs", modelName: "model")
        var set = Self.set(order: [1, 2, 3])
        set.answers[1].confidence = .nan
        set.answers[2].score = .infinity
        state.receive(set, documentTexts: [:], job: 0)
        XCTAssertEqual(state.answers.map(\.text), ["Answer number 1 is here"])
        // The list itself never converts a non-finite confidence to Int.
        var broken = Self.set(order: [1]).answers
        broken[0].confidence = -.infinity
        let row = AnswerList(answers: broken, selected: 0, width: 80, focused: false).rows()[0].spans.map(\.text).joined()
        XCTAssertTrue(row.contains("?%"), row)
    }

    func testNoPassageMatchedSaysSoAndClearsTheViewer() {
        var state = AppState(folder: "/docs", modelName: "model")
        state.documents = 48
        state.receive(AppStateTests.makeAnswerSet(), documentTexts: ["sport.txt": AppStateTests.document], job: 0)
        XCTAssertNotNil(state.viewer)
        state.startedAsking(job: 1)
        XCTAssertNil(state.viewer, "the old answer's document is not shown next to a new question")
        state.receive(AnswerSet(question: "Кто выиграл?", answers: [], passagesRead: 0, passagesTotal: 0), documentTexts: [:], job: 1)
        XCTAssertNil(state.viewer)
        XCTAssertEqual(state.status?.text, "No passage of the 48 documents contains the question's words: try other words or a synonym. The model reads English only: ask in English.")
        state.startedAsking(job: 2)
        state.receive(AnswerSet(question: "Who is it?", answers: [], passagesRead: 3, passagesTotal: 3), documentTexts: [:], job: 2)
        XCTAssertEqual(state.status?.text, "The reader found no answer in the 3 best passages: rephrase, or name the subject.")
    }
}

import Answering
@testable import TUI
import XCTest

/// How the state follows the background computation of passage vectors: progress and the
/// retriever in use on the status line, stale generations dropped, a missing encoder said once.
final class VectorStatusTests: XCTestCase {
    private func statusLine(_ state: inout AppState, columns: Int = 160) -> String {
        let frame = ScreenRenderer().render(&state, rows: 30, columns: columns)
        return frame.text(frame.rows - 1)
    }

    private func indexedState() -> AppState {
        var state = AppState(folder: "/tmp/docs", modelName: "albert int8")
        state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
        state.receiveIndexed(IndexSummary(added: 48, documents: 48, passages: 2088), generation: 0)
        state.status = nil  // seen
        return state
    }

    func testProgressThenHybridOnTheStatusLine() {
        var state = indexedState()
        XCTAssertEqual(state.vectors, .waiting)
        var line = statusLine(&state)
        XCTAssertTrue(line.contains(" docs · BM25 · 48 documents · 2088 passages · albert int8"), line)

        state.receiveVectors(.encoding(done: 340, total: 2088), generation: 0)
        line = statusLine(&state)
        XCTAssertTrue(line.contains(" docs · vectors 340/2088 · BM25 · 48 documents · 2088 passages · albert int8"), line)
        XCTAssertEqual(state.vectors.retrieverLabel, "BM25")
        XCTAssertTrue(statusLine(&state, columns: 80).contains(" docs · vectors 340/2088 · BM25"))  // first: not truncated away

        state.receiveVectors(.encoding(done: 2086, total: 2088), generation: 0)
        XCTAssertTrue(statusLine(&state).contains("vectors 2086/2088 · BM25"))

        state.receiveVectors(.complete(passages: 2088), generation: 0)
        line = statusLine(&state)
        XCTAssertTrue(line.contains(" docs · hybrid · 48 documents · 2088 passages · albert int8"), line)
        XCTAssertFalse(line.contains("vectors"), line)
        XCTAssertTrue(state.infoLines.contains { $0.keys == "retriever" && $0.help.hasPrefix("hybrid") })

        // A changed file brings new passages without vectors: BM25 again until they are done.
        state.receiveVectors(.encoding(done: 2088, total: 2091), generation: 0)
        XCTAssertTrue(statusLine(&state).contains("vectors 2088/2091 · BM25"))
    }

    /// The status line and the overlay name what ranks: hybrid with the session's fusion (the
    /// default's named as such), or the encoder alone with `--retriever dense`.
    func testCompleteVectorsNameTheRankingInUse() {
        var state = indexedState()
        state.receiveVectors(.complete(passages: 2088, ranking: VectorRanking(SessionSettings(retriever: .auto))), generation: 0)
        XCTAssertTrue(statusLine(&state).contains(" docs · hybrid · 48 documents"))
        let hybrid = state.infoLines.first { $0.keys == "retriever" }?.help ?? ""
        XCTAssertTrue(hybrid.hasPrefix("hybrid: BM25 and sentence-encoder vectors of all 2088 passages, fused by "), hybrid)
        XCTAssertTrue(hybrid.hasSuffix("(the default)"), hybrid)
        XCTAssertFalse(hybrid.contains("reciprocal rank"), "the default is not RRF: \(hybrid)")
        XCTAssertTrue(hybrid.contains("convex combination") && hybrid.contains("BM25's best at places 2, 4, 6"), hybrid)

        var rrf = SessionSettings(retriever: .hybrid)
        rrf.fusion.method = .reciprocalRank
        rrf.fusion.denseWeight = 1
        rrf.fusion.lexicalPlaces = []
        rrf.fusion.smallScopePassages = 0
        state.receiveVectors(.complete(passages: 2088, ranking: VectorRanking(rrf)), generation: 0)
        let named = state.infoLines.first { $0.keys == "retriever" }?.help ?? ""
        XCTAssertTrue(named.hasSuffix("fused by reciprocal rank (k 60, dense weight 1)"), named)

        state.receiveVectors(.complete(passages: 2088, ranking: VectorRanking(SessionSettings(retriever: .dense))), generation: 0)
        XCTAssertTrue(statusLine(&state).contains(" docs · dense · 48 documents"))
        XCTAssertEqual(state.vectors.retrieverLabel, "dense")
        XCTAssertTrue(state.infoLines.contains { $0.keys == "retriever" && $0.help.hasPrefix("dense: the sentence encoder's vectors of all 2088 passages alone") })
    }

    func testVectorEventsOfAnotherFolderAreDropped() {
        var state = indexedState()
        state.folderGeneration = 2
        state.receiveVectors(.encoding(done: 10, total: 20), generation: 2)
        state.receiveVectors(.complete(passages: 2088), generation: 1)  // the folder shown before
        XCTAssertEqual(state.vectors, .encoding(done: 10, total: 20))
        state.receiveVectors(.unavailable(reason: "no sentence encoder", detail: "gone"), generation: 3)
        XCTAssertEqual(state.vectors, .encoding(done: 10, total: 20))
        XCTAssertNil(state.status?.text)
    }

    func testProgressDoesNotHideTheQuestionsProgress() {
        var state = indexedState()
        state.editor.set("Who won?")
        _ = state.ask()
        state.startedAsking(job: 1)
        state.receiveVectors(.encoding(done: 4, total: 20), generation: 0)
        XCTAssertEqual(state.activity, .answering(passagesRead: 0, passagesTotal: 0))
        XCTAssertTrue(statusLine(&state).contains("reading 0/0 passages"))
    }

    func testMissingEncoderIsSaidOnceBesideTheIndexSummary() {
        var state = AppState(folder: "/tmp/docs", modelName: "albert int8")
        state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
        state.receiveIndexed(IndexSummary(added: 2, documents: 2, passages: 5), generation: 0)
        let unavailable = VectorStatus.unavailable(reason: "no sentence encoder", detail: "cannot find the default encoder")
        state.receiveVectors(unavailable, generation: 0)
        XCTAssertEqual(state.status?.text, "index: 2 added · 0 updated · 0 removed · 2 documents · no sentence encoder: answers use BM25 only (= says why)")
        XCTAssertEqual(state.status?.isError, false)
        _ = state.handle(.character("a"))  // seen
        XCTAssertNil(state.status?.text)
        state.receiveVectors(unavailable, generation: 0)  // every later index run
        XCTAssertNil(state.status?.text)
        XCTAssertTrue(statusLine(&state).contains(" docs · BM25 · 2 documents · 5 passages · albert int8"))
        XCTAssertTrue(state.infoLines.contains { $0.keys == "retriever" && $0.help == "BM25 only — no sentence encoder: cannot find the default encoder" })
    }

    func testMissingEncoderLeavesAnErrorShown() {
        var state = indexedState()
        state.receiveFailure("cannot open the index", generation: 0)
        state.receiveVectors(.unavailable(reason: "no sentence encoder", detail: "gone"), generation: 0)
        XCTAssertEqual(state.status?.text, "cannot open the index")
        XCTAssertEqual(state.status?.isError, true)
        XCTAssertEqual(state.vectors, .unavailable(reason: "no sentence encoder", detail: "gone"))
    }

    func testAnswersRememberTheirRetriever() {
        var state = indexedState()
        state.editor.set("How long is the glacier?")
        _ = state.ask()
        state.startedAsking(job: 1)
        let text = "The Aletsch Glacier is 23 kilometres long."
        let set = AnswerSet(question: "How long is the glacier?", answers: [Fixtures.answer("23 kilometres", 0.9, in: text)],
                            passagesRead: 1, passagesTotal: 1)
        state.receive(set, documentTexts: ["sport.txt": text], job: 2, retriever: .hybrid)  // another question's
        XCTAssertNil(state.answersRetriever)
        state.receive(set, documentTexts: ["sport.txt": text], job: 1, retriever: .bm25)
        XCTAssertEqual(state.answersRetriever, .bm25)
        XCTAssertTrue(state.infoLines.contains { $0.keys == "answers by" && $0.help == "BM25" })
    }
}

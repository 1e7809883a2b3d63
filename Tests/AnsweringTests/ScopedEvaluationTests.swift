import Answering
import Foundation
import Retrieval
import TestSupport
import XCTest

/// Questions asked within a scope: the session's refusal of a pattern that names nothing, and
/// `eval --scope document` (each question within the document that holds its gold answer).
final class ScopedEvaluationTests: XCTestCase {
    func testSessionSearchesWithinTheScopeAndRefusesAPatternThatNamesNothing() throws {
        let folder = try DocumentFolder(prefix: "albertqa-scope-session")
        defer { folder.remove() }
        try folder.write("ice/aletsch.txt", "The Aletsch Glacier is the largest glacier in the Alps.")
        try folder.write("water/danube.txt", "The Danube flows through ten countries; a glacier feeds it.")
        var settings = SessionSettings(retriever: .bm25)
        settings.databaseURL = folder.base.appendingPathComponent("index.sqlite")
        let session = try AnsweringSession(folder: folder.url, settings: settings, answerer: nil)
        _ = try session.updateIndex()
        XCTAssertEqual(Set(try session.search("glacier", limit: 10).map(\.documentPath)), ["ice/aletsch.txt", "water/danube.txt"])
        XCTAssertEqual(try session.search("glacier", limit: 10, scope: QuestionScope(["water/"])).map(\.documentPath), ["water/danube.txt"])
        XCTAssertEqual(try session.search("glacier", limit: 10, scope: QuestionScope(["*/aletsch.txt"])).map(\.documentPath), ["ice/aletsch.txt"])
        XCTAssertThrowsError(try session.search("glacier", limit: 10, scope: QuestionScope(["water/", "fire/*.txt"]))) { error in
            XCTAssertEqual(error as? AnsweringError, .scopeMatchesNothing(pattern: "fire/*.txt"))
            XCTAssertEqual("\(error)", "no indexed document matches 'fire/*.txt'")
        }
        // A document added after the scope was resolved is in it at the next question.
        try folder.write("water/rhine.txt", "The Rhine has no glacier of its own.")
        _ = try session.updateIndex()
        XCTAssertEqual(Set(try session.search("glacier", limit: 10, scope: QuestionScope(["water/"])).map(\.documentPath)),
                       ["water/danube.txt", "water/rhine.txt"])
    }

    func testDocumentScopeAsksEachQuestionWithinItsGoldDocument() throws {
        let pad = String(repeating: " Some unrelated words fill this sentence up.", count: 10)
        let glacier = "The Aletsch Glacier is the largest glacier in the Alps." + pad
        let river = "The Danube flows through ten countries to the Black Sea." + pad
        // Question 2's words are mostly the river's ("largest" is the glacier's), its answer the
        // glacier's: only a scope to the glacier's document puts its gold passage first.
        let data: [[String: Any]] = [
            ["title": "Ice", "paragraphs": [["context": glacier, "qas": [
                ["id": "1", "question": "What is the largest glacier in the Alps?", "answers": [["text": "The Aletsch Glacier", "answer_start": 0]]],
                ["id": "2", "question": "Which river flows to the largest sea?", "answers": [["text": "The Aletsch Glacier", "answer_start": 0]]],
            ]]]],
            ["title": "Water", "paragraphs": [["context": river, "qas": [
                ["id": "3", "question": "Which river flows through ten countries?", "answers": [["text": "The Danube", "answer_start": 0]]],
            ]]]],
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("scoped-recall-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: ["version": "1.1", "data": data]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let dataset = try SquadDataset(contentsOf: file)
        var setup = SquadEvaluator.OpenSetup(settings: SessionSettings(chunking: ChunkingOptions(maxWords: 200, minWords: 10), retriever: .bm25))
        func recall(_ scoping: SquadEvaluator.Scoping) throws -> RecallEvaluation {
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-scoped-\(UUID())")
            defer { try? FileManager.default.removeItem(at: work) }
            setup.scoping = scoping
            return try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: 2, setup: setup)
        }
        let unscoped = try recall(.given(.folder))
        XCTAssertEqual(unscoped.foundAtRank, [2, 1])
        let scoped = try recall(.document)
        XCTAssertEqual(scoped.questions, 3)
        XCTAssertEqual(scoped.foundAtRank, [3, 0])
        // --in: every question within the same documents (the river's): question 1 and 2 miss.
        let within = try recall(.given(QuestionScope(["Water.txt"])))
        XCTAssertEqual(within.foundAtRank, [1, 0])
    }

    func testASmallScopeIsReadWholeWhenAskedTo() throws {
        let folder = try DocumentFolder(prefix: "albertqa-scope-whole")
        defer { folder.remove() }
        // Three passages (each paragraph over the chunker's minimum); the question's words are
        // in one only, so BM25 retrieves one and reading the scope whole reads all three.
        let pad = String(repeating: " Some unrelated words fill this sentence up.", count: 10)
        try folder.write("guide.txt", ["The fee to apply is 50 pounds." + pad, "Forms go to the office in Leeds." + pad,
                                       "Appeals take six weeks." + pad].joined(separator: "\n\n"))
        try folder.write("other.txt", "The fee for a passport is 80 pounds." + pad)
        var settings = SessionSettings(chunking: ChunkingOptions(maxWords: 80, minWords: 10), retriever: .bm25)
        settings.databaseURL = folder.base.appendingPathComponent("index.sqlite")
        var options = AnsweringOptions(passages: 1)
        let answerer = try QuestionAnswerer(reader: sharedReader, options: options, calibrationPolicy: .uncalibrated)
        let session = try AnsweringSession(folder: folder.url, settings: settings, answerer: answerer)
        _ = try session.updateIndex()
        let guide = QuestionScope(["guide.txt"])
        XCTAssertEqual(try session.passages(in: guide)?.passageIDs.count, 3)
        XCTAssertEqual(try session.ask("What is the fee to apply?", scope: guide).set.passagesTotal, 1)
        options.wholeScopePassages = 3
        let whole = try AnsweringSession(folder: folder.url, settings: settings,
                                         answerer: try QuestionAnswerer(reader: sharedReader, options: options, calibrationPolicy: .uncalibrated))
        let read = try whole.ask("What is the fee to apply?", scope: guide).set
        XCTAssertEqual(read.passagesTotal, 3)
        XCTAssertTrue(read.answers.allSatisfy { $0.locations.allSatisfy { $0.documentPath == "guide.txt" } })
        // A scope larger than the limit, or the whole folder, reads the retrieved passages only.
        XCTAssertEqual(try whole.ask("What is the fee to apply?").set.passagesTotal, 1)
        options.wholeScopePassages = 2
        let tooSmall = try AnsweringSession(folder: folder.url, settings: settings,
                                            answerer: try QuestionAnswerer(reader: sharedReader, options: options, calibrationPolicy: .uncalibrated))
        XCTAssertEqual(try tooSmall.ask("What is the fee to apply?", scope: guide).set.passagesTotal, 1)
    }
}

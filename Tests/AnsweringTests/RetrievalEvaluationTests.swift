import Answering
import Foundation
import Retrieval
import TestSupport
import XCTest

/// Recall@k of the gold passage, the session's retriever choice, and the natural-question
/// fixture's fit to Documents/.
final class RetrievalEvaluationTests: XCTestCase {
    func writeDataset(_ data: [[String: Any]]) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("recall-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: ["version": "1.1", "data": data]).write(to: file)
        return file
    }

    func testRecallCountsTheRankOfThePassageHoldingTheAnswer() throws {
        // Two articles; each paragraph is long enough to be a passage of its own.
        let pad = String(repeating: " Some unrelated words fill this sentence up.", count: 10)
        let glacier = "The Aletsch Glacier is the largest glacier in the Alps." + pad
        let river = "The Danube flows through ten countries to the Black Sea." + pad
        let volcano = "Mount Etna is an active volcano on Sicily." + pad
        let file = try writeDataset([
            ["title": "Ice", "paragraphs": [["context": glacier, "qas": [
                ["id": "1", "question": "What is the largest glacier in the Alps?", "answers": [["text": "The Aletsch Glacier", "answer_start": 0]]],
            ]]]],
            ["title": "Water and fire", "paragraphs": [
                ["context": river, "qas": [
                    ["id": "2", "question": "Which river flows to the Black Sea?", "answers": [["text": "The Danube", "answer_start": 0]]],
                ]],
                ["context": volcano, "qas": [
                    // Words of the other paragraph only: the gold passage is not first.
                    ["id": "3", "question": "Which river flows through ten countries?", "answers": [["text": "Mount Etna", "answer_start": 0]]],
                ]],
            ]],
        ])
        defer { try? FileManager.default.removeItem(at: file) }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-recall-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let dataset = try SquadDataset(contentsOf: file)
        let recall = try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: 3, setup: .init(chunking: ChunkingOptions(maxWords: 200, minWords: 10)))
        XCTAssertEqual(recall.questions, 3)
        XCTAssertEqual(recall.unlocated, 0)
        XCTAssertEqual(recall.recall(at: 1), 200.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(recall.foundAtRank[0], 2)
        XCTAssertEqual(recall.recall(at: 3), 100 * Double(recall.foundAtRank.reduce(0, +)) / 3, accuracy: 1e-9)
        XCTAssertLessThan(recall.meanReciprocalRank, 1)
    }

    func testDenseRetrievalWithoutAnEncoderIsAClearError() throws {
        let folder = try DocumentFolder(prefix: "albertqa-session")
        defer { folder.remove() }
        let configuration = AnsweringSession.Configuration(folder: folder.url, databaseURL: folder.base.appendingPathComponent("i.sqlite"), retriever: .hybrid)
        XCTAssertThrowsError(try AnsweringSession(configuration)) { error in
            XCTAssertEqual(error as? SessionError, .encoderMissing(.hybrid))
        }
    }

    func testNaturalQuestionsAllPointIntoDocuments() throws {
        let dataset = try SquadDataset(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/natural-questions.json"))
        XCTAssertEqual(dataset.questions.count, 30)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-natural-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        var setup = SquadEvaluator.OpenSetup()
        setup.documentsFolder = repositoryRoot.appendingPathComponent("Documents")
        let recall = try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: 10, setup: setup)
        XCTAssertEqual(recall.unlocated, 0, "every question's paragraph is in Documents/")
        XCTAssertEqual(recall.questions, 30)
        // Documents/ is only read: nothing was written into it.
        XCTAssertFalse(FileManager.default.fileExists(atPath: setup.documentsFolder!.appendingPathComponent("index.sqlite").path))
    }
}

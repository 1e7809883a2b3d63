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
        let recall = try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: 3, setup: .init(settings: SessionSettings(chunking: ChunkingOptions(maxWords: 200, minWords: 10), retriever: .bm25)))
        XCTAssertEqual(recall.questions, 3)
        XCTAssertEqual(recall.unlocated, 0)
        XCTAssertEqual(recall.recall(at: 1), 200.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(recall.foundAtRank[0], 2)
        XCTAssertEqual(recall.recall(at: 3), 100 * Double(recall.foundAtRank.reduce(0, +)) / 3, accuracy: 1e-9)
        XCTAssertLessThan(recall.meanReciprocalRank, 1)
    }

    /// Hostile answer starts (issue 20's probe): 2^63 − 1 overflowed the offset arithmetic
    /// (exit 132); −5, past the context, a float and a string counted silently as misses.
    /// Now each is left out and its question counted as unlocated, never as a miss.
    func testUnusableAnswerStartsAreUnlocatedNotMissesNorCrashes() throws {
        let pad = String(repeating: " Some unrelated words fill this sentence up.", count: 10)
        let glacier = "The Aletsch Glacier is the largest glacier in the Alps." + pad
        let starts: [Any] = [Int.max, -5, glacier.unicodeScalars.count + 3, 0.5, "0", true]
        let file = try writeDataset([
            ["title": "Ice", "paragraphs": [["context": glacier, "qas": [
                ["id": "ok", "question": "What is the largest glacier in the Alps?", "answers": [["text": "The Aletsch Glacier", "answer_start": 0]]],
            ] + starts.enumerated().map { index, start in
                ["id": "bad\(index)", "question": "What is the largest glacier?", "answers": [["text": "The Aletsch Glacier", "answer_start": start]]]
            }]]],
        ])
        defer { try? FileManager.default.removeItem(at: file) }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-recall-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let dataset = try SquadDataset(contentsOf: file)
        XCTAssertEqual(dataset.invalidAnswerStarts, starts.count)
        let recall = try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: 3, setup: .init(settings: SessionSettings(chunking: ChunkingOptions(maxWords: 200, minWords: 10), retriever: .bm25)))
        XCTAssertEqual(recall.questions, 1)
        XCTAssertEqual(recall.unlocated, starts.count)
        XCTAssertEqual(recall.recall(at: 1), 100)
    }

    func testNoUsableAnswerStartIsAnErrorNotZeros() throws {
        let file = try writeDataset([["title": "Ice", "paragraphs": [["context": "Ice is cold.", "qas": [
            ["id": "1", "question": "What is cold?", "answers": [["text": "Ice", "answer_start": 99]]],
        ]]]]])
        defer { try? FileManager.default.removeItem(at: file) }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-recall-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        XCTAssertThrowsError(try SquadEvaluator.recall(dataset: try SquadDataset(contentsOf: file), workFolder: work, k: 3)) { error in
            XCTAssertTrue("\(error)".contains("usable answer_start"), "\(error)")
        }
    }

    func testTruncatedJSONSaysWhereItBroke() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"version": "1.1", "data": [{"title": "Ice", "paragraphs": [{"context": "Ice"#.utf8).write(to: file)
        XCTAssertThrowsError(try SquadDataset(contentsOf: file)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("not valid JSON"), message)
            XCTAssertFalse(message.contains("\"data\" list"), message)
            XCTAssertFalse(message.contains("\n"), message)
        }
    }

    func testDenseRetrievalWithoutAnEncoderIsAClearError() throws {
        let folder = try DocumentFolder(prefix: "albertqa-session")
        defer { folder.remove() }
        let settings = SessionSettings(databaseURL: folder.base.appendingPathComponent("i.sqlite"), retriever: .hybrid)
        XCTAssertThrowsError(try AnsweringSession(folder: folder.url, settings: settings, reader: nil)) { error in
            XCTAssertEqual(error as? AnsweringError, .encoderMissing(.hybrid))
        }
    }

    /// Letters counted into 26 buckets: enough of an encoder to tell passages apart.
    struct LetterCounts: PassageEncoder {
        var identifier: String { "letter-counts" }
        var dimension: Int { 26 }
        func encode(_ texts: [String]) throws -> [[Float]] {
            texts.map { text in
                var vector = [Float](repeating: 0, count: 26)
                for scalar in text.lowercased().unicodeScalars where ("a"..."z").contains(scalar) { vector[Int(scalar.value - 97)] += 1 }
                let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return norm > 0 ? vector.map { $0 / norm } : vector
            }
        }
    }

    func testAutoRetrievesWithBM25UntilTheVectorsAreCompleteThenHybrid() throws {
        let folder = try DocumentFolder(prefix: "albertqa-auto")
        defer { folder.remove() }
        try folder.write("a.txt", "The Aletsch Glacier is the largest glacier in the Alps.")
        try folder.write("b.txt", "Mount Etna is an active volcano on Sicily.")
        let settings = SessionSettings(databaseURL: folder.base.appendingPathComponent("i.sqlite"))
        XCTAssertEqual(settings.retriever, .auto, "auto is the default")
        // Without an encoder, auto is BM25 (and no error).
        let lexicalOnly = try AnsweringSession(folder: folder.url, settings: settings, answerer: nil)
        _ = try lexicalOnly.updateIndex()
        XCTAssertEqual(try lexicalOnly.activeRetriever(), .bm25)
        XCTAssertFalse(try lexicalOnly.vectorsAreComplete())
        let session = try AnsweringSession(folder: folder.url, settings: settings, answerer: nil, encoder: LetterCounts())
        XCTAssertEqual(try session.activeRetriever(), .bm25, "no vectors yet")
        XCTAssertEqual(try session.search("glacier", limit: 1).first?.scoreKind, .bm25)
        // Vectors for one passage of two: still BM25.
        _ = try session.updateVectors(batchSize: 1, isCancelled: { (try? session.index.vectorCount()) ?? 0 >= 1 })
        XCTAssertEqual(try session.index.vectorCount(), 1)
        XCTAssertEqual(try session.activeRetriever(), .bm25)
        _ = try session.updateVectors()
        XCTAssertTrue(try session.vectorsAreComplete())
        XCTAssertEqual(try session.activeRetriever(), .hybrid)
        let hit = try XCTUnwrap(session.search("glacier", limit: 1).first)
        XCTAssertEqual(hit.documentPath, "a.txt")
        XCTAssertEqual(hit.scoreKind, HybridSettings.default.method == .convex ? .fused : .reciprocalRank)
        // A new document without a vector: BM25 again until it is encoded.
        try folder.write("c.txt", "The Danube flows through ten countries.")
        _ = try session.updateIndex()
        XCTAssertEqual(try session.activeRetriever(), .bm25)
        // A retriever named is used as named.
        var named = settings
        named.retriever = .bm25
        XCTAssertEqual(try AnsweringSession(folder: folder.url, settings: named, answerer: nil, encoder: LetterCounts()).activeRetriever(), .bm25)
    }

    func testNaturalQuestionsAllPointIntoDocuments() throws {
        try assertPointsIntoDocuments("natural-questions.json", questions: 30)
    }

    /// The set retrieval is tuned on (the one above is only checked).
    func testNaturalDevQuestionsAllPointIntoDocuments() throws {
        try assertPointsIntoDocuments("natural-questions-dev.json", questions: 70)
        let check = try SquadDataset(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/natural-questions.json"))
        let dev = try SquadDataset(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/natural-questions-dev.json"))
        XCTAssertTrue(Set(check.questions.map(\.question)).isDisjoint(with: dev.questions.map(\.question)))
        XCTAssertTrue(Set(check.questions.map(\.id)).isDisjoint(with: dev.questions.map(\.id)))
    }

    func assertPointsIntoDocuments(_ fixture: String, questions: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let dataset = try SquadDataset(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/\(fixture)"))
        XCTAssertEqual(dataset.questions.count, questions, file: file, line: line)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-natural-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        var setup = SquadEvaluator.OpenSetup()
        setup.documentsFolder = repositoryRoot.appendingPathComponent("Documents")
        let recall = try SquadEvaluator.recall(dataset: dataset, workFolder: work, k: 10, setup: setup)
        XCTAssertEqual(recall.unlocated, 0, "every question's paragraph is in Documents/", file: file, line: line)
        XCTAssertEqual(recall.questions, questions, file: file, line: line)
        // Documents/ is only read: nothing was written into it.
        XCTAssertFalse(FileManager.default.fileExists(atPath: setup.documentsFolder!.appendingPathComponent("index.sqlite").path))
    }
}

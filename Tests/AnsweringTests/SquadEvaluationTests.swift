import Answering
import Foundation
import TestSupport
import XCTest

final class SquadEvaluationTests: XCTestCase {
    func testOfficialNormalisationAndScores() {
        XCTAssertEqual(SquadMetric.normalize("The  Denver Broncos!"), "denver broncos")
        XCTAssertEqual(SquadMetric.normalize("an apple, a pear & THE end"), "apple pear end")
        XCTAssertEqual(SquadMetric.normalize("theatre"), "theatre")
        XCTAssertEqual(SquadMetric.normalize("1,000–2,000"), "1000–2000", "only ASCII punctuation is removed")
        XCTAssertEqual(SquadMetric.exactMatch("the Broncos", "Broncos"), 1)
        XCTAssertEqual(SquadMetric.f1("Denver Broncos won", "the Denver Broncos"), 0.8, accuracy: 1e-12)
        XCTAssertEqual(SquadMetric.f1("Panthers", "Broncos"), 0)
        XCTAssertEqual(SquadMetric.score("", golds: []).exactMatch, 1, "SQuAD 2.0: empty answer to an unanswerable question")
        XCTAssertEqual(SquadMetric.score("Broncos", golds: []).f1, 0)
        let best = SquadMetric.score("Carolina", golds: ["Denver", "Carolina Panthers"])
        XCTAssertEqual(best.exactMatch, 0)
        XCTAssertEqual(best.f1, 2 * 1 * 0.5 / 1.5, accuracy: 1e-12)
    }

    /// The Swift pipeline scores the fixture questions exactly as the Python reference did.
    func testClosedEvaluationReproducesTheReferenceNumbers() throws {
        let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")
        let dataset = try SquadDataset(contentsOf: fixtures.appendingPathComponent("squad-subset.json"))
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("squad-subset-expected.json"))) as? [String: Any])
        let result = try SquadEvaluator.closed(reader: sharedReader, dataset: dataset)
        XCTAssertEqual(result.questions, expected["questions"] as? Int)
        XCTAssertEqual(result.predictions, expected["predictions"] as? [String: String])
        XCTAssertEqual(result.exactMatch, try XCTUnwrap(expected["exact_match"] as? Double), accuracy: 1e-9)
        XCTAssertEqual(result.f1, try XCTUnwrap(expected["f1"] as? Double), accuracy: 1e-9)
        XCTAssertNil(result.hasAnswerF1)
    }

    func testOpenEvaluationIndexesTheParagraphsAndAnswersThroughRetrieval() throws {
        let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")
        let dataset = try SquadDataset(contentsOf: fixtures.appendingPathComponent("squad-subset.json"))
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-open-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try SquadEvaluator.open(answerer: QuestionAnswerer(reader: sharedReader), dataset: dataset, workFolder: work, limit: 6)
        XCTAssertEqual(result.questions, 6)
        XCTAssertGreaterThanOrEqual(result.f1, 50, "\(result.predictions)")
    }

    func testOpenEvaluationAgainstAFolderWithoutTheAnswersSaysNotFound() throws {
        // The subset's questions asked of a folder about something else: every answer is wrong,
        // and the calibrated answerer calls most of them "not found".
        let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")
        let dataset = try SquadDataset(contentsOf: fixtures.appendingPathComponent("squad-subset.json"))
        let folder = try DocumentFolder(prefix: "albertqa-against")
        defer { folder.remove() }
        try folder.write("glaciers.txt", "The Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long and lies in Valais.")
        let work = folder.base.appendingPathComponent("work")
        let seen = UpdateLog()
        var setup = SquadEvaluator.OpenSetup()
        setup.documentsFolder = folder.url
        let result = try SquadEvaluator.open(answerer: QuestionAnswerer(reader: sharedReader), dataset: dataset, workFolder: work, limit: 6,
                                             setup: setup, onAnswer: { _, set in seen.append(set.found ? 1 : 0) })
        XCTAssertEqual(seen.count, 6, "onAnswer sees every question")
        XCTAssertEqual(result.notFoundRate, Double(seen.values.filter { $0 == 0 }.count) / 6)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(result.notFoundRate), 0.5, "\(result.predictions)")
        XCTAssertEqual(try String(contentsOf: folder.url.appendingPathComponent("glaciers.txt"), encoding: .utf8).count, 100, "the folder is only read")
    }

    func testUnanswerableQuestionsUseSquad2Scoring() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("v2-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let data: [String: Any] = ["version": "v2.0", "data": [["title": "T", "paragraphs": [[
            "context": "The Aletsch Glacier is 23 kilometres long.",
            "qas": [
                ["id": "a", "question": "How long is the Aletsch Glacier?", "answers": [["text": "23 kilometres", "answer_start": 23], ["text": "23 kilometres long", "answer_start": 23]], "is_impossible": false],
                ["id": "b", "question": "Who painted the Mona Lisa?", "answers": [], "is_impossible": true],
            ],
        ]]]]]
        try JSONSerialization.data(withJSONObject: data).write(to: file)
        let dataset = try SquadDataset(contentsOf: file)
        XCTAssertTrue(dataset.hasUnanswerable)
        let result = try SquadEvaluator.closed(reader: sharedReader, dataset: dataset)
        XCTAssertTrue(result.predictions["a"]?.hasPrefix("23 kilometres") == true)
        XCTAssertEqual(result.hasAnswerF1, 100)
        XCTAssertNotNil(result.noAnswerAccuracy)
    }

    /// `eval --documents even|odd`: the questions of the articles at even or odd positions of
    /// `data` (0-based), every paragraph kept for indexing.
    func testDocumentHalvesSplitTheQuestionsByArticlePosition() throws {
        func article(_ title: String, _ questions: [String]) -> [String: Any] {
            ["title": title, "paragraphs": [["context": "\(title) text.", "qas": questions.map { ["id": $0, "question": "\($0)?", "answers": [["text": "text", "answer_start": title.count + 1]]] }]]]
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-halves-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let data: [[String: Any]] = [article("A", ["a1", "a2"]), article("B", ["b1"]), article("C", ["c1"]), article("D", ["d1", "d2", "d3"])]
        try JSONSerialization.data(withJSONObject: ["data": data]).write(to: file)
        let dataset = try SquadDataset(contentsOf: file)
        XCTAssertEqual(dataset.questions.map(\.article), [0, 0, 1, 2, 3, 3, 3])
        XCTAssertEqual(dataset.questions(ofDocuments: .even).questions.map(\.id), ["a1", "a2", "c1"])
        XCTAssertEqual(dataset.questions(ofDocuments: .odd).questions.map(\.id), ["b1", "d1", "d2", "d3"])
        XCTAssertEqual(dataset.questions(ofDocuments: .all).questions.count, 7)
        XCTAssertEqual(dataset.questions(ofDocuments: .odd).articles.count, 4, "every article is still indexed")
        XCTAssertEqual(dataset.questions(ofDocuments: .odd).everyNthQuestion(2).questions.map(\.id), ["b1", "d2"])
    }

    func testAFileThatIsNotSquadIsAClearError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("[1, 2, 3]".utf8).write(to: file)
        XCTAssertThrowsError(try SquadDataset(contentsOf: file)) { error in
            XCTAssertTrue("\(error)".contains(file.path))
        }
    }
}

import Answering
import Foundation
import Retrieval
import TestSupport
import XCTest

/// Follow-ups through the session (the one rule every front end uses) and `eval --follow-up`.
final class FollowUpEvaluationTests: XCTestCase {
    func testPartnersAreThePreviousQuestionOfTheSameDocument() {
        let partners = SquadEvaluator.followUpPartners(documents: ["a", "b", "a", "a", nil, "c", "b"])
        XCTAssertEqual(partners, [3, 6, 0, 2, nil, nil, 1])
    }

    func testTheSessionFollowsUpOnlyOnQuestionsThatLeanOnContext() throws {
        let folder = try DocumentFolder(prefix: "albertqa-follow-up-session")
        defer { folder.remove() }
        try folder.write("remdesivir.txt", "Remdesivir is an antiviral drug. Its side effects were nausea and raised liver enzymes.")
        try folder.write("vaccines.txt", "Side effects of vaccines are mild side effects.")
        var settings = SessionSettings(retriever: .bm25)
        settings.databaseURL = folder.base.appendingPathComponent("index.sqlite")
        settings.followUp = FollowUpWeights(document: 0.5, previousQuestion: 0.5)  // two one-passage documents: a clear lift
        let session = try AnsweringSession(folder: folder.url, settings: settings, answerer: nil)
        _ = try session.updateIndex()
        let previous = PreviousQuestion(question: "What is remdesivir?", documentPath: "remdesivir.txt")
        XCTAssertEqual(try session.followUp("What were its side effects?", after: previous), previous)
        XCTAssertNil(try session.followUp("What are the side effects of vaccines?", after: previous), "it names its subject")
        XCTAssertNil(try session.followUp("What were its side effects?", after: nil))
        XCTAssertEqual(try session.search("What were its side effects?", limit: 1).first?.documentPath, "vaccines.txt")
        XCTAssertEqual(try session.search("What were its side effects?", limit: 1, after: previous).first?.documentPath, "remdesivir.txt")
        // A scope without the previous answer's document: no passage from outside the scope.
        XCTAssertEqual(Set(try session.search("What were its side effects?", limit: 5, scope: QuestionScope(["vaccines.txt"]), after: previous)
            .map(\.documentPath)), ["vaccines.txt"])
        var off = settings
        off.followUp = .off
        let plain = try AnsweringSession(folder: folder.url, settings: off, answerer: nil)
        XCTAssertNil(try plain.followUp("What were its side effects?", after: previous))
    }

    func testEvalFollowUpScoresBothWaysPerSubset() throws {
        let pad = String(repeating: " Some unrelated words fill this sentence up.", count: 10)
        let drug = "Remdesivir is an antiviral drug given in hospital." + pad
        let effects = "In trials of remdesivir, its side effects were nausea and raised liver enzymes." + pad
        let vaccines = "Side effects of vaccines are mild side effects." + pad + pad + pad
        let data: [[String: Any]] = [
            ["title": "Remdesivir", "paragraphs": [
                ["context": drug, "qas": [["id": "1", "question": "What kind of drug is remdesivir?", "answers": [["text": "antiviral", "answer_start": 17]]]]],
                ["context": effects, "qas": [["id": "2", "question": "What were its side effects?", "answers": [["text": "nausea", "answer_start": 47]]]]],
            ]],
            ["title": "Vaccines", "paragraphs": [["context": vaccines, "qas": [
                ["id": "3", "question": "Are the side effects of vaccines mild?", "answers": [["text": "mild", "answer_start": 29]]],
            ]]]],
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("follow-up-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: ["version": "1.1", "data": data]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let dataset = try SquadDataset(contentsOf: file)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-follow-up-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let setup = SquadEvaluator.OpenSetup(settings: SessionSettings(chunking: ChunkingOptions(maxWords: 200, minWords: 10), retriever: .bm25))
        let result = try SquadEvaluator.followUpRecall(dataset: dataset, workFolder: work, k: 1, setup: setup)
        XCTAssertEqual(result.followedUp, 1, "question 2 leans on context and has a partner (question 1)")
        XCTAssertEqual(result.plain[.all]!.questions, 3)
        XCTAssertEqual(result.plain[.contextLeaning]!.questions, 1)
        XCTAssertEqual(result.plain[.others]!.questions, 2)
        XCTAssertEqual(result.plain[.contextLeaning]!.recall(at: 1), 0, "asked afresh, the vaccines passage comes first")
        XCTAssertEqual(result.followUp[.contextLeaning]!.recall(at: 1), 100)
        XCTAssertEqual(result.plain[.others]!.foundAtRank, result.followUp[.others]!.foundAtRank, "the others are asked alike")
        XCTAssertEqual(result.followUp[.all]!.recall(at: 1), 100)
    }
}

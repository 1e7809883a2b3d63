import Albert
import Answering
import Documents
import Foundation
import Retrieval
import Synchronization
import TestSupport
import XCTest

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedReader = try! AlbertReader(directory: repositoryRoot.appendingPathComponent("Models/albert-qa-minilm-squad"))

final class QuestionAnswererTests: XCTestCase {
    var documents: DocumentFolder!
    var folder: URL { documents.url }
    var index: PassageIndex!

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-answer")
        try documents.write("alps/glaciers.txt", """
            Glaciers of the Alps

            The Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long and lies in the canton of Valais, Switzerland.

            Glaciers form where snow accumulates faster than it melts, over many years.
            """)
        try documents.write("volcanoes.md", "# Volcanoes\n\nMount Etna is an active volcano on the east coast of Sicily, Italy. It erupted in 2021.")
        try documents.write("finance.txt", "The company raised capital from private investors in 2019 and opened three new offices.")
        index = try PassageIndex(folder: folder, databaseURL: documents.base.appendingPathComponent("index.sqlite"))
        _ = try index.update()
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    /// The answer's offsets point at its text in the original file.
    func assertOffsetsPointAtTheFile(_ answer: Answer, line: UInt = #line) throws {
        for location in answer.locations {
            let original = try String(contentsOf: folder.appendingPathComponent(location.documentPath), encoding: .utf8)
            let found = ScalarText(original)[location.range]
            XCTAssertTrue(found.lowercased().contains(answer.text.lowercased().trimmingCharacters(in: .punctuationCharacters))
                          || answer.text.lowercased().contains(found.lowercased()), "\(found) vs \(answer.text)", line: line)
        }
        let best = answer.locations[0]
        let original = try String(contentsOf: folder.appendingPathComponent(best.documentPath), encoding: .utf8)
        XCTAssertEqual(ScalarText(original)[best.range], answer.text, line: line)
        XCTAssertEqual(ScalarText(answer.context)[answer.contextRange], answer.text, line: line)
    }

    func testAnswersComeFromTheRightDocumentWithExactOffsets() throws {
        let answerer = try QuestionAnswerer(reader: sharedReader)
        let cases = [
            ("How long is the Aletsch Glacier?", "23 kilometres", "alps/glaciers.txt"),
            ("Where is Mount Etna?", "Sicily", "volcanoes.md"),
            ("When did Mount Etna erupt?", "2021", "volcanoes.md"),
        ]
        for (question, expected, document) in cases {
            let result = try answerer.answer(question, index: index)
            let best = try XCTUnwrap(result.answers.first, question)
            XCTAssertTrue(best.text.contains(expected), "\(question) → \(best.text)")
            XCTAssertEqual(best.locations.first?.documentPath, document)
            XCTAssertFalse(best.belowNullScore, question)
            XCTAssertTrue(result.isComplete)
            XCTAssertEqual(result.passagesRead, result.passagesTotal)
            try assertOffsetsPointAtTheFile(best)
            // Confidences are a probability distribution over the candidates, best first.
            XCTAssertTrue(result.answers.allSatisfy { $0.confidence > 0 && $0.confidence <= 1 })
            XCTAssertEqual(result.answers.map(\.confidence), result.answers.map(\.confidence).sorted(by: >))
            XCTAssertEqual(Set(result.answers.map { $0.text.lowercased() }).count, result.answers.count, "no duplicate answers")
        }
    }

    func testTheSameAnswerInSeveralPlacesIsOneAnswerWithSeveralLocations() throws {
        // The overlapping passages of a long paragraph and a second document repeat one sentence.
        let filler = (1...40).map { "Sentence \($0) talks about the weather in the valley at some length." }.joined(separator: " ")
        try documents.write("long.txt", filler + " The observatory was founded by Maria Keller in 1889. " + filler)
        try documents.write("copy.txt", "A short note. The observatory was founded by Maria Keller in 1889.")
        _ = try index.update()
        let hits = try index.search("Who founded the observatory?", limit: 10)
        XCTAssertGreaterThanOrEqual(hits.filter { $0.text.contains("Maria Keller") }.count, 2)
        let result = try QuestionAnswerer(reader: sharedReader).answer("Who founded the observatory?", index: index)
        let best = try XCTUnwrap(result.answers.first)
        XCTAssertEqual(best.text, "Maria Keller")
        XCTAssertEqual(result.answers.filter { $0.text == "Maria Keller" }.count, 1)
        XCTAssertEqual(Set(best.locations.map(\.documentPath)), ["long.txt", "copy.txt"])
        XCTAssertEqual(Set(best.locations).count, best.locations.count, "a location is listed once")
        try assertOffsetsPointAtTheFile(best)
    }

    func testAnOffTopicQuestionIsReportedAsNoAnswerWithGuesses() throws {
        let result = try QuestionAnswerer(reader: sharedReader).answer("What is the capital city of Peru?", index: index)
        XCTAssertTrue(result.noAnswerFound, "\(result.answers.map { ($0.text, $0.score) })")
        XCTAssertFalse(result.answers.isEmpty, "best guesses are still listed")
        XCTAssertTrue(result.answers.allSatisfy(\.belowNullScore))
    }

    func testQuestionsWithoutMatchingWordsGiveNoAnswersAndNoError() throws {
        let answerer = try QuestionAnswerer(reader: sharedReader)
        for question in ["", "???", "zzyzx quux", "\"NEAR\" AND *"] {
            let result = try answerer.answer(question, index: index)
            XCTAssertTrue(result.answers.isEmpty, question)
        }
    }

    func testAnswersStreamAsPassagesFinishAndCanBeCancelled() throws {
        for i in 0..<8 { try documents.write("extra/\(i).txt", "Report \(i): the glacier lost \(i + 2) metres of ice in the year \(2000 + i).") }
        _ = try index.update()
        var options = AnsweringOptions(passages: 8)
        options.readPassagesInParallel = false
        let answerer = try QuestionAnswerer(reader: sharedReader, options: options)
        let updates = UpdateLog()
        let complete = try answerer.answer("How much ice did the glacier lose?", index: index, onUpdate: { updates.append($0.passagesRead) })
        XCTAssertEqual(updates.values, Array(1...complete.passagesTotal))
        XCTAssertEqual(complete.passagesTotal, 8)

        let cancelLog = UpdateLog()
        let cancelled = try answerer.answer("How much ice did the glacier lose?", index: index,
                                            onUpdate: { cancelLog.append($0.passagesRead) },
                                            isCancelled: { cancelLog.count >= 2 })
        XCTAssertTrue(cancelled.cancelled)
        XCTAssertEqual(cancelled.passagesRead, 2)
        XCTAssertFalse(cancelled.isComplete)
    }

    func testParallelAndSequentialReadingGiveTheSameAnswers() throws {
        var sequential = AnsweringOptions()
        sequential.readPassagesInParallel = false
        let question = "How long is the Aletsch Glacier?"
        let a = try QuestionAnswerer(reader: sharedReader).answer(question, index: index)
        let b = try QuestionAnswerer(reader: sharedReader, options: sequential).answer(question, index: index)
        XCTAssertEqual(a.answers.map(\.text), b.answers.map(\.text))
        for (x, y) in zip(a.answers, b.answers) { XCTAssertEqual(x.score, y.score, accuracy: 1e-3) }
    }
}

final class UpdateLog: Sendable {
    private let log = Mutex<[Int]>([])
    func append(_ value: Int) { log.withLock { $0.append(value) } }
    var values: [Int] { log.withLock { $0 } }
    var count: Int { values.count }
}

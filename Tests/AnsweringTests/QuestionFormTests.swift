@testable import Answering
import Foundation
import XCTest

/// The question-form features of the calibration on constructed questions, and the shared
/// fixture whose values `Scripts/question_form.py` computes in Python (the fit reads what Swift
/// wrote; the fixture keeps the two implementations the same).
final class QuestionFormTests: XCTestCase {
    func testNamesAreCapitalisedOrNumericWordsAfterTheFirstThatAreNotStopWords() {
        XCTAssertEqual(QuestionForm("Who won Super Bowl 50?").hasNames, 1)
        XCTAssertEqual(QuestionForm("When was it built in 1901?").hasNames, 1, "a number is a name")
        XCTAssertEqual(QuestionForm("Where did it happen?").hasNames, 0, "the first word is capitalised anyway")
        XCTAssertEqual(QuestionForm("Can I do it?").hasNames, 0, "\"I\" is a stop word")
        XCTAssertEqual(QuestionForm("Is It The One?").hasNames, 0)
        XCTAssertEqual(QuestionForm("Which Königsberg bridge?").hasNames, 1)
    }

    func testHowAndWhyAskForAMannerOrAReasonUnlessHowAsksForAQuantity() {
        XCTAssertEqual(QuestionForm("Why did Napoleon invade Russia?").howWhy, 1)
        XCTAssertEqual(QuestionForm("How did the Ottomans take Constantinople?").howWhy, 1)
        XCTAssertEqual(QuestionForm("How many moons does Mars have?").howWhy, 0)
        XCTAssertEqual(QuestionForm("how long is it?").howWhy, 0)
        XCTAssertEqual(QuestionForm("Who founded Rome?").howWhy, 0)
    }

    func testWordCountIsTheLogOfOnePlusTheWords() {
        XCTAssertEqual(QuestionForm("Who won Super Bowl 50?").logWords, log(6.0), accuracy: 1e-12)
        XCTAssertEqual(QuestionForm("???").logWords, 0)
        XCTAssertEqual(QuestionForm("").logWords, 0)
        XCTAssertEqual(QuestionForm("the café’s naïve plan").logWords, log(6.0), accuracy: 1e-12, "’ splits café’s into two words")
    }

    func testEveryAnswerToAQuestionCarriesItsForm() throws {
        let text = "Napoleon invaded Russia to force the Tsar back into the blockade."
        let range = 24..<text.unicodeScalars.count - 1  // "to force … blockade"
        let candidate = AnswerCandidate(text: "to force the Tsar back into the blockade", score: 3, spanScore: 4,
                                        location: AnswerLocation(documentPath: "a.txt", range: range), context: text, contextRange: range, passage: 0)
        let form = QuestionForm("Why did Napoleon invade Russia?")
        let answers = CandidateCollector.rank([candidate], passages: [0: PassageFacts(coverage: 1)], passagesRead: 1, calibration: nil, question: form)
        let features = try XCTUnwrap(answers.first?.features)
        XCTAssertEqual(features["how_why"], 1)
        XCTAssertEqual(features["has_names"], 1)
        XCTAssertEqual(features["log_question_words"], log(6.0))
    }

    /// Tests/Fixtures/question-form.json: the values Python computed, computed again by Swift.
    func testSwiftComputesWhatThePythonFitComputes() throws {
        let url = repositoryRoot.appendingPathComponent("Tests/Fixtures/question-form.json")
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(cases.count, 10)
        for item in cases {
            let question = try XCTUnwrap(item["question"] as? String)
            let expected = try XCTUnwrap(item["expected"] as? [String: NSNumber]).mapValues(\.doubleValue)
            var features = AnswerFeatures()
            features.question = QuestionForm(question)
            XCTAssertEqual(Set(expected.keys), ["has_names", "how_why", "log_question_words"])
            for (name, value) in expected {
                XCTAssertEqual(try XCTUnwrap(features[name], name), value, accuracy: 1e-12, "\(question): \(name)")
            }
        }
    }
}

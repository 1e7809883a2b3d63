@testable import albertqa
import Answering
import Foundation
import XCTest

/// `ask`'s text output for answers the model can produce but a test folder cannot force:
/// newlines inside an answer, control characters, a non-finite confidence.
final class AnswerOutputTests: XCTestCase {
    func printed(_ result: AnswerSet) throws -> String {
        let pipe = Pipe()
        let console = Console(descriptor: pipe.fileHandleForWriting.fileDescriptor, name: "the test pipe")
        try AskCommand.printText(result, to: console)
        try pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func answer(_ text: String, confidence: Double, document: String = "notes.txt", context: String, calibrated: Bool = true) -> Answer {
        let scalars = Array(context.unicodeScalars), target = Array(text.unicodeScalars)
        let range = (0...(scalars.count - target.count)).first { Array(scalars[$0..<($0 + target.count)]) == target }!
        var answer = Answer(text: text, score: 3, confidence: confidence, locations: [AnswerLocation(documentPath: document, range: 10..<20)],
                            context: context, contextRange: range..<(range + text.unicodeScalars.count), belowNullScore: false)
        answer.isCalibrated = calibrated
        return answer
    }

    /// A model without calibration.json (any Hub checkpoint): the percentage is labelled a
    /// score, and JSON claims no probability.
    func testWithoutCalibrationThePercentIsAScoreAndNoProbability() throws {
        let result = AnswerSet(question: "q", answers: [
            answer("Paris", confidence: 0.75, context: "It is Paris.", calibrated: false),
        ], passagesRead: 1, passagesTotal: 1)
        XCTAssertEqual(try printed(result).split(separator: "\n").first, "1. Paris   75% score  notes.txt [10–20]")
        let json = try XCTUnwrap((AskCommand.jsonObject(result)["answers"] as? [[String: Any]])?.first)
        XCTAssertTrue(json["probability"] is NSNull, "\(json)")
        XCTAssertEqual(json["calibrated"] as? Bool, false)
        XCTAssertEqual(json["confidence"] as? Double, 0.75)
        XCTAssertEqual(json["score"] as? Double, 3)
        let calibrated = AnswerSet(question: "q", answers: [answer("Paris", confidence: 0.75, context: "It is Paris.")],
                                   passagesRead: 1, passagesTotal: 1)
        XCTAssertEqual(try printed(calibrated).split(separator: "\n").first, "1. Paris   75%  notes.txt [10–20]")
        let calibratedJSON = try XCTUnwrap((AskCommand.jsonObject(calibrated)["answers"] as? [[String: Any]])?.first)
        XCTAssertEqual(calibratedJSON["probability"] as? Double, 0.75)
        XCTAssertEqual(calibratedJSON["calibrated"] as? Bool, true)
    }

    func testAnAnswerWithNewlinesStaysOneRecordAndControlsAreShown() throws {
        let result = AnswerSet(question: "q", answers: [
            answer("New\nYork City", confidence: 0.75, context: "The biggest city is New\nYork City, on the coast."),
            answer("x\u{1B}]0;t\u{07}", confidence: 0.25, document: "a\u{1B}[2Jb.txt", context: "see x\u{1B}]0;t\u{07} here"),
        ], passagesRead: 2, passagesTotal: 2)
        let lines = try printed(result).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines, [
            "1. New York City   75%  notes.txt [10–20]",
            "   The biggest city is [New York City], on the coast.",
            "2. x\u{241B}]0;t\u{2407}   25%  a\u{241B}[2Jb.txt [10–20]",
            "   see [x\u{241B}]0;t\u{2407}] here",
        ])
    }

    func testANonFiniteConfidenceIsAnErrorNotNaNPercent() {
        let result = AnswerSet(question: "q", answers: [answer("Paris", confidence: .nan, context: "It is Paris.")], passagesRead: 1, passagesTotal: 1)
        XCTAssertThrowsError(try printed(result)) { error in
            XCTAssertEqual((error as? CLIError)?.message, "cannot print a confidence: it is not a finite number")
            XCTAssertEqual(ExitStatus.of(error), 1)
        }
        XCTAssertThrowsError(try Console.standardOutput.json(AskCommand.jsonObject(result))) { error in
            XCTAssertEqual((error as? CLIError)?.message, "cannot write JSON: answers[0].confidence is not a finite number")
        }
    }
}

import Answering
import Foundation
import XCTest

/// AnsweringError's cases carry the file and the values; the messages stay the one-line words
/// `albertqa` prints.
final class AnsweringErrorTests: XCTestCase {
    func testABrokenCalibrationFileIsOneLineNamingIt() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-calibration-\(UUID()).json")
        try Data(#"{"version": 7}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try AnswerCalibration(contentsOf: file)) { error in
            XCTAssertEqual(error as? AnsweringError, .calibration(file, .unsupportedVersion(found: "7", supported: 1)))
            XCTAssertEqual("\(error)", "\(file.path): calibration version 7 is not 1")
            XCTAssertEqual(error.localizedDescription, "\(error)")
        }
    }

    func testAParameterErrorInAFileGainsTheFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-calibration-\(UUID()).json")
        try Data(#"{"version": 1, "features": ["nonsense"], "mean": [0], "scale": [1], "weights": [1], "bias": 0, "not_found_threshold": 0.5}"#.utf8)
            .write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try AnswerCalibration(contentsOf: file)) { error in
            XCTAssertEqual(error as? AnsweringError, .calibration(file, .unknownFeature("nonsense")))
            XCTAssertEqual("\(error)", "\(file.path): unknown feature nonsense")
        }
    }

    func testASquadFileWithoutDataSaysSo() {
        let error = AnsweringError.squadFile(URL(fileURLWithPath: "/sets/dev.json"), .noDataList)
        XCTAssertEqual("\(error)", "/sets/dev.json: not a SQuAD file (no \"data\" list)")
        XCTAssertEqual("\(AnsweringError.noUsableAnswerStart(answerable: 3))",
                       "none of the 3 answerable questions has a usable answer_start (an integer inside its context)")
        XCTAssertFalse("\(AnsweringError.encoderNotFound)".contains("\n"))
    }
}

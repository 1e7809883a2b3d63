import Answering
import Foundation
import XCTest

/// The calibration shipped with the default model, read by Swift exactly as the Python fit wrote it.
final class AnswerCalibrationTests: XCTestCase {
    static let model = repositoryRoot.appendingPathComponent("Models/albert-qa-minilm-squad")

    func testSwiftGivesTheSameProbabilitiesAsTheFitScript() throws {
        let url = Self.model.appendingPathComponent(AnswerCalibration.fileName)
        let calibration = try XCTUnwrap(try AnswerCalibration.load(modelDirectory: Self.model))
        XCTAssertEqual(Set(AnswerFeatures.names).subtracting(calibration.features), [], "the shipped fit uses every feature")
        XCTAssertTrue(calibration.features.contains("is_top*margin"), "and products with is_top")
        XCTAssertTrue((0.05...0.95).contains(calibration.notFoundThreshold))
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let rows = try XCTUnwrap(root["check_rows"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(rows.count, 5)
        for row in rows {
            let values = try XCTUnwrap(row["features"] as? [String: NSNumber]).mapValues(\.doubleValue)
            let expected = try XCTUnwrap(row["probability"] as? NSNumber).doubleValue
            XCTAssertEqual(calibration.probability(AnswerFeatures(values)), expected, accuracy: 1e-12, "\(values)")
        }
        XCTAssertNotNil(try QuestionAnswerer(reader: sharedReader).calibration, "the answerer picks up the model's calibration")
    }

    func testMoreAgreementAndALargerMarginNeverLowerTheProbability() throws {
        let calibration = try XCTUnwrap(try AnswerCalibration.load(modelDirectory: Self.model))
        var features = AnswerFeatures(["margin": 4, "gap": 2, "share": 0.6, "span_score": 8, "support": 0.2, "coverage": 0.6,
                                       "log_passages_read": log(10), "log_words": log(2), "is_top": 1,
                                       "has_names": 1, "log_question_words": log(7)])
        let base = calibration.probability(features)
        features.margin += 6
        features.gap += 6
        features.share = 0.95
        XCTAssertGreaterThan(calibration.probability(features), base)
        features = AnswerFeatures(["margin": -5, "gap": 0.1, "share": 0.2, "span_score": 1, "support": 0.1, "coverage": 0.2,
                                   "log_passages_read": log(10), "log_words": log(3), "is_top": 1,
                                   "has_names": 1, "log_question_words": log(7)])
        XCTAssertLessThan(calibration.probability(features), calibration.notFoundThreshold, "a weak, isolated answer is not found")
    }

    func testBrokenCalibrationFilesAreOneLineErrorsNamingTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-calibration-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertNil(try AnswerCalibration.load(modelDirectory: folder), "no file: no calibration")
        let good: [String: Any] = ["version": 1, "features": ["margin"], "mean": [0], "scale": [1], "weights": [1], "bias": 0,
                                   "not_found_threshold": 0.3]
        let cases: [(String, [String: Any])] = [
            ("version", good.merging(["version": 2]) { $1 }),
            ("unknown feature", good.merging(["features": ["nonsense"]]) { $1 }),
            ("differ in length", good.merging(["weights": [1, 2]]) { $1 }),
            ("not positive", good.merging(["scale": [0]]) { $1 }),
            ("0...1", good.merging(["not_found_threshold": 3]) { $1 }),
            ("\"mean\"", good.merging(["mean": "x"]) { $1 }),
        ]
        let url = folder.appendingPathComponent(AnswerCalibration.fileName)
        for (message, json) in cases {
            try JSONSerialization.data(withJSONObject: json).write(to: url)
            XCTAssertThrowsError(try AnswerCalibration.load(modelDirectory: folder), message) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix(url.path) && text.contains(message) && !text.contains("\n"), text)
            }
        }
        try Data("not json".utf8).write(to: url)
        XCTAssertThrowsError(try AnswerCalibration.load(modelDirectory: folder))
        try JSONSerialization.data(withJSONObject: good).write(to: url)
        let loaded = try XCTUnwrap(try AnswerCalibration.load(modelDirectory: folder))
        XCTAssertEqual(loaded.probability(AnswerFeatures(["margin": 2])), 1 / (1 + exp(-2)), accuracy: 1e-12)
    }

    func testAProductFeatureMultipliesItsFactors() throws {
        let calibration = try AnswerCalibration(features: ["is_top*margin", "share"], mean: [1, 0.5], scale: [2, 0.25], weights: [1, -1],
                                                bias: 0.5, notFoundThreshold: 0.5)
        let top = AnswerFeatures(["margin": 5, "is_top": 1, "share": 0.75])
        XCTAssertEqual(calibration.probability(top), 1 / (1 + exp(-(0.5 + (5 - 1) / 2.0 - (0.75 - 0.5) / 0.25))), accuracy: 1e-12)
        let other = AnswerFeatures(["margin": 5, "is_top": 0, "share": 0.75])
        XCTAssertEqual(calibration.probability(other), 1 / (1 + exp(-(0.5 + (0 - 1) / 2.0 - 1))), accuracy: 1e-12)
        XCTAssertThrowsError(try AnswerCalibration(features: ["is_top*nonsense"], mean: [0], scale: [1], weights: [1], bias: 0,
                                                   notFoundThreshold: 0.5))
    }
}

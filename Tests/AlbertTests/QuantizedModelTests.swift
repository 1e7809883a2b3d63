import Albert
import Documents
import XCTest

/// The default model in bf16 and int8 against HF's fp32 reference on the 12 fixture cases:
/// the same best answers, and logits within what the rounding of weights and activations
/// moves them (measured: see the bounds below).
final class QuantizedModelTests: XCTestCase {
    func testBF16GivesHuggingFacesAnswers() throws {
        try check(.bf16, logitTolerance: 0.15)  // measured 0.098
    }

    func testInt8GivesHuggingFacesAnswers() throws {
        try check(.int8, logitTolerance: 0.75)  // measured 0.57 (ONNX Runtime's int8: 1.6)
    }

    func testAskingForAPrecisionTheCPULacksGivesFP32() throws {
        for precision in Precision.allCases where !precision.isSupportedByCPU {
            let reader = try AlbertReader(directory: Fixtures.defaultModel, precision: precision)
            XCTAssertEqual(reader.model.precision, .fp32)
        }
        for precision in Precision.allCases where precision.isSupportedByCPU {
            let reader = try AlbertReader(directory: Fixtures.defaultModel, precision: precision)
            XCTAssertEqual(reader.model.precision, precision)
        }
    }

    private func check(_ precision: Precision, logitTolerance: Float, file: StaticString = #filePath, line: UInt = #line) throws {
        guard precision.isSupportedByCPU else {
            throw XCTSkip("this CPU lacks \(precision.requirement)")
        }
        let reader = try AlbertReader(directory: Fixtures.defaultModel, precision: precision)
        XCTAssertEqual(reader.model.precision, precision)
        let cases = try XCTUnwrap(try Fixtures.json("default-model-cases.json")["cases"] as? [[String: Any]])
        var worst: Float = 0
        var sameAnswers = 0
        for testCase in cases {
            let question = testCase["question"] as! String
            let context = testCase["context"] as! String
            let features = QAFeatureBuilder.features(
                question: reader.tokenizer.tokenize(question).ids, context: reader.tokenizer.tokenize(context).ids,
                clsID: reader.tokenizer.clsID, sepID: reader.tokenizer.sepID, options: reader.featureOptions
            )
            for (feature, expected) in zip(features, testCase["features"] as! [[String: Any]]) {
                let logits = try reader.runModel(feature)
                let start = (expected["start_logits"] as! [Any]).floats
                let end = (expected["end_logits"] as! [Any]).floats
                for (a, e) in zip(logits.start + logits.end, start + end) { worst = max(worst, abs(a - e)) }
            }
            let best = (testCase["best"] as! [String: Any])["text"] as? String
            let answer = try reader.read(question: question, context: context).answers.first
            XCTAssertEqual(answer?.text, best, "\(precision): \(question)", file: file, line: line)
            if answer?.text == best { sameAnswers += 1 }
        }
        print("\(precision): \(sameAnswers)/\(cases.count) answers as HF fp32; largest logit difference \(worst)")
        XCTAssertLessThanOrEqual(worst, logitTolerance, "\(precision): largest logit difference", file: file, line: line)
    }
}

import Albert
import CAlbertKernels
import Documents
import XCTest

/// The shipped model gives HF's features, logits and best answers on 12 SQuAD dev cases.
final class DefaultModelTests: XCTestCase {
    static let reader = try! AlbertReader(directory: Fixtures.defaultModel)

    func testFeaturesLogitsAndBestAnswersMatchHuggingFace() throws {
        XCTAssertEqual(Self.reader.model.kernels, try KernelTable.fromEnvironment())
        try assertMatchesHuggingFace(Self.reader)
    }

    /// Every other kernel table this CPU runs, pinned at load time: the same logits and best
    /// answers. The reference's plain C is slow, so it reads each case once (best answers
    /// and the scores they carry) instead of also checking every window's logits.
    func testEveryKernelTableMatchesHuggingFace() throws {
        for kernels in KernelTable.available where kernels != Self.reader.model.kernels {
            let reader = try AlbertReader(directory: Fixtures.defaultModel, kernels: kernels)
            XCTAssertEqual(reader.model.kernels, kernels)
            let ffn = reader.model.encoder.albertLayerGroups[0].albertLayers[0].ffn
            XCTAssertEqual(ffn.layout, "\(kernels) fp32 [k][\(kernels.panelWidth)]", "the weights are packed for the model's kernels")
            try assertMatchesHuggingFace(reader, checkLogits: kernels.name != "reference")
        }
    }

    private func assertMatchesHuggingFace(_ reader: AlbertReader, checkLogits: Bool = true) throws {
        let fixture = try Fixtures.json("default-model-cases.json")
        XCTAssertEqual(fixture["max_seq_length"] as? Int, reader.featureOptions.maxSequenceLength)
        XCTAssertEqual(fixture["doc_stride"] as? Int, reader.featureOptions.documentStride)
        XCTAssertEqual(fixture["max_query_length"] as? Int, reader.featureOptions.maxQueryLength)
        XCTAssertEqual(fixture["max_answer_tokens"] as? Int, reader.decoder.maxAnswerTokens)
        XCTAssertEqual(fixture["n_best"] as? Int, reader.decoder.nBest)
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 12)
        for testCase in cases {
            let question = testCase["question"] as! String
            let context = testCase["context"] as! String
            let expectedFeatures = testCase["features"] as! [[String: Any]]
            let features = QAFeatureBuilder.features(
                question: reader.tokenizer.tokenize(question).ids, context: reader.tokenizer.tokenize(context).ids,
                layout: reader.tokenizer.pairLayout, options: reader.featureOptions
            )
            XCTAssertEqual(features.count, expectedFeatures.count, question)
            for (feature, expected) in zip(features, expectedFeatures) where checkLogits {
                XCTAssertEqual(feature.inputIds, (expected["input_ids"] as! [Any]).int32s, question)
                XCTAssertEqual(feature.tokenTypeIds, (expected["token_type_ids"] as! [Any]).int32s, question)
                let logits = try reader.runModel(feature)
                assertClose(logits.start, (expected["start_logits"] as! [Any]).floats, tolerance: 2e-3, "\(reader.model.kernels) start: \(question)")
                assertClose(logits.end, (expected["end_logits"] as! [Any]).floats, tolerance: 2e-3, "\(reader.model.kernels) end: \(question)")
            }
            let best = testCase["best"] as! [String: Any]
            let result = try reader.read(question: question, context: context)
            let answer = try XCTUnwrap(result.answers.first, question)
            XCTAssertEqual(answer.text, best["text"] as? String, "\(reader.model.kernels): \(question)")
            XCTAssertEqual(answer.score, (best["score"] as! NSNumber).floatValue, accuracy: 4e-3, question)
            XCTAssertEqual(result.nullScore, (best["null_score"] as! NSNumber).floatValue, accuracy: 4e-3, question)
            // The answer text is exactly the context at its offsets.
            XCTAssertEqual(ScalarText(context)[answer.range], answer.text)
        }
    }

    func testLongContextIsReadInOverlappingWindows() throws {
        let reader = Self.reader
        let filler = String(repeating: "The committee met again and discussed the weather at length. ", count: 60)
        let context = filler + "The treaty was signed in Oslo in 1905. " + filler
        let result = try reader.read(question: "Where was the treaty signed?", context: context)
        XCTAssertGreaterThan(result.windowCount, 3)
        XCTAssertEqual(result.answers.first?.text, "Oslo")
        let range = try XCTUnwrap(result.answers.first?.range)
        XCTAssertEqual(ScalarText(context)[range], "Oslo")
    }
}

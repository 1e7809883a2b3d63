@testable import Albert
import Foundation
import XCTest

/// Tiny random extractive-QA models of every Hugging Face family `--model` reads
/// (`Tests/Fixtures/hub`, made by `Scripts/make-hub-fixtures.py`): our layers give HF's logits
/// (fp32, 1e-4), the pipeline's best span and score (1e-3), and `pytorch_model.bin` gives
/// exactly what `model.safetensors` gives.
final class HubModelTests: XCTestCase {
    static let families = ["bert", "distilbert", "roberta", "xlm-roberta", "electra"]
    static let hub = Fixtures.directory.appendingPathComponent("hub")
    /// The pipeline's decoding: any span of at most 15 tokens, not only among the 20 best ends.
    static let pipelineDecoder = SpanDecoder(nBest: 1_000, maxAnswerTokens: 15)

    struct Case {
        var question: String
        var context: String
        var inputIds: [Int32]
        var tokenTypeIds: [Int32]?
        var start: [Float]
        var end: [Float]
        var pipelineStart: Int
        var pipelineEnd: Int
        var pipelineScore: Double
        var spanText: String
    }

    static func cases(_ family: String) throws -> [Case] {
        let json = try Fixtures.json("hub/\(family)/reference.json")
        XCTAssertEqual(json["model_type"] as? String, family)
        return try XCTUnwrap(json["cases"] as? [[String: Any]]).map { item in
            let pipeline = item["pipeline"] as! [String: Any]
            return Case(question: item["question"] as! String, context: item["context"] as! String,
                        inputIds: (item["input_ids"] as! [Any]).int32s, tokenTypeIds: (item["token_type_ids"] as? [Any])?.int32s,
                        start: (item["start_logits"] as! [Any]).floats, end: (item["end_logits"] as! [Any]).floats,
                        pipelineStart: pipeline["start_token"] as! Int, pipelineEnd: pipeline["end_token"] as! Int,
                        pipelineScore: (pipeline["score"] as! NSNumber).doubleValue, spanText: pipeline["span_text"] as! String)
        }
    }

    /// The family's pair layout, as its HF tokenizer lays a pair out.
    static func layout(_ family: String) -> PairLayout {
        family.contains("roberta") ? .roberta(bosID: 0, eosID: 2, padID: 1)
            : .bert(clsID: 2, sepID: 3, padID: 0, usesTokenTypes: family != "distilbert")
    }

    /// The question and context ids of HF's pair encoding, split at the layout's separator.
    static func questionAndContext(_ ids: [Int32], layout: PairLayout) -> ([Int32], [Int32]) {
        let questionEnd = ids.firstIndex(of: layout.separator[0])!
        let question = Array(ids[layout.prefix.count..<questionEnd])
        let context = Array(ids[(questionEnd + layout.separator.count)..<(ids.count - layout.suffix.count)])
        return (question, context)
    }

    /// A copy of the family's directory with `pytorch_model.bin` as its only weights.
    func binOnlyDirectory(_ family: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-hub-\(family)-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let source = Self.hub.appendingPathComponent(family)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name != "model.safetensors" {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        return directory
    }

    func testEveryFamilyGivesHuggingFaceLogitsAndPipelineAnswer() throws {
        for family in Self.families {
            let model = try AlbertForQuestionAnswering(directory: Self.hub.appendingPathComponent(family))
            XCTAssertEqual(model.config.modelType.rawValue, family)
            let workspace = model.makeWorkspace(capacity: 128)
            let layout = Self.layout(family)
            for (index, item) in try Self.cases(family).enumerated() {
                let what = "\(family) case \(index)"
                // Our feature builder lays the pair out as the HF tokenizer did.
                let (question, context) = Self.questionAndContext(item.inputIds, layout: layout)
                let features = QAFeatureBuilder.features(question: question, context: context, layout: layout)
                XCTAssertEqual(features.count, 1, what)
                let feature = features[0]
                XCTAssertEqual(feature.inputIds, item.inputIds, what)
                XCTAssertEqual(feature.tokenTypeIds, item.tokenTypeIds ?? [Int32](repeating: 0, count: item.inputIds.count), what)
                let logits = try model.forward(inputIds: feature.inputIds, tokenTypeIds: feature.tokenTypeIds, workspace: workspace)
                assertClose(logits.start, item.start, tolerance: 1e-4, "\(what) start logits")
                assertClose(logits.end, item.end, tolerance: 1e-4, "\(what) end logits")
                let best = try XCTUnwrap(Self.pipelineDecoder.candidates(feature: feature, logits: logits).max { $0.score < $1.score }, what)
                let (start, end) = (best.startToken + feature.contextOffset, best.endToken + feature.contextOffset)
                XCTAssertEqual([start, end], [item.pipelineStart, item.pipelineEnd], what)
                XCTAssertEqual(SpanDecoder.pipelineScore(logits: logits, feature: feature, start: start, end: end),
                               item.pipelineScore, accuracy: 1e-3 * item.pipelineScore, what)
            }
        }
    }

    func testPytorchBinGivesTheSameLogitsAsSafetensors() throws {
        for family in Self.families {
            let safetensors = try AlbertForQuestionAnswering(directory: Self.hub.appendingPathComponent(family))
            let bin = try AlbertForQuestionAnswering(directory: try binOnlyDirectory(family))
            for item in try Self.cases(family) {
                let types = item.tokenTypeIds ?? [Int32](repeating: 0, count: item.inputIds.count)
                XCTAssertEqual(try bin.forward(inputIds: item.inputIds, tokenTypeIds: types, workspace: bin.makeWorkspace(capacity: 128)),
                               try safetensors.forward(inputIds: item.inputIds, tokenTypeIds: types, workspace: safetensors.makeWorkspace(capacity: 128)),
                               family)
            }
        }
    }

    /// Every family read end to end: its tokenizer (vocab.txt, DistilBERT's cased as its
    /// tokenizer_config.json says; RoBERTa's byte-level BPE and XLM-R's Unigram from
    /// tokenizer.json), the pair, the model and the span give the pipeline's span.
    func testEveryReaderAnswersAsThePipeline() throws {
        for family in Self.families {
            for directory in [Self.hub.appendingPathComponent(family), try binOnlyDirectory(family)] {
                let reader = try AlbertReader(directory: directory, decoder: Self.pipelineDecoder, wholeWords: false)
                for (index, item) in try Self.cases(family).enumerated() {
                    let what = "\(family) case \(index) (\(directory.lastPathComponent))"
                    let result = try reader.read(question: item.question, context: item.context, topK: 1)
                    let answer = try XCTUnwrap(result.answers.first, what)
                    XCTAssertEqual(answer.text, item.spanText, what)
                    XCTAssertEqual(answer.score, item.start[item.pipelineStart] + item.end[item.pipelineEnd], accuracy: 2e-4, what)
                }
            }
        }
    }

    func testRobertaPositionsStartAfterThePaddingIndex() throws {
        let model = try AlbertForQuestionAnswering(directory: Self.hub.appendingPathComponent("roberta"))
        XCTAssertEqual(model.config.positionOffset, 2)
        XCTAssertEqual(model.config.maxPositionEmbeddings, 130)
        XCTAssertEqual(model.config.maxSequenceLength, 128)
        XCTAssertFalse(model.config.hasEmbeddingProjection)
        let ids = [Int32](repeating: 5, count: 129)
        XCTAssertThrowsError(try model.forward(inputIds: ids, tokenTypeIds: ids.map { _ in 0 }, workspace: model.makeWorkspace(capacity: 129))) { error in
            XCTAssertEqual("\(error)", "sequence of 129 tokens exceeds the model's 128 positions")
        }
        let electra = try AlbertForQuestionAnswering(directory: Self.hub.appendingPathComponent("electra"))
        XCTAssertEqual([electra.config.embeddingSize, electra.config.hiddenSize], [16, 32])
        XCTAssertTrue(electra.config.hasEmbeddingProjection)
        let distilbert = try AlbertForQuestionAnswering(directory: Self.hub.appendingPathComponent("distilbert"))
        XCTAssertFalse(distilbert.config.hasTokenTypes)
        XCTAssertEqual([distilbert.config.hiddenSize, distilbert.config.numHiddenLayers, distilbert.config.intermediateSize], [32, 2, 64])
    }

    /// A SQuAD 2.0 reader's threshold comes from its directory: config.json's
    /// null_score_diff_threshold first, else run_qa's eval_best_f1_thresh.
    func testNullThresholdIsReadFromTheModelDirectory() throws {
        let directory = try binOnlyDirectory("bert")
        XCTAssertNil(try AlbertReader(directory: directory).nullScoreDiffThreshold)
        try Data(#"{"eval_exact": 80.1, "eval_best_f1_thresh": -1.75}"#.utf8).write(to: directory.appendingPathComponent("eval_results.json"))
        XCTAssertEqual(try AlbertReader(directory: directory).nullScoreDiffThreshold, -1.75)
        let configURL = directory.appendingPathComponent("config.json")
        var config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        config["null_score_diff_threshold"] = 2.5
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        XCTAssertEqual(try AlbertReader(directory: directory).nullScoreDiffThreshold, 2.5)
        config["null_score_diff_threshold"] = "high"
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        XCTAssertThrowsError(try AlbertReader(directory: directory)) { error in
            XCTAssertEqual("\(error)", configURL.path + ": \"null_score_diff_threshold\" must be a finite number")
        }
    }

    func testAnswerFoundComparesTheNullScoreWithTheBestSpan() {
        let answer = ReaderAnswer(text: "Graz", score: 3, range: 0..<4)
        let result = ReaderResult(answers: [answer], nullScore: 4, windowCount: 1)
        XCTAssertFalse(result.answerFound(nullThreshold: 0))
        XCTAssertFalse(result.answerFound(nullThreshold: 0.99))
        XCTAssertTrue(result.answerFound(nullThreshold: 1))
        XCTAssertTrue(ReaderResult(answers: [answer], nullScore: 2, windowCount: 1).answerFound(nullThreshold: 0))
        XCTAssertFalse(ReaderResult(answers: [], nullScore: -5, windowCount: 1).answerFound(nullThreshold: 0))
    }

    /// Every family packs int8 and bf16 like the shipped reader: the encoder Linears run in
    /// the asked precision where the kernels can, and the logits stay near fp32's.
    func testEveryFamilyRunsInt8AndBf16() throws {
        for family in Self.families {
            for precision in [Precision.int8, .bf16] {
                let model = try AlbertForQuestionAnswering(directory: Self.hub.appendingPathComponent(family), precision: precision)
                let expected: Precision = model.kernels.supports(precision) ? precision : .fp32
                XCTAssertEqual(model.precision, expected, "\(family) \(precision)")
                let workspace = model.makeWorkspace(capacity: 128)
                for (index, item) in try Self.cases(family).enumerated() {
                    let types = item.tokenTypeIds ?? [Int32](repeating: 0, count: item.inputIds.count)
                    let logits = try model.forward(inputIds: item.inputIds, tokenTypeIds: types, workspace: workspace)
                    assertClose(logits.start, item.start, tolerance: 0.05, "\(family) \(precision) case \(index) start")
                    assertClose(logits.end, item.end, tolerance: 0.05, "\(family) \(precision) case \(index) end")
                }
            }
        }
    }
}

import Albert
import Foundation
import XCTest

/// Broken or unsupported sentence-transformers directories give one-line errors naming the file.
final class BadEncoderDirectoryTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-bad-encoder-\(UUID())")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        // Links to the shipped files; a test replaces the one it breaks.
        for name in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "sentence_bert_config.json",
                     "modules.json", "1_Pooling/config.json"] {
            try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent(name),
                                                       withDestinationURL: Fixtures.encoderModel.appendingPathComponent(name))
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func replace(_ name: String, with text: String) throws {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.removeItem(at: url)
        try Data(text.utf8).write(to: url)
    }

    private func assertOneLineError(naming file: String, containing words: String, line: UInt = #line) {
        XCTAssertThrowsError(try SentenceEncoder(modelDirectory: directory), line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix(directory.appendingPathComponent(file).path + ": "), message, line: line)
            XCTAssertTrue(message.contains(words), message, line: line)
            XCTAssertFalse(message.contains("\n"), message, line: line)
        }
    }

    func testTheLinkedCopyLoads() throws {
        XCTAssertEqual(try SentenceEncoder(modelDirectory: directory, threads: 1).encode("a test").count, 384)
    }

    func testPoolingOtherThanMean() throws {
        try replace("1_Pooling/config.json", with: #"{"word_embedding_dimension": 384, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}"#)
        assertOneLineError(naming: "1_Pooling/config.json", containing: "only mean pooling is supported, not pooling_mode_cls_token")
    }

    func testPoolingWidthThatIsNotTheModels() throws {
        try replace("1_Pooling/config.json", with: #"{"word_embedding_dimension": 768, "pooling_mode_mean_tokens": true}"#)
        assertOneLineError(naming: "1_Pooling/config.json", containing: "768")
    }

    func testUnsupportedModule() throws {
        try replace("modules.json", with: #"[{"type": "sentence_transformers.models.Transformer"}, {"type": "sentence_transformers.models.Dense"}]"#)
        assertOneLineError(naming: "modules.json", containing: "sentence_transformers.models.Dense is not supported")
    }

    func testMaxSequenceLengthThatIsNotAnInteger() throws {
        try replace("sentence_bert_config.json", with: #"{"max_seq_length": "long"}"#)
        assertOneLineError(naming: "sentence_bert_config.json", containing: "max_seq_length")
    }

    func testVocabularyLargerThanTheModel() throws {
        let vocabulary = try String(contentsOf: Fixtures.encoderModel.appendingPathComponent("vocab.txt"), encoding: .utf8)
        try replace("vocab.txt", with: vocabulary + "extra1\nextra2\n")
        assertOneLineError(naming: "vocab.txt", containing: "30524 tokens but the model only 30522")
    }

    func testMissingVocabulary() throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent("vocab.txt"))
        assertOneLineError(naming: "vocab.txt", containing: "no such file")
    }

    func testConfigOfAnotherArchitecture() throws {
        try replace("config.json", with: #"{"model_type": "gpt2"}"#)
        assertOneLineError(naming: "config.json", containing: "model_type \"gpt2\" is not supported (albert, bert, distilbert, roberta, xlm-roberta, electra)")
    }

    /// Without the optional sentence-transformers files: mean pooling, normalised, 512 tokens.
    func testPlainBertDirectoryUsesTheDefaults() throws {
        for name in ["sentence_bert_config.json", "modules.json", "1_Pooling/config.json", "tokenizer_config.json"] {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        let encoder = try SentenceEncoder(modelDirectory: directory, threads: 1)
        XCTAssertEqual(encoder.maxSequenceLength, 512)
        XCTAssertTrue(encoder.normalizes)
        XCTAssertEqual(try encoder.encode("Who was Genghis Khan's wife?"), try SentenceEncoderTests.encoder.encode("Who was Genghis Khan's wife?"))
    }
}

import Albert
import Foundation
import XCTest

/// BERT checkpoints load onto the ALBERT layers; the `albert.`/`bert.` base-model prefix is
/// optional, as in HF's `from_pretrained`.
final class BertCheckpointTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-bert-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Copies `source`'s config.json and model.safetensors into the temporary directory, the
    /// tensor names passed through `rename` (nil drops the tensor).
    private func copyModel(_ source: URL, rename: (String) -> String?) throws {
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: directory.appendingPathComponent("config.json"))
        let data = try Data(contentsOf: source.appendingPathComponent("model.safetensors"))
        let length = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<8 + length)) as! [String: Any]
        var renamed: [String: Any] = [:]
        for (name, entry) in header {
            if name == "__metadata__" { renamed[name] = entry } else if let new = rename(name) { renamed[new] = entry }
        }
        let newHeader = try JSONSerialization.data(withJSONObject: renamed)
        var newLength = UInt64(newHeader.count).littleEndian
        var out = Data(bytes: &newLength, count: 8)
        out.append(newHeader)
        out.append(data.subdata(in: 8 + length..<data.count))
        try out.write(to: directory.appendingPathComponent("model.safetensors"))
    }

    private let ids: [Int32] = [101, 2040, 2001, 11526, 2080, 1005, 1055, 2564, 1029, 102]

    private func lastHiddenState(_ model: AlbertModel) throws -> [Float] {
        try model.forward(inputIds: ids, tokenTypeIds: [Int32](repeating: 0, count: ids.count), workspace: model.makeWorkspace(capacity: 16))
    }

    func testBertWithAndWithoutThePrefixGiveTheSameStates() throws {
        let bare = try AlbertModel(directory: Fixtures.encoderModel)
        try copyModel(Fixtures.encoderModel) { "bert." + $0 }
        let prefixed = try AlbertModel(directory: directory)
        XCTAssertEqual(prefixed.config, bare.config)
        XCTAssertEqual(bare.config.embeddingSize, 384)
        XCTAssertEqual(bare.config.numHiddenGroups, 6)
        XCTAssertEqual(bare.config.innerGroupNum, 1)
        XCTAssertEqual(bare.config.hiddenAct, .gelu)
        XCTAssertEqual(bare.config.vocabSize, 30522)
        XCTAssertEqual(try lastHiddenState(prefixed), try lastHiddenState(bare))
    }

    func testAlbertWithoutThePrefixIsABareAlbertModel() throws {
        let tiny = Fixtures.directory.appendingPathComponent("tiny-groups")
        let qa = try AlbertForQuestionAnswering(directory: tiny)
        try copyModel(tiny) { $0.hasPrefix("albert.") ? String($0.dropFirst("albert.".count)) : nil }
        let bare = try AlbertModel(directory: directory)
        let ids: [Int32] = [2, 48, 1012, 9, 3]
        let types = [Int32](repeating: 0, count: ids.count)
        XCTAssertEqual(try bare.forward(inputIds: ids, tokenTypeIds: types, workspace: bare.makeWorkspace(capacity: 8)),
                       try qa.albert.forward(inputIds: ids, tokenTypeIds: types, workspace: qa.makeWorkspace(capacity: 8)))
        // The QA head is outside the prefix: without qa_outputs only the base model loads.
        XCTAssertThrowsError(try AlbertForQuestionAnswering(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("missing tensor qa_outputs.weight"), "\(error)")
        }
    }

    func testMissingBertTensorIsNamedAsTheCheckpointNamesIt() throws {
        try copyModel(Fixtures.encoderModel) { $0 == "encoder.layer.5.output.LayerNorm.weight" ? nil : $0 }
        XCTAssertThrowsError(try AlbertModel(directory: directory)) { error in
            XCTAssertTrue("\(error)".hasSuffix("model.safetensors: missing tensor encoder.layer.5.output.LayerNorm.weight"), "\(error)")
        }
    }

    private func config(_ json: [String: Any]) throws -> AlbertConfig {
        let url = directory.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        return try AlbertConfig.load(from: url)
    }

    func testBertConfigDefaultsAndChecks() throws {
        let defaults = try config(["model_type": "bert"])
        XCTAssertEqual(defaults.modelType, .bert)
        XCTAssertEqual(defaults.vocabSize, 30522)
        XCTAssertEqual(defaults.hiddenSize, 768)
        XCTAssertEqual(defaults.embeddingSize, 768)
        XCTAssertEqual(defaults.numHiddenLayers, 12)
        XCTAssertEqual(defaults.numHiddenGroups, 12)
        XCTAssertEqual(defaults.hiddenAct, .gelu)
        XCTAssertEqual(try config([:]).modelType, .albert)
        XCTAssertEqual(try config([:]).hiddenAct, .geluNew)
        let small = try config(["model_type": "bert", "hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 3,
                                "hidden_act": "relu", "layer_norm_eps": 1e-5, "type_vocab_size": 1])
        XCTAssertEqual([small.embeddingSize, small.numHiddenGroups, small.typeVocabSize], [64, 3, 1])
        XCTAssertEqual(small.hiddenAct, .relu)
        XCTAssertEqual(small.layerNormEps, 1e-5)
        let url = directory.appendingPathComponent("config.json").path
        XCTAssertThrowsError(try config(["model_type": "gpt2"])) { error in
            XCTAssertEqual("\(error)", "\(url): model_type \"gpt2\" is not supported (albert, bert, distilbert, roberta, xlm-roberta, electra)")
        }
        XCTAssertThrowsError(try config(["model_type": "bert", "hidden_size": 100, "num_attention_heads": 12])) { error in
            XCTAssertTrue("\(error)".contains("not a multiple of num_attention_heads"), "\(error)")
        }
        // RoBERTa's positions start after pad_token_id: one past the table is an error, not a trap
        // (Fuzz/crashes/config-pad-token-beyond-positions).
        XCTAssertEqual(try config(["model_type": "roberta", "max_position_embeddings": 514]).maxSequenceLength, 512)
        XCTAssertThrowsError(try config(["model_type": "xlm-roberta", "pad_token_id": 73734])) { error in
            XCTAssertEqual("\(error)", "\(url): max_position_embeddings 512 leaves fewer than 5 positions after the offset 73735 (pad_token_id + 1)")
        }
        XCTAssertThrowsError(try config(["model_type": "bert", "hidden_size": 768, "embedding_size": 128])) { error in
            XCTAssertTrue("\(error)".contains("embedding_size"), "\(error)")
        }
    }
}

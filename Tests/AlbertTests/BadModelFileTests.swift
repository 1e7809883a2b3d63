import Albert
import XCTest

/// Broken model directories give one-line errors that name the file, never a crash.
final class BadModelFileTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-bad-model-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tiny = Fixtures.directory.appendingPathComponent("tiny-shared")
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: tiny.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: Fixtures.spieceModel, to: directory.appendingPathComponent("spiece.model"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func assertOneLineError(naming file: String, containing words: String? = nil, line: UInt = #line) {
        XCTAssertThrowsError(try AlbertReader(directory: directory), line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(directory.appendingPathComponent(file).path), message, line: line)
            XCTAssertFalse(message.contains("\n"), message, line: line)
            if let words { XCTAssertTrue(message.contains(words), message, line: line) }
        }
    }

    private var weights: URL { directory.appendingPathComponent("model.safetensors") }

    /// Rewrites the safetensors header with `edit` applied to its JSON.
    private func editHeader(_ edit: (inout [String: Any]) -> Void) throws {
        let data = try Data(contentsOf: weights)
        let length = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<8 + length)) as! [String: Any]
        edit(&header)
        let newHeader = try JSONSerialization.data(withJSONObject: header)
        var newLength = UInt64(newHeader.count).littleEndian
        var out = Data(bytes: &newLength, count: 8)
        out.append(newHeader)
        out.append(data.subdata(in: 8 + length..<data.count))
        try out.write(to: weights)
    }

    func testTheUnbrokenCopyLoads() throws {
        XCTAssertNoThrow(try AlbertReader(directory: directory))
    }

    func testMissingWeights() throws {
        try FileManager.default.removeItem(at: weights)
        assertOneLineError(naming: "model.safetensors", containing: "no such file")
    }

    func testMissingConfig() throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent("config.json"))
        assertOneLineError(naming: "config.json")
    }

    func testMissingSentencePieceModel() throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent("spiece.model"))
        assertOneLineError(naming: "spiece.model")
    }

    func testTruncatedWeights() throws {
        let data = try Data(contentsOf: weights)
        try data.prefix(data.count / 2).write(to: weights)
        assertOneLineError(naming: "model.safetensors", containing: "truncated")
        try data.prefix(5).write(to: weights)
        assertOneLineError(naming: "model.safetensors", containing: "truncated")
    }

    func testHeaderLongerThanTheFile() throws {
        var data = try Data(contentsOf: weights)
        var huge = UInt64(data.count * 2).littleEndian
        data.replaceSubrange(0..<8, with: Data(bytes: &huge, count: 8))
        try data.write(to: weights)
        assertOneLineError(naming: "model.safetensors", containing: "header")
    }

    func testHeaderThatIsNotJSON() throws {
        var data = try Data(contentsOf: weights)
        data.replaceSubrange(8..<12, with: Data("@@@@".utf8))
        try data.write(to: weights)
        assertOneLineError(naming: "model.safetensors", containing: "JSON")
    }

    func testHeaderThatLiesAboutOffsets() throws {
        try editHeader { header in
            var entry = header["qa_outputs.weight"] as! [String: Any]
            let offsets = entry["data_offsets"] as! [Int]
            entry["data_offsets"] = [offsets[0], offsets[0] + 4]
            header["qa_outputs.weight"] = entry
        }
        assertOneLineError(naming: "model.safetensors", containing: "qa_outputs.weight")
    }

    func testWrongTensorShape() throws {
        try editHeader { header in
            var entry = header["qa_outputs.weight"] as! [String: Any]
            let shape = entry["shape"] as! [Int]
            entry["shape"] = [shape[1], shape[0]]
            header["qa_outputs.weight"] = entry
        }
        assertOneLineError(naming: "model.safetensors", containing: "qa_outputs.weight")
    }

    func testMissingTensor() throws {
        try editHeader { $0["albert.encoder.embedding_hidden_mapping_in.bias"] = nil }
        assertOneLineError(naming: "model.safetensors", containing: "embedding_hidden_mapping_in")
    }

    func testUnknownActivation() throws {
        let url = directory.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        config["hidden_act"] = "mish_v9"
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        assertOneLineError(naming: "config.json", containing: "mish_v9")
    }

    func testConfigThatIsNotJSON() throws {
        try Data("{ not json".utf8).write(to: directory.appendingPathComponent("config.json"))
        assertOneLineError(naming: "config.json")
    }

    func testDirectoryThatDoesNotExist() throws {
        try FileManager.default.removeItem(at: directory)
        XCTAssertThrowsError(try AlbertReader(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains(directory.path))
        }
    }
}

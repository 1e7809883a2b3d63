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

    /// Without spiece.model (and no tokenizer.json or vocab.txt) the error names the folder and
    /// every file the one tokenizer loader looked for.
    func testMissingSentencePieceModel() throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent("spiece.model"))
        XCTAssertThrowsError(try AlbertReader(directory: directory)) { error in
            XCTAssertEqual("\(error)", directory.path + ": no tokenizer: none of tokenizer.json, spiece.model, vocab.txt is there")
        }
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

    // MARK: Hostile weights, configurations and files (issue 11): one-line errors, never a trap

    private var config: URL { directory.appendingPathComponent("config.json") }
    private var spiece: URL { directory.appendingPathComponent("spiece.model") }

    private func editConfig(_ edit: (inout [String: Any]) -> Void) throws {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as! [String: Any]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: config)
    }

    /// Overwrites every element of an F32 tensor of the weights with `value`.
    private func fillTensor(_ name: String, with value: Float) throws {
        var data = try Data(contentsOf: weights)
        let length = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<8 + length)) as! [String: Any]
        let entry = header[name] as! [String: Any]
        XCTAssertEqual(entry["dtype"] as? String, "F32")
        let offsets = entry["data_offsets"] as! [Int]
        var bits = value.bitPattern.littleEndian
        for offset in stride(from: 8 + length + offsets[0], to: 8 + length + offsets[1], by: 4) {
            data.replaceSubrange(offset..<offset + 4, with: Data(bytes: &bits, count: 4))
        }
        try data.write(to: weights)
    }

    func testAnAbsurdTensorShapeIsAnErrorNotAnOverflow() throws {
        try editHeader { header in
            var entry = header["qa_outputs.weight"] as! [String: Any]
            entry["shape"] = [1 << 62, 4]
            header["qa_outputs.weight"] = entry
        }
        assertOneLineError(naming: "model.safetensors", containing: "too large")
        for shape: Any in [[1.5, 24], [true, 24], ["2", 24], [1e30, 24], [Int.max, Int.max]] {
            try editHeader { header in
                var entry = header["qa_outputs.weight"] as! [String: Any]
                entry["shape"] = shape
                header["qa_outputs.weight"] = entry
            }
            assertOneLineError(naming: "model.safetensors", containing: "qa_outputs.weight")
        }
    }

    func testHugeOffsetsAreAnError() throws {
        try editHeader { header in
            var entry = header["qa_outputs.weight"] as! [String: Any]
            entry["data_offsets"] = [Int.max - 1, Int.max]
            header["qa_outputs.weight"] = entry
        }
        assertOneLineError(naming: "model.safetensors", containing: "qa_outputs.weight")
    }

    func testAHeaderOfJunkEntriesIsRefusedQuickly() throws {
        // Under the header size limit, over the entry limit.
        try editHeader { header in
            for i in 0..<12_000 { header["j\(i)"] = ["dtype": "F32", "shape": [0], "data_offsets": [0, 0]] }
        }
        let started = Date()
        assertOneLineError(naming: "model.safetensors", containing: "entries")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        // Over the header size limit: refused before parsing.
        try editHeader { header in header["__metadata__"] = ["junk": String(repeating: "x", count: 2 << 20)] }
        assertOneLineError(naming: "model.safetensors", containing: "header")
    }

    func testConfigSizesOutsideSaneLimitsAreErrors() throws {
        let cases: [(String, Any)] = [
            ("inner_group_num", 1_000_000_000), ("num_hidden_layers", 1_000_000), ("max_position_embeddings", 3),
            ("hidden_size", -768), ("num_attention_heads", 0), ("vocab_size", 1e30), ("intermediate_size", 1.5),
            ("num_hidden_layers", true), ("num_hidden_layers", "12"), ("type_vocab_size", [2]), ("embedding_size", 1 << 40),
        ]
        for (key, value) in cases {
            try editConfig { $0[key] = value }
            assertOneLineError(naming: "config.json", containing: key)
            try FileManager.default.removeItem(at: config)
            try FileManager.default.copyItem(at: Fixtures.directory.appendingPathComponent("tiny-shared/config.json"), to: config)
        }
        try editConfig { $0["layer_norm_eps"] = 1e300 }
        assertOneLineError(naming: "config.json", containing: "layer_norm_eps")
    }

    func testConfigCountsBeyondWhatTheWeightsHoldAreErrors() throws {
        try editConfig { $0["inner_group_num"] = 100 }
        assertOneLineError(naming: "model.safetensors", containing: "inner_group_num is 100")
        try editConfig {
            $0["inner_group_num"] = 1
            $0["num_hidden_groups"] = $0["num_hidden_layers"]
        }
        assertOneLineError(naming: "model.safetensors", containing: "num_hidden_groups is")
    }

    func testModelFilesMustBeRegularFiles() throws {
        for file in ["spiece.model", "config.json", "model.safetensors"] {
            let url = directory.appendingPathComponent(file)
            let saved = directory.appendingPathComponent(file + ".saved")
            try FileManager.default.moveItem(at: url, to: saved)
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/zero")
            assertOneLineError(naming: file, containing: "regular file")
            try FileManager.default.removeItem(at: url)
            XCTAssertEqual(mkfifo(url.path, 0o600), 0)
            assertOneLineError(naming: file, containing: "FIFO")  // and does not block
            try FileManager.default.removeItem(at: url)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            assertOneLineError(naming: file, containing: "folder")
            try FileManager.default.removeItem(at: url)
            try FileManager.default.moveItem(at: saved, to: url)
        }
    }

    func testAHugeSentencePieceModelIsNotRead() throws {
        try FileManager.default.removeItem(at: spiece)
        XCTAssertTrue(FileManager.default.createFile(atPath: spiece.path, contents: nil))
        let handle = try FileHandle(forWritingTo: spiece)
        try handle.truncate(atOffset: 3 << 30)  // sparse: no disk used
        try handle.close()
        assertOneLineError(naming: "spiece.model", containing: "too large")
        try Data(repeating: 0xFF, count: 1000).write(to: spiece)
        assertOneLineError(naming: "spiece.model", containing: "not a sentencepiece model")
    }

    func testNaNOrInfiniteWeightsAreRefusedByName() throws {
        for value in [Float.nan, .infinity, -.infinity] {
            try fillTensor("qa_outputs.weight", with: value)
            assertOneLineError(naming: "model.safetensors", containing: "qa_outputs.weight holds NaN or infinite values")
        }
    }

    func testScoresThatOverflowAreAnErrorNeverNaN() throws {
        // Finite weights at Float's limit load, but every score overflows.
        try fillTensor("qa_outputs.weight", with: 3e38)
        let reader = try AlbertReader(directory: directory)
        XCTAssertThrowsError(try reader.read(question: "Who?", context: "Ada wrote the notes in 1843.")) { error in
            XCTAssertTrue("\(error)".contains("not finite"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
    }
}

/// Non-finite logits never become candidates (the reader and the answer set rank and print them).
final class NonFiniteSpanTests: XCTestCase {
    func testNaNAndInfiniteLogitsAreDropped() {
        let feature = QAFeatureBuilder.features(question: [5], context: [6, 7, 8, 9], clsID: 2, sepID: 3)[0]
        let n = feature.inputIds.count
        var start = [Float](repeating: 0, count: n)
        var end = [Float](repeating: 0, count: n)
        start[3] = .nan
        end[4] = .infinity
        start[5] = 2
        end[5] = 1
        start[4] = .greatestFiniteMagnitude
        end[6] = .greatestFiniteMagnitude  // finite + finite overflows to ∞
        let candidates = SpanDecoder().candidates(feature: feature, logits: SpanLogits(start: start, end: end))
        XCTAssertFalse(candidates.isEmpty)
        XCTAssertTrue(candidates.allSatisfy { $0.score.isFinite }, "\(candidates)")
        // Positions 4, 5, 6 are context tokens 1, 2, 3: start 4 + end 6 overflows and is dropped,
        // start 4 + end 5 is the best finite span.
        XCTAssertEqual(feature.contextToken(at: 5), 2)
        XCTAssertEqual(candidates.max { $0.score < $1.score }.map { [$0.startToken, $0.endToken] }, [1, 2])
    }
}

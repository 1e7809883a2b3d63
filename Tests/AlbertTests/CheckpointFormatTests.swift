import Albert
import Foundation
import XCTest

/// One tiny random ALBERT QA model (Scripts/make-checkpoint-fixtures.py) in every weight
/// format `CheckpointTensors` reads gives the same tensors and logits; hostile
/// `pytorch_model.bin` files are refused with one-line errors and run nothing.
final class CheckpointFormatTests: XCTestCase {
    static let checkpoints = Fixtures.directory.appendingPathComponent("checkpoints")
    /// What the hostile pickles would create if anything ran them (the generator's PWNED).
    static let pwned = URL(fileURLWithPath: "/tmp/albertqa-checkpoint-fixture-pwned")

    private func tensors(_ folder: String) throws -> CheckpointTensors {
        try CheckpointTensors(directory: Self.checkpoints.appendingPathComponent(folder))
    }

    func testEachFormatIsFoundInItsDirectory() throws {
        XCTAssertEqual(try tensors("safetensors").url.lastPathComponent, "model.safetensors")
        XCTAssertEqual(try tensors("sharded").url.lastPathComponent, "model.safetensors.index.json")
        XCTAssertEqual(try tensors("bin").url.lastPathComponent, "pytorch_model.bin")
        XCTAssertEqual(try tensors("bin-fp16").url.lastPathComponent, "pytorch_model.bin")
    }

    func testShardedAndPickledTensorsEqualTheSafetensorsOnesBitForBit() throws {
        let reference = try tensors("safetensors")
        XCTAssertEqual(reference.entries.count, 25)
        for folder in ["sharded", "bin"] {
            let other = try tensors(folder)
            XCTAssertEqual(Set(other.entries.keys), Set(reference.entries.keys), folder)
            for (name, entry) in reference.entries {
                XCTAssertEqual(other.entries[name]?.dtype, "F32", "\(folder) \(name)")
                let expected = try reference.tensor(name, shape: entry.shape).array.map(\.bitPattern)
                let actual = try other.tensor(name, shape: entry.shape).array.map(\.bitPattern)
                XCTAssertEqual(actual, expected, "\(folder) \(name)")
            }
        }
    }

    /// torch.save(model.half().state_dict()): each value is the fp32 one rounded to fp16
    /// (round to nearest even, as torch's `.half()` and Swift's `Float16(_:)` both do).
    func testHalfPrecisionPickleHoldsTheRoundedValues() throws {
        let reference = try tensors("safetensors")
        let half = try tensors("bin-fp16")
        XCTAssertEqual(Set(half.entries.keys), Set(reference.entries.keys))
        for (name, entry) in reference.entries {
            XCTAssertEqual(half.entries[name]?.dtype, "F16", name)
            let expected = try reference.tensor(name, shape: entry.shape).array.map { Float(Float16($0)).bitPattern }
            XCTAssertEqual(try half.tensor(name, shape: entry.shape).array.map(\.bitPattern), expected, name)
        }
    }

    func testEveryFormatGivesTheSameLogitsAsTransformers() throws {
        let reference = try Fixtures.json("checkpoints/reference.json")
        let ids = (reference["input_ids"] as! [Int]).map(Int32.init)
        let types = (reference["token_type_ids"] as! [Int]).map(Int32.init)
        let hfStart = (reference["start_logits"] as! [Double]).map(Float.init)
        let hfEnd = (reference["end_logits"] as! [Double]).map(Float.init)
        func logits(_ folder: String) throws -> SpanLogits {
            let model = try AlbertForQuestionAnswering(directory: Self.checkpoints.appendingPathComponent(folder))
            return try model.forward(inputIds: ids, tokenTypeIds: types, workspace: model.makeWorkspace(capacity: 16, threads: 1))
        }
        let safetensors = try logits("safetensors")
        for (ours, theirs) in zip(safetensors.start + safetensors.end, hfStart + hfEnd) {
            XCTAssertEqual(ours, theirs, accuracy: 1e-4)
        }
        XCTAssertGreaterThan(hfStart.max()! - hfStart.min()!, 0.1, "the fixture's logits differ between tokens")
        XCTAssertEqual(try logits("sharded"), safetensors)
        XCTAssertEqual(try logits("bin"), safetensors)
        let half = try logits("bin-fp16")
        for (ours, theirs) in zip(half.start + half.end, hfStart + hfEnd) {
            XCTAssertEqual(ours, theirs, accuracy: 2e-2)
        }
    }

    func testHostilePicklesAreRefusedWithOneLineAndRunNothing() throws {
        try? FileManager.default.removeItem(at: Self.pwned)
        let cases = [
            "os-system": "data.pkl refused, global os.system is not allowed",
            "builtins-eval": "data.pkl refused, global builtins.eval is not allowed",
            "truncated": "data.pkl is not a readable state dict: truncated",
            "offset-past-end": "tensor weight of shape [5] from element 9 runs past its storage of 10 elements",
            "huge-binunicode": "data.pkl refused, a string of 2147483647 bytes",
            "non-contiguous": "tensor weight of shape [3, 2] has strides [1, 3]; only contiguous tensors are read",
            "legacy": "a legacy (pre-1.6, non-ZIP) PyTorch file",
        ]
        for (name, words) in cases {
            let folder = Self.checkpoints.appendingPathComponent("hostile/\(name)")
            XCTAssertThrowsError(try CheckpointTensors(directory: folder), name) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix(folder.appendingPathComponent("pytorch_model.bin").path + ": "), message)
                XCTAssertTrue(message.contains(words), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
            XCTAssertThrowsError(try AlbertReader(directory: folder), name)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: Self.pwned.path))
    }

    func testUnusedOpcodesAreRefusedByName() {
        // INST (module, name, arguments): a way to call something without GLOBAL and REDUCE.
        let inst: [UInt8] = [0x80, 0x02, 0x28] + Array("ios\nsystem\n".utf8) + [0x2E]
        XCTAssertThrowsError(try CheckpointTensors.stateDictShapes(pickle: inst)) { error in
            XCTAssertTrue("\(error)".contains("data.pkl refused, opcode INST (0x69) at byte 3"), "\(error)")
        }
        // An allowed global reduced with the wrong callable: a storage class is not callable.
        let reduceStorage: [UInt8] = [0x80, 0x02] + Array("ctorch\nFloatStorage\n".utf8) + [0x29, 0x52, 0x2E]
        XCTAssertThrowsError(try CheckpointTensors.stateDictShapes(pickle: reduceStorage)) { error in
            XCTAssertTrue("\(error)".contains("REDUCE of a global"), "\(error)")
        }
        let emptyDict: [UInt8] = [0x80, 0x02, 0x7D, 0x2E]
        XCTAssertEqual(try CheckpointTensors.stateDictShapes(pickle: emptyDict), [:])
    }

    func testShardNamesMustStayBesideTheIndex() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-shards-\(UUID())")
        try FileManager.default.copyItem(at: Self.checkpoints.appendingPathComponent("sharded"), to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        let text = try String(contentsOf: index, encoding: .utf8)
        try text.replacingOccurrences(of: "\"model-00001-of-00008.safetensors\"", with: "\"../model-00001-of-00008.safetensors\"")
            .write(to: index, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CheckpointTensors(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("names no shard file beside the index"), "\(error)")
        }
    }

    func testNoWeightsNamesWhatWasLookedFor() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-no-weights-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        XCTAssertThrowsError(try CheckpointTensors(directory: directory)) { error in
            XCTAssertEqual("\(error)", directory.appendingPathComponent("model.safetensors").path
                + ": no such file, nor model.safetensors.index.json or pytorch_model.bin beside it: no model weights")
        }
    }
}

extension CheckpointFormatTests {
    /// A million nested tuples (EMPTY_TUPLE then TUPLE1 again and again) would overflow the
    /// stack when freed; the unpickler refuses them at its nesting limit instead.
    func testDeeplyNestedValuesAreRefused() {
        let nested: [UInt8] = [0x80, 0x02, 0x29] + [UInt8](repeating: 0x85, count: 1_000_000) + [0x2E]
        XCTAssertThrowsError(try CheckpointTensors.stateDictShapes(pickle: nested)) { error in
            XCTAssertTrue("\(error)".contains("data.pkl refused, values nested more than 32 deep"), "\(error)")
        }
        // A dict set into itself, again and again.
        let selfish: [UInt8] = [0x80, 0x02, 0x7D, 0x71, 0x00] + [UInt8](repeating: 0, count: 0)
            + Array(repeating: [0x4B, 0x01, 0x68, 0x00, 0x73], count: 100).flatMap { $0 } + [0x2E]
        XCTAssertThrowsError(try CheckpointTensors.stateDictShapes(pickle: selfish)) { error in
            XCTAssertTrue("\(error)".contains("nested more than 32 deep"), "\(error)")
        }
    }
}

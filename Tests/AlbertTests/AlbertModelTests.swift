import Albert
import CAlbertKernels
import XCTest

/// The tiny random models reproduce every hidden state and logit of HF transformers.
final class AlbertModelTests: XCTestCase {
    func testTinySharedMatchesHuggingFace() throws {
        try assertMatchesReference("tiny-shared")
    }

    func testTinyGroupsMatchesHuggingFace() throws {
        try assertMatchesReference("tiny-groups")
    }

    /// Every kernel table this CPU runs, pinned at load time (the reference on any CPU).
    func testEveryKernelTableMatchesHuggingFace() throws {
        for kernels in KernelTable.available {
            try assertMatchesReference("tiny-shared", kernels: kernels)
            try assertMatchesReference("tiny-groups", kernels: kernels)
        }
    }

    private func assertMatchesReference(_ name: String, kernels: KernelTable? = nil) throws {
        let directory = Fixtures.directory.appendingPathComponent(name)
        let model = try AlbertForQuestionAnswering(directory: directory, kernels: kernels)
        if let kernels { XCTAssertEqual(model.kernels, kernels) }
        let reference = try Fixtures.json("\(name)/reference.json")
        let inputIds = try XCTUnwrap(reference["input_ids"] as? [[Any]])
        let tokenTypes = try XCTUnwrap(reference["token_type_ids"] as? [[Any]])
        let masks = try XCTUnwrap(reference["attention_mask"] as? [[Any]])
        let starts = try XCTUnwrap(reference["start_logits"] as? [[Any]])
        let ends = try XCTUnwrap(reference["end_logits"] as? [[Any]])
        let hiddenStates = try XCTUnwrap(reference["hidden_states_seq0"] as? [[[Any]]])
        XCTAssertEqual(hiddenStates.count, model.config.numHiddenLayers + 1)
        XCTAssertTrue(masks[0].int32s.contains(0), "sequence 0 is padded, so the mask is exercised")

        let workspace = model.makeWorkspace(capacity: 16)  // grows on demand
        for sequence in inputIds.indices {
            var observed: [[Float]] = []
            let logits = try model.forward(
                inputIds: inputIds[sequence].int32s, tokenTypeIds: tokenTypes[sequence].int32s,
                attentionMask: masks[sequence].int32s, workspace: workspace,
                observeHiddenStates: { _, state in observed.append(Array(state)) }
            )
            assertClose(logits.start, starts[sequence].floats, tolerance: 1e-4, "\(name) \(model.kernels) start logits \(sequence)")
            assertClose(logits.end, ends[sequence].floats, tolerance: 1e-4, "\(name) \(model.kernels) end logits \(sequence)")
            if sequence == 0 {
                XCTAssertEqual(observed.count, hiddenStates.count)
                for (layer, (mine, theirs)) in zip(observed, hiddenStates).enumerated() {
                    assertClose(mine, theirs.flatMap { ($0 as! [Any]).floats }, tolerance: 1e-4, "\(name) hidden state \(layer)")
                }
            }
        }
    }

    func testOutOfRangeInputsAreErrorsNotCrashes() throws {
        let model = try AlbertForQuestionAnswering(directory: Fixtures.directory.appendingPathComponent("tiny-shared"))
        let workspace = model.makeWorkspace()
        XCTAssertThrowsError(try model.forward(inputIds: [2, 40000, 3], tokenTypeIds: [0, 0, 0], workspace: workspace))
        XCTAssertThrowsError(try model.forward(inputIds: [2, 5, 3], tokenTypeIds: [0, 7, 0], workspace: workspace))
        XCTAssertThrowsError(try model.forward(inputIds: [], tokenTypeIds: [], workspace: workspace))
        XCTAssertThrowsError(try model.forward(inputIds: [Int32](repeating: 5, count: 513), tokenTypeIds: [Int32](repeating: 0, count: 513), workspace: workspace))
    }
}

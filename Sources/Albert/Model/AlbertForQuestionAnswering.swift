import Foundation

/// Start and end logits for every token of one sequence.
public struct SpanLogits: Sendable, Equatable {
    public var start: [Float]
    public var end: [Float]

    public init(start: [Float], end: [Float]) {
        self.start = start
        self.end = end
    }
}

/// HF's AlbertForQuestionAnswering: `albert` (the `AlbertModel` base) and `qa_outputs`, a
/// [2 × H] projection giving each token a start and an end logit. Immutable once loaded;
/// safe to share across threads (each thread brings its own `AlbertWorkspace`).
public final class AlbertForQuestionAnswering: Sendable {
    public let albert: AlbertModel
    public let qaOutputs: Linear

    public var config: AlbertConfig { albert.config }
    /// Shorthands for `albert.embeddings` and `albert.encoder`.
    public var embeddings: AlbertEmbeddings { albert.embeddings }
    public var encoder: AlbertTransformer { albert.encoder }
    /// The precision the encoder layers actually run in (fp32 where the kernels can't run the
    /// asked one on this CPU).
    public var precision: Precision { albert.precision }
    /// The kernels the model runs on (`AlbertModel.kernels`).
    public var kernels: KernelTable { albert.kernels }

    /// `precision` applies to the encoder layers' Linears (see `Precision`); where `kernels`
    /// can't run it here the model runs in fp32 and `precision` says so. The head stays fp32.
    /// `kernels` nil: `$ALBERTQA_KERNELS`, else the fastest this CPU runs.
    public init(config: AlbertConfig, weights: ModelWeights, precision: Precision = .fp32, kernels: KernelTable? = nil) throws {
        albert = try AlbertModel(config: config, weights: weights, precision: precision, kernels: kernels)
        qaOutputs = try Linear(weights.tensors, weights.head("qa_outputs"), in: config.hiddenSize, out: 2, kernels: albert.kernels)
    }

    /// Loads `config.json` and the weights (`CheckpointTensors(directory:)`) from a Hugging Face model directory.
    public convenience init(directory: URL, precision: Precision = .fp32, kernels: KernelTable? = nil) throws {
        let (config, weights) = try AlbertModel.checkpoint(in: directory)
        try self.init(config: config, weights: weights, precision: precision, kernels: kernels)
    }

    /// A workspace for `capacity` tokens; `threads` nil uses every core for each window.
    public func makeWorkspace(capacity: Int = 384, threads: Int? = nil) -> AlbertWorkspace {
        albert.makeWorkspace(capacity: capacity, threads: threads)
    }

    /// Runs one sequence. `attentionMask` (1 = attend, 0 = padding) defaults to all ones.
    /// `observeHiddenStates` receives each hidden state (see `AlbertTransformer.forward`).
    public func forward(
        inputIds: [Int32], tokenTypeIds: [Int32], attentionMask: [Int32]? = nil,
        workspace: AlbertWorkspace,
        observeHiddenStates: ((Int, UnsafeBufferPointer<Float>) -> Void)? = nil
    ) throws -> SpanLogits {
        let length = try albert.run(inputIds: inputIds, tokenTypeIds: tokenTypeIds, attentionMask: attentionMask,
                                    workspace: workspace, observeHiddenStates: observeHiddenStates)
        let w = workspace
        qaOutputs.apply(w.hidden, rows: length, into: w.logits, scratch: w.scratch(0))
        var start = [Float](repeating: 0, count: length)
        var end = [Float](repeating: 0, count: length)
        for i in 0..<length {
            start[i] = w.logits[2 * i]
            end[i] = w.logits[2 * i + 1]
        }
        return SpanLogits(start: start, end: end)
    }
}

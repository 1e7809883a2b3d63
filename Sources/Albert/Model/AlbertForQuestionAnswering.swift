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

/// HF's AlbertForQuestionAnswering: the ALBERT encoder and `qa_outputs`, a [2 × H] projection
/// giving each token a start and an end logit. Immutable once loaded; safe to share across
/// threads (each thread brings its own `AlbertWorkspace`).
public final class AlbertForQuestionAnswering: Sendable {
    public let config: AlbertConfig
    public let embeddings: AlbertEmbeddings
    public let encoder: AlbertTransformer
    public let qaOutputs: Linear

    /// The precision the encoder layers actually run in (fp32 where the kernels can't run
    /// the asked one on this CPU).
    public let precision: Precision
    /// The kernels every product, attention and element-wise pass of the model runs on,
    /// chosen at load time (the weights are packed in their layout).
    public let kernels: KernelTable

    /// `precision` applies to the encoder layers' Linears (see `Precision`); where `kernels`
    /// can't run it here the model runs in fp32 and `precision` says so. `kernels` nil:
    /// `$ALBERTQA_KERNELS`, else the fastest this CPU runs (`KernelTable.fromEnvironment`).
    public init(config: AlbertConfig, weights file: SafeTensorsFile, precision: Precision = .fp32, kernels: KernelTable? = nil) throws {
        let kernels = try kernels ?? KernelTable.fromEnvironment()
        self.config = config
        self.kernels = kernels
        embeddings = try AlbertEmbeddings(file, config: config, kernels: kernels)
        encoder = try AlbertTransformer(file, config: config, precision: precision, kernels: kernels)
        self.precision = encoder.albertLayerGroups.first?.albertLayers.first?.ffn.precision ?? .fp32
        qaOutputs = try Linear(file, "qa_outputs", in: config.hiddenSize, out: 2, kernels: kernels)
    }

    /// Loads `config.json` and `model.safetensors` from a Hugging Face model directory.
    public convenience init(directory: URL, precision: Precision = .fp32, kernels: KernelTable? = nil) throws {
        let config = try AlbertConfig.load(from: directory.appendingPathComponent("config.json"))
        let weights = try SafeTensorsFile(contentsOf: directory.appendingPathComponent("model.safetensors"))
        try self.init(config: config, weights: weights, precision: precision, kernels: kernels)
    }

    /// A workspace for `capacity` tokens; `threads` nil uses every core for each window.
    public func makeWorkspace(capacity: Int = 384, threads: Int? = nil) -> AlbertWorkspace {
        AlbertWorkspace(config: config, capacity: capacity, threads: threads)
    }

    /// Runs one sequence. `attentionMask` (1 = attend, 0 = padding) defaults to all ones.
    /// `observeHiddenStates` receives each hidden state (see `AlbertTransformer.forward`).
    public func forward(
        inputIds: [Int32], tokenTypeIds: [Int32], attentionMask: [Int32]? = nil,
        workspace: AlbertWorkspace,
        observeHiddenStates: ((Int, UnsafeBufferPointer<Float>) -> Void)? = nil
    ) throws -> SpanLogits {
        let length = inputIds.count
        guard length > 0 else { throw AlbertError("empty input: a sequence needs at least one token") }
        guard length <= config.maxPositionEmbeddings else {
            throw AlbertError("sequence of \(length) tokens exceeds the model's \(config.maxPositionEmbeddings) positions")
        }
        guard tokenTypeIds.count == length, attentionMask.map({ $0.count == length }) ?? true else {
            throw AlbertError("input_ids, token_type_ids and attention_mask differ in length")
        }
        if let bad = inputIds.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
            throw AlbertError("token id \(bad) is outside the vocabulary of \(config.vocabSize)")
        }
        if let bad = tokenTypeIds.first(where: { $0 < 0 || Int($0) >= config.typeVocabSize }) {
            throw AlbertError("token type \(bad) is outside the model's \(config.typeVocabSize) types")
        }
        workspace.reserve(length)
        let w = workspace
        for i in 0..<length {
            w.ids[i] = inputIds[i]
            w.types[i] = tokenTypeIds[i]
            // HF adds (1 - mask) · finfo(float32).min to the attention scores.
            w.additiveMask[i] = (attentionMask?[i] ?? 1) == 0 ? -Float.greatestFiniteMagnitude : 0
        }
        embeddings.forward(length: length, workspace: w)
        encoder.forward(length: length, workspace: w, observe: observeHiddenStates)
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

import Foundation

/// HF's AlbertModel: embeddings and the transformer, ending in the last hidden state
/// [L × H]. The base that heads compose: `AlbertForQuestionAnswering` adds `qa_outputs`,
/// `SentenceEncoder` mean-pools. Loads ALBERT and BERT checkpoints (`ModelWeights` resolves
/// the names of each `ModelType`, the `albert.`/`bert.`/… prefix included). Immutable once loaded; safe to share
/// across threads (each thread brings its own `AlbertWorkspace`).
public final class AlbertModel: Sendable {
    public let config: AlbertConfig
    public let embeddings: AlbertEmbeddings
    public let encoder: AlbertTransformer

    /// The precision the encoder layers actually run in (fp32 where the kernels can't run
    /// the asked one on this CPU).
    public let precision: Precision
    /// The kernels every product, attention and element-wise pass of the model runs on,
    /// chosen at load time (the weights are packed in their layout).
    public let kernels: KernelTable

    /// `precision` applies to the encoder layers' Linears (see `Precision`); where `kernels`
    /// can't run it here the model runs in fp32 and `precision` says so. `kernels` nil:
    /// `$ALBERTQA_KERNELS`, else the fastest this CPU runs (`KernelTable.fromEnvironment`).
    public init(config: AlbertConfig, weights: ModelWeights, precision: Precision = .fp32, kernels: KernelTable? = nil) throws {
        let kernels = try kernels ?? KernelTable.fromEnvironment()
        self.config = config
        self.kernels = kernels
        embeddings = try AlbertEmbeddings(weights, config: config, kernels: kernels)
        encoder = try AlbertTransformer(weights, config: config, precision: precision, kernels: kernels)
        self.precision = encoder.albertLayerGroups.first?.albertLayers.first?.ffn.precision ?? .fp32
    }

    /// Loads `config.json` and the weights (`CheckpointTensors(directory:)`) from a Hugging Face model directory.
    public convenience init(directory: URL, precision: Precision = .fp32, kernels: KernelTable? = nil) throws {
        let (config, weights) = try Self.checkpoint(in: directory)
        try self.init(config: config, weights: weights, precision: precision, kernels: kernels)
    }

    /// The configuration and weights of a Hugging Face model directory.
    static func checkpoint(in directory: URL) throws -> (AlbertConfig, ModelWeights) {
        let config = try AlbertConfig.load(from: directory.appendingPathComponent("config.json"))
        let tensors = try CheckpointTensors(directory: directory)
        return (config, ModelWeights(tensors: tensors, modelType: config.modelType))
    }

    /// A workspace for `capacity` tokens; `threads` nil uses every core for each sequence.
    public func makeWorkspace(capacity: Int = 384, threads: Int? = nil) -> AlbertWorkspace {
        AlbertWorkspace(config: config, capacity: capacity, threads: threads)
    }

    /// Runs one sequence, leaving its last hidden state [length × H] in `workspace.hidden`
    /// (read it before the workspace's next pass). `attentionMask` (1 = attend, 0 = padding)
    /// defaults to all ones. `observeHiddenStates` receives each hidden state (see
    /// `AlbertTransformer.forward`). Returns the length.
    @discardableResult
    func run(
        inputIds: [Int32], tokenTypeIds: [Int32], attentionMask: [Int32]? = nil,
        workspace: AlbertWorkspace,
        observeHiddenStates: ((Int, UnsafeBufferPointer<Float>) -> Void)? = nil
    ) throws -> Int {
        let length = inputIds.count
        guard length > 0 else { throw AlbertError.emptyInput }
        guard length <= config.maxSequenceLength else {
            throw AlbertError.sequenceTooLong(tokens: length, positions: config.maxSequenceLength)
        }
        guard tokenTypeIds.count == length, attentionMask.map({ $0.count == length }) ?? true else {
            throw AlbertError.inputLengthsDiffer
        }
        if let bad = inputIds.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
            throw AlbertError.tokenOutsideVocabulary(id: bad, vocabularySize: config.vocabSize)
        }
        // A family without token types reads every type as 0, as HF does when the tokenizer
        // gives none.
        if config.hasTokenTypes, let bad = tokenTypeIds.first(where: { $0 < 0 || Int($0) >= config.typeVocabSize }) {
            throw AlbertError.tokenTypeOutOfRange(type: bad, types: config.typeVocabSize)
        }
        workspace.reserve(length)
        let w = workspace
        for i in 0..<length {
            w.ids[i] = inputIds[i]
            w.types[i] = config.hasTokenTypes ? tokenTypeIds[i] : 0
            // HF adds (1 - mask) · finfo(float32).min to the attention scores.
            w.additiveMask[i] = (attentionMask?[i] ?? 1) == 0 ? -Float.greatestFiniteMagnitude : 0
        }
        embeddings.forward(length: length, workspace: w)
        encoder.forward(length: length, workspace: w, observe: observeHiddenStates)
        return length
    }

    /// HF's `last_hidden_state` of one sequence, row-major [length × H].
    public func forward(
        inputIds: [Int32], tokenTypeIds: [Int32], attentionMask: [Int32]? = nil, workspace: AlbertWorkspace
    ) throws -> [Float] {
        let length = try run(inputIds: inputIds, tokenTypeIds: tokenTypeIds, attentionMask: attentionMask, workspace: workspace)
        return Array(UnsafeBufferPointer(start: workspace.hidden, count: length * config.hiddenSize))
    }
}

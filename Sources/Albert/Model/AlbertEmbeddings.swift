import CAlbertKernels

/// HF's AlbertEmbeddings: word + absolute position + token type embeddings, then LayerNorm.
public struct AlbertEmbeddings: Sendable {
    public let wordEmbeddings: Tensor        // [vocab, E]
    public let positionEmbeddings: Tensor    // [maxPositions, E]
    public let tokenTypeEmbeddings: Tensor   // [typeVocab, E]
    public let layerNorm: LayerNorm

    init(_ weights: ModelWeights, config c: AlbertConfig, kernels: KernelTable) throws {
        let file = weights.tensors
        wordEmbeddings = try file.tensor(weights.base("embeddings.word_embeddings") + ".weight", shape: [c.vocabSize, c.embeddingSize])
        positionEmbeddings = try file.tensor(weights.base("embeddings.position_embeddings") + ".weight", shape: [c.maxPositionEmbeddings, c.embeddingSize])
        tokenTypeEmbeddings = try file.tensor(weights.base("embeddings.token_type_embeddings") + ".weight", shape: [c.typeVocabSize, c.embeddingSize])
        layerNorm = try LayerNorm(file, weights.base("embeddings.LayerNorm"), size: c.embeddingSize, eps: c.layerNormEps, kernels: kernels)
    }

    /// Writes the [length × E] embeddings of the workspace's ids and types into `workspace.embeddings`.
    func forward(length: Int, workspace w: AlbertWorkspace) {
        albert_gather_embeddings(
            w.embeddings, wordEmbeddings.pointer, positionEmbeddings.pointer, tokenTypeEmbeddings.pointer,
            w.ids, w.types, Int32(length), Int32(wordEmbeddings.shape[1])
        )
        layerNorm.apply(w.embeddings, rows: length, into: w.embeddings)
    }
}

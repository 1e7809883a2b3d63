import CAlbertKernels

/// HF's AlbertEmbeddings: word + absolute position + token type embeddings, then LayerNorm.
/// A family without token types (DistilBERT) adds a zero type; RoBERTa's positions start at
/// `config.positionOffset`.
public struct AlbertEmbeddings: Sendable {
    public let wordEmbeddings: Tensor        // [vocab, E]
    public let positionEmbeddings: Tensor    // [maxPositions, E]
    public let tokenTypeEmbeddings: Tensor   // [typeVocab, E] (one row of zeros without token types)
    public let layerNorm: LayerNorm
    let positionOffset: Int

    init(_ weights: ModelWeights, config c: AlbertConfig, kernels: KernelTable) throws {
        let file = weights.tensors
        wordEmbeddings = try file.tensor(weights.base("embeddings.word_embeddings") + ".weight", shape: [c.vocabSize, c.embeddingSize])
        positionEmbeddings = try file.tensor(weights.base("embeddings.position_embeddings") + ".weight", shape: [c.maxPositionEmbeddings, c.embeddingSize])
        tokenTypeEmbeddings = c.hasTokenTypes
            ? try file.tensor(weights.base("embeddings.token_type_embeddings") + ".weight", shape: [c.typeVocabSize, c.embeddingSize])
            : Tensor(zeros: [1, c.embeddingSize])
        positionOffset = c.positionOffset
        layerNorm = try LayerNorm(file, weights.base("embeddings.LayerNorm"), size: c.embeddingSize, eps: c.layerNormEps, kernels: kernels)
    }

    /// Writes the [length × E] embeddings of the workspace's ids and types into `workspace.embeddings`.
    func forward(length: Int, workspace w: AlbertWorkspace) {
        albert_gather_embeddings(
            w.embeddings, wordEmbeddings.pointer, positionEmbeddings.pointer + positionOffset * wordEmbeddings.shape[1],
            tokenTypeEmbeddings.pointer,
            w.ids, w.types, Int32(length), Int32(wordEmbeddings.shape[1])
        )
        layerNorm.apply(w.embeddings, rows: length, into: w.embeddings)
    }
}

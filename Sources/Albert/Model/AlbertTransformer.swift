/// HF's AlbertLayerGroup: `inner_group_num` layers applied in sequence.
public struct AlbertLayerGroup: Sendable {
    public let albertLayers: [AlbertLayer]

    init(_ weights: ModelWeights, _ prefix: String, config c: AlbertConfig, precision: Precision, kernels: KernelTable) throws {
        albertLayers = try (0..<c.innerGroupNum).map {
            try AlbertLayer(weights, "\(prefix).albert_layers.\($0)", config: c, precision: precision, kernels: kernels)
        }
    }

    func forward(length l: Int, workspace w: AlbertWorkspace) {
        for layer in albertLayers { layer.forward(length: l, workspace: w) }
    }
}

/// HF's AlbertTransformer: projects embeddings to the hidden size, then runs
/// `num_hidden_layers` steps, step i using layer group i / (layers / groups); groups are
/// shared across steps (ALBERT's cross-layer parameter sharing). The other families have a
/// group per step and no projection (E = H), but for ELECTRA's `embeddings_project` when E ≠ H.
public struct AlbertTransformer: Sendable {
    /// nil when the embeddings are already H wide (`AlbertConfig.hasEmbeddingProjection`).
    public let embeddingHiddenMappingIn: Linear?
    /// Our name of the embedding projection (`ModelType.moduleName` gives each family's).
    static let embeddingProjectionModule = "encoder.embedding_hidden_mapping_in"
    public let albertLayerGroups: [AlbertLayerGroup]
    public let config: AlbertConfig

    /// `precision` applies to the layers' Linears; the embedding projection stays fp32.
    init(_ weights: ModelWeights, config c: AlbertConfig, precision: Precision, kernels: KernelTable) throws {
        // The configuration's group counts must match the layers the weights hold (checked
        // before loading, so the message names the setting rather than a missing tensor).
        let file = weights.tensors
        for group in 0..<c.numHiddenGroups {
            for layer in 0..<c.innerGroupNum
            where file.entries[weights.base("encoder.albert_layer_groups.\(group).albert_layers.\(layer).ffn") + ".weight"] == nil {
                throw AlbertError.file(file.url, c.modelType != .albert
                    ? .missingBertLayer(layer: group, layers: c.numHiddenLayers)
                    : layer == 0
                    ? .missingLayerGroup(group: group, groups: c.numHiddenGroups)
                    : .missingGroupLayers(found: layer, group: group, innerGroupNum: c.innerGroupNum))
            }
        }
        embeddingHiddenMappingIn = c.hasEmbeddingProjection
            ? try Linear(file, weights.base(Self.embeddingProjectionModule), in: c.embeddingSize, out: c.hiddenSize, kernels: kernels)
            : nil
        albertLayerGroups = try (0..<c.numHiddenGroups).map {
            try AlbertLayerGroup(weights, "encoder.albert_layer_groups.\($0)", config: c, precision: precision, kernels: kernels)
        }
        config = c
    }

    /// Runs the encoder over `workspace.embeddings`, leaving the last hidden state in
    /// `workspace.hidden`. `observe` sees every hidden state as HF's `output_hidden_states`
    /// lists them: index 0 after the mapping, then one per step.
    func forward(length l: Int, workspace w: AlbertWorkspace, observe: ((Int, UnsafeBufferPointer<Float>) -> Void)?) {
        let e = config.embeddingSize, h = config.hiddenSize
        if let embeddingHiddenMappingIn {
            w.parallelRows(l) { rows, worker in
                embeddingHiddenMappingIn.apply(w.embeddings + rows.lowerBound * e, rows: rows.count,
                                               into: w.hidden + rows.lowerBound * h, scratch: w.scratch(worker))
            }
        } else {
            w.hidden.update(from: w.embeddings, count: l * h)
        }
        observe?(0, UnsafeBufferPointer(start: w.hidden, count: l * config.hiddenSize))
        for step in 0..<config.numHiddenLayers {
            albertLayerGroups[config.groupIndex(forLayer: step)].forward(length: l, workspace: w)
            observe?(step + 1, UnsafeBufferPointer(start: w.hidden, count: l * config.hiddenSize))
        }
    }
}

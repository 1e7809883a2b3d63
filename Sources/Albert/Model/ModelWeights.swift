/// A checkpoint's tensors, addressed by the module names of our layers (HF's
/// `modeling_albert.py` names, relative to `AlbertModel`: `embeddings.LayerNorm`,
/// `encoder.albert_layer_groups.0.albert_layers.0.ffn`, …).
///
/// This is the one place that knows how a checkpoint spells those names:
/// - HF's `base_model_prefix`: a head model (`AlbertForQuestionAnswering`) saves its encoder
///   under `albert.`, a bare `AlbertModel` under no prefix; like `from_pretrained`, both load,
///   the prefix being used when the checkpoint has any tensor under it. Heads (`qa_outputs`)
///   sit outside the prefix.
/// - Other families (`ModelType`: BERT, DistilBERT, RoBERTa, XLM-R, ELECTRA) name the same
///   layers differently; `ModelType.moduleName` translates (a BERT is an ALBERT with E = H and
///   one layer group per layer).
public struct ModelWeights {
    public let tensors: CheckpointTensors
    public let modelType: ModelType
    /// "albert.", "bert.", "roberta.", … when the checkpoint keeps the base model under that prefix, else "".
    public let basePrefix: String

    public init(tensors: CheckpointTensors, modelType: ModelType) {
        self.tensors = tensors
        self.modelType = modelType
        let prefix = modelType.baseModelPrefix + "."
        basePrefix = tensors.entries.keys.contains { $0.hasPrefix(prefix) } ? prefix : ""
    }

    /// The checkpoint's name of a base-model module (`embeddings.LayerNorm` → `albert.embeddings.LayerNorm`).
    func base(_ module: String) -> String {
        basePrefix + modelType.moduleName(forAlbertModule: module)
    }

    /// The checkpoint's name of a head module (outside the base model): unchanged.
    func head(_ module: String) -> String { module }
}

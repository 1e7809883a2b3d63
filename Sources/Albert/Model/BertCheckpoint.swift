import Foundation

/// Hugging Face BERT checkpoints (`BertModel`, `model_type: bert`) on our ALBERT layers, and
/// the families that keep BERT's layer names: RoBERTa, XLM-R and ELECTRA (`ModelType`).
///
/// BERT's layers are ALBERT's: embeddings (word + position + type, LayerNorm), then per layer
/// self-attention (query/key/value, output dense, residual + LayerNorm) and the feed-forward
/// block (intermediate dense + activation, output dense, residual + LayerNorm). ALBERT adds two
/// things BERT lacks: a factorised embedding (E < H, projected by `embedding_hidden_mapping_in`)
/// and layer groups shared across steps. So a BERT loads as an ALBERT with E = H, no projection,
/// and one group of one layer per step — with the names and config keys translated here.
enum BertCheckpoint {
    /// `encoder.albert_layer_groups.N.albert_layers.0.<part>` → `encoder.layer.N.<BERT part>`;
    /// embeddings keep their names.
    static func moduleName(forAlbertModule module: String) -> String {
        moduleName(forAlbertModule: module, layers: "encoder.layer.", partNames: partNames)
    }

    /// The translation every BERT-layout family shares (DistilBERT's too, with its own names):
    /// `encoder.albert_layer_groups.N.albert_layers.0.<part>` → `<layers>N.<partNames[part]>`;
    /// any other module (embeddings, `qa_outputs`) keeps its name.
    static func moduleName(forAlbertModule module: String, layers: String, partNames: [String: String]) -> String {
        let groups = "encoder.albert_layer_groups."
        guard module.hasPrefix(groups) else { return module }
        let rest = module.dropFirst(groups.count)
        guard let dot = rest.firstIndex(of: "."), let layer = Int(rest[..<dot]) else { return module }
        let inner = "albert_layers.0."
        let part = rest[rest.index(after: dot)...]
        guard part.hasPrefix(inner), let name = partNames[String(part.dropFirst(inner.count))] else { return module }
        return "\(layers)\(layer).\(name)"
    }

    /// ALBERT layer part → BERT layer part.
    static let partNames: [String: String] = [
        "attention.query": "attention.self.query",
        "attention.key": "attention.self.key",
        "attention.value": "attention.self.value",
        "attention.dense": "attention.output.dense",
        "attention.LayerNorm": "attention.output.LayerNorm",
        "ffn": "intermediate.dense",
        "ffn_output": "output.dense",
        "full_layer_layer_norm": "output.LayerNorm",
    ]

    /// A `config.json` of a BERT-layout family (BERT, RoBERTa, XLM-R, ELECTRA) said in ALBERT's
    /// keys, with the family's config-class defaults where a key is missing (they differ from
    /// AlbertConfig's in vocabulary size, sizes and activation). The result goes through
    /// AlbertConfig's own validation. Only ELECTRA may factorise its embeddings (E ≠ H, then
    /// `embeddings_project` maps them to H).
    static func albertKeys(_ given: [String: Any], family: ModelType, source url: URL) throws -> [String: Any] {
        var json = given
        for (key, value) in defaults(family) where json[key] == nil { json[key] = value }
        if family != .electra {
            if let embedding = given["embedding_size"], (embedding as? NSNumber) != (json["hidden_size"] as? NSNumber) {
                throw AlbertError.file(url, .bertEmbeddingSize("\(embedding)"))
            }
            json["embedding_size"] = json["hidden_size"]
        }
        json["num_hidden_groups"] = json["num_hidden_layers"]
        json["inner_group_num"] = 1
        return json
    }

    /// The family's HF config-class defaults for the keys where they differ from AlbertConfig's
    /// (`BertConfig`, `RobertaConfig`, `XLMRobertaConfig`, `ElectraConfig`).
    private static func defaults(_ family: ModelType) -> [String: Any] {
        let bert: [String: Any] = ["vocab_size": 30522, "hidden_act": "gelu", "hidden_size": 768, "num_hidden_layers": 12, "pad_token_id": 0]
        switch family {
        case .roberta: return bert.merging(["vocab_size": 50265, "pad_token_id": 1]) { $1 }
        case .xlmRoberta: return bert.merging(["pad_token_id": 1]) { $1 }
        case .electra:
            return bert.merging(["embedding_size": 128, "hidden_size": 256, "num_attention_heads": 4, "intermediate_size": 1024]) { $1 }
        default: return bert
        }
    }
}

import Foundation

/// Hugging Face BERT checkpoints (`BertModel`, `model_type: bert`) on our ALBERT layers.
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
        let groups = "encoder.albert_layer_groups."
        guard module.hasPrefix(groups) else { return module }
        let rest = module.dropFirst(groups.count)
        guard let dot = rest.firstIndex(of: "."), let layer = Int(rest[..<dot]) else { return module }
        let inner = "albert_layers.0."
        let part = rest[rest.index(after: dot)...]
        guard part.hasPrefix(inner), let bert = partNames[String(part.dropFirst(inner.count))] else { return module }
        return "encoder.layer.\(layer).\(bert)"
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

    /// A BERT `config.json` said in ALBERT's keys, with BertConfig's defaults where a key is
    /// missing (they differ from AlbertConfig's in vocabulary size and activation). The
    /// result goes through AlbertConfig's own validation.
    static func albertKeys(_ bert: [String: Any], source url: URL) throws -> [String: Any] {
        var json = bert
        json["vocab_size"] = bert["vocab_size"] ?? 30522
        json["hidden_act"] = bert["hidden_act"] ?? "gelu"
        json["hidden_size"] = bert["hidden_size"] ?? 768
        json["num_hidden_layers"] = bert["num_hidden_layers"] ?? 12
        if let embedding = bert["embedding_size"], (embedding as? NSNumber) != (json["hidden_size"] as? NSNumber) {
            throw AlbertError.file(url, .bertEmbeddingSize("\(embedding)"))
        }
        json["embedding_size"] = json["hidden_size"]
        json["num_hidden_groups"] = json["num_hidden_layers"]
        json["inner_group_num"] = 1
        return json
    }
}

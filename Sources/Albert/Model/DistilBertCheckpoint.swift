import Foundation

/// Hugging Face DistilBERT checkpoints (`DistilBertModel`, `model_type: distilbert`) on our
/// ALBERT layers.
///
/// DistilBERT is a BERT without token types (its embeddings are word + position, then
/// LayerNorm) whose modules have their own names (`transformer.layer.N.attention.q_lin`,
/// `sa_layer_norm`, `ffn.lin1`, …) and whose `config.json` has its own keys (`dim`,
/// `n_layers`, `hidden_dim`, `activation`). The layers compute what BERT's do (attention,
/// output projection, residual + LayerNorm; lin1, activation, lin2, residual + LayerNorm), so
/// the names and keys are translated here and nothing else changes.
enum DistilBertCheckpoint {
    /// `encoder.albert_layer_groups.N.albert_layers.0.<part>` → `transformer.layer.N.<DistilBERT part>`;
    /// embeddings keep their names.
    static func moduleName(forAlbertModule module: String) -> String {
        BertCheckpoint.moduleName(forAlbertModule: module, layers: "transformer.layer.", partNames: partNames)
    }

    /// ALBERT layer part → DistilBERT layer part.
    static let partNames: [String: String] = [
        "attention.query": "attention.q_lin",
        "attention.key": "attention.k_lin",
        "attention.value": "attention.v_lin",
        "attention.dense": "attention.out_lin",
        "attention.LayerNorm": "sa_layer_norm",
        "ffn": "ffn.lin1",
        "ffn_output": "ffn.lin2",
        "full_layer_layer_norm": "output_layer_norm",
    ]

    /// A DistilBERT `config.json` said in ALBERT's keys, with `DistilBertConfig`'s defaults
    /// where a key is missing. Its LayerNorms use eps 1e-12 whatever the file says, and it
    /// has no token types (one zero type; `ModelType.hasTokenTypes`).
    static func albertKeys(_ distilbert: [String: Any]) -> [String: Any] {
        let hidden = distilbert["dim"] ?? 768
        let layers = distilbert["n_layers"] ?? 6
        return [
            "vocab_size": distilbert["vocab_size"] ?? 30522,
            "max_position_embeddings": distilbert["max_position_embeddings"] ?? 512,
            "hidden_size": hidden,
            "embedding_size": hidden,
            "num_hidden_layers": layers,
            "num_hidden_groups": layers,
            "inner_group_num": 1,
            "num_attention_heads": distilbert["n_heads"] ?? 12,
            "intermediate_size": distilbert["hidden_dim"] ?? 3072,
            "hidden_act": distilbert["activation"] ?? "gelu",
            "layer_norm_eps": 1e-12,
            "type_vocab_size": 1,
            "pad_token_id": distilbert["pad_token_id"] ?? 0,
        ]
    }
}

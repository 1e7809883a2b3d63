import Foundation

/// Which family of checkpoint a model directory holds (`model_type` in `config.json`), read
/// once when the configuration loads. Every family runs on the same layers and kernels (an
/// ALBERT with E = H and one group per layer is a BERT); what differs is said here, once per
/// family:
/// - how `config.json` names the sizes (`albertKeys`, with the family's own defaults);
/// - how the checkpoint names the layers (`moduleName`, like HF's `base_model_prefix` plus the
///   family's module names);
/// - what the embeddings take: token types (not DistilBERT's), the position offset
///   (RoBERTa/XLM-R count positions from `pad_token_id + 1`), and whether an embedding
///   projection E → H follows them (ALBERT always, ELECTRA when E ≠ H).
public enum ModelType: String, CaseIterable, Sendable, Equatable {
    case albert, bert, distilbert, roberta, xlmRoberta = "xlm-roberta", electra

    /// The `model_type` values a model directory may give, for the "not supported" message.
    public static var supportedNames: [String] { allCases.map(\.rawValue) }

    /// HF's `base_model_prefix` of the family's pre-trained model classes (XLM-R keeps RoBERTa's).
    var baseModelPrefix: String {
        switch self {
        case .albert: "albert"
        case .bert: "bert"
        case .distilbert: "distilbert"
        case .roberta, .xlmRoberta: "roberta"
        case .electra: "electra"
        }
    }

    /// The checkpoint's name (without the base prefix) of one of our modules, which are
    /// named as HF's `modeling_albert.py` names them (`encoder.albert_layer_groups.0.albert_layers.0.ffn`).
    func moduleName(forAlbertModule module: String) -> String {
        switch self {
        case .albert: module
        case .bert, .roberta, .xlmRoberta: BertCheckpoint.moduleName(forAlbertModule: module)
        case .electra:
            module == AlbertTransformer.embeddingProjectionModule
                ? "embeddings_project" : BertCheckpoint.moduleName(forAlbertModule: module)
        case .distilbert: DistilBertCheckpoint.moduleName(forAlbertModule: module)
        }
    }

    /// The family's `config.json` said in ALBERT's keys (`AlbertConfig` validates the result).
    func albertKeys(_ json: [String: Any], source url: URL) throws -> [String: Any] {
        switch self {
        case .albert: json
        case .bert, .roberta, .xlmRoberta, .electra: try BertCheckpoint.albertKeys(json, family: self, source: url)
        case .distilbert: DistilBertCheckpoint.albertKeys(json)
        }
    }

    /// Whether the embeddings add a token-type embedding (DistilBERT has none).
    var hasTokenTypes: Bool { self != .distilbert }

    /// RoBERTa's position ids start after the padding index (`create_position_ids_from_input_ids`:
    /// `padding_idx + 1` for the first token of an unpadded sequence); other families start at 0.
    func positionOffset(padTokenID: Int) -> Int {
        switch self {
        case .roberta, .xlmRoberta: padTokenID + 1
        default: 0
        }
    }
}

import Foundation

/// The hyper-parameters of an ALBERT model, read from Hugging Face's `config.json`.
public struct AlbertConfig: Sendable, Equatable {
    public var vocabSize: Int
    public var embeddingSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numHiddenGroups: Int
    public var innerGroupNum: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var hiddenAct: Activation
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float
    /// `model_type`: an ALBERT, or another family loaded as one (`ModelType`: a BERT is an
    /// ALBERT with E = H and a group per layer).
    public var modelType: ModelType = .albert
    /// The position id of a sequence's first token (RoBERTa/XLM-R: `pad_token_id + 1`; else 0).
    public var positionOffset = 0

    /// Whether the embeddings add a token type (DistilBERT's have none: every type reads as 0).
    public var hasTokenTypes: Bool { modelType.hasTokenTypes }
    /// Whether a projection maps the E-wide embeddings to H: ALBERT's
    /// `embedding_hidden_mapping_in`, ELECTRA's `embeddings_project` when E ≠ H.
    public var hasEmbeddingProjection: Bool {
        modelType == .albert || (modelType == .electra && embeddingSize != hiddenSize)
    }
    /// The longest sequence the position embeddings hold (RoBERTa's 514 positions hold 512 tokens).
    public var maxSequenceLength: Int { maxPositionEmbeddings - positionOffset }

    public init(
        vocabSize: Int = 30000, embeddingSize: Int = 128, hiddenSize: Int = 768,
        numHiddenLayers: Int = 12, numHiddenGroups: Int = 1, innerGroupNum: Int = 1,
        numAttentionHeads: Int = 12, intermediateSize: Int = 3072, hiddenAct: Activation = .geluNew,
        maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2, layerNormEps: Float = 1e-12
    ) {
        self.vocabSize = vocabSize
        self.embeddingSize = embeddingSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numHiddenGroups = numHiddenGroups
        self.innerGroupNum = innerGroupNum
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.hiddenAct = hiddenAct
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
    }

    public var headDim: Int { hiddenSize / numAttentionHeads }

    /// The layer group that layer `layer` runs, as HF's AlbertTransformer computes it.
    public func groupIndex(forLayer layer: Int) -> Int {
        Int(Double(layer) / (Double(numHiddenLayers) / Double(numHiddenGroups)))
    }

    /// The largest config.json read (HF's are under 2 KB).
    static let maxFileBytes = 1 << 20

    /// Sane bounds, checked before anything is allocated. Sizes stored in the weights are
    /// bounded again by them (every tensor's shape must match, and the file must hold its
    /// bytes); these bound what the weights cannot: how often the shared layers run
    /// (`num_hidden_layers` 1e6 would take hours per window) and values that would overflow
    /// the kernels' 32-bit sizes or the workspace before a tensor is read.
    static let limits: [String: ClosedRange<Int>] = [
        "vocab_size": 1...(1 << 22),
        "embedding_size": 1...(1 << 16),
        "hidden_size": 1...(1 << 16),
        "num_hidden_layers": 1...128,
        "num_hidden_groups": 1...128,
        "inner_group_num": 1...128,
        "num_attention_heads": 1...(1 << 12),
        "intermediate_size": 1...(1 << 18),
        // At least [CLS] question [SEP] context [SEP]; at most a window the workspace can hold
        // (attention scores take threads × positions² floats).
        "max_position_embeddings": 5...4096,
        "type_vocab_size": 1...(1 << 10),
        "pad_token_id": 0...(1 << 22),
    ]

    /// Reads `config.json`; missing keys take HF's AlbertConfig defaults.
    public static func load(from url: URL) throws -> AlbertConfig {
        try parse(ModelFile.read(url, what: "the model configuration", limit: maxFileBytes), source: url)
    }

    /// Parses the bytes of a `config.json`; `url` names it in errors.
    public static func parse(_ data: Data, source url: URL) throws -> AlbertConfig {
        guard let object = try? JSONSerialization.jsonObject(with: data),
              let json = object as? [String: Any]
        else {
            throw AlbertError.file(url, .notJSONObject)
        }
        return try AlbertConfig(json: json, source: url)
    }

    init(json given: [String: Any], source url: URL) throws {
        let modelType = try Self.modelType(given, source: url)
        // Other families say the same in their own words (BertCheckpoint, DistilBertCheckpoint).
        let json = try modelType.albertKeys(given, source: url)
        func int(_ key: String, _ fallback: Int) throws -> Int {
            guard let value = json[key], !(value is NSNull) else { return fallback }
            let range = Self.limits[key]!
            guard let integer = JSONNumber.integer(value), range.contains(integer) else {
                throw AlbertError.file(url, .notWholeNumber(key: key, range: range))
            }
            return integer
        }
        var config = AlbertConfig()
        config.modelType = modelType
        config.vocabSize = try int("vocab_size", 30000)
        config.embeddingSize = try int("embedding_size", 128)
        config.hiddenSize = try int("hidden_size", 768)
        config.numHiddenLayers = try int("num_hidden_layers", 12)
        config.numHiddenGroups = try int("num_hidden_groups", 1)
        config.innerGroupNum = try int("inner_group_num", 1)
        config.numAttentionHeads = try int("num_attention_heads", 12)
        config.intermediateSize = try int("intermediate_size", 3072)
        config.maxPositionEmbeddings = try int("max_position_embeddings", 512)
        config.typeVocabSize = try int("type_vocab_size", 2)
        config.positionOffset = modelType.positionOffset(padTokenID: try int("pad_token_id", 0))
        // At least [CLS] question [SEP] context [SEP] after the offset (a pad_token_id past the
        // positions once built an empty range here: found by the config fuzz harness).
        guard config.maxSequenceLength >= 5 else {
            throw AlbertError.file(url, .noPositionsAfterOffset(positions: config.maxPositionEmbeddings, offset: config.positionOffset))
        }
        if let eps = json["layer_norm_eps"] {
            guard let number = JSONNumber.real(eps), Float(number).isFinite, Float(number) > 0 else {
                throw AlbertError.file(url, .notPositiveNumber(key: "layer_norm_eps"))
            }
            config.layerNormEps = Float(number)
        }
        if let act = json["hidden_act"] {
            guard let name = act as? String, let activation = Activation(huggingFaceName: name) else {
                throw AlbertError.file(url, .unknownActivation("\(act)", known: Activation.knownNames))
            }
            config.hiddenAct = activation
        }
        if let type = json["position_embedding_type"] as? String, type != "absolute" {
            throw AlbertError.file(url, .unsupportedPositionEmbedding(type))
        }
        guard config.hiddenSize % config.numAttentionHeads == 0 else {
            throw AlbertError.file(url, .headsDoNotDivideHidden(hiddenSize: config.hiddenSize, heads: config.numAttentionHeads))
        }
        guard config.numHiddenGroups <= config.numHiddenLayers else {
            throw AlbertError.file(url, .moreGroupsThanLayers(groups: config.numHiddenGroups, layers: config.numHiddenLayers))
        }
        self = config
    }

    /// `model_type`: one of `ModelType`'s; absent means "albert".
    private static func modelType(_ json: [String: Any], source url: URL) throws -> ModelType {
        guard let value = json["model_type"] else { return .albert }
        guard let name = value as? String, let type = ModelType(rawValue: name) else {
            throw AlbertError.file(url, .unsupportedModelType("\(value)", supported: ModelType.supportedNames))
        }
        return type
    }
}

import Foundation

extension AlbertError {
    /// What is wrong with one file of a model; `AlbertError.file` puts its path in front.
    public enum FileProblem: CustomStringConvertible, Equatable, Sendable {
        // Reading (ModelFile): `what` names the file's role ("the weights").
        case tooLarge(what: String, bytes: Int, limit: Int)
        case unreadable(what: String, reason: String)
        case unmappable(what: String, reason: String)
        case notRegularFile(what: String, kind: String)
        case noModelDirectory
        case noEncoderDirectory
        // safetensors weights.
        case tooShortForHeader(bytes: Int)
        case headerBeyondFile(headerBytes: UInt64, fileBytes: Int)
        case headerTooLarge(bytes: UInt64, limit: Int)
        case headerNotJSON
        case tooManyEntries(count: Int, limit: Int)
        case malformedEntry(tensor: String)
        case negativeShapeOrOffsets(tensor: String)
        case tensorBeyondData(tensor: String, end: Int, dataBytes: Int)
        case shapeTooLarge(tensor: String, shape: [Int])
        case tensorByteCount(tensor: String, dtype: String, shape: [Int], needed: Int, given: Int)
        case missingTensor(String)
        // Finding and reading a checkpoint's weights (CheckpointTensors).
        case noWeights(alsoLookedFor: [String])
        case badShardIndex(reason: String)
        case notTorchArchive(reason: String)
        case legacyTorchFile
        case pickleRefused(String)
        case pickleMalformed(String)
        case storageTooSmall(key: String, elements: Int, bytes: Int)
        case nonContiguousTensor(tensor: String, shape: [Int], stride: [Int])
        case tensorOutsideStorage(tensor: String, offset: Int, shape: [Int], elements: Int)
        case tensorShape(String, actual: [Int], expected: [Int])
        case tensorDType(String, dtype: String)
        case tensorNotFinite(String)
        case missingBertLayer(layer: Int, layers: Int)
        case missingLayerGroup(group: Int, groups: Int)
        case missingGroupLayers(found: Int, group: Int, innerGroupNum: Int)
        case scoresNotFinite
        // JSON configurations.
        case notJSONObject
        case notWholeNumber(key: String, range: ClosedRange<Int>)
        case notPositiveNumber(key: String)
        case notFiniteNumber(key: String)
        /// RoBERTa's positions start at pad_token_id + 1: fewer than 5 remain after it.
        case noPositionsAfterOffset(positions: Int, offset: Int)
        case notIntegerOfAtLeast(key: String, minimum: Int)
        case unknownActivation(String, known: [String])
        case unsupportedPositionEmbedding(String)
        case headsDoNotDivideHidden(hiddenSize: Int, heads: Int)
        case moreGroupsThanLayers(groups: Int, layers: Int)
        case unsupportedModelType(String, supported: [String])
        case bertEmbeddingSize(String)
        case poolingWidth(Int, hiddenSize: Int)
        case unsupportedPooling(modes: [String])
        case notModuleList
        case unsupportedModule(String)
        // Vocabularies.
        case vocabularyNotUTF8
        case tooManyTokens
        case missingWordPieceToken(String)
        case notSentencePiece(reason: String)
        case missingSentencePiece(String)
        case morePiecesThanModel(pieces: Int, vocabularySize: Int)
        case moreTokensThanModel(tokens: Int, vocabularySize: Int)
        // tokenizer.json (HubTokenizer): `at` is the JSON path ("model.vocab[3]").
        case badTokenizerJSON(at: String, reason: String)
        case unsupportedTokenizerPart(kind: String, type: String)
        case noTokenizer(lookedFor: [String])

        public var description: String {
            switch self {
            case let .tooLarge(what, bytes, limit): "\(bytes) bytes is too large for \(what) (the limit is \(limit) bytes)"
            case let .unreadable(what, reason): "cannot read \(what) (\(reason))"
            case let .unmappable(what, reason): "cannot map \(what) (\(reason))"
            case let .notRegularFile(what, kind): "\(what) must be a regular file, not \(kind)"
            case .noModelDirectory: "no such model directory"
            case .noEncoderDirectory: "no such encoder model directory"
            case let .tooShortForHeader(bytes): "truncated: \(bytes) bytes, too short for a safetensors header"
            case let .headerBeyondFile(header, file): "truncated or not safetensors: header claims \(header) bytes, file has \(file)"
            case let .headerTooLarge(bytes, limit): "the safetensors header is \(bytes) bytes, more than the \(limit) read"
            case .headerNotJSON: "the safetensors header is not valid JSON"
            case let .tooManyEntries(count, limit): "the safetensors header lists \(count) entries, more than the \(limit) accepted"
            case let .malformedEntry(tensor): "tensor \(tensor): malformed header entry"
            case let .negativeShapeOrOffsets(tensor): "tensor \(tensor): negative shape or offsets"
            case let .tensorBeyondData(tensor, end, bytes): "truncated: tensor \(tensor) ends at byte \(end) of \(bytes) data bytes"
            case let .shapeTooLarge(tensor, shape): "tensor \(tensor): shape \(shape) is too large"
            case let .tensorByteCount(tensor, dtype, shape, needed, given):
                "tensor \(tensor): \(dtype) \(shape) needs \(needed) bytes, header gives \(given)"
            case let .missingTensor(name): "missing tensor \(name)"
            case let .noWeights(others): "no such file, nor \(others.joined(separator: " or ")) beside it: no model weights"
            case let .badShardIndex(reason): "not a safetensors shard index: \(reason)"
            case let .notTorchArchive(reason): "not a PyTorch checkpoint ZIP: \(reason)"
            case .legacyTorchFile: "a legacy (pre-1.6, non-ZIP) PyTorch file, which is not read: re-save it with a current torch.save or as safetensors"
            case let .pickleRefused(what): "data.pkl refused, \(what): only a state dict's tensors, storages and OrderedDict are read, nothing is run"
            case let .pickleMalformed(reason): "data.pkl is not a readable state dict: \(reason)"
            case let .storageTooSmall(key, elements, bytes): "storage data/\(key) claims \(elements) elements but holds \(bytes) bytes"
            case let .nonContiguousTensor(tensor, shape, stride): "tensor \(tensor) of shape \(shape) has strides \(stride); only contiguous tensors are read"
            case let .tensorOutsideStorage(tensor, offset, shape, elements):
                "tensor \(tensor) of shape \(shape) from element \(offset) runs past its storage of \(elements) elements"
            case let .tensorShape(name, actual, expected): "tensor \(name) has shape \(actual), expected \(expected)"
            case let .tensorDType(name, dtype): "tensor \(name) has dtype \(dtype); only F32, F16 and BF16 are supported"
            case let .tensorNotFinite(name): "tensor \(name) holds NaN or infinite values"
            case let .missingBertLayer(layer, layers): "holds no layer \(layer), but num_hidden_layers is \(layers)"
            case let .missingLayerGroup(group, groups): "holds no layer group \(group), but num_hidden_groups is \(groups)"
            case let .missingGroupLayers(found, group, inner):
                "holds \(found) layer\(found == 1 ? "" : "s") in group \(group), but inner_group_num is \(inner)"
            case .scoresNotFinite: "the model's scores are not finite numbers (NaN or infinity); its weights are unusable"
            case .notJSONObject: "is not a JSON object"
            case let .notWholeNumber(key, range): "\"\(key)\" must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            case let .notPositiveNumber(key): "\"\(key)\" must be a positive number"
            case let .notFiniteNumber(key): "\"\(key)\" must be a finite number"
            case let .noPositionsAfterOffset(positions, offset):
                "max_position_embeddings \(positions) leaves fewer than 5 positions after the offset \(offset) (pad_token_id + 1)"
            case let .notIntegerOfAtLeast(key, minimum): "\"\(key)\" must be an integer of at least \(minimum)"
            case let .unknownActivation(name, known): "unknown activation \"\(name)\" (known: \(known.joined(separator: ", ")))"
            case let .unsupportedPositionEmbedding(type): "position_embedding_type \"\(type)\" is not supported (only \"absolute\")"
            case let .headsDoNotDivideHidden(hidden, heads): "hidden_size \(hidden) is not a multiple of num_attention_heads \(heads)"
            case let .moreGroupsThanLayers(groups, layers): "num_hidden_groups \(groups) exceeds num_hidden_layers \(layers)"
            case let .unsupportedModelType(type, supported):
                "model_type \"\(type)\" is not supported (\(supported.joined(separator: ", ")))"
            case let .bertEmbeddingSize(size): "a BERT config with embedding_size \(size) ≠ hidden_size is not a BERT layout"
            case let .poolingWidth(width, hidden): "word_embedding_dimension \(width) differs from the model's hidden_size \(hidden)"
            case let .unsupportedPooling(modes): "only mean pooling is supported, not \(modes.joined(separator: ", "))"
            case .notModuleList: "is not a JSON list of modules"
            case let .unsupportedModule(module): "module \(module) is not supported (Transformer, Pooling, Normalize)"
            case .vocabularyNotUTF8: "the vocabulary is not valid UTF-8"
            case .tooManyTokens: "too many tokens"
            case let .missingWordPieceToken(token): "has no \(token) token: not a BERT WordPiece vocabulary"
            case let .notSentencePiece(reason): "not a sentencepiece model (\(reason))"
            case let .missingSentencePiece(piece): "has no \(piece) piece: not an ALBERT vocabulary"
            case let .morePiecesThanModel(pieces, size): "has \(pieces) pieces but the model only \(size)"
            case let .moreTokensThanModel(tokens, size): "has \(tokens) tokens but the model only \(size)"
            case let .badTokenizerJSON(at, reason): at.isEmpty ? reason : "\(at): \(reason)"
            case let .unsupportedTokenizerPart(kind, type): "unsupported \(kind) \(type)"
            case let .noTokenizer(files): "no tokenizer: none of \(files.joined(separator: ", ")) is there"
            }
        }
    }
}

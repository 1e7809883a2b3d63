import Foundation

/// A Hugging Face fast tokenizer read from `tokenizer.json` (the `tokenizers` format), giving
/// the ids and character offsets `tokenizers` gives: added tokens, normaliser (with
/// alignments), pre-tokenizer, model (WordPiece, BPE, Unigram) and post-processor.
/// Components it does not implement are a one-line "unsupported …" error when it loads. The
/// file's "truncation" and "padding" are not applied (the reader windows whole texts itself);
/// "padding.pad_id" only names the pad token.
public final class HubTokenizer: Sendable {
    /// tokenizer.json above this is refused (the largest common ones, XLM-R's and Gemma's,
    /// are 17 and 34 MB).
    public static let maxFileBytes = 64 << 20
    static let maxTokenID = Int(Int32.max) - 1

    enum Model: Sendable {
        case wordPiece(WordPieceModel)
        case bpe(BPEModel)
        case unigram(UnigramModel)

        func tokenize(_ scalars: [Unicode.Scalar], into tokens: inout [ModelToken]) {
            switch self {
            case let .wordPiece(model): model.tokenize(scalars, into: &tokens)
            case let .bpe(model): model.tokenize(scalars, into: &tokens)
            case let .unigram(model): model.tokenize(scalars, into: &tokens)
            }
        }
    }

    /// The file it was read from (for messages).
    public let url: URL
    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer?
    let model: Model
    let postProcessor: PostProcessor
    let rawAddedTokens: AddedTokens
    let normalizedAddedTokens: AddedTokens
    /// Token text by id (model vocabulary and added tokens).
    private let tokenTexts: [Int32: String]
    public let vocabularySize: Int
    public let pairLayout: PairLayout

    /// Reads `tokenizer.json` (a regular file of at most `maxFileBytes`).
    public convenience init(url: URL) throws {
        let data = try ModelFile.read(url, what: "the tokenizer", limit: Self.maxFileBytes)
        try self.init(data: data, url: url)
    }

    /// Parses tokenizer.json bytes; `url` names the file in errors.
    public init(data: Data, url: URL) throws {
        self.url = url
        do {
            guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]), value is [String: Any] else {
                throw TokenizerJSON.Problem(path: "", reason: "not a JSON object")
            }
            let json = TokenizerJSON(value: value, path: "")
            let modelJSON = try json.required("model")
            let type = try modelJSON["type"]?.string() ?? Self.guessModelType(modelJSON)
            let model: Model
            var vocabulary: [String: Int32]
            switch type {
            case "WordPiece":
                let wordPiece = try WordPieceModel(modelJSON)
                model = .wordPiece(wordPiece)
                vocabulary = wordPiece.vocabulary
            case "BPE":
                let bpe = try BPEModel(modelJSON)
                model = .bpe(bpe)
                vocabulary = bpe.vocabulary
            case "Unigram":
                let unigram = try UnigramModel(modelJSON, exactScores: UnigramModel.ExactScores.read(data))
                model = .unigram(unigram)
                vocabulary = unigram.vocabulary
            default:
                throw modelJSON.unsupported("model", type)
            }
            self.model = model
            normalizer = try json["normalizer"].map(Normalizer.parse)
            preTokenizer = try json["pre_tokenizer"].map(PreTokenizer.parse)

            var raw: [AddedTokens.Token] = []
            var normalized: [AddedTokens.Token] = []
            for entry in try json["added_tokens"]?.array() ?? [] {
                let id = Int32(try entry.required("id").int(in: 0...Self.maxTokenID))
                let content = try entry.required("content").string()
                var token = AddedTokens.Token(id: id, content: Array(content.unicodeScalars), singleWord: try entry.bool("single_word", default: false),
                                              leftStrip: try entry.bool("lstrip", default: false), rightStrip: try entry.bool("rstrip", default: false))
                vocabulary[content] = id
                if try entry.bool("normalized", default: !(try entry.bool("special", default: false))) {
                    if let normalizer {
                        var text = NormalizedText(token.content, range: 0..<token.content.count)
                        normalizer.apply(&text)
                        token.content = text.scalars
                    }
                    normalized.append(token)
                } else {
                    raw.append(token)
                }
            }
            rawAddedTokens = AddedTokens(raw)
            normalizedAddedTokens = AddedTokens(normalized)
            let postProcessorJSON = json["post_processor"]
            postProcessor = try postProcessorJSON.map { try PostProcessor.parse($0, tokenID: { vocabulary[$0] }) } ?? .none

            var texts: [Int32: String] = [:]
            texts.reserveCapacity(vocabulary.count)
            for (token, id) in vocabulary where texts[id] == nil || vocabulary[texts[id]!] != id { texts[id] = token }
            tokenTexts = texts
            let layout = postProcessor.pairLayoutIDs
            let specialIDs = layout.prefix + layout.separator + layout.suffix
            vocabularySize = Int(max(vocabulary.values.max() ?? -1, specialIDs.max() ?? -1)) + 1
            var padID: Int32 = vocabulary["[PAD]"] ?? vocabulary["<pad>"] ?? 0
            if let id = try json["padding"]?["pad_id"]?.int(in: 0...Self.maxTokenID) { padID = Int32(id) }
            pairLayout = PairLayout(prefix: layout.prefix, separator: layout.separator, suffix: layout.suffix, padID: padID, usesTokenTypes: layout.typesDiffer)
        } catch let problem as TokenizerJSON.Problem {
            if let unsupported = problem.unsupported {
                throw AlbertError.file(url, .unsupportedTokenizerPart(kind: unsupported.kind, type: unsupported.type))
            }
            throw AlbertError.file(url, .badTokenizerJSON(at: problem.path, reason: problem.reason))
        }
    }

    /// Old files may leave out the model's type; `tokenizers` then tells by the fields.
    private static func guessModelType(_ json: TokenizerJSON) throws -> String {
        if json["merges"] != nil { return "BPE" }
        if json["unk_id"] != nil || json["vocab"]?.value is [Any] { return "Unigram" }
        if json["continuing_subword_prefix"] != nil || json["max_input_chars_per_word"] != nil { return "WordPiece" }
        throw json.fail("missing \"type\"")
    }

    /// The text of token `id`.
    public func token(_ id: Int32) -> String? { tokenTexts[id] }

    /// `encode(text, add_special_tokens=False)`: ids, tokens and the Unicode-scalar range
    /// of each in `text` (the post-processor's offset trimming applied).
    public func tokenize(_ text: String) -> TokenizedText {
        let scalars = Array(text.unicodeScalars)
        var result = TokenizedText()
        var modelTokens: [ModelToken] = []
        for segment in rawAddedTokens.segments(scalars) {
            if let token = segment.token {
                // The token's text is what it matched, stripped spaces included (trimmed
                // offsets then leave them out, as HF's).
                append(token.id, String(String.UnicodeScalarView(scalars[segment.range])), range: segment.range, to: &result)
                continue
            }
            var normalized = NormalizedText(scalars, range: segment.range)
            normalizer?.apply(&normalized)
            for part in normalizedAddedTokens.segments(normalized.scalars) {
                if let token = part.token {
                    append(token.id, String(String.UnicodeScalarView(normalized.scalars[part.range])), range: normalized.originalRange(part.range), to: &result)
                    continue
                }
                let piece = part.range == 0..<normalized.count ? normalized : normalized.slice(part.range)
                let words = preTokenizer?.apply([piece]) ?? (piece.isEmpty ? [] : [piece])
                for word in words {
                    modelTokens.removeAll(keepingCapacity: true)
                    model.tokenize(word.scalars, into: &modelTokens)
                    for token in modelTokens {
                        result.ids.append(token.id)
                        result.pieces.append(token.token)
                        result.ranges.append(word.originalRange(token.range))
                    }
                }
            }
        }
        postProcessor.trim(&result)
        return result
    }

    private func append(_ id: Int32, _ text: String, range: Range<Int>, to result: inout TokenizedText) {
        result.ids.append(id)
        result.pieces.append(text)
        result.ranges.append(range)
    }

    /// One model input as `tokenizers` encodes it with special tokens: ids, tokens, type ids
    /// and offsets (special tokens at 0..<0).
    public struct Encoding: Sendable, Equatable {
        public var ids: [Int32] = []
        public var tokens: [String] = []
        public var typeIDs: [Int32] = []
        public var ranges: [Range<Int>] = []
    }

    /// `encode(text)` or `encode(question, context)`, untruncated.
    public func encode(_ first: String, pair second: String? = nil) -> Encoding {
        let a = tokenize(first)
        let b = second.map(tokenize)
        var encoding = Encoding()
        for item in b == nil ? postProcessor.single : postProcessor.pair {
            switch item {
            case let .special(ids, tokens, typeID):
                encoding.ids += ids
                encoding.tokens += tokens
                encoding.typeIDs += Array(repeating: postProcessor.allTypesZero ? 0 : typeID, count: ids.count)
                encoding.ranges += Array(repeating: 0..<0, count: ids.count)
            case let .sequence(isFirst, typeID):
                guard let tokens = isFirst ? a : b else { continue }
                encoding.ids += tokens.ids
                encoding.tokens += tokens.pieces
                encoding.typeIDs += Array(repeating: postProcessor.allTypesZero ? 0 : typeID, count: tokens.count)
                encoding.ranges += tokens.ranges
            }
        }
        return encoding
    }
}

extension HubTokenizer: ReaderTokenizer {}

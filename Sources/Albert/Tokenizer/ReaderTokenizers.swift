import Foundation

/// tokenizer_config.json's settings that matter to AlbertQA: how a plain vocabulary
/// (`vocab.txt`) is read, and the longest input the tokenizer was made for.
public struct TokenizerConfig: Sendable, Equatable {
    public var doLowerCase: Bool?
    public var stripAccents: Bool?
    public var tokenizeChineseCharacters: Bool?
    /// `model_max_length`; nil when absent or transformers' "no limit" (about 1e30).
    public var modelMaxLength: Int?

    public init(doLowerCase: Bool? = nil, stripAccents: Bool? = nil, tokenizeChineseCharacters: Bool? = nil, modelMaxLength: Int? = nil) {
        self.doLowerCase = doLowerCase
        self.stripAccents = stripAccents
        self.tokenizeChineseCharacters = tokenizeChineseCharacters
        self.modelMaxLength = modelMaxLength
    }

    /// `tokenizer_config.json` of `directory` (at most 1 MB), or the defaults when there is none.
    public init(directory: URL) throws {
        let url = directory.appendingPathComponent("tokenizer_config.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let data = try ModelFile.read(url, what: "the tokenizer configuration", limit: 1 << 20)
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw AlbertError.file(url, .notJSONObject)
        }
        doLowerCase = json["do_lower_case"] as? Bool
        stripAccents = json["strip_accents"] as? Bool
        tokenizeChineseCharacters = json["tokenize_chinese_chars"] as? Bool
        if let number = json["model_max_length"] as? NSNumber {
            let value = number.doubleValue
            if value.rounded() == value, value >= 1, value <= Double(Int32.max) { modelMaxLength = Int(value) }
        }
    }
}

/// The one place a model directory's tokenizer is chosen, as transformers' AutoTokenizer
/// prefers them: `tokenizer.json` (any family, `HubTokenizer`), else `spiece.model` (ALBERT's
/// sentencepiece, `AlbertTokenizer`), else `vocab.txt` (BERT's WordPiece, cased or not as
/// tokenizer_config.json's `do_lower_case` says).
public enum ReaderTokenizers {
    public static let fileNames = ["tokenizer.json", "spiece.model", "vocab.txt"]

    /// The tokenizer file `load` reads in `directory`, nil when there is none.
    public static func file(in directory: URL) -> URL? {
        fileNames.map { directory.appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The tokenizer of the model in `directory`; `config` nil reads its tokenizer_config.json.
    public static func load(directory: URL, config: TokenizerConfig? = nil) throws -> any ReaderTokenizer {
        guard let url = file(in: directory) else {
            throw AlbertError.file(directory, .noTokenizer(lookedFor: fileNames))
        }
        switch url.lastPathComponent {
        case "tokenizer.json":
            return try HubTokenizer(url: url)
        case "spiece.model":
            return try AlbertTokenizer(modelURL: url)
        default:
            let config = try config ?? TokenizerConfig(directory: directory)
            let lowercase = config.doLowerCase ?? true
            return try WordPieceTokenizer(vocabularyURL: url, lowercase: lowercase, stripAccents: config.stripAccents,
                                          tokenizeChineseCharacters: config.tokenizeChineseCharacters ?? true)
        }
    }
}

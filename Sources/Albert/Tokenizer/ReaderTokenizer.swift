import Foundation

/// What the reader needs from a tokenizer, whatever its family (sentencepiece for ALBERT,
/// WordPiece for BERT/DistilBERT/ELECTRA, byte-level BPE for RoBERTa, Unigram from a
/// `tokenizer.json`): the tokens of a text with the Unicode-scalar range each came from, and how
/// a question/context pair is laid out around them. Feature building (`QAFeatureBuilder`) and
/// span decoding work on these alone, so a new family is a new conforming type, nothing more.
public protocol ReaderTokenizer: Sendable {
    /// The tokens of `text`, as the Hugging Face tokenizer of the model gives them (without
    /// special tokens), each with its range of Unicode scalars in `text`.
    func tokenize(_ text: String) -> TokenizedText
    /// How `question` and `context` tokens are joined into one model input.
    var pairLayout: PairLayout { get }
    /// The number of ids the tokenizer can produce (must not exceed the model's vocabulary).
    var vocabularySize: Int { get }
}

/// The special tokens around a question/context pair and whether the model takes token types:
/// - BERT, ALBERT, ELECTRA: `[CLS] q [SEP] c [SEP]`, types 0 for `[CLS] q [SEP]`, 1 after;
/// - RoBERTa/XLM-R: `<s> q </s></s> c </s>`, no token types;
/// - DistilBERT: BERT's layout, no token types.
/// The null ("no answer") score is read at position 0, where `prefix` starts.
public struct PairLayout: Sendable, Equatable {
    /// Ids before the question (`[CLS]`, `<s>`).
    public var prefix: [Int32]
    /// Ids between question and context (`[SEP]`, `</s></s>`).
    public var separator: [Int32]
    /// Ids after the context (`[SEP]`, `</s>`).
    public var suffix: [Int32]
    public var padID: Int32
    /// Whether the model has a token-type embedding to feed (`type_vocab_size` > 1 in practice).
    public var usesTokenTypes: Bool

    public init(prefix: [Int32], separator: [Int32], suffix: [Int32], padID: Int32, usesTokenTypes: Bool) {
        self.prefix = prefix
        self.separator = separator
        self.suffix = suffix
        self.padID = padID
        self.usesTokenTypes = usesTokenTypes
    }

    /// `[CLS] q [SEP] c [SEP]` with token types: BERT's (and ALBERT's) layout.
    public static func bert(clsID: Int32, sepID: Int32, padID: Int32, usesTokenTypes: Bool = true) -> PairLayout {
        PairLayout(prefix: [clsID], separator: [sepID], suffix: [sepID], padID: padID, usesTokenTypes: usesTokenTypes)
    }

    /// `<s> q </s></s> c </s>` without token types: RoBERTa's layout.
    public static func roberta(bosID: Int32, eosID: Int32, padID: Int32) -> PairLayout {
        PairLayout(prefix: [bosID], separator: [eosID, eosID], suffix: [eosID], padID: padID, usesTokenTypes: false)
    }

    /// Special tokens a pair adds around its question and context tokens.
    public var specialTokenCount: Int { prefix.count + separator.count + suffix.count }
}

extension AlbertTokenizer: ReaderTokenizer {
    public var pairLayout: PairLayout { .bert(clsID: clsID, sepID: sepID, padID: padID) }
    public var vocabularySize: Int { sentencePiece.vocabularySize }
}

extension WordPieceTokenizer: ReaderTokenizer {
    public var pairLayout: PairLayout { .bert(clsID: clsID, sepID: sepID, padID: padID) }
    public var vocabularySize: Int { vocabulary.count }
    public func tokenize(_ text: String) -> TokenizedText { tokenize(text, limit: .max) }
}

import Foundation

/// Hugging Face's BERT tokenizer (uncased WordPiece, as `BertTokenizerFast` runs it for
/// sentence-transformers) with character offsets: the same ids as transformers, plus the range
/// of original Unicode scalars (Python string indices) each token came from.
///
/// The pipeline, step for step as `tokenizers`' BertNormalizer, BertPreTokenizer and WordPiece:
/// 1. The special tokens ([CLS], [SEP], [PAD], [MASK], [UNK]) written literally in the text
///    are those tokens (HF's added tokens match the raw text, case-sensitively).
/// 2. Clean: drop NUL, U+FFFD and control/format characters (but not \t \n \r, which are
///    whitespace); every whitespace character becomes a space.
/// 3. CJK ideographs are surrounded by spaces (each is a word).
/// 4. Strip accents (NFD, drop nonspacing marks) then lowercase, when `lowercase`.
/// 5. Split on whitespace and isolate every punctuation character.
/// 6. WordPiece: greedy longest-match-first from the word's start, continuations prefixed
///    "##"; a word with no match, or over 100 characters, is one [UNK].
/// Lowercasing is per character, as the fast tokenizer does it (Python's `str.lower` in the slow
/// `BertTokenizer` also turns a word-final Σ into ς; the model saw the fast tokenizer's output).
public final class WordPieceTokenizer: Sendable {
    public let vocabulary: [String: Int32]
    public let clsID: Int32
    public let sepID: Int32
    public let padID: Int32
    public let unknownID: Int32
    /// `do_lower_case` (and, as HF does when `strip_accents` is unset, accent stripping).
    public let lowercase: Bool
    public let stripAccents: Bool
    public let tokenizeChineseCharacters: Bool
    /// HF's `max_input_chars_per_word`: longer words are [UNK].
    public static let maxCharactersPerWord = 100
    /// vocab.txt above this is refused (BERT vocabularies are about 0.2–1 MB).
    public static let maxVocabularyBytes = 32 << 20

    /// The special tokens HF recognises in raw text, with their ids (those in the vocabulary).
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int32)]

    /// Reads `vocab.txt` (one token per line, id = line number; only a regular file of at most
    /// `maxVocabularyBytes`, valid UTF-8).
    public init(vocabularyURL url: URL, lowercase: Bool = true, stripAccents: Bool? = nil, tokenizeChineseCharacters: Bool = true) throws {
        let data = try ModelFile.read(url, what: "the vocabulary", limit: Self.maxVocabularyBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw AlbertError.file(url, .vocabularyNotUTF8)
        }
        var vocabulary: [String: Int32] = [:]
        // Python's readlines() in text mode: \n, \r\n and \r end a line; the last line may lack one.
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.count < Int(Int32.max) else { throw AlbertError.file(url, .tooManyTokens) }
        for (index, line) in lines.enumerated() { vocabulary[String(line)] = Int32(index) }
        func special(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else { throw AlbertError.file(url, .missingWordPieceToken(token)) }
            return id
        }
        self.vocabulary = vocabulary
        clsID = try special("[CLS]")
        sepID = try special("[SEP]")
        padID = try special("[PAD]")
        unknownID = try special("[UNK]")
        self.lowercase = lowercase
        self.stripAccents = stripAccents ?? lowercase
        self.tokenizeChineseCharacters = tokenizeChineseCharacters
        specialTokens = ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"].compactMap { token in
            vocabulary[token].map { (Array(token.unicodeScalars), $0) }
        }
    }

    /// The WordPiece tokens of `text`, without [CLS]/[SEP]. With `limit`, the first `limit`
    /// tokens (the text after them is not tokenised: a long passage costs what its prefix costs).
    public func tokenize(_ text: String, limit: Int = .max) -> TokenizedText {
        let scalars = Array(text.unicodeScalars)
        var result = TokenizedText()
        var segmentStart = 0
        var index = 0
        while index < scalars.count && result.count < limit {
            if scalars[index] == "[", let special = specialToken(at: index, in: scalars) {
                tokenizeSegment(scalars, segmentStart..<index, limit: limit, into: &result)
                let end = index + special.scalars.count
                result.ids.append(special.id)
                result.pieces.append(String(String.UnicodeScalarView(special.scalars)))
                result.ranges.append(index..<end)
                index = end
                segmentStart = end
            } else {
                index += 1
            }
        }
        if result.count < limit { tokenizeSegment(scalars, segmentStart..<scalars.count, limit: limit, into: &result) }
        if result.count > limit {
            result.ids.removeLast(result.count - limit)
            result.pieces.removeLast(result.pieces.count - limit)
            result.ranges.removeLast(result.ranges.count - limit)
        }
        return result
    }

    /// `[CLS] tokens [SEP]`, the tokens truncated so that the whole is at most `maxLength`
    /// (HF's `truncation=True, max_length=maxLength`).
    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        let tokens = tokenize(text, limit: max(0, maxLength - 2)).ids
        return [clsID] + tokens + [sepID]
    }

    private func specialToken(at index: Int, in scalars: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], id: Int32)? {
        specialTokens.first { special in
            index + special.scalars.count <= scalars.count && scalars[index..<index + special.scalars.count].elementsEqual(special.scalars)
        }
    }

    /// Normalises one stretch of text without special tokens, splits it into words and
    /// appends their word pieces.
    private func tokenizeSegment(_ scalars: [Unicode.Scalar], _ range: Range<Int>, limit: Int, into result: inout TokenizedText) {
        var word: [Unicode.Scalar] = []
        var origins: [Int] = []   // for each scalar of `word`, the original scalar it came from
        func endWord() {
            if !word.isEmpty { appendWordPieces(word, origins, into: &result) }
            word.removeAll(keepingCapacity: true)
            origins.removeAll(keepingCapacity: true)
        }
        for position in range {
            if result.count >= limit { return }
            let scalar = scalars[position]
            if scalar.isASCII {
                // The common case, without Unicode tables: ASCII has no accents, controls are
                // 0–31 and 127 (\t \n \r are whitespace), punctuation is the ASCII set.
                let value = scalar.value
                if value == 9 || value == 10 || value == 13 || value == 32 { endWord(); continue }
                if value < 32 || value == 127 { continue }
                if Self.isASCIIPunctuation(value) {
                    endWord()
                    appendWordPieces([scalar], [position], into: &result)
                    continue
                }
                word.append(lowercase && value >= 65 && value <= 90 ? Unicode.Scalar(value + 32)! : scalar)
                origins.append(position)
                continue
            }
            if scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
            if scalar.properties.isWhitespace { endWord(); continue }
            if tokenizeChineseCharacters && Self.isChineseCharacter(scalar) {
                // A word of its own (normalised too: NFD maps compatibility ideographs).
                endWord()
                word = normalise(scalar)
                origins = [Int](repeating: position, count: word.count)
                endWord()
                continue
            }
            for normalised in normalise(scalar) {
                if normalised.properties.isWhitespace {
                    endWord()
                } else if Self.isPunctuation(normalised) {
                    endWord()
                    appendWordPieces([normalised], [position], into: &result)
                } else {
                    word.append(normalised)
                    origins.append(position)
                }
            }
        }
        endWord()
    }

    /// Accent stripping (NFD without nonspacing marks), then lowercasing, of one scalar.
    private func normalise(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        let decomposed: [Unicode.Scalar] = stripAccents
            ? String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
            : [scalar]
        for part in decomposed {
            if lowercase {
                output.append(contentsOf: part.properties.lowercaseMapping.unicodeScalars)
            } else {
                output.append(part)
            }
        }
        return output
    }

    /// Greedy longest-match-first WordPiece over one word.
    private func appendWordPieces(_ word: [Unicode.Scalar], _ origins: [Int], into result: inout TokenizedText) {
        let wordRange = origins[0]..<origins[origins.count - 1] + 1
        guard word.count <= Self.maxCharactersPerWord else {
            return append(unknownID, "[UNK]", wordRange, to: &result)
        }
        var pieces: [(id: Int32, text: String, range: Range<Int>)] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var match: (id: Int32, text: String)?
            while start < end {
                var candidate = String(String.UnicodeScalarView(word[start..<end]))
                if start > 0 { candidate = "##" + candidate }
                if let id = vocabulary[candidate] {
                    match = (id, candidate)
                    break
                }
                end -= 1
            }
            guard let match else { return append(unknownID, "[UNK]", wordRange, to: &result) }
            pieces.append((match.id, match.text, origins[start]..<origins[end - 1] + 1))
            start = end
        }
        for piece in pieces { append(piece.id, piece.text, piece.range, to: &result) }
    }

    private func append(_ id: Int32, _ piece: String, _ range: Range<Int>, to result: inout TokenizedText) {
        result.ids.append(id)
        result.pieces.append(piece)
        result.ranges.append(range)
    }

    /// ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~ (BERT counts them all,
    /// though $ + < = > ^ ` | ~ are not Unicode punctuation).
    static func isASCIIPunctuation(_ value: UInt32) -> Bool {
        (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value)
    }

    /// Unicode categories P* (and the ASCII set).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIPunctuation(scalar.value) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// Unicode categories C* (Cc, Cf, Cn, Co, Cs), except \t \n \r.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT splits into single characters (not Hangul or kana).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}

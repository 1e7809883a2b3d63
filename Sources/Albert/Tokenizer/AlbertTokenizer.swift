import Foundation

/// Text split into ALBERT tokens, each with the range of original Unicode scalars it covers
/// (Python string indices; empty for a lone "▁" piece, placed where the next word starts).
public struct TokenizedText: Sendable, Equatable {
    public var ids: [Int32] = []
    public var pieces: [String] = []
    public var ranges: [Range<Int>] = []

    public var count: Int { ids.count }
}

/// HF's AlbertTokenizer (sentencepiece, do_lower_case, remove_space, keep_accents = false)
/// with character offsets: same pieces and ids as transformers, plus where each token came from.
public final class AlbertTokenizer: Sendable {
    public let sentencePiece: SentencePieceProcessor
    public let clsID: Int32
    public let sepID: Int32
    public let padID: Int32
    private let preprocessor = TextPreprocessor()
    private let commaID: Int32

    public init(modelURL: URL) throws {
        let processor = try SentencePieceProcessor(modelURL: modelURL)
        let unknown = processor.unknownID
        func special(_ piece: String) throws -> Int32 {
            let id = processor.id(of: piece)
            guard id != unknown else { throw AlbertError.file(modelURL, .missingSentencePiece(piece)) }
            return id
        }
        sentencePiece = processor
        clsID = try special("[CLS]")
        sepID = try special("[SEP]")
        padID = try special("<pad>")
        commaID = processor.id(of: ",")
    }

    /// Tokenises `text` exactly as AlbertTokenizer.tokenize + convert_tokens_to_ids.
    public func tokenize(_ text: String) -> TokenizedText {
        let prepared = preprocessor.process(text)
        var utf8 = String.UnicodeScalarView()
        utf8.append(contentsOf: prepared.scalars)
        let preparedText = String(utf8)
        let scalarAtByte = Self.scalarIndexByByte(prepared.scalars)

        var result = TokenizedText()
        for piece in sentencePiece.encode(preparedText) {
            let lower = scalarAtByte[min(piece.utf8Range.lowerBound, scalarAtByte.count - 1)]
            let upper = scalarAtByte[min(piece.utf8Range.upperBound, scalarAtByte.count - 1)]
            if let split = splitDigitComma(piece, scalars: lower..<upper, prepared: prepared) {
                for part in split { appendToken(part.id, part.text, part.scalars, prepared, to: &result) }
            } else {
                appendToken(piece.id, piece.text, lower..<upper, prepared, to: &result)
            }
        }
        return result
    }

    /// `[CLS] question [SEP] context [SEP]` ids and token types, untruncated (HF's pair encoding).
    public func encodePair(question: String, context: String) -> (inputIds: [Int32], tokenTypeIds: [Int32]) {
        let q = tokenize(question).ids
        let c = tokenize(context).ids
        let ids = [clsID] + q + [sepID] + c + [sepID]
        let types = [Int32](repeating: 0, count: q.count + 2) + [Int32](repeating: 1, count: c.count + 1)
        return (ids, types)
    }

    /// HF splits a piece ending in digit + "," (e.g. "▁1973,") into the encoding of its digits and a ",".
    private func splitDigitComma(
        _ piece: SentencePieceProcessor.Piece, scalars: Range<Int>, prepared: TextPreprocessor.Output
    ) -> [(id: Int32, text: String, scalars: Range<Int>)]? {
        let characters = Array(piece.text.unicodeScalars)
        guard characters.count > 1, characters.last == ",", Self.isPythonDigit(characters[characters.count - 2]) else {
            return nil
        }
        let body = String(String.UnicodeScalarView(characters.dropLast())).replacingOccurrences(of: "▁", with: "")
        var parts = sentencePiece.encode(body).map { (id: $0.id, text: $0.text, bytes: $0.utf8Range) }
        if characters.first != "▁", let first = parts.first, first.text.hasPrefix("▁") {
            if first.text == "▁" {
                parts.removeFirst()
            } else {
                let stripped = String(first.text.dropFirst())
                parts[0] = (sentencePiece.id(of: stripped), stripped, first.bytes)
            }
        }
        // The body's scalars start at the first non-space scalar of the piece and end before the comma.
        var base = scalars.lowerBound
        while base < scalars.upperBound, prepared.scalars[base] == " " { base += 1 }
        let commaIndex = max(base, scalars.upperBound - 1)
        let scalarAtByte = Self.scalarIndexByByte(Array(body.unicodeScalars))
        var result = parts.map { part -> (id: Int32, text: String, scalars: Range<Int>) in
            let lo = min(base + scalarAtByte[min(part.bytes.lowerBound, scalarAtByte.count - 1)], commaIndex)
            let hi = min(base + scalarAtByte[min(part.bytes.upperBound, scalarAtByte.count - 1)], commaIndex)
            return (part.id, part.text, lo..<max(lo, hi))
        }
        result.append((commaID, ",", commaIndex..<min(commaIndex + 1, scalars.upperBound)))
        return result
    }

    private func appendToken(
        _ id: Int32, _ text: String, _ scalars: Range<Int>, _ prepared: TextPreprocessor.Output,
        to result: inout TokenizedText
    ) {
        // Map to original scalars, leaving out the whitespace that a leading "▁" stands for.
        var lower = scalars.lowerBound
        while lower < scalars.upperBound, prepared.scalars[lower] == " " { lower += 1 }
        let range: Range<Int>
        if lower < scalars.upperBound {
            range = prepared.origins[lower].lowerBound..<prepared.origins[scalars.upperBound - 1].upperBound
        } else if scalars.upperBound < prepared.origins.count {
            let next = prepared.origins[scalars.upperBound].lowerBound
            range = next..<next
        } else {
            let end = prepared.origins.last?.upperBound ?? 0
            range = end..<end
        }
        result.ids.append(id)
        result.pieces.append(text)
        result.ranges.append(range)
    }

    /// For each UTF-8 byte offset of the text (and its end), the index of the scalar there:
    /// sentencepiece reports byte ranges, offsets are kept in scalars.
    static func scalarIndexByByte(_ scalars: [Unicode.Scalar]) -> [Int] {
        var result = [Int]()
        result.reserveCapacity(scalars.count * 2 + 1)
        for (index, scalar) in scalars.enumerated() {
            for _ in 0..<UTF8.width(scalar) { result.append(index) }
        }
        result.append(scalars.count)
        return result
    }

    /// Python's `str.isdigit`.
    static func isPythonDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.numericType {
        case .decimal?, .digit?: return true
        default: return false
        }
    }
}

import Foundation

/// GPT-2's byte-level alphabet and word split, as `tokenizers`' ByteLevel pre-tokenizer.
enum ByteLevel {
    /// The scalar standing for each byte: printable Latin-1 bytes stand for themselves, the
    /// others for U+0100 onwards, in order (`bytes_char`).
    static let scalarForByte: [Unicode.Scalar] = {
        var printable = Set<UInt32>()
        printable.formUnion(33...126)
        printable.formUnion(161...172)
        printable.formUnion(174...255)
        var next: UInt32 = 256
        return (0..<256).map { byte -> Unicode.Scalar in
            if printable.contains(UInt32(byte)) { return Unicode.Scalar(UInt32(byte))! }
            defer { next += 1 }
            return Unicode.Scalar(next)!
        }
    }()

    /// Each scalar replaced by the byte scalars of its UTF-8, which inherit its origin.
    static func mapBytes(_ piece: NormalizedText) -> NormalizedText {
        var piece = piece
        piece.map { scalar, output in
            if scalar.isASCII {
                output.append(scalarForByte[Int(scalar.value)])
            } else {
                for byte in String(scalar).utf8 { output.append(scalarForByte[Int(byte)]) }
            }
        }
        return piece
    }

    /// The matches of GPT-2's pattern, which cover the whole text:
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    static func gpt2Split(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        enum Kind { case letter, number, space, other }
        func kind(_ scalar: Unicode.Scalar) -> Kind {
            if scalar.isASCII {
                let value = scalar.value
                if (65...90).contains(value) || (97...122).contains(value) { return .letter }
                if (48...57).contains(value) { return .number }
                if value == 32 || (9...13).contains(value) { return .space }
                return .other
            }
            if scalar.properties.isWhitespace { return .space }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
            case .decimalNumber, .letterNumber, .otherNumber: return .number
            default: return .other
            }
        }
        let kinds = scalars.map(kind)
        let count = scalars.count
        var result: [Range<Int>] = []
        var index = 0
        func run(from start: Int, _ wanted: Kind) -> Int {
            var end = start
            while end < count, kinds[end] == wanted { end += 1 }
            return end
        }
        while index < count {
            // Contractions.
            if scalars[index] == "'", index + 1 < count {
                let next = scalars[index + 1]
                if next == "s" || next == "t" || next == "m" || next == "d" {
                    result.append(index..<index + 2)
                    index += 2
                    continue
                }
                if index + 2 < count {
                    let pair = (next, scalars[index + 2])
                    if pair == ("r", "e") || pair == ("v", "e") || pair == ("l", "l") {
                        result.append(index..<index + 3)
                        index += 3
                        continue
                    }
                }
            }
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`.
            let start = scalars[index] == " " && index + 1 < count && kinds[index + 1] != .space ? index + 1 : index
            let startKind = kinds[start]
            if startKind != .space {
                let end = run(from: start, startKind)
                result.append(index..<end)
                index = end
                continue
            }
            // `\s+(?!\S)` then `\s+`.
            let end = run(from: index, .space)
            if end < count, end - index > 1 {
                result.append(index..<end - 1)
                index = end - 1
            } else {
                result.append(index..<end)
                index = end
            }
        }
        return result
    }
}

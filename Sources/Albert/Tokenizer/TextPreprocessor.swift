import Foundation

/// HF AlbertTokenizer's `preprocess_text` (remove_space, `` and '' → ", NFKD without combining
/// marks, lowercase), done one Unicode scalar at a time so that every output scalar remembers
/// which scalars of the original text it came from.
struct TextPreprocessor {
    /// The preprocessed text and, for each of its scalars, the range of original scalars it
    /// stands for (a space joining two words stands for the whole whitespace run).
    struct Output {
        var scalars: [Unicode.Scalar] = []
        var origins: [Range<Int>] = []

        mutating func append(_ scalar: Unicode.Scalar, from origin: Range<Int>) {
            scalars.append(scalar)
            origins.append(origin)
        }
    }

    var lowercase = true

    func process(_ text: String) -> Output {
        let collapsed = collapseWhitespace(Array(text.unicodeScalars))
        let quoted = replaceDoubledQuotes(collapsed)
        var output = Output()
        output.scalars.reserveCapacity(quoted.scalars.count)
        output.origins.reserveCapacity(quoted.scalars.count)
        for (scalar, origin) in zip(quoted.scalars, quoted.origins) {
            if scalar.isASCII {
                let lowered = lowercase && scalar.properties.isUppercase
                    ? Unicode.Scalar(scalar.value + 32)! : scalar
                output.append(lowered, from: origin)
                continue
            }
            for decomposed in String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars
            where decomposed.properties.canonicalCombiningClass == .notReordered {
                if lowercase {
                    for lowered in decomposed.properties.lowercaseMapping.unicodeScalars {
                        output.append(lowered, from: origin)
                    }
                } else {
                    output.append(decomposed, from: origin)
                }
            }
        }
        return output
    }

    /// `" ".join(text.strip().split())` with Python's notion of whitespace.
    private func collapseWhitespace(_ scalars: [Unicode.Scalar]) -> Output {
        var output = Output()
        var index = 0
        var pendingSpace: Range<Int>?
        while index < scalars.count {
            if Self.isPythonWhitespace(scalars[index]) {
                let start = index
                while index < scalars.count, Self.isPythonWhitespace(scalars[index]) { index += 1 }
                pendingSpace = start..<index
                continue
            }
            if let space = pendingSpace, !output.scalars.isEmpty {
                output.append(" ", from: space)
            }
            pendingSpace = nil
            output.append(scalars[index], from: index..<index + 1)
            index += 1
        }
        return output
    }

    /// `.replace("``", '"').replace("''", '"')`.
    private func replaceDoubledQuotes(_ input: Output) -> Output {
        var current = input
        for mark in ["`", "'"] as [Unicode.Scalar] {
            var output = Output()
            var i = 0
            while i < current.scalars.count {
                if current.scalars[i] == mark, i + 1 < current.scalars.count, current.scalars[i + 1] == mark {
                    output.append("\"", from: current.origins[i].lowerBound..<current.origins[i + 1].upperBound)
                    i += 2
                } else {
                    output.append(current.scalars[i], from: current.origins[i])
                    i += 1
                }
            }
            current = output
        }
        return current
    }

    /// Python's `str.isspace` (what `str.split()` splits on).
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}

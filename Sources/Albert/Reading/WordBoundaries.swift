/// Where a text's words begin and end, so that an answer never starts or ends inside a word.
///
/// Sentencepiece cuts words into pieces (`▁kenya` `tta`), and the model's best start or end is
/// sometimes a piece in the middle of a word: `tta`, `uru Kenyatta`, `barra` from
/// Fitzgerald-Ibarra, `procps@freelists` without its `.org`. A position between two scalars is
/// *inside a word* when both are word scalars (letters, digits, combining marks), or when a
/// joiner — `.` `,` `@` `:` `_` and apostrophes — sits between word scalars (`3.5`, `1,000`,
/// `freelists.org`, `O'Brien`). A possessive `'s` is not joined: "Kenyatta" may end before
/// "'s". Hyphens and dashes separate words ("Fitzgerald" and "Ibarra" are both whole words),
/// as the SQuAD normalisation's punctuation removal treats them as non-word characters too.
public struct WordBoundaries: Sendable {
    private let scalars: [Unicode.Scalar]

    public init(_ text: String) { scalars = Array(text.unicodeScalars) }
    public init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", ",", "@", ":", "_", "'", "\u{2019}": return true
        default: return false
        }
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool { scalar == "'" || scalar == "\u{2019}" }

    private func isWord(_ index: Int) -> Bool { index >= 0 && index < scalars.count && Self.isWordScalar(scalars[index]) }

    /// A joiner at `index` with word scalars on both sides, other than a possessive "'s".
    private func joinsWords(_ index: Int) -> Bool {
        guard index > 0, index + 1 < scalars.count, Self.isJoiner(scalars[index]), isWord(index - 1), isWord(index + 1) else {
            return false
        }
        if Self.isApostrophe(scalars[index]), scalars[index + 1] == "s" || scalars[index + 1] == "S", !isWord(index + 2) {
            return false
        }
        return true
    }

    /// Is the position between scalars `position - 1` and `position` inside a word?
    public func isInsideWord(_ position: Int) -> Bool {
        guard position > 0, position < scalars.count else { return false }
        if isWord(position - 1) && isWord(position) { return true }
        return joinsWords(position) || joinsWords(position - 1)
    }

    /// For tokens with these character ranges: which may start a span, which may end one.
    /// A token with an empty range (a lone "▁") does neither: the next token starts the word.
    public func allowedStartsAndEnds(_ ranges: [Range<Int>]) -> (starts: [Bool], ends: [Bool]) {
        (ranges.map { !$0.isEmpty && !isInsideWord($0.lowerBound) }, ranges.map { !$0.isEmpty && !isInsideWord($0.upperBound) })
    }

    /// `range` without the whitespace and punctuation around it, as SQuAD's normalisation drops
    /// them (`(1856)` → `1856`, `Nairobi,` → `Nairobi`), keeping what belongs to the answer: a
    /// closing bracket or quote whose opening one is inside, the final dot of an abbreviation
    /// (`U.S.`), and symbols that carry meaning (`$`, `%`, `#`, `+`). Nil when nothing is left.
    public func trimmed(_ range: Range<Int>) -> Range<Int>? {
        var lower = max(0, range.lowerBound)
        var upper = min(scalars.count, range.upperBound)
        var changed = true
        while changed, lower < upper {
            changed = false
            let first = scalars[lower], last = scalars[upper - 1]
            // A span wrapped in a pair — "(1856)", “The Simpsons” — loses both.
            if upper - lower >= 2, let closing = Self.closing[first], last == closing {
                lower += 1
                upper -= 1
                changed = true
                continue
            }
            // An opening bracket or quote stays when its closing one is inside the span.
            if Self.isTrimmable(first), !(Self.closing[first].map { scalars[(lower + 1)..<upper].contains($0) } ?? false) {
                lower += 1
                changed = true
            }
            guard lower < upper else { break }
            let end = scalars[upper - 1]
            // A closing one stays when its opening one is inside ("10 July [O.S. 28 June]").
            let opened = Self.opening[end].map { scalars[lower..<(upper - 1)].contains($0) } ?? false
            // "U.S.", "a.m.": a dot right after a single letter that follows a dot.
            let abbreviation = end == "." && upper - 3 >= lower && isWord(upper - 2) && scalars[upper - 3] == "."
            if Self.isTrimmable(end), !opened, !abbreviation {
                upper -= 1
                changed = true
            }
        }
        return lower < upper ? lower..<upper : nil
    }

    static let closing: [Unicode.Scalar: Unicode.Scalar] = [
        "(": ")", "[": "]", "{": "}", "\"": "\"", "\u{201C}": "\u{201D}", "\u{2018}": "\u{2019}", "\u{AB}": "\u{BB}", "'": "'",
    ]
    static let opening: [Unicode.Scalar: Unicode.Scalar] = Dictionary(uniqueKeysWithValues: closing.map { ($1, $0) })

    /// Whitespace and the punctuation that separates words; symbols such as `$ % # + & *` stay.
    static func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return true }
        switch scalar.properties.generalCategory {
        case .otherPunctuation:
            return !["%", "#", "&", "*", "@", "\u{2030}"].contains(scalar)
        case .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .dashPunctuation, .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}

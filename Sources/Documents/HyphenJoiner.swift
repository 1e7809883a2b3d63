/// Words hyphenated at line ends in PDF text ("im-\nportant"), rejoined where the document
/// itself says how: a soft hyphen (U+00AD) is always a break; "im" + "portant" is joined when
/// "important" is a word elsewhere in the document; "well-\nknown" becomes "well-known" when
/// that compound occurs elsewhere; otherwise the hyphen and the line break stay, since
/// guessing wrong would glue a real compound ("sugar-\nfree") or split a word's search.
/// Without this, search finds neither "important" nor "portant" at such a break.
///
/// The line break is not lost: it moves to the end of the joined word (replacing the space
/// after it), so a form feed that followed the hyphen (the word was cut by a page end) still
/// follows the word, and every page keeps its number; the word counts as being on the page
/// where it starts. Offsets are those of the joined text, which is what is indexed.
public enum HyphenJoiner {
    public struct Result: Sendable, Equatable {
        public var text: String
        /// Breaks rejoined into one word ("important"), into a compound ("well-known"), and
        /// left as they were.
        public var joined = 0
        public var joinedAsCompound = 0
        public var kept = 0
    }

    public static func join(_ text: String) -> Result {
        let s = Array(text.unicodeScalars)
        guard s.contains(where: isHyphen) else { return Result(text: text) }
        let (words, compounds) = vocabulary(s)
        let stems = Set(words.keys.map(stem))
        var result = Result(text: "")
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let scalar = s[i]
            guard isHyphen(scalar), i > 0, isWordScalar(s[i - 1]), let next = breakEnd(s, hyphen: i), next < s.count, isWordScalar(s[next]) else {
                out.append(scalar)
                i += 1
                continue
            }
            let (prefixStart, compoundStart) = lastWordStarts(out)
            var suffixEnd = next
            while suffixEnd < s.count, isWordScalar(s[suffixEnd]) { suffixEnd += 1 }
            let prefix = key(out[prefixStart...]), suffix = key(s[next..<suffixEnd])
            let compound = key(out[compoundStart...].map { isHyphen($0) ? "-" : $0 }) + "-" + suffix
            let asWord = words[prefix + suffix] ?? (stems.contains(stem(prefix + suffix)) ? 1 : 0)
            let asCompound = compounds[compound, default: 0]
            let soft = scalar == "\u{AD}"
            guard soft || asWord > 0 || asCompound > 0 else {
                result.kept += 1
                out.append(scalar)
                i += 1
                continue
            }
            if !soft, asCompound >= asWord {
                out.append("-")
                result.joinedAsCompound += 1
            } else {
                result.joined += 1
            }
            i = appendRestOfWord(s, hyphen: i, next: next, to: &out)
        }
        var joined = String.UnicodeScalarView()
        joined.append(contentsOf: out)
        result.text = String(joined)
        return result
    }

    /// Where the word that `out` ends with starts, and where the compound it ends ("well-kn")
    /// starts.
    static func lastWordStarts(_ out: [Unicode.Scalar]) -> (word: Int, compound: Int) {
        var prefixStart = out.count
        while prefixStart > 0, isWordScalar(out[prefixStart - 1]) { prefixStart -= 1 }
        var compoundStart = prefixStart
        while compoundStart > 1, isHyphen(out[compoundStart - 1]), isWordScalar(out[compoundStart - 2]) {
            compoundStart -= 1
            while compoundStart > 0, isWordScalar(out[compoundStart - 1]) { compoundStart -= 1 }
        }
        return (prefixStart, compoundStart)
    }

    /// Joins a break: the word's rest (and any punctuation after it), from `next`, joins the
    /// line; the line break (and form feed) between `hyphen` and `next` goes after it, in place
    /// of the space that followed. Returns where reading goes on.
    static func appendRestOfWord(_ s: [Unicode.Scalar], hyphen: Int, next: Int, to out: inout [Unicode.Scalar]) -> Int {
        let separator = s[(hyphen + 1)..<next].filter { $0 != " " && $0 != "\t" }
        var j = next
        while j < s.count, !s[j].properties.isWhitespace, !isHyphen(s[j]) || isWordScalar(s[j - 1]) && j + 1 < s.count && isWordScalar(s[j + 1]) {
            out.append(s[j])
            j += 1
        }
        if j < s.count, s[j] == " " || s[j] == "\t" {
            out += separator
            j += 1
        } else if separator.contains("\u{0C}") {
            out += separator  // never a page lost; at worst an empty line after the form feed
        }
        return j
    }

    /// Hyphen-minus, the soft hyphen pdftotext keeps from the PDF, and U+2010 HYPHEN.
    static func isHyphen(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "\u{AD}" || scalar == "\u{2010}"
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Where the next line's text starts when the hyphen at `hyphen` ends a line: after
    /// spaces, one line feed and a form feed (a page end); nil when the hyphen is inside a line.
    static func breakEnd(_ s: [Unicode.Scalar], hyphen: Int) -> Int? {
        var j = hyphen + 1
        while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
        guard j < s.count, s[j] == "\n" else { return nil }
        j += 1
        if j < s.count, s[j] == "\u{0C}" { j += 1 }
        return j
    }

    /// A word without its inflection ("organizations", "organized" → "organiz"), so that a
    /// break is rejoined when another form of the word occurs: the document that breaks
    /// "organiza-\ntions" often writes "organization" elsewhere, never "organizations".
    /// Measured on 8 PDFs of Wikipedia excerpts (12 kB each) laid out by groff's hyphenation
    /// (`Scripts/hyphen-pdfs.py`): of 803 line-end breaks, the exact word rejoined 415, with
    /// its other forms 494; no join made a token that is not a word of the source.
    static func stem(_ word: String) -> String {
        for suffix in inflections where word.hasSuffix(suffix) && word.count - suffix.count >= 4 {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    /// Longest first, so "ings" is taken before "s".
    static let inflections = ["ations", "ation", "ings", "ing", "ions", "ion", "ies", "ied", "ers", "er", "ed", "es", "ly", "al", "s", "e", "y"]

    static func key<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view).lowercased()
    }

    /// How often each word (letters and digits) and each hyphenated compound within one line
    /// occurs in the text, lower-cased. A word split at a line end counts as its two halves.
    static func vocabulary(_ s: [Unicode.Scalar]) -> (words: [String: Int], compounds: [String: Int]) {
        var words: [String: Int] = [:]
        var compounds: [String: Int] = [:]
        var i = 0
        while i < s.count {
            guard isWordScalar(s[i]) else {
                i += 1
                continue
            }
            let start = i
            var hyphens = 0
            while i < s.count {
                let wordStart = i
                while i < s.count, isWordScalar(s[i]) { i += 1 }
                words[key(s[wordStart..<i]), default: 0] += 1
                guard i + 1 < s.count, isHyphen(s[i]), isWordScalar(s[i + 1]) else { break }
                hyphens += 1
                i += 1
            }
            if hyphens > 0 {
                compounds[key(s[start..<i].map { isHyphen($0) ? "-" : $0 }), default: 0] += 1
            }
        }
        return (words, compounds)
    }
}

/// Readable text from HTML: tags dropped, `<script>`/`<style>` and comments removed, entities
/// decoded, block elements turned into paragraph breaks, and runs of whitespace collapsed as a
/// browser would. Headings (h1–h6) and the `<title>` are kept aside as well, for the index's
/// title and section columns.
public enum HTMLText {
    static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl",
        "title", "nav", "aside", "main", "figure", "figcaption", "form", "td", "th", "caption",
    ]
    /// The elements `HTMLTableCollector` follows.
    static let tableElements: Set<String> = ["table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption"]
    static let hiddenElements: Set<String> = ["script", "style", "noscript", "template", "svg"]

    static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    public static func extract(_ html: String) -> String { extractStructured(html).text }

    /// The text with its `<title>` and headings (offsets into the text). `titleInText` false:
    /// the `<title>` is only the result's title, not a line of its text nor a heading (an
    /// EPUB chapter's title pasted into the book's body repeated the book's name ten times,
    /// once mid-sentence).
    public static func extractStructured(_ html: String, titleInText: Bool = true) -> StructuredText {
        var extraction = Extraction(html, titleInText: titleInText)
        return extraction.run()
    }

    /// The number in `name="3"` (or `name=3`) among a tag's attributes, ASCII case-insensitive.
    static func numberAttribute(_ name: String, in s: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
        let needle = Array(name.unicodeScalars)
        var k = range.lowerBound
        while k + needle.count <= range.upperBound {
            var m = 0
            while m < needle.count, asciiLowercased(s[k + m]) == needle[m] { m += 1 }
            if m == needle.count {
                var p = k + m
                while p < range.upperBound, s[p] == " " || s[p] == "=" || s[p] == "\"" || s[p] == "'" { p += 1 }
                var value = 0
                var digits = 0
                while p < range.upperBound, digits < 6, let digit = Int(String(s[p])), ("0"..."9").contains(s[p]) {
                    value = value * 10 + digit
                    digits += 1
                    p += 1
                }
                return digits > 0 ? value : nil
            }
            k += 1
        }
        return nil
    }

    static func headingLevel(_ name: String) -> Int? {
        guard name.count == 2, name.hasPrefix("h"), let digit = Int(name.dropFirst()), (1...6).contains(digit) else { return nil }
        return digit
    }

    /// Bytes of literal text made safe to embed in HTML.
    static func escaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            default: out.append(byte)
            }
        }
        return out
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ndash": "–",
        "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "copy": "©", "reg": "®", "trade": "™", "deg": "°", "eacute": "é", "egrave": "è", "agrave": "à",
        "aacute": "á", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "ccedil": "ç", "euro": "€",
        "pound": "£", "yen": "¥", "middot": "·", "times": "×", "divide": "÷", "laquo": "«", "raquo": "»",
        "bull": "•", "para": "¶", "sect": "§", "frac12": "½", "iexcl": "¡", "iquest": "¿", "ntilde": "ñ",
        "oacute": "ó", "iacute": "í", "uacute": "ú", "shy": "\u{AD}", "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}",
    ]

    /// Decodes `&name;`, `&#123;` or `&#x1F600;` starting at `index`.
    static func decodeEntity(_ s: [Unicode.Scalar], at index: Int) -> (String, Int)? {
        var j = index + 1
        var body = ""
        while j < s.count, j - index <= 32, s[j] != ";" {
            guard s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) || s[j] == "#" else { return nil }
            body.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == ";", !body.isEmpty else { return nil }
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value = digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
            return (String(scalar), j + 1)
        }
        guard let decoded = namedEntities[body] ?? latin1Entities[body] ?? namedEntities[body.lowercased()] else { return nil }
        return (decoded, j + 1)
    }
}

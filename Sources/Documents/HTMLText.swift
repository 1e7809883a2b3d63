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
        let s = Array(html.unicodeScalars)
        var headings: [DocumentHeading] = []
        var title: String?
        // The element whose text is being watched (a heading level, or 0 for <title>), and
        // where its text starts in `out` once its first visible character arrives.
        var watched: (level: Int, start: Int?)?
        // Scalars collected in an array: appending to a String.UnicodeScalarView captured by
        // the nested function below copied the whole text on every append.
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var pendingSpace = false
        var pendingBreak = false
        var tables = HTMLTableCollector(rowBudget: max(1 << 20, 8 * s.count))
        var hiddenTitle: [Unicode.Scalar] = []
        var i = 0

        func emit(_ scalar: Unicode.Scalar) {
            if !titleInText, watched?.level == 0 {
                hiddenTitle.append(scalar)
                return
            }
            // HTML collapses ASCII whitespace only; a no-break space stays.
            if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}" {
                pendingSpace = true
                return
            }
            if pendingBreak, !out.isEmpty {
                out.append("\n")
                out.append("\n")
            } else if pendingSpace, !out.isEmpty, out.last != "\n" {
                out.append(" ")
            }
            pendingBreak = false
            pendingSpace = false
            if watched != nil, watched?.start == nil { watched?.start = out.count }
            out.append(scalar)
        }

        func closeWatched() {
            guard let open = watched else { return }
            watched = nil
            if !titleInText, open.level == 0 {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: hiddenTitle)
                let value = String(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if title == nil, !value.isEmpty { title = value }
                return
            }
            guard let start = open.start else { return }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: out[start...])
            let value = String(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !value.isEmpty else { return }
            if open.level == 0 {
                // The title is shown as the text's first line; as a top heading it opens the
                // section that the page's own headings then refine.
                if title == nil { title = value }
                headings.append(DocumentHeading(offset: start, level: 1, text: value))
            } else {
                headings.append(DocumentHeading(offset: start, level: open.level, text: value))
            }
        }

        func lowercasedName(from start: Int) -> (String, Int) {
            var j = start
            var name = ""
            while j < s.count, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) || s[j] == "-" {
                name.unicodeScalars.append(s[j])
                j += 1
            }
            return (name.lowercased(), j)
        }

        /// Does `needle` (ASCII, any case) stand at `position`?
        func matches(_ needle: [Unicode.Scalar], at position: Int) -> Bool {
            guard position + needle.count <= s.count else { return false }
            var k = 0
            while k < needle.count, asciiLowercased(s[position + k]) == needle[k] { k += 1 }
            return k == needle.count
        }

        /// ASCII case-insensitive search (the needles are tag names and comment marks).
        func find(_ needle: String, from start: Int) -> Int? {
            let n = needle.unicodeScalars.map(asciiLowercased)
            var j = start
            while j + n.count <= s.count {
                if matches(n, at: j) { return j }
                j += 1
            }
            return nil
        }
        let commentOpen = Array("<!--".unicodeScalars)

        while i < s.count {
            let c = s[i]
            if c == "<" {
                if matches(commentOpen, at: i) {
                    i = (find("-->", from: i + 4).map { $0 + 3 }) ?? s.count
                    continue
                }
                // As in HTML's tokenizer, "<" opens markup only before a letter ("<p", "</p"),
                // "!" or "?"; otherwise it is text: "is <5 degrees", "a < b", "<3".
                let closing = i + 1 < s.count && s[i + 1] == "/"
                let nameStart = i + (closing ? 2 : 1)
                let opensMarkup = nameStart < s.count
                    && (isASCIILetter(s[nameStart]) || (!closing && (s[nameStart] == "!" || s[nameStart] == "?")))
                guard opensMarkup else {
                    emit(c)
                    i += 1
                    continue
                }
                let (name, afterName) = lowercasedName(from: nameStart)
                // Skip to the end of the tag, respecting quoted attribute values.
                var j = afterName
                var quote: Unicode.Scalar?
                while j < s.count {
                    if let q = quote {
                        if s[j] == q { quote = nil }
                    } else if s[j] == "\"" || s[j] == "'" {
                        quote = s[j]
                    } else if s[j] == ">" {
                        break
                    }
                    j += 1
                }
                i = min(j + 1, s.count)
                if !closing, hiddenElements.contains(name) {
                    // Skip the element's content up to its closing tag.
                    i = (find("</\(name)", from: i).map { end in (find(">", from: end) ?? s.count - 1) + 1 }) ?? s.count
                    continue
                }
                if blockElements.contains(name) { pendingBreak = true }
                if tableElements.contains(name) {
                    if name == "table", closing { closeWatched() }
                    let colspan = closing ? 1 : Self.numberAttribute("colspan", in: s, afterName..<min(j, s.count)) ?? 1
                    if tables.handle(name, closing: closing, colspan: colspan, out: &out, headings: &headings) {
                        pendingBreak = true
                        pendingSpace = false
                    }
                    continue
                }
                let level = Self.headingLevel(name)
                if level != nil || name == "title" {
                    // A heading's or the title's text is the text up to its closing tag (an
                    // unclosed one ends at the next heading).
                    closeWatched()
                    if !closing, !(j > 0 && j - 1 < s.count && s[j - 1] == "/") { watched = (level ?? 0, nil) }
                }
                continue
            }
            if c == "&" {
                if let (decoded, next) = decodeEntity(s, at: i) {
                    for scalar in decoded.unicodeScalars { emit(scalar) }
                    i = next
                    continue
                }
            }
            emit(c)
            i += 1
        }
        closeWatched()
        _ = tables.finish(out: &out, headings: &headings)
        var text = String.UnicodeScalarView()
        text.append(contentsOf: out)
        return StructuredText(text: String(text), title: title, headings: headings)
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

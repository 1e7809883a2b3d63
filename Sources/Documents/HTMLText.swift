/// Readable text from HTML: tags dropped, `<script>`/`<style>` and comments removed, entities
/// decoded, block elements turned into paragraph breaks, and runs of whitespace collapsed as a
/// browser would.
public enum HTMLText {
    static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl",
        "title", "nav", "aside", "main", "figure", "figcaption", "form", "td", "th",
    ]
    static let hiddenElements: Set<String> = ["script", "style", "noscript", "template", "svg"]

    static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    public static func extract(_ html: String) -> String {
        let s = Array(html.unicodeScalars)
        // Scalars collected in an array: appending to a String.UnicodeScalarView captured by
        // the nested function below copied the whole text on every append.
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var pendingSpace = false
        var pendingBreak = false
        var i = 0

        func emit(_ scalar: Unicode.Scalar) {
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
            out.append(scalar)
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
        var text = String.UnicodeScalarView()
        text.append(contentsOf: out)
        return String(text)
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
        guard let decoded = namedEntities[body] ?? namedEntities[body.lowercased()] else { return nil }
        return (decoded, j + 1)
    }
}

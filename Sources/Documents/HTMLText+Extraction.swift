extension HTMLText {
    /// One pass over a page's scalars, `HTMLText.extractStructured`'s state: the text written
    /// so far, the whitespace waiting to be written, the heading or `<title>` being watched,
    /// and the tables being read.
    struct Extraction {
        static let commentOpen = Array("<!--".unicodeScalars)

        let s: [Unicode.Scalar]
        let titleInText: Bool
        var headings: [DocumentHeading] = []
        var title: String?
        /// The element whose text is being watched (a heading level, or 0 for <title>), and
        /// where its text starts in `out` once its first visible character arrives.
        var watched: (level: Int, start: Int?)?
        /// Scalars collected in an array: appending to a String.UnicodeScalarView captured by
        /// a nested function copied the whole text on every append.
        var out: [Unicode.Scalar] = []
        var pendingSpace = false
        var pendingBreak = false
        var tables: HTMLTableCollector
        var hiddenTitle: [Unicode.Scalar] = []
        /// The next scalar to read.
        var i = 0

        init(_ html: String, titleInText: Bool) {
            s = Array(html.unicodeScalars)
            self.titleInText = titleInText
            out.reserveCapacity(s.count)
            tables = HTMLTableCollector(rowBudget: max(1 << 20, 8 * s.count))
        }

        /// Reads the whole page and returns its text, title and headings.
        mutating func run() -> StructuredText {
            while i < s.count {
                let c = s[i]
                if c == "<" {
                    readMarkup()
                    continue
                }
                if c == "&", let (decoded, next) = HTMLText.decodeEntity(s, at: i) {
                    for scalar in decoded.unicodeScalars { emit(scalar) }
                    i = next
                    continue
                }
                emit(c)
                i += 1
            }
            closeWatched()
            _ = tables.finish(out: &out, headings: &headings)
            var text = String.UnicodeScalarView()
            text.append(contentsOf: out)
            var result = StructuredText(text: String(text), title: title, headings: headings)
            result.tableRows = tables.rowPlaces
            return result
        }

        /// At a "<": skips a comment or a tag (and a hidden element's content), acting on
        /// the block, table, heading and title tags; a "<" that opens no markup is text.
        mutating func readMarkup() {
            if matches(Self.commentOpen, at: i) {
                i = (find("-->", from: i + 4).map { $0 + 3 }) ?? s.count
                return
            }
            // As in HTML's tokenizer, "<" opens markup only before a letter ("<p", "</p"),
            // "!" or "?"; otherwise it is text: "is <5 degrees", "a < b", "<3".
            let closing = i + 1 < s.count && s[i + 1] == "/"
            let nameStart = i + (closing ? 2 : 1)
            let opensMarkup = nameStart < s.count
                && (HTMLText.isASCIILetter(s[nameStart]) || (!closing && (s[nameStart] == "!" || s[nameStart] == "?")))
            guard opensMarkup else {
                emit(s[i])
                i += 1
                return
            }
            let (name, afterName) = lowercasedName(from: nameStart)
            let tagEnd = endOfTag(from: afterName)
            i = min(tagEnd + 1, s.count)
            if !closing, HTMLText.hiddenElements.contains(name) {
                // Skip the element's content up to its closing tag.
                i = (find("</\(name)", from: i).map { end in (find(">", from: end) ?? s.count - 1) + 1 }) ?? s.count
                return
            }
            if HTMLText.blockElements.contains(name) { pendingBreak = true }
            if HTMLText.tableElements.contains(name) {
                readTableTag(name, closing: closing, attributes: afterName..<min(tagEnd, s.count))
                return
            }
            let level = HTMLText.headingLevel(name)
            if level != nil || name == "title" {
                // A heading's or the title's text is the text up to its closing tag (an
                // unclosed one ends at the next heading).
                closeWatched()
                let selfClosing = tagEnd > 0 && tagEnd - 1 < s.count && s[tagEnd - 1] == "/"
                if !closing, !selfClosing { watched = (level ?? 0, nil) }
            }
        }

        /// The index of the ">" that ends the tag whose attributes start at `start` (quoted
        /// attribute values respected), or the end of the page.
        func endOfTag(from start: Int) -> Int {
            var j = start
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
            return j
        }

        mutating func readTableTag(_ name: String, closing: Bool, attributes: Range<Int>) {
            if name == "table", closing { closeWatched() }
            let colspan = closing ? 1 : HTMLText.numberAttribute("colspan", in: s, attributes) ?? 1
            if tables.handle(name, closing: closing, colspan: colspan, out: &out, headings: &headings) {
                pendingBreak = true
                pendingSpace = false
            }
        }

        mutating func emit(_ scalar: Unicode.Scalar) {
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

        /// Ends the watched heading or title: its text becomes a heading, or the title.
        mutating func closeWatched() {
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
            while k < needle.count, HTMLText.asciiLowercased(s[position + k]) == needle[k] { k += 1 }
            return k == needle.count
        }

        /// ASCII case-insensitive search (the needles are tag names and comment marks).
        func find(_ needle: String, from start: Int) -> Int? {
            let n = needle.unicodeScalars.map(HTMLText.asciiLowercased)
            var j = start
            while j + n.count <= s.count {
                if matches(n, at: j) { return j }
                j += 1
            }
            return nil
        }
    }
}

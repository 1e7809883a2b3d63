/// An XML file's text content, tags dropped: for data files (feeds, exports, configuration)
/// and document vocabularies (DocBook, TEI, JATS) alike. Each element boundary separates
/// words ("<name>A</name><price>5</price>" is "A 5", not "A5"), a line break between tags in
/// the file (pretty-printed records) is kept, and paragraph-like elements (`para`, `p`,
/// `section`, `item`, HTML's blocks …) become paragraphs. `title`/`head`/`heading` elements
/// are headings, nested by the sections around them; the first is the document's title.
///
/// Safe by construction: no DTD is read (a `<!DOCTYPE … [ … ]>` internal subset is skipped
/// whole), so no entity is ever defined, no external entity fetched and no billion laughs
/// expanded; only the five XML entities and character references are decoded, and unknown
/// `&name;` stays as written. One linear pass (`XMLScanner`).
public enum XMLText {
    static let paragraphElements: Set<String> = HTMLText.blockElements.union([
        "para", "paragraph", "section", "sect1", "sect2", "sect3", "sect4", "chapter", "part", "appendix", "abstract",
        "item", "entry", "record", "row", "note", "listitem", "head", "heading", "caption", "quote", "list", "body",
    ])
    static let headingElements: Set<String> = ["title", "head", "heading"]
    static let sectionElements: Set<String> = [
        "section", "sect1", "sect2", "sect3", "sect4", "sect5", "chapter", "part", "appendix", "div", "article", "book",
    ]

    public static func extract(_ text: String) -> StructuredText {
        let bytes = withoutDocumentTypeDeclaration(Array(text.utf8))
        var extraction = Extraction(capacity: bytes.count)
        XMLScanner.scan(bytes) { extraction.read($0) }
        extraction.closeHeading()
        return StructuredText(text: String(decoding: extraction.out, as: UTF8.self), title: extraction.title, headings: extraction.headings)
    }

    /// `extract`'s state while the file's events go by: the text so far, the space or break
    /// waiting to be written, and the heading being read.
    struct Extraction {
        var out: [UInt8] = []
        var scalarCount = 0  // scalars in `out`, for headings' offsets
        var pendingSpace = false
        // A tag between two words separates them ("A</name><price>5" is "A 5"), but not from
        // punctuation ("<emphasis>word</emphasis>," is "word,").
        var tagSpace = false
        var pendingBreak = 0  // 1: a line break, 2: a paragraph break
        var sectionDepth = 0
        var heading: (level: Int, start: Int, startScalar: Int)?
        var headings: [DocumentHeading] = []
        var title: String?

        init(capacity: Int) {
            out.reserveCapacity(capacity)
        }

        mutating func read(_ event: XMLScanner.Event) {
            switch event {
            case let .text(run):
                let raw = String(decoding: run, as: UTF8.self)
                if raw.allSatisfy(\.isWhitespace) {
                    if raw.contains("\n") { pendingBreak = max(pendingBreak, 1) }
                    pendingSpace = true
                } else {
                    emit(XMLScanner.decodeEntities(raw))
                }
            case let .literal(run):
                emit(String(decoding: run, as: UTF8.self))
            case let .tag(tag):
                readTag(tag)
            }
        }

        /// Tags separate words; paragraph elements break the text, section elements nest the
        /// headings, and a heading element's text becomes a heading.
        mutating func readTag(_ tag: XMLScanner.Tag) {
            let name = tag.localName.lowercased()
            tagSpace = true
            if paragraphElements.contains(name) { pendingBreak = 2 }
            if sectionElements.contains(name), !tag.isSelfClosing {
                sectionDepth = max(0, sectionDepth + (tag.isClosing ? -1 : 1))
            }
            if headingElements.contains(name) {
                closeHeading()
                if !tag.isClosing, !tag.isSelfClosing { heading = (min(max(sectionDepth, 1), 6), -1, 0) }
            }
        }

        mutating func emit(_ run: String) {
            for scalar in run.unicodeScalars {
                if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}" {
                    pendingSpace = true
                    continue
                }
                if !out.isEmpty {
                    if pendingBreak > 0 {
                        out += pendingBreak == 2 ? [0x0A, 0x0A] : [0x0A]
                        scalarCount += pendingBreak
                    } else if pendingSpace || (tagSpace && !XMLText.hugsWords(scalar, after: out.last!)) {
                        out.append(0x20)
                        scalarCount += 1
                    }
                }
                pendingBreak = 0
                pendingSpace = false
                tagSpace = false
                if let open = heading, open.start < 0 { heading = (open.level, out.count, scalarCount) }
                out += scalar.utf8
                scalarCount += 1
            }
        }

        mutating func closeHeading() {
            guard let open = heading else { return }
            heading = nil
            guard open.start >= 0 else { return }
            let value = String(decoding: out[open.start...], as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !value.isEmpty else { return }
            if title == nil { title = value }
            headings.append(DocumentHeading(offset: open.startScalar, level: open.level, text: String(value.prefix(300))))
        }
    }

    /// Punctuation that closes onto the word before it, or a bracket or quote that opened
    /// onto the word after it.
    static func hugsWords(_ scalar: Unicode.Scalar, after previous: UInt8) -> Bool {
        ".,;:!?)]}’”»".unicodeScalars.contains(scalar) || "([{\"'".utf8.contains(previous)
    }

    /// The bytes without `<!DOCTYPE …>` and its internal subset `[ … ]`, whose `<!ENTITY …>`
    /// declarations hold ">" that `XMLScanner` would take for the end of the tag.
    static func withoutDocumentTypeDeclaration(_ bytes: [UInt8]) -> [UInt8] {
        let marker = Array("<!DOCTYPE".utf8)
        guard let start = firstIndex(of: marker, in: bytes, from: 0, limit: 64 << 10) else { return bytes }
        var i = start + marker.count
        var quote: UInt8?
        var inSubset = false
        while i < bytes.count {
            let byte = bytes[i]
            if let q = quote {
                if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                inSubset = true
            } else if byte == UInt8(ascii: "]") {
                inSubset = false
            } else if byte == UInt8(ascii: ">"), !inSubset {
                break
            }
            i += 1
        }
        return Array(bytes[..<start]) + Array(bytes[min(i + 1, bytes.count)...])
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int, limit: Int) -> Int? {
        var i = start
        let end = min(bytes.count, start + limit)
        while i + needle.count <= end {
            if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

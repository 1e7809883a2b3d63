/// A minimal, linear-time scan of XML bytes into tags and text runs: enough for the XML inside
/// office documents and EPUBs (no DTDs, no validation). Declarations, processing instructions
/// and comments are skipped; CDATA is reported as text to be escaped.
struct XMLScanner {
    struct Tag {
        /// The qualified name as written ("w:p").
        var name: String
        var isClosing: Bool
        var isSelfClosing: Bool
        var attributes: [String: String]

        /// The name without its namespace prefix ("p" for "w:p").
        var localName: Substring { name.split(separator: ":").last ?? Substring(name) }
    }

    enum Event {
        case tag(Tag)
        /// Raw bytes of a text run (entities still encoded, which HTML reads the same way).
        case text(ArraySlice<UInt8>)
        /// CDATA content: literal text.
        case literal(ArraySlice<UInt8>)
    }

    static func scan(_ bytes: [UInt8], _ handle: (Event) -> Void) {
        var i = 0
        let n = bytes.count
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            var j = start
            while j + needle.count <= n {
                if bytes[j] == needle[0], bytes[j..<j + needle.count].elementsEqual(needle) { return j }
                j += 1
            }
            return nil
        }
        while i < n {
            guard bytes[i] == UInt8(ascii: "<") else {
                var j = i
                while j < n, bytes[j] != UInt8(ascii: "<") { j += 1 }
                handle(.text(bytes[i..<j]))
                i = j
                continue
            }
            if bytes[i...].starts(with: Array("<!--".utf8)) {
                i = (find(Array("-->".utf8), from: i + 4).map { $0 + 3 }) ?? n
                continue
            }
            if bytes[i...].starts(with: Array("<![CDATA[".utf8)) {
                let end = find(Array("]]>".utf8), from: i + 9) ?? n
                handle(.literal(bytes[(i + 9)..<end]))
                i = min(n, end + 3)
                continue
            }
            // The tag's end, respecting quoted attribute values.
            var j = i + 1
            var quote: UInt8?
            while j < n {
                if let q = quote {
                    if bytes[j] == q { quote = nil }
                } else if bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") {
                    quote = bytes[j]
                } else if bytes[j] == UInt8(ascii: ">") {
                    break
                }
                j += 1
            }
            let body = bytes[(i + 1)..<min(j, n)]
            i = min(n, j + 1)
            guard let first = body.first, first != UInt8(ascii: "?"), first != UInt8(ascii: "!") else { continue }
            handle(.tag(parseTag(body)))
        }
    }

    static func parseTag(_ body: ArraySlice<UInt8>) -> Tag {
        var k = body.startIndex
        let isClosing = body[k] == UInt8(ascii: "/")
        if isClosing { k += 1 }
        let isSelfClosing = body.last == UInt8(ascii: "/")
        let end = isSelfClosing ? body.endIndex - 1 : body.endIndex
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        let nameStart = k
        while k < end, !isSpace(body[k]) { k += 1 }
        let name = String(decoding: body[nameStart..<k], as: UTF8.self)
        var attributes: [String: String] = [:]
        while k < end {
            while k < end, isSpace(body[k]) { k += 1 }
            let attributeStart = k
            while k < end, body[k] != UInt8(ascii: "="), !isSpace(body[k]) { k += 1 }
            let attributeName = String(decoding: body[attributeStart..<k], as: UTF8.self)
            while k < end, isSpace(body[k]) || body[k] == UInt8(ascii: "=") { k += 1 }
            guard k < end, body[k] == UInt8(ascii: "\"") || body[k] == UInt8(ascii: "'") else {
                if attributeName.isEmpty { k += 1 }
                continue
            }
            let quote = body[k]
            k += 1
            let valueStart = k
            while k < end, body[k] != quote { k += 1 }
            attributes[attributeName] = decodeEntities(String(decoding: body[valueStart..<k], as: UTF8.self))
            k += 1
        }
        return Tag(name: name, isClosing: isClosing, isSelfClosing: isSelfClosing, attributes: attributes)
    }

    /// Attribute values: the five XML entities and numeric references.
    static func decodeEntities(_ value: String) -> String {
        guard value.contains("&") else { return value }
        let scalars = Array(value.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "&", let (decoded, next) = HTMLText.decodeEntity(scalars, at: i) {
                out.append(contentsOf: decoded.unicodeScalars)
                i = next
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// The text of the first element named `qualifiedName` (e.g. the `dc:title` of metadata).
    static func firstText(of qualifiedName: String, in bytes: [UInt8]) -> String? {
        var depth = 0
        var collected: [UInt8] = []
        var found = false
        scan(bytes) { event in
            guard !found else { return }
            switch event {
            case let .tag(tag) where tag.name == qualifiedName || tag.localName == Substring(qualifiedName):
                if tag.isSelfClosing { return }
                if tag.isClosing {
                    if depth > 0 { found = true }
                } else {
                    depth += 1
                }
            case let .text(run) where depth > 0: collected += run
            case let .literal(run) where depth > 0: collected += HTMLText.escaped(run)
            default: break
            }
        }
        let text = HTMLText.extract(String(decoding: collected, as: UTF8.self)).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

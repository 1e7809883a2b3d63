/// The charset a document names in its first bytes, found as browsers prescan for it: HTML's
/// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="text/html; charset=…">`,
/// and XML's prolog `<?xml version="1.0" encoding="…"?>`. Only an ASCII-compatible prefix is
/// scanned (UTF-16/32 are recognised before, by `TextDecoding`), bounded, and a name iconv
/// does not know counts as no declaration.
public enum CharsetDeclaration {
    /// How far the HTML prescan looks (the HTML standard says 1024 bytes; pages with long
    /// `<head>` comments or scripts put the meta later, and a 2 kB scan costs nothing).
    public static let htmlPrescanBytes = 2048

    /// The charset of an HTML page's `<meta>` (the XML prolog of an XHTML page counts too).
    public static func html<C: Collection>(_ bytes: C) -> Charset? where C.Element == UInt8 {
        let prefix = Array(bytes.prefix(htmlPrescanBytes))
        if let declared = xmlProlog(prefix) { return declared }
        // Comments skipped, each <meta> read; the first that names a known charset counts.
        let n = prefix.count
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
        func starts(_ needle: String, at i: Int) -> Bool {
            let needle = Array(needle.utf8)
            return i + needle.count <= n && zip(prefix[i..<i + needle.count], needle).allSatisfy { lower($0) == $1 }
        }
        var i = 0
        while i < n {
            if starts("<!--", at: i) {
                var j = i + 4
                while j < n, !starts("-->", at: j) { j += 1 }
                i = j + 3
            } else if starts("<meta", at: i), i + 5 < n, isSpace(prefix[i + 5]) || prefix[i + 5] == UInt8(ascii: "/") {
                let (attributes, end) = htmlAttributes(prefix, from: i + 5)
                if let charset = attributes["charset"] {
                    if let found = Charset(named: charset) { return found }
                } else if attributes["http-equiv"]?.lowercased() == "content-type", let content = attributes["content"],
                          let found = charsetParameter(content).flatMap(Charset.init(named:)) {
                    return found
                }
                i = end
            } else {
                i += 1
            }
        }
        return nil
    }

    /// A tag's attributes as HTML writes them (quoted or not, names in any case), from
    /// `start` to its ">"; and where the scan stopped.
    static func htmlAttributes(_ bytes: [UInt8], from start: Int) -> ([String: String], Int) {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
        var attributes: [String: String] = [:]
        var i = start
        let n = bytes.count
        while i < n {
            while i < n, isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "/") { i += 1 }
            guard i < n, bytes[i] != UInt8(ascii: ">") else { break }
            let nameStart = i
            while i < n, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ">") { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
            while i < n, isSpace(bytes[i]) { i += 1 }
            var value = ""
            if i < n, bytes[i] == UInt8(ascii: "=") {
                i += 1
                while i < n, isSpace(bytes[i]) { i += 1 }
                let valueStart: Int
                if i < n, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                    let quote = bytes[i]
                    i += 1
                    valueStart = i
                    while i < n, bytes[i] != quote { i += 1 }
                    value = String(decoding: bytes[valueStart..<i], as: UTF8.self)
                    i += 1
                } else {
                    valueStart = i
                    while i < n, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
                    value = String(decoding: bytes[valueStart..<i], as: UTF8.self)
                }
            }
            // The first of a repeated attribute counts, as in HTML.
            if attributes[name] == nil { attributes[name] = value }
        }
        return (attributes, min(i + 1, n))
    }

    /// The `encoding` of an XML declaration at the very start of the bytes.
    public static func xmlProlog<C: Collection>(_ bytes: C) -> Charset? where C.Element == UInt8 {
        let prefix = Array(bytes.prefix(256))
        guard prefix.starts(with: Array("<?xml".utf8)),
              let end = prefix.indices.first(where: { prefix[$0] == UInt8(ascii: ">") }) else { return nil }
        let declaration = String(decoding: prefix[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return Charset(named: String(value))
    }

    /// "charset=X" in a MIME type ("text/html; charset=windows-1251"), without quotes.
    public static func charsetParameter(_ contentType: String) -> String? {
        let lower = contentType.lowercased()
        guard let range = lower.range(of: "charset") else { return nil }
        var rest = lower[range.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
        let value = rest.prefix { $0 != ";" && $0 != " " && $0 != "\"" && $0 != "'" }
        return value.isEmpty ? nil : String(value)
    }
}

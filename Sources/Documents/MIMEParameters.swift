import Foundation

/// A structured MIME field (Content-Type, Content-Disposition): its value
/// (`multipart/mixed`, `attachment`) lower-cased, and its parameters by lower-cased name.
/// Parameter values may be quoted (with backslash escapes), split and charset-encoded by
/// RFC 2231 (`filename*0*=utf-8''Gr%C3%BC; filename*1*=%C3%9Fe.docx`), or, as many mailers
/// write file names, RFC 2047 encoded words inside quotes.
struct MIMEParameters: Sendable, Equatable {
    var value: String
    var parameters: [String: String]

    /// Parameters kept at most per field.
    static let maxParameters = 64

    init(_ field: String) {
        let pieces = Self.splitOutsideQuotes(field)
        value = pieces.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        // name → value for plain ones; name → [(section, encoded, text)] for RFC 2231 ones.
        var plain: [String: String] = [:]
        var sections: [String: [(Int, Bool, String)]] = [:]
        for piece in pieces.dropFirst().prefix(Self.maxParameters) {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let rawValue = Self.unquote(piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            guard !name.isEmpty else { continue }
            var encoded = false
            if name.hasSuffix("*") {
                encoded = true
                name.removeLast()
            }
            if let star = name.firstIndex(of: "*"), let section = Int(name[name.index(after: star)...]), section < 1_000 {
                sections[String(name[..<star]), default: []].append((section, encoded, rawValue))
            } else if encoded {
                sections[name, default: []].append((0, true, rawValue))
            } else if plain[name] == nil {
                plain[name] = rawValue
            }
        }
        var parameters = plain.mapValues { EncodedWords.decode($0) }
        for (name, parts) in sections {
            let ordered = parts.sorted { $0.0 < $1.0 }
            var charset: String?
            var bytes: [UInt8] = []
            for (index, part) in ordered.enumerated() {
                var text = Substring(part.2)
                if part.1 {
                    if index == 0 {
                        // charset'language'value
                        let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if fields.count == 3 {
                            charset = fields[0].isEmpty ? nil : String(fields[0])
                            text = fields[2]
                        }
                    }
                    bytes += Self.percentDecoded(text)
                } else {
                    bytes += Array(text.utf8)
                }
            }
            // RFC 2231 values win over plain ones of the same name (they carry the charset).
            parameters[name] = MailText.decode(bytes, charset: charset).text
        }
        self.parameters = parameters
    }

    static func splitOutsideQuotes(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var inQuotes = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\", inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == ";", !inQuotes {
                pieces.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        pieces.append(text[start...])
        return pieces
    }

    static func unquote(_ text: String) -> String {
        guard text.hasPrefix("\""), text.count >= 2 else { return text }
        var result = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count,
               let high = TransferEncoding.hexValue(utf8[i + 1]), let low = TransferEncoding.hexValue(utf8[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return bytes
    }
}

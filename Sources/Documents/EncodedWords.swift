import Foundation

/// RFC 2047 encoded words in header text: `=?utf-8?B?w6l0w6k=?=`, `=?iso-8859-1?Q?caf=E9?=`.
/// Whitespace between two adjacent encoded words is dropped (§6.2), so a subject split over
/// several words reads as one. A word that does not decode (unknown encoding, bad base64) is
/// kept as it was written. Charsets are read with `MailText`'s fallbacks; an RFC 2231 language
/// suffix (`utf-8*en`) is ignored.
enum EncodedWords {
    static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        // Whitespace seen since the last encoded word, held back until we know whether the
        // next token is another encoded word (then it is dropped).
        var heldWhitespace = String.UnicodeScalarView()
        var afterEncodedWord = false
        var i = 0
        while i < scalars.count {
            if scalars[i] == "=", i + 1 < scalars.count, scalars[i + 1] == "?", let (decoded, end) = encodedWord(scalars, at: i) {
                if !afterEncodedWord { output.append(contentsOf: heldWhitespace) }
                heldWhitespace = String.UnicodeScalarView()
                output.append(contentsOf: decoded.unicodeScalars)
                afterEncodedWord = true
                i = end
                continue
            }
            let scalar = scalars[i]
            if scalar == " " || scalar == "\t" {
                heldWhitespace.append(scalar)
            } else {
                output.append(contentsOf: heldWhitespace)
                heldWhitespace = String.UnicodeScalarView()
                output.append(scalar)
                afterEncodedWord = false
            }
            i += 1
        }
        output.append(contentsOf: heldWhitespace)
        return String(output)
    }

    /// The encoded word starting at `start` ("=?"): its text and the index after its "?=".
    static func encodedWord(_ s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        // =?charset?encoding?text?= — no spaces inside, at most 75 characters by the RFC;
        // we accept longer ones (mailers break the limit) up to a bound.
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var i = start + 2
        let limit = min(s.count, start + 2_000)
        while i < limit {
            let scalar = s[i]
            if scalar == " " || scalar == "\t" || scalar == "\n" || !scalar.isASCII { return nil }
            if scalar == "?" {
                if parts.count == 2, i + 1 < s.count, s[i + 1] == "=" {
                    parts.append(String(current))
                    return decodeWord(charset: parts[0], encoding: parts[1], text: parts[2]).map { ($0, i + 2) }
                }
                if parts.count == 2 {
                    current.append(scalar)  // a "?" inside Q text is not allowed, but keep going
                } else {
                    parts.append(String(current))
                    current = String.UnicodeScalarView()
                }
            } else {
                current.append(scalar)
            }
            i += 1
        }
        return nil
    }

    static func decodeWord(charset: String, encoding: String, text: String) -> String? {
        let charsetName = charset.split(separator: "*", maxSplits: 1).first.map(String.init) ?? charset
        guard !charsetName.isEmpty else { return nil }
        let bytes: [UInt8]
        switch encoding.lowercased() {
        case "b": bytes = TransferEncoding.decodeBase64(Array(text.utf8)[...])
        case "q": bytes = TransferEncoding.decodeQuotedPrintable(Array(text.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 })[...])
        default: return nil
        }
        return MailText.decode(bytes, charset: charsetName).text
    }
}

import Documents
import Foundation

enum DocumentHarnesses {
    /// Any bytes as a document file, with the charset it declares as an HTML page would:
    /// text without NUL or carriage returns, or "binary"; never more scalars than bytes unless
    /// a charset was declared (UTF-8, UTF-16/32 and Windows-1252 spend at least a byte a
    /// scalar, and U+FFFD replaces at least one; a few iconv charsets such as TSCII make
    /// several scalars of a byte, bounded by `Charset.decode`'s 4 bytes out per byte in).
    static let textDecoding: @Sendable (Data) -> Void = { data in
        let declared = CharsetDeclaration.html(data)
        switch TextDecoding.decode(data, declared: declared) {
        case .binary:
            require(TextDecoding.isBinary(data.prefix(TextDecoding.sniffBytes)), "decode and the loader's sniff disagree")
        case let .text(decoded):
            let text = decoded.text
            require(!text.unicodeScalars.contains("\r"), "a carriage return survived newline normalisation")
            require(!text.unicodeScalars.contains("\u{0}"), "a NUL survived")
            if case .declared = decoded.source {
                require(declared != nil, "declared without a declaration")
                require(text.unicodeScalars.count <= 4 * data.count, "a declared charset blew up the text")
            } else {
                require(text.unicodeScalars.count <= data.count, "more scalars than bytes")
            }
        }
    }

    /// Any text as HTML: the extracted text never holds a tag's angle-bracketed markup
    /// verbatim when the input had none of its characters, and never grows without bound.
    static let html: @Sendable (Data) -> Void = { data in
        let html = String(decoding: data, as: UTF8.self)
        let text = HTMLText.extract(html)
        // Entities expand (&LongLeftRightArrow; is 3 scalars for 21 bytes at most), never tenfold.
        require(text.unicodeScalars.count <= 10 * max(html.unicodeScalars.count, 1), "extraction blew up the text")
        if !html.contains("<") && !html.contains("&") {
            require(!text.contains("<"), "text without markup gained a tag")
        }
    }
}

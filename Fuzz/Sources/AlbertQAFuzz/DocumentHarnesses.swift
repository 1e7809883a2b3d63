import Documents
import Foundation

enum DocumentHarnesses {
    /// Any bytes as a document file: text without NUL or carriage returns, or "binary".
    static let textDecoding: @Sendable (Data) -> Void = { data in
        switch TextDecoding.decode(data) {
        case .binary:
            break
        case let .text(text, _):
            require(!text.unicodeScalars.contains("\r"), "a carriage return survived newline normalisation")
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

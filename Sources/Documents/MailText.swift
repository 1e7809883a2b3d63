import Foundation

/// Bytes of a mail (a part's body, a header's value) as text, by the charset the mail
/// declares. Mail in the wild mislabels often, so the declared charset is tried first and then,
/// when it is missing, unknown to iconv or wrong for the bytes: UTF-8 (what undeclared 8-bit
/// mail mostly is today), then Windows-1252 (what "Latin-1" mail mostly is), in which every
/// byte has a meaning. Line ends become "\n" and a NUL becomes U+FFFD (reported as lossy), as
/// for text files (`TextDecoding`).
enum MailText {
    static func decode<C: Collection>(_ bytes: C, charset declared: String?) -> (text: String, lossy: Bool) where C.Element == UInt8 {
        let bytes = bytes as? [UInt8] ?? Array(bytes)
        var decoded: String?
        if let declared, let charset = Charset(named: declared) {
            // "us-ascii" on bytes that are UTF-8: a mailer that never looked; the bytes win.
            if charset.name == Windows1252.name, declared.lowercased().contains("ascii"), let utf8 = String(validating: bytes, as: UTF8.self) {
                decoded = utf8
            } else {
                decoded = charset.decode(bytes)
            }
        }
        var text = decoded ?? String(validating: bytes, as: UTF8.self) ?? Windows1252.decode(bytes)
        var lossy = false
        if contains(text, byte: 0x0D) { text = TextDecoding.normalizeNewlines(text) }
        if contains(text, byte: 0) {
            text = String(String.UnicodeScalarView(text.unicodeScalars.lazy.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
            lossy = true
        }
        return (text, lossy)
    }

    /// memchr over the text's UTF-8 (a generic scan of a 4 MB body took 0.3 s in debug builds).
    static func contains(_ text: String, byte: UInt8) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { buffer in
            buffer.baseAddress.map { memchr($0, Int32(byte), buffer.count) != nil } ?? false
        } ?? text.utf8.contains(byte)
    }
}

/// Windows-1252, decoded without iconv: the charset of text that is not UTF-8 and names none,
/// and of every page labelled Latin-1 or ASCII (WHATWG). As the Encoding Standard does, its
/// five unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 controls of the same
/// value, where glibc's iconv fails on them: every byte has a meaning, one scalar each.
enum Windows1252 {
    static let name = "WINDOWS-1252"

    /// 0x80–0x9F; the rest of the bytes are their Latin-1 code points.
    static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        (0x80...0x9F).contains(byte) ? Unicode.Scalar(high[Int(byte) - 0x80])! : Unicode.Scalar(byte)
    }

    static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(scalar(byte)) }
        return String(scalars)
    }

    /// UTF-8 sequences as UTF-8, every other byte as Windows-1252: a Latin-1 file reads right
    /// (a lone 0xF6 is "ö"), and so does a UTF-8 file with one stray Latin-1 byte, whose
    /// UTF-8 letters whole-file Windows-1252 would turn into "Ã¶". A Windows-1252 text whose
    /// two adjacent letters happen to form a UTF-8 sequence ("Ã" then "¶") is read as UTF-8:
    /// rare in prose, and the price of not garbling the mixed files.
    static func decodeNonUTF8(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                out.append(byte)
                i += 1
                continue
            }
            let length = validUTF8SequenceLength(bytes, at: i)
            if length > 0 {
                out += bytes[i..<i + length]
                i += length
            } else {
                out += scalar(byte).utf8
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (Unicode's table 3-7), or 0.
    static func validUTF8SequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let lead = bytes[i]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return 0
        }
        guard i + length <= bytes.count, secondRange.contains(bytes[i + 1]) else { return 0 }
        for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return 0 }
        return length
    }
}

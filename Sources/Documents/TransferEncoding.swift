import Foundation

/// MIME Content-Transfer-Encoding (RFC 2045 §6): how a part's bytes travel in a 7-bit mail.
/// Decoding is one linear pass and never grows the bytes (base64 yields 3 bytes for 4
/// characters, quoted-printable 1 byte for 1–3), so a part's decoded size is bounded by its
/// encoded size.
enum TransferEncoding: Equatable {
    case identity  // 7bit, 8bit, binary, or a name we do not know (RFC 2045: treat as such)
    case base64
    case quotedPrintable

    init(headerValue: String?) {
        switch headerValue?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64": self = .base64
        case "quoted-printable": self = .quotedPrintable
        default: self = .identity
        }
    }

    func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .identity: return Array(bytes)
        case .base64: return Self.decodeBase64(bytes)
        case .quotedPrintable: return Self.decodeQuotedPrintable(bytes)
        }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()

    /// Characters outside the alphabet (line breaks, stray spaces) are skipped, as RFC 2045
    /// asks; decoding stops at the first "=" (padding). A last incomplete group of 2 or 3
    /// characters still yields its whole bytes, as Python's decoder does for mail.
    static func decodeBase64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        // Written into preallocated storage through raw buffers: appending byte by byte took
        // 1.2 s for 5 MB in a debug build.
        base64Values.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { input in
                [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { output, written in
                    var count = 0
                    var group: UInt32 = 0
                    var filled = 0
                    for byte in input {
                        if byte == UInt8(ascii: "=") { break }
                        let value = table[Int(byte)]
                        if value == 0xFF { continue }
                        group = group << 6 | UInt32(value)
                        filled += 1
                        if filled == 4 {
                            output[count] = UInt8(truncatingIfNeeded: group >> 16)
                            output[count + 1] = UInt8(truncatingIfNeeded: group >> 8)
                            output[count + 2] = UInt8(truncatingIfNeeded: group)
                            count += 3
                            group = 0
                            filled = 0
                        }
                    }
                    if filled == 2 {
                        output[count] = UInt8(truncatingIfNeeded: group >> 4)
                        count += 1
                    }
                    if filled == 3 {
                        output[count] = UInt8(truncatingIfNeeded: group >> 10)
                        output[count + 1] = UInt8(truncatingIfNeeded: group >> 2)
                        count += 2
                    }
                    written = count
                }
            }
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// "=XX" is a byte, "=" at a line's end joins it to the next (a soft break), spaces and
    /// tabs at a line's end were added in transport and go; an "=" that starts neither is
    /// kept as it is (robustness, RFC 2045 §6.7 note 1).
    static func decodeQuotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            let n = buffer.count
            while i < n {
                let byte = buffer[i]
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    // Trailing whitespace: dropped when only whitespace follows up to the line end.
                    var j = i
                    while j < n, buffer[j] == UInt8(ascii: " ") || buffer[j] == UInt8(ascii: "\t") { j += 1 }
                    if j == n || buffer[j] == UInt8(ascii: "\n") || (buffer[j] == UInt8(ascii: "\r") && (j + 1 == n || buffer[j + 1] == UInt8(ascii: "\n"))) {
                        i = j
                    } else {
                        output.append(contentsOf: buffer[i..<j])
                        i = j
                    }
                    continue
                }
                guard byte == UInt8(ascii: "=") else {
                    output.append(byte)
                    i += 1
                    continue
                }
                // A soft line break: "=" then optional whitespace then the line end (or the end).
                var j = i + 1
                while j < n, buffer[j] == UInt8(ascii: " ") || buffer[j] == UInt8(ascii: "\t") { j += 1 }
                if j == n { i = j; continue }
                if buffer[j] == UInt8(ascii: "\n") { i = j + 1; continue }
                if buffer[j] == UInt8(ascii: "\r"), j + 1 < n, buffer[j + 1] == UInt8(ascii: "\n") { i = j + 2; continue }
                if i + 2 < n, let high = hexValue(buffer[i + 1]), let low = hexValue(buffer[i + 2]) {
                    output.append(high << 4 | low)
                    i += 3
                } else {
                    output.append(byte)
                    i += 1
                }
            }
        }
        return output
    }
}

import Foundation

/// sentencepiece's precompiled normalisation map (`precompiled_charsmap`, the `Precompiled`
/// normaliser of a converted tokenizer.json): a little-endian u32 byte size, a Darts-clone
/// double-array trie of that size over UTF-8 keys, then a blob of NUL-terminated replacement
/// strings the trie's values point into. Lookups are bounds-checked: a hostile map gives no
/// match, never a crash.
struct PrecompiledCharsmap: Sendable {
    private let units: [UInt32]
    private let blob: [UInt8]
    /// Each ASCII scalar's replacement, looked up once.
    private let ascii: [[Unicode.Scalar]?]

    init(base64 text: String) throws {
        guard let data = Data(base64Encoded: text) else {
            throw TokenizerJSON.Problem(path: "", reason: "precompiled_charsmap is not base64")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 4 else { throw TokenizerJSON.Problem(path: "", reason: "precompiled_charsmap is truncated") }
        let trieSize = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        guard trieSize % 4 == 0, trieSize <= bytes.count - 4, trieSize >= 4 else {
            throw TokenizerJSON.Problem(path: "", reason: "precompiled_charsmap's trie size \(trieSize) does not fit its \(bytes.count) bytes")
        }
        var units = [UInt32](repeating: 0, count: trieSize / 4)
        for index in units.indices {
            let at = 4 + index * 4
            units[index] = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        self.units = units
        blob = Array(bytes[(4 + trieSize)...])
        let blob = self.blob
        ascii = (0..<128).map { Self.replacement(for: [UInt8($0)], units: units, blob: blob) }
    }

    /// `replacement(for:)` of one ASCII scalar.
    func asciiReplacement(_ scalar: Unicode.Scalar) -> [Unicode.Scalar]? { ascii[Int(scalar.value)] }

    /// The replacement of `key`'s shortest prefix in the map (spm_precompiled's `transform`
    /// takes the first common-prefix result), nil when no prefix is there.
    func replacement(for key: some Sequence<UInt8>) -> [Unicode.Scalar]? {
        Self.replacement(for: key, units: units, blob: blob)
    }

    private static func replacement(for key: some Sequence<UInt8>, units: [UInt32], blob: [UInt8]) -> [Unicode.Scalar]? {
        guard let value = firstPrefixValue(key, units: units), value < blob.count else { return nil }
        var end = value
        while end < blob.count, blob[end] != 0 { end += 1 }
        return Array(String(decoding: blob[value..<end], as: UTF8.self).unicodeScalars)
    }

    private static func firstPrefixValue(_ key: some Sequence<UInt8>, units: [UInt32]) -> Int? {
        guard !units.isEmpty else { return nil }
        var position = Int(offset(units[0]))
        for byte in key {
            if byte == 0 { return nil }
            position ^= Int(byte)
            guard position >= 0, position < units.count else { return nil }
            let unit = units[position]
            guard label(unit) == UInt32(byte) else { return nil }
            position ^= Int(offset(unit))
            if (unit >> 8) & 1 == 1 {
                guard position >= 0, position < units.count else { return nil }
                return Int(units[position] & ((1 << 31) - 1))
            }
        }
        return nil
    }

    private static func offset(_ unit: UInt32) -> UInt32 { (unit >> 10) << ((unit & (1 << 9)) >> 6) }
    private static func label(_ unit: UInt32) -> UInt32 { unit & ((1 << 31) | 0xFF) }
}

import Foundation

extension HubTokenizer {
    /// tokenizer.json's "normalizer", as `tokenizers` applies it (with its alignments).
    indirect enum Normalizer: Sendable {
        /// clean_text, handle_chinese_chars, strip_accents (NFD without Mn), lowercase.
        case bert(cleanText: Bool, chineseCharacters: Bool, stripAccents: Bool, lowercase: Bool)
        case unicode(UnicodeForm)
        case lowercase
        /// Drops combining marks (general category M).
        case stripAccents
        case replace(pattern: [Unicode.Scalar], content: [Unicode.Scalar])
        case prepend([Unicode.Scalar])
        case strip(left: Bool, right: Bool)
        case precompiled(PrecompiledCharsmap)
        case sequence([Normalizer])

        enum UnicodeForm: Sendable { case nfc, nfd, nfkc, nfkd }

        static func parse(_ json: TokenizerJSON) throws -> Normalizer {
            let type = try json.type()
            switch type {
            case "BertNormalizer":
                let lowercase = try json.bool("lowercase", default: true)
                return .bert(cleanText: try json.bool("clean_text", default: true),
                             chineseCharacters: try json.bool("handle_chinese_chars", default: true),
                             stripAccents: try json["strip_accents"]?.bool() ?? lowercase, lowercase: lowercase)
            case "NFC": return .unicode(.nfc)
            case "NFD": return .unicode(.nfd)
            case "NFKC": return .unicode(.nfkc)
            case "NFKD": return .unicode(.nfkd)
            case "Lowercase": return .lowercase
            case "StripAccents": return .stripAccents
            case "Strip":
                return .strip(left: try json.bool("strip_left", default: true), right: try json.bool("strip_right", default: true))
            case "Replace":
                let pattern = try json.required("pattern").literalPattern(kind: "normalizer Replace")
                return .replace(pattern: pattern, content: Array(try json.required("content").string().unicodeScalars))
            case "Prepend":
                return .prepend(Array(try json.required("prepend").string().unicodeScalars))
            case "Precompiled":
                let charsmap = try json.required("precompiled_charsmap")
                do {
                    return .precompiled(try PrecompiledCharsmap(base64: try charsmap.string()))
                } catch var problem as TokenizerJSON.Problem {
                    if problem.path.isEmpty { problem.path = charsmap.path }
                    throw problem
                }
            case "Sequence":
                return .sequence(try json.required("normalizers").array().map(parse))
            default:
                throw json.unsupported("normalizer", type)
            }
        }

        func apply(_ text: inout NormalizedText) {
            switch self {
            case let .bert(cleanText, chineseCharacters, stripAccents, lowercase):
                Self.bert(&text, cleanText: cleanText, chineseCharacters: chineseCharacters, stripAccents: stripAccents, lowercase: lowercase)
            case let .unicode(form):
                Self.normalize(&text, form)
            case .lowercase:
                text.map { scalar, output in Self.appendLowercase(scalar, to: &output) }
            case .stripAccents:
                text.map { scalar, output in if !Self.isMark(scalar) { output.append(scalar) } }
            case let .replace(pattern, content):
                text.replace(pattern, with: content)
            case let .prepend(prefix):
                text.prepend(prefix)
            case let .strip(left, right):
                var start = 0
                var end = text.count
                if left { while start < end, text.scalars[start].properties.isWhitespace { start += 1 } }
                if right { while end > start, text.scalars[end - 1].properties.isWhitespace { end -= 1 } }
                text = text.slice(start..<end)
            case let .precompiled(charsmap):
                Self.precompiled(&text, charsmap)
            case let .sequence(normalizers):
                for normalizer in normalizers { normalizer.apply(&text) }
            }
        }

        /// BertNormalizer, one scalar at a time (each step maps a scalar to scalars).
        private static func bert(_ text: inout NormalizedText, cleanText: Bool, chineseCharacters: Bool, stripAccents: Bool, lowercase: Bool) {
            text.map { scalar, output in
                let value = scalar.value
                if value < 128 {
                    if cleanText {
                        if value == 9 || value == 10 || value == 13 { return output.append(" ") }
                        if value == 0 || value < 32 || value == 127 { return }
                    }
                    output.append(lowercase && value >= 65 && value <= 90 ? Unicode.Scalar(value + 32)! : scalar)
                    return
                }
                var scalar = scalar
                if cleanText {
                    if value == 0xFFFD || WordPieceTokenizer.isControl(scalar) { return }
                    if scalar.properties.isWhitespace { scalar = " " }
                }
                let padded = chineseCharacters && WordPieceTokenizer.isChineseCharacter(scalar)
                if padded { output.append(" ") }
                let parts: [Unicode.Scalar] = stripAccents
                    ? String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
                    : [scalar]
                for part in parts {
                    if lowercase { appendLowercase(part, to: &output) } else { output.append(part) }
                }
                if padded { output.append(" ") }
            }
        }

        static func appendLowercase(_ scalar: Unicode.Scalar, to output: inout [Unicode.Scalar]) {
            if scalar.value < 128 {
                output.append(scalar.value >= 65 && scalar.value <= 90 ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else if scalar.properties.changesWhenLowercased {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                output.append(scalar)
            }
        }

        static func isMark(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }

        /// NFC/NFD/NFKC/NFKD over normalisation segments (a starter and the scalars that
        /// combine with it), each normalised whole; ASCII alone stays as it is.
        private static func normalize(_ text: inout NormalizedText, _ form: UnicodeForm) {
            let scalars = text.scalars
            guard !scalars.allSatisfy(\.isASCII) else { return }
            var ends: [Int] = []
            for index in scalars.indices.dropFirst() where startsSegment(scalars[index], after: scalars[index - 1]) {
                ends.append(index)
            }
            ends.append(scalars.count)
            text.replaceChunks(ends: ends) { chunk in
                if chunk.count == 1, chunk.first!.isASCII { return nil }
                let string = String(String.UnicodeScalarView(chunk))
                let normalized: String
                switch form {
                case .nfc: normalized = string.precomposedStringWithCanonicalMapping
                case .nfd: normalized = string.decomposedStringWithCanonicalMapping
                case .nfkc: normalized = string.precomposedStringWithCompatibilityMapping
                case .nfkd: normalized = string.decomposedStringWithCompatibilityMapping
                }
                return Array(normalized.unicodeScalars)
            }
        }

        /// Whether a normalisation segment starts at `scalar`: a starter (combining class 0)
        /// that is not a Hangul vowel or trailing consonant composing with the jamo before it.
        private static func startsSegment(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar) -> Bool {
            if scalar.isASCII { return true }
            guard scalar.properties.canonicalCombiningClass.rawValue == 0 else { return false }
            let value = scalar.value, before = previous.value
            if (0x1161...0x1175).contains(value), (0x1100...0x1112).contains(before) { return false }
            if (0x11A8...0x11C2).contains(value) {
                if (0x1161...0x1175).contains(before) { return false }
                if (0xAC00...0xD7A3).contains(before), (before - 0xAC00) % 28 == 0 { return false }
            }
            return true
        }

        /// spm_precompiled's normalisation: each grapheme under 6 UTF-8 bytes looked up whole,
        /// else (or when absent) each of its scalars. An ASCII scalar followed by another (not
        /// CR LF) is a grapheme of its own (no ASCII scalar extends or prepends to another), so
        /// only the stretches around other scalars are segmented by `Character`: on
        /// Documents/ that took ALBERT-style Unigram from 0.57× to 0.91× the `tokenizers` library's speed
        /// (Benchmarks/tokenizer_bench.py, two runs under different load).
        private static func precompiled(_ text: inout NormalizedText, _ charsmap: PrecompiledCharsmap) {
            let scalars = text.scalars
            let count = scalars.count
            var ends: [Int] = []
            var replacements: [Int: [Unicode.Scalar]] = [:]
            func isSafeBoundary(_ index: Int) -> Bool {
                index >= count || (scalars[index].isASCII && scalars[index - 1].isASCII && !(scalars[index - 1] == "\r" && scalars[index] == "\n"))
            }
            var index = 0
            while index < count {
                if scalars[index].isASCII, isSafeBoundary(index + 1) {
                    if let replacement = charsmap.asciiReplacement(scalars[index]) { replacements[index + 1] = replacement }
                    index += 1
                    ends.append(index)
                    continue
                }
                var end = index + 1
                while !isSafeBoundary(end) { end += 1 }
                var position = index
                for character in String(String.UnicodeScalarView(scalars[index..<end])) {
                    let graphemeScalars = Array(character.unicodeScalars)
                    let bytes = graphemeScalars.reduce(0) { $0 + UTF8.width($1) }
                    if bytes < 6, let replacement = charsmap.replacement(for: String(character).utf8) {
                        position += graphemeScalars.count
                        ends.append(position)
                        replacements[position] = replacement
                        continue
                    }
                    for scalar in graphemeScalars {
                        position += 1
                        ends.append(position)
                        if let replacement = charsmap.replacement(for: String(scalar).utf8) { replacements[position] = replacement }
                    }
                }
                index = end
            }
            guard !replacements.isEmpty else { return }
            var chunkIndex = 0
            text.replaceChunks(ends: ends) { _ in
                defer { chunkIndex += 1 }
                return replacements[ends[chunkIndex]]
            }
        }
    }
}

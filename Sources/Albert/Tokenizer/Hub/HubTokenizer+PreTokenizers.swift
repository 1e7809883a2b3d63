import Foundation

extension HubTokenizer {
    /// How matched scalars are kept when a piece is split (`SplitDelimiterBehavior`).
    enum SplitBehavior: Sendable {
        case removed, isolated, mergedWithPrevious, mergedWithNext, contiguous

        init(_ json: TokenizerJSON) throws {
            switch try json.string() {
            case "Removed": self = .removed
            case "Isolated": self = .isolated
            case "MergedWithPrevious": self = .mergedWithPrevious
            case "MergedWithNext": self = .mergedWithNext
            case "Contiguous": self = .contiguous
            case let other: throw json.fail("unknown split behavior \(other)")
            }
        }
    }

    /// Metaspace's `prepend_scheme`.
    enum PrependScheme: Sendable { case always, first, never }

    /// tokenizer.json's "pre_tokenizer": how normalised text is cut into words.
    indirect enum PreTokenizer: Sendable {
        case bert
        case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
        case metaspace(replacement: Unicode.Scalar, prepend: PrependScheme, split: Bool)
        /// `\w+|[^\w\s]+`.
        case whitespace
        case whitespaceSplit
        case punctuation(SplitBehavior)
        case digits(individual: Bool)
        case split(pattern: [Unicode.Scalar], behavior: SplitBehavior, invert: Bool)
        case sequence([PreTokenizer])

        static func parse(_ json: TokenizerJSON) throws -> PreTokenizer {
            let type = try json.type()
            switch type {
            case "BertPreTokenizer": return .bert
            case "ByteLevel":
                return .byteLevel(addPrefixSpace: try json.bool("add_prefix_space", default: true), useRegex: try json.bool("use_regex", default: true))
            case "Metaspace":
                let replacement = try json.required("replacement")
                let scalars = Array(try replacement.string().unicodeScalars)
                guard scalars.count == 1 else { throw replacement.fail("expected one character") }
                let scheme: PrependScheme
                switch try json["prepend_scheme"]?.string() {
                case "always"?: scheme = .always
                case "first"?: scheme = .first
                case "never"?: scheme = .never
                case nil: scheme = try json.bool("add_prefix_space", default: true) ? .always : .never
                case let other?: throw json.fail("unknown prepend_scheme \(other)")
                }
                return .metaspace(replacement: scalars[0], prepend: scheme, split: try json.bool("split", default: true))
            case "Whitespace": return .whitespace
            case "WhitespaceSplit": return .whitespaceSplit
            case "Punctuation": return .punctuation(try json["behavior"].map(SplitBehavior.init) ?? .isolated)
            case "Digits": return .digits(individual: try json.bool("individual_digits", default: false))
            case "Split":
                return .split(pattern: try json.required("pattern").literalPattern(kind: "pre_tokenizer Split"),
                              behavior: try SplitBehavior(try json.required("behavior")), invert: try json.bool("invert", default: false))
            case "Sequence":
                return .sequence(try json.required("pretokenizers").array().map(parse))
            default:
                throw json.unsupported("pre_tokenizer", type)
            }
        }

        /// Splits every piece (HF drops the empty ones).
        func apply(_ pieces: [NormalizedText]) -> [NormalizedText] {
            if case let .sequence(steps) = self {
                return steps.reduce(pieces) { $1.apply($0) }
            }
            var result: [NormalizedText] = []
            result.reserveCapacity(pieces.count * 2)
            for piece in pieces {
                for part in split(piece) where !part.isEmpty { result.append(part) }
            }
            return result
        }

        private func split(_ piece: NormalizedText) -> [NormalizedText] {
            switch self {
            case .bert:
                // Whitespace removed, then punctuation isolated, in one pass.
                var parts: [NormalizedText] = []
                var start = 0
                for (index, scalar) in piece.scalars.enumerated() {
                    let isSpace = scalar.isASCII ? scalar == " " || (9...13).contains(scalar.value) : scalar.properties.isWhitespace
                    guard isSpace || WordPieceTokenizer.isPunctuation(scalar) else { continue }
                    if start < index { parts.append(piece.slice(start..<index)) }
                    if !isSpace { parts.append(piece.slice(index..<index + 1)) }
                    start = index + 1
                }
                if start < piece.count { parts.append(start == 0 ? piece : piece.slice(start..<piece.count)) }
                return parts
            case .whitespaceSplit:
                return Self.split(piece, where: { $0.properties.isWhitespace }, .removed)
            case let .punctuation(behavior):
                return Self.split(piece, where: WordPieceTokenizer.isPunctuation, behavior)
            case let .digits(individual):
                return Self.split(piece, where: Self.isNumeric, individual ? .isolated : .contiguous)
            case .whitespace:
                return Self.wordRuns(piece)
            case let .split(pattern, behavior, invert):
                var matches = Self.matches(NormalizedText.occurrences(of: pattern, in: piece.scalars), count: piece.count)
                if invert { matches = matches.map { ($0.range, !$0.isMatch) } }
                return Self.split(piece, matches, behavior)
            case let .metaspace(replacement, scheme, split):
                var piece = piece
                piece.map { scalar, output in output.append(scalar == " " ? replacement : scalar) }
                let prepend = scheme == .always || (scheme == .first && piece.origins.first?.lowerBound == 0)
                if prepend, piece.scalars.first != replacement { piece.prepend([replacement]) }
                return split ? Self.split(piece, where: { $0 == replacement }, .mergedWithNext) : [piece]
            case let .byteLevel(addPrefixSpace, useRegex):
                var piece = piece
                if addPrefixSpace, piece.scalars.first != " " { piece.prepend([" "]) }
                let parts = useRegex ? ByteLevel.gpt2Split(piece.scalars).map { piece.slice($0) } : [piece]
                return parts.map(ByteLevel.mapBytes)
            case let .sequence(steps):
                return steps.reduce([piece]) { $1.apply($0) }
            }
        }

        /// Rust's `char::is_numeric`: general categories Nd, Nl, No.
        static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII { return scalar.value >= 48 && scalar.value <= 57 }
            switch scalar.properties.generalCategory {
            case .decimalNumber, .letterNumber, .otherNumber: return true
            default: return false
            }
        }

        /// `\w` of Rust's regex: alphabetic, marks, decimal digits, connector punctuation, join controls.
        static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII {
                let value = scalar.value
                return (48...57).contains(value) || (65...90).contains(value) || (97...122).contains(value) || value == 95
            }
            let properties = scalar.properties
            if properties.isAlphabetic || properties.isJoinControl { return true }
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
            default: return false
            }
        }

        /// The Whitespace pre-tokenizer: runs of word characters and runs of other
        /// non-space characters, whitespace dropped.
        private static func wordRuns(_ piece: NormalizedText) -> [NormalizedText] {
            var result: [NormalizedText] = []
            var start = 0
            var runIsWord: Bool?
            for (index, scalar) in piece.scalars.enumerated() {
                let kind: Bool? = scalar.properties.isWhitespace ? nil : isWordCharacter(scalar)
                if kind != runIsWord {
                    if runIsWord != nil { result.append(piece.slice(start..<index)) }
                    start = index
                    runIsWord = kind
                }
            }
            if runIsWord != nil { result.append(piece.slice(start..<piece.count)) }
            return result
        }

        /// Each scalar matching `predicate` a match of its own, the runs between not matches.
        private static func split(_ piece: NormalizedText, where predicate: (Unicode.Scalar) -> Bool, _ behavior: SplitBehavior) -> [NormalizedText] {
            var matches: [(range: Range<Int>, isMatch: Bool)] = []
            var last = 0
            for (index, scalar) in piece.scalars.enumerated() where predicate(scalar) {
                if last < index { matches.append((last..<index, false)) }
                matches.append((index..<index + 1, true))
                last = index + 1
            }
            if last < piece.count { matches.append((last..<piece.count, false)) }
            return split(piece, matches, behavior)
        }

        /// The occurrences and the stretches between them, in order.
        private static func matches(_ occurrences: [Range<Int>], count: Int) -> [(range: Range<Int>, isMatch: Bool)] {
            var matches: [(range: Range<Int>, isMatch: Bool)] = []
            var last = 0
            for occurrence in occurrences {
                if last < occurrence.lowerBound { matches.append((last..<occurrence.lowerBound, false)) }
                matches.append((occurrence, true))
                last = occurrence.upperBound
            }
            if last < count { matches.append((last..<count, false)) }
            return matches
        }

        /// HF's `NormalizedString::split` with a behaviour.
        private static func split(_ piece: NormalizedText, _ matches: [(range: Range<Int>, isMatch: Bool)], _ behavior: SplitBehavior) -> [NormalizedText] {
            var kept: [Range<Int>] = []
            switch behavior {
            case .isolated:
                kept = matches.map(\.range)
            case .removed:
                kept = matches.filter { !$0.isMatch }.map(\.range)
            case .contiguous:
                var previousMatch = false
                for match in matches {
                    if match.isMatch, previousMatch, let last = kept.last {
                        kept[kept.count - 1] = last.lowerBound..<match.range.upperBound
                    } else {
                        kept.append(match.range)
                    }
                    previousMatch = match.isMatch
                }
            case .mergedWithPrevious:
                var previousMatch = false
                for match in matches {
                    if match.isMatch, !previousMatch, let last = kept.last {
                        kept[kept.count - 1] = last.lowerBound..<match.range.upperBound
                    } else {
                        kept.append(match.range)
                    }
                    previousMatch = match.isMatch
                }
            case .mergedWithNext:
                var previousMatch = false
                for match in matches.reversed() {
                    if match.isMatch, !previousMatch, let last = kept.last {
                        kept[kept.count - 1] = match.range.lowerBound..<last.upperBound
                    } else {
                        kept.append(match.range)
                    }
                    previousMatch = match.isMatch
                }
                kept.reverse()
            }
            return kept.filter { !$0.isEmpty }.map { piece.slice($0) }
        }
    }
}

import Foundation

/// A stretch of text being normalised and split, with, for each of its scalars, the range of
/// original scalars it came from: `tokenizers`' NormalizedString and its alignments, kept in
/// Unicode scalars (Python string indices) instead of bytes.
///
/// The alignment rules are HF's (`NormalizedString::transform_range`): a scalar that replaces
/// another takes that one's origin; an inserted scalar takes the origin of the scalar before
/// it. So every scalar a normaliser makes of one input scalar inherits its origin, and when
/// `n` scalars become `m` (NFC, the sentencepiece charsmap), output `k` takes the origin of
/// input `min(k, n - 1)`.
struct NormalizedText: Sendable {
    var scalars: [Unicode.Scalar]
    var origins: [Range<Int>]

    init(scalars: [Unicode.Scalar], origins: [Range<Int>]) {
        self.scalars = scalars
        self.origins = origins
    }

    /// `original[range]`, each scalar its own origin.
    init(_ original: [Unicode.Scalar], range: Range<Int>) {
        scalars = Array(original[range])
        origins = range.map { $0..<$0 + 1 }
    }

    var isEmpty: Bool { scalars.isEmpty }
    var count: Int { scalars.count }

    /// The original range of the normalised scalars `range` (HF's convert_offsets).
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < origins.count ? origins[range.lowerBound].lowerBound : (origins.last?.upperBound ?? 0)
            return at..<at
        }
        return origins[range.lowerBound].lowerBound..<max(origins[range.lowerBound].lowerBound, origins[range.upperBound - 1].upperBound)
    }

    /// The scalars `range`, with their origins.
    func slice(_ range: Range<Int>) -> NormalizedText {
        NormalizedText(scalars: Array(scalars[range]), origins: Array(origins[range]))
    }

    /// Each scalar replaced by what `transform` appends for it (nothing removes it); the new
    /// scalars inherit its origin.
    mutating func map(_ transform: (Unicode.Scalar, inout [Unicode.Scalar]) -> Void) {
        var newScalars: [Unicode.Scalar] = []
        var newOrigins: [Range<Int>] = []
        newScalars.reserveCapacity(scalars.count)
        newOrigins.reserveCapacity(scalars.count)
        var output: [Unicode.Scalar] = []
        for index in scalars.indices {
            output.removeAll(keepingCapacity: true)
            transform(scalars[index], &output)
            for scalar in output {
                newScalars.append(scalar)
                newOrigins.append(origins[index])
            }
        }
        scalars = newScalars
        origins = newOrigins
    }

    /// Chunks (`chunkEnds` gives where each ends) replaced by what `replacement` returns for
    /// them (nil keeps a chunk); output `k` of a chunk of `n` takes the origin of input
    /// `min(k, n - 1)`, as `tokenizers` aligns a many-to-many replacement.
    mutating func replaceChunks(ends chunkEnds: [Int], _ replacement: (ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]?) {
        var newScalars: [Unicode.Scalar] = []
        var newOrigins: [Range<Int>] = []
        newScalars.reserveCapacity(scalars.count)
        newOrigins.reserveCapacity(scalars.count)
        var start = 0
        for end in chunkEnds where end > start {
            let chunk = scalars[start..<end]
            if let replaced = replacement(chunk) {
                for (k, scalar) in replaced.enumerated() {
                    newScalars.append(scalar)
                    newOrigins.append(origins[start + min(k, end - start - 1)])
                }
            } else {
                newScalars.append(contentsOf: chunk)
                newOrigins.append(contentsOf: origins[start..<end])
            }
            start = end
        }
        scalars = newScalars
        origins = newOrigins
    }

    /// `prefix` before the first scalar, taking its origin (HF's `prepend`); nothing when empty.
    mutating func prepend(_ prefix: [Unicode.Scalar]) {
        guard let first = origins.first, !prefix.isEmpty else { return }
        scalars.insert(contentsOf: prefix, at: 0)
        origins.insert(contentsOf: repeatElement(first, count: prefix.count), at: 0)
    }

    /// Every non-overlapping occurrence of `pattern` (leftmost first) replaced by `content`,
    /// whose scalars take the origin of the last scalar matched (HF's `replace`).
    mutating func replace(_ pattern: [Unicode.Scalar], with content: [Unicode.Scalar]) {
        let matches = Self.occurrences(of: pattern, in: scalars)
        guard !matches.isEmpty else { return }
        var newScalars: [Unicode.Scalar] = []
        var newOrigins: [Range<Int>] = []
        newScalars.reserveCapacity(scalars.count)
        newOrigins.reserveCapacity(scalars.count)
        var last = 0
        for match in matches {
            newScalars.append(contentsOf: scalars[last..<match.lowerBound])
            newOrigins.append(contentsOf: origins[last..<match.lowerBound])
            let origin = origins[match.upperBound - 1]
            for scalar in content {
                newScalars.append(scalar)
                newOrigins.append(origin)
            }
            last = match.upperBound
        }
        newScalars.append(contentsOf: scalars[last...])
        newOrigins.append(contentsOf: origins[last...])
        scalars = newScalars
        origins = newOrigins
    }

    /// Non-overlapping occurrences of `pattern`, leftmost first (Rust's `match_indices`).
    static func occurrences(of pattern: [Unicode.Scalar], in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        guard let first = pattern.first, pattern.count <= scalars.count else { return [] }
        var result: [Range<Int>] = []
        var index = 0
        while index + pattern.count <= scalars.count {
            if scalars[index] == first, scalars[index..<index + pattern.count].elementsEqual(pattern) {
                result.append(index..<index + pattern.count)
                index += pattern.count
            } else {
                index += 1
            }
        }
        return result
    }
}

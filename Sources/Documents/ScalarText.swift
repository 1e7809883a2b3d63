/// Slices a string by Unicode-scalar offsets (Python string indices) in O(1) per slice
/// after one pass to index it.
public struct ScalarText: Sendable {
    public let string: String
    /// The number of scalars.
    public let count: Int
    /// The index of every 64th scalar (and of the end when the count is a multiple of 64): a
    /// lookup walks at most 63 scalars from one. Keeping every scalar's index cost 8 bytes a
    /// scalar — 256 MB for a 32 MB document, sliced while it is indexed.
    private let checkpoints: [String.Index]
    private static let stride = 64

    public init(_ string: String) {
        self.string = string
        let scalars = string.unicodeScalars
        var checkpoints: [String.Index] = []
        checkpoints.reserveCapacity(string.utf8.count / Self.stride + 2)
        var count = 0
        var index = scalars.startIndex
        while index != scalars.endIndex {
            if count % Self.stride == 0 { checkpoints.append(index) }
            count += 1
            index = scalars.index(after: index)
        }
        if count % Self.stride == 0 { checkpoints.append(scalars.endIndex) }
        self.count = count
        self.checkpoints = checkpoints
    }

    /// The String.Index of scalar offset `offset` (clamped to the text).
    public func index(at offset: Int) -> String.Index {
        let offset = max(0, min(offset, count))
        var index = checkpoints[offset / Self.stride]
        for _ in 0..<offset % Self.stride { index = string.unicodeScalars.index(after: index) }
        return index
    }

    public subscript(range: Range<Int>) -> String {
        String(string.unicodeScalars[index(at: range.lowerBound)..<index(at: range.upperBound)])
    }
}

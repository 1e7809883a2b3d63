/// Slices a string by Unicode-scalar offsets (Python string indices) in O(1) per slice
/// after one pass to index it.
public struct ScalarText: Sendable {
    public let string: String
    private let indices: [String.Index]

    public init(_ string: String) {
        self.string = string
        var indices = Array(string.unicodeScalars.indices)
        indices.append(string.unicodeScalars.endIndex)
        self.indices = indices
    }

    public var count: Int { indices.count - 1 }

    /// The String.Index of scalar offset `offset` (clamped to the text).
    public func index(at offset: Int) -> String.Index { indices[max(0, min(offset, count))] }

    public subscript(range: Range<Int>) -> String {
        String(string.unicodeScalars[index(at: range.lowerBound)..<index(at: range.upperBound)])
    }
}

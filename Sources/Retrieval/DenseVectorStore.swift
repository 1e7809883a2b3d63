import CVectorKernels

/// Every passage vector of an index in one contiguous int8 matrix, searched exhaustively: exact
/// cosine top-k by one int8 dot product per passage (`CVectorKernels`, AVX2 where present).
/// A folder's passages fit: 130k × 384 bytes = 50 MB.
public struct DenseVectorStore: Sendable {
    public let dimension: Int
    public private(set) var ids: [Int64] = []
    private var scales: [Float] = []
    private var codes: [Int8] = []

    public init(dimension: Int) {
        self.dimension = dimension
    }

    public var count: Int { ids.count }

    public mutating func append(id: Int64, _ vector: QuantizedVector) {
        precondition(vector.codes.count == dimension, "vector of \(vector.codes.count) values in a store of dimension \(dimension)")
        ids.append(id)
        scales.append(vector.scale)
        codes.append(contentsOf: vector.codes)
    }

    public mutating func reserveCapacity(_ count: Int) {
        ids.reserveCapacity(count)
        scales.reserveCapacity(count)
        codes.reserveCapacity(count * dimension)
    }

    /// The `k` stored vectors nearest `query` (a unit vector) by cosine, best first.
    public func nearest(_ query: [Float], k: Int) -> [(id: Int64, cosine: Float)] {
        guard k > 0, !ids.isEmpty, query.count == dimension else { return [] }
        let q = QuantizedVector(query)
        var dots = [Int32](repeating: 0, count: ids.count)
        codes.withUnsafeBufferPointer { matrix in
            q.codes.withUnsafeBufferPointer { queryCodes in
                dots.withUnsafeMutableBufferPointer { out in
                    vk_dot_i8_rows(matrix.baseAddress, ids.count, dimension, queryCodes.baseAddress, out.baseAddress)
                }
            }
        }
        // Top k by a bounded insertion list: k is small (tens) next to the passages (10⁵).
        var best: [(index: Int, cosine: Float)] = []
        best.reserveCapacity(k + 1)
        for i in 0..<dots.count {
            let cosine = Float(dots[i]) * scales[i] * q.scale
            if best.count == k, cosine <= best[k - 1].cosine { continue }
            var position = best.count
            while position > 0, best[position - 1].cosine < cosine { position -= 1 }
            best.insert((i, cosine), at: position)
            if best.count > k { best.removeLast() }
        }
        return best.map { (ids[$0.index], $0.cosine) }
    }

    /// Which dot-product kernel this CPU runs.
    public static var kernelName: String { String(cString: vk_kernel_name()) }
}

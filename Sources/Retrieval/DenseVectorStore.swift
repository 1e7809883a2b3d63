import CVectorKernels

/// Every passage vector of an index in one contiguous int8 matrix, searched exhaustively: exact
/// cosine top-k by one int8 dot product per row (`CVectorKernels`, AVX2 where present).
/// A passage may have several rows (one per window of its text, see `VectorWindows`); its
/// cosine is the best of its rows'. A folder's passages fit: 130k × 2.4 rows × 384 bytes = 120 MB.
public struct DenseVectorStore: Sendable {
    public let dimension: Int
    /// One per passage, in the order appended.
    public private(set) var ids: [Int64] = []
    /// Passage i's rows are rowStarts[i] ..< rowStarts[i + 1].
    private var rowStarts: [Int] = [0]
    private var scales: [Float] = []  // one per row
    private var codes: [Int8] = []
    private var positions: [Int64: Int] = [:]

    public init(dimension: Int) {
        self.dimension = dimension
    }

    /// Passages.
    public var count: Int { ids.count }
    /// Vectors (a passage has one per window).
    public var rowCount: Int { scales.count }

    public mutating func append(id: Int64, _ vector: QuantizedVector) {
        append(id: id, rows: [vector])
    }

    /// A passage's vectors, one per window of its text (at least one).
    public mutating func append(id: Int64, rows: [QuantizedVector]) {
        precondition(!rows.isEmpty, "a passage without a vector")
        for vector in rows {
            precondition(vector.codes.count == dimension, "vector of \(vector.codes.count) values in a store of dimension \(dimension)")
            scales.append(vector.scale)
            codes.append(contentsOf: vector.codes)
        }
        positions[id] = ids.count
        ids.append(id)
        rowStarts.append(scales.count)
    }

    public mutating func reserveCapacity(_ count: Int, rowsPerPassage: Int = 1) {
        ids.reserveCapacity(count)
        rowStarts.reserveCapacity(count + 1)
        scales.reserveCapacity(count * rowsPerPassage)
        codes.reserveCapacity(count * rowsPerPassage * dimension)
    }

    /// Every row's cosine with `query` (a unit vector).
    private func rowCosines(_ query: [Float]) -> [Float] {
        let q = QuantizedVector(query)
        var dots = [Int32](repeating: 0, count: rowCount)
        codes.withUnsafeBufferPointer { matrix in
            q.codes.withUnsafeBufferPointer { queryCodes in
                dots.withUnsafeMutableBufferPointer { out in
                    vk_dot_i8_rows(matrix.baseAddress, rowCount, dimension, queryCodes.baseAddress, out.baseAddress)
                }
            }
        }
        return (0..<dots.count).map { Float(dots[$0]) * scales[$0] * q.scale }
    }

    /// The `k` stored passages nearest `query` (a unit vector) by cosine (a passage's best
    /// row), best first; with `among`, only those passages.
    public func nearest(_ query: [Float], k: Int, among scope: Set<Int64>? = nil) -> [(id: Int64, cosine: Float)] {
        guard k > 0, !ids.isEmpty, query.count == dimension else { return [] }
        if let scope, scope.count * 8 < ids.count {
            // A small scope: its rows one by one, not the whole matrix.
            return cosines(query, passages: Array(scope)).map { (id: $0.key, cosine: $0.value) }
                .sorted { $0.cosine != $1.cosine ? $0.cosine > $1.cosine : $0.id < $1.id }.prefix(k).map { $0 }
        }
        let cosines = rowCosines(query)
        // Top k by a bounded insertion list: k is small (tens) next to the passages (10⁵).
        var best: [(index: Int, cosine: Float)] = []
        best.reserveCapacity(k + 1)
        for i in 0..<ids.count {
            if let scope, !scope.contains(ids[i]) { continue }
            var cosine = cosines[rowStarts[i]]
            for row in rowStarts[i] + 1 ..< rowStarts[i + 1] { cosine = max(cosine, cosines[row]) }
            if best.count == k, cosine <= best[k - 1].cosine { continue }
            var position = best.count
            while position > 0, best[position - 1].cosine < cosine { position -= 1 }
            best.insert((i, cosine), at: position)
            if best.count > k { best.removeLast() }
        }
        return best.map { (ids[$0.index], $0.cosine) }
    }

    /// The cosine of each of `passages` that the store holds (its best row) with `query`: what
    /// score fusion needs for the lexical list's passages that the dense list left out.
    public func cosines(_ query: [Float], passages: [Int64]) -> [Int64: Float] {
        guard query.count == dimension else { return [:] }
        let q = QuantizedVector(query)
        var result: [Int64: Float] = [:]
        for id in passages {
            guard let i = positions[id] else { continue }
            var best = -Float.infinity
            for row in rowStarts[i] ..< rowStarts[i + 1] {
                var dot: Int32 = 0
                codes.withUnsafeBufferPointer { matrix in
                    q.codes.withUnsafeBufferPointer { queryCodes in
                        vk_dot_i8_rows(matrix.baseAddress! + row * dimension, 1, dimension, queryCodes.baseAddress, &dot)
                    }
                }
                best = max(best, Float(dot) * scales[row] * q.scale)
            }
            result[id] = best
        }
        return result
    }

    /// Which dot-product kernel this CPU runs.
    public static var kernelName: String { String(cString: vk_kernel_name()) }
}

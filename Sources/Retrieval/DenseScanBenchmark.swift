import CVectorKernels
import Foundation

/// Times exact dense search at a folder's scale without a model: `passages` random unit
/// vectors, searched for `queries` random queries (top 20), with the dispatched kernel and, in
/// the same run, the scalar reference (the ratio is the SIMD kernel's gain).
public enum DenseScanBenchmark {
    public struct Result: Sendable {
        public var passages: Int
        public var dimension: Int
        public var kernel: String
        /// Whole search (dot products + top-k), median ms.
        public var searchMedianMilliseconds: Double
        /// Dot products alone, median ms: the chosen kernel and the scalar reference.
        public var kernelMedianMilliseconds: Double
        public var scalarMedianMilliseconds: Double
        public var megabytes: Double
    }

    public static func run(passages: Int, dimension: Int = 384, queries: Int = 20) -> Result {
        var state: UInt64 = 0x5EED
        func random() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 2 - 1
        }
        func unit() -> [Float] {
            let v = (0..<dimension).map { _ in random() }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
        var store = DenseVectorStore(dimension: dimension)
        store.reserveCapacity(passages)
        var matrix: [Int8] = []
        matrix.reserveCapacity(passages * dimension)
        for id in 0..<passages {
            let vector = QuantizedVector(unit())
            store.append(id: Int64(id), vector)
            matrix += vector.codes
        }
        let queryVectors = (0..<max(1, queries)).map { _ in unit() }
        func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }
        func time(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        let search = queryVectors.map { query in time { _ = store.nearest(query, k: 20) } }
        var out = [Int32](repeating: 0, count: passages)
        let codes = QuantizedVector(queryVectors[0]).codes
        let chosen = queryVectors.map { _ in time { vk_dot_i8_rows(matrix, passages, dimension, codes, &out) } }
        let scalar = queryVectors.map { _ in time { vk_dot_i8_rows_scalar(matrix, passages, dimension, codes, &out) } }
        return Result(passages: passages, dimension: dimension, kernel: DenseVectorStore.kernelName,
                      searchMedianMilliseconds: median(search), kernelMedianMilliseconds: median(chosen),
                      scalarMedianMilliseconds: median(scalar), megabytes: Double(passages * dimension) / 1e6)
    }
}

/// A unit vector stored as int8 with one scale: value ≈ scale × code. Symmetric per-vector
/// quantisation (scale = max |x| / 127) keeps cosines within about 1e-2 of float and makes a
/// 384-dimension vector 384 bytes (130k passages: 50 MB in memory).
public struct QuantizedVector: Sendable, Equatable {
    public var codes: [Int8]
    public var scale: Float

    public init(codes: [Int8], scale: Float) {
        self.codes = codes
        self.scale = scale
    }

    public init(_ vector: [Float]) {
        let largest = vector.reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else {
            self.init(codes: [Int8](repeating: 0, count: vector.count), scale: 0)
            return
        }
        let scale = largest / 127
        self.init(codes: vector.map { Int8(max(-127, min(127, ($0 / scale).rounded()))) }, scale: scale)
    }

    public var floats: [Float] { codes.map { Float($0) * scale } }
}

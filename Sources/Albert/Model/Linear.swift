import CAlbertKernels
import CBLAS

/// torch.nn.Linear: y = x Wᵀ + b with W stored [out, in] row-major, as HF saves it.
public struct Linear: Sendable {
    public let weight: Tensor
    public let bias: Tensor
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public init(weight: Tensor, bias: Tensor) {
        precondition(weight.shape.count == 2 && bias.shape == [weight.shape[0]])
        self.weight = weight
        self.bias = bias
    }

    /// Loads `prefix.weight` [out, in] and `prefix.bias` [out].
    init(_ file: SafeTensorsFile, _ prefix: String, in inFeatures: Int, out outFeatures: Int) throws {
        self.init(
            weight: try file.tensor("\(prefix).weight", shape: [outFeatures, inFeatures]),
            bias: try file.tensor("\(prefix).bias", shape: [outFeatures])
        )
    }

    /// Several Linears over the same input stacked into one (e.g. query, key and value),
    /// so that one GEMM computes them all.
    init(stacking parts: [Linear]) {
        let inFeatures = parts[0].inFeatures
        let outFeatures = parts.reduce(0) { $0 + $1.outFeatures }
        let weight = Tensor(zeros: [outFeatures, inFeatures])
        let bias = Tensor(zeros: [outFeatures])
        var row = 0
        for part in parts {
            precondition(part.inFeatures == inFeatures)
            (weight.pointer + row * inFeatures).update(from: part.weight.pointer, count: part.weight.count)
            (bias.pointer + row).update(from: part.bias.pointer, count: part.outFeatures)
            row += part.outFeatures
        }
        self.init(weight: weight, bias: bias)
    }

    /// out[rows × out] = x[rows × in] · Wᵀ, without the bias (a fused pass adds it later).
    func multiply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(rows), Int32(outFeatures), Int32(inFeatures),
            1, x, Int32(inFeatures), weight.pointer, Int32(inFeatures),
            0, out, Int32(outFeatures)
        )
    }

    /// out[rows × out] = x[rows × in] · Wᵀ + b.
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        albert_broadcast_rows(out, bias.pointer, Int32(rows), Int32(outFeatures))
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(rows), Int32(outFeatures), Int32(inFeatures),
            1, x, Int32(inFeatures), weight.pointer, Int32(inFeatures),
            1, out, Int32(outFeatures)
        )
    }
}

/// torch.nn.LayerNorm over the last dimension.
public struct LayerNorm: Sendable {
    public let weight: Tensor
    public let bias: Tensor
    public let eps: Float

    init(_ file: SafeTensorsFile, _ prefix: String, size: Int, eps: Float) throws {
        weight = try file.tensor("\(prefix).weight", shape: [size])
        bias = try file.tensor("\(prefix).bias", shape: [size])
        self.eps = eps
    }

    /// out = LayerNorm(x + bias + residual); `bias` and `residual` are optional fused additions.
    func apply(
        _ x: UnsafePointer<Float>, bias: UnsafePointer<Float>? = nil, residual: UnsafePointer<Float>? = nil,
        rows: Int, into out: UnsafeMutablePointer<Float>
    ) {
        albert_add_layer_norm(out, x, bias, residual, weight.pointer, self.bias.pointer, Int32(rows), Int32(weight.count), eps)
    }
}

import CAlbertKernels
import CBLAS

/// torch.nn.Linear: y = x Wᵀ + b with W stored [out, in] row-major, as HF saves it.
///
/// The product runs on the AVX-512 kernels of `albert_gemm.h` over weights packed at load time
/// (in `precision`), or on BLAS sgemm where the CPU lacks them.
public struct Linear: Sendable {
    public let weight: Tensor
    public let bias: Tensor
    /// `weight` in the kernels' layout; nil means BLAS.
    let packed: PackedMatrix?
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }
    /// The arithmetic the product actually uses (fp32 where the kernels are missing).
    public var precision: Precision { packed?.precision ?? .fp32 }
    /// Whether the product runs on the AVX-512 kernels (else on BLAS).
    public var usesPackedKernels: Bool { packed != nil }

    /// A Linear in `precision`, falling back to fp32 where the CPU lacks that precision's kernels.
    public init(weight: Tensor, bias: Tensor, precision: Precision = .fp32) {
        self.init(weight: weight, bias: bias, packing: precision)
    }

    /// `packing` nil keeps the weights for BLAS only (a part that will be stacked).
    init(weight: Tensor, bias: Tensor, packing precision: Precision?) {
        precondition(weight.shape.count == 2 && bias.shape == [weight.shape[0]])
        self.weight = weight
        self.bias = bias
        packed = precision.flatMap { PackedMatrix(weight: weight, precision: $0) ?? PackedMatrix(weight: weight, precision: .fp32) }
    }

    /// Loads `prefix.weight` [out, in] and `prefix.bias` [out].
    init(_ file: SafeTensorsFile, _ prefix: String, in inFeatures: Int, out outFeatures: Int, precision: Precision? = .fp32) throws {
        self.init(
            weight: try file.tensor("\(prefix).weight", shape: [outFeatures, inFeatures]),
            bias: try file.tensor("\(prefix).bias", shape: [outFeatures]),
            packing: precision
        )
    }

    /// Several Linears over the same input stacked into one (e.g. query, key and value),
    /// so that one product computes them all.
    init(stacking parts: [Linear], precision: Precision) {
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
        self.init(weight: weight, bias: bias, precision: precision)
    }

    /// out[rows × out] = x[rows × in] · Wᵀ, without the bias (a fused pass adds it later).
    /// `scratch` is the calling thread's `AlbertWorkspace.scratch(worker)`.
    func multiply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer) {
        product(x, rows: rows, bias: nil, into: out, scratch: scratch)
    }

    /// out[rows × out] = x[rows × in] · Wᵀ + b.
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer) {
        product(x, rows: rows, bias: bias.pointer, into: out, scratch: scratch)
    }

    private func product(_ x: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?,
                         into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer) {
        if let packed {
            return packed.multiply(x, rows: rows, bias: bias, into: out, ldy: outFeatures, scratch: scratch)
        }
        if let bias { albert_broadcast_rows(out, bias, Int32(rows), Int32(outFeatures)) }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(rows), Int32(outFeatures), Int32(inFeatures),
            1, x, Int32(inFeatures), weight.pointer, Int32(inFeatures),
            bias == nil ? 0 : 1, out, Int32(outFeatures)
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

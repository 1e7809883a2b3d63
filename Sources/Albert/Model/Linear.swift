import CAlbertKernels

/// torch.nn.Linear: y = x Wᵀ + b with W stored [out, in] row-major, as HF saves it.
///
/// The weights are packed at load time for the model's kernel table, in `precision` (fp32
/// where the table can't run that precision here), and the float copy is released.
public struct Linear: Sendable {
    public let bias: Tensor
    let packed: PackedMatrix
    public var inFeatures: Int { packed.inFeatures }
    public var outFeatures: Int { packed.outFeatures }
    /// The arithmetic the product actually uses.
    public var precision: Precision { packed.precision }
    /// The kernels the product runs on.
    public var kernels: KernelTable { packed.kernels }
    /// "avx2 int8 [k/4][16][4]": how the weights are packed.
    public var layout: String { packed.layout }

    /// A Linear on `kernels` in `precision`, falling back to fp32 where they can't run it here.
    public init(weight: Tensor, bias: Tensor, precision: Precision = .fp32, kernels: KernelTable) {
        precondition(weight.shape.count == 2 && bias.shape == [weight.shape[0]])
        self.bias = bias
        guard let packed = PackedMatrix(weight: weight, precision: precision, kernels: kernels)
            ?? PackedMatrix(weight: weight, precision: .fp32, kernels: kernels)
        else { preconditionFailure("the \(kernels) kernels do not run on this CPU") }
        self.packed = packed
    }

    /// Loads `prefix.weight` [out, in] and `prefix.bias` [out].
    init(_ file: CheckpointTensors, _ prefix: String, in inFeatures: Int, out outFeatures: Int,
         precision: Precision = .fp32, kernels: KernelTable) throws {
        self.init(
            weight: try file.tensor("\(prefix).weight", shape: [outFeatures, inFeatures]),
            bias: try file.tensor("\(prefix).bias", shape: [outFeatures]),
            precision: precision, kernels: kernels
        )
    }

    /// Several Linears over the same input stacked into one (e.g. query, key and value), so
    /// that one product computes them all: `prefixes`' weights and biases, loaded and stacked.
    init(_ file: CheckpointTensors, stacking prefixes: [String], in inFeatures: Int, out outFeatures: Int,
         precision: Precision, kernels: KernelTable) throws {
        let weight = Tensor(zeros: [outFeatures * prefixes.count, inFeatures])
        let bias = Tensor(zeros: [outFeatures * prefixes.count])
        for (index, prefix) in prefixes.enumerated() {
            let partWeight = try file.tensor("\(prefix).weight", shape: [outFeatures, inFeatures])
            let partBias = try file.tensor("\(prefix).bias", shape: [outFeatures])
            (weight.pointer + index * outFeatures * inFeatures).update(from: partWeight.pointer, count: partWeight.count)
            (bias.pointer + index * outFeatures).update(from: partBias.pointer, count: outFeatures)
        }
        self.init(weight: weight, bias: bias, precision: precision, kernels: kernels)
    }

    /// out[rows × out] = x[rows × in] · Wᵀ, without the bias (a fused pass adds it later).
    /// `scratch` is the calling thread's `AlbertWorkspace.scratch(worker)`.
    func multiply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer) {
        packed.multiply(x, rows: rows, bias: nil, into: out, ldy: outFeatures, scratch: scratch)
    }

    /// out[rows × out] = x[rows × in] · Wᵀ + b.
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer) {
        packed.multiply(x, rows: rows, bias: bias.pointer, into: out, ldy: outFeatures, scratch: scratch)
    }
}

/// torch.nn.LayerNorm over the last dimension, on the model's kernels.
public struct LayerNorm: Sendable {
    public let weight: Tensor
    public let bias: Tensor
    public let eps: Float
    let kernels: KernelTable

    init(_ file: CheckpointTensors, _ prefix: String, size: Int, eps: Float, kernels: KernelTable) throws {
        weight = try file.tensor("\(prefix).weight", shape: [size])
        bias = try file.tensor("\(prefix).bias", shape: [size])
        self.eps = eps
        self.kernels = kernels
    }

    /// out = LayerNorm(x + bias + residual); `bias` and `residual` are optional fused additions.
    func apply(
        _ x: UnsafePointer<Float>, bias: UnsafePointer<Float>? = nil, residual: UnsafePointer<Float>? = nil,
        rows: Int, into out: UnsafeMutablePointer<Float>
    ) {
        kernels.table.pointee.layer_norm(out, x, bias, residual, weight.pointer, self.bias.pointer, Int32(rows), Int32(weight.count), eps)
    }
}

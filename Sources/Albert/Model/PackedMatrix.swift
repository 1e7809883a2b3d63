import CAlbertKernels

/// A Linear's weights packed once at load time in one kernel table's layout
/// (`albert_packed_matrix`): panels of `panelWidth` output channels, in fp32, bf16 or int8
/// with per-channel scales. The matrix records its table, precision and layout; the float
/// weights it was packed from are not kept. Immutable after packing, so one instance is
/// shared by every thread (`@unchecked Sendable`: the C matrix is only read after
/// `albert_pack` returns, and freed in deinit).
final class PackedMatrix: @unchecked Sendable {
    let precision: Precision
    let kernels: KernelTable
    private let matrix: UnsafeMutablePointer<albert_packed_matrix>

    /// nil when `kernels` can't run `precision` on this CPU.
    init?(weight: Tensor, precision: Precision, kernels: KernelTable) {
        precondition(weight.shape.count == 2)
        guard kernels.supports(precision) else { return nil }
        guard let matrix = albert_pack(kernels.table, precision.kernel, weight.pointer, Int32(weight.shape[0]), Int32(weight.shape[1])) else {
            fatalError("out of memory packing a \(weight.shape[0]) x \(weight.shape[1]) weight matrix")
        }
        self.precision = precision
        self.kernels = kernels
        self.matrix = matrix
    }

    deinit { albert_packed_free(matrix) }

    var outFeatures: Int { Int(matrix.pointee.n) }
    var inFeatures: Int { Int(matrix.pointee.k) }
    /// Output channels per panel.
    var panelWidth: Int { Int(matrix.pointee.panel) }

    /// "avx2 int8 [k/4][16][4]": the table, the precision and the panel layout.
    var layout: String {
        let step = Int(matrix.pointee.k_step), panel = panelWidth
        return "\(kernels) \(precision) " + (step == 1 ? "[k][\(panel)]" : "[k/\(step)][\(panel)][\(step)]")
    }

    /// Scratch bytes a product needs for `rows` rows of input with `inFeatures` columns.
    static func scratchBytes(precision: Precision, inFeatures: Int, rows: Int) -> Int {
        albert_linear_scratch_bytes(precision.kernel, Int32(inFeatures), Int32(rows))
    }

    /// y[rows × out] (row stride `ldy`) = x[rows × in] · Wᵀ (+ bias); x's rows are contiguous.
    func multiply(_ x: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?,
                  into y: UnsafeMutablePointer<Float>, ldy: Int, scratch: UnsafeMutableRawPointer) {
        albert_linear(matrix, x, matrix.pointee.k, Int32(rows), bias, y, Int32(ldy), scratch)
    }
}

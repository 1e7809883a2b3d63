import CAlbertKernels

/// A Linear's weights in the layout of the AVX-512 kernels (`albert_gemm.h`), packed once at
/// load time: panels of 64 output channels, in fp32, bf16 or int8 with per-channel scales.
/// Immutable after packing, so one instance is shared by every thread (`@unchecked Sendable`:
/// the C matrix is only read after `albert_gemm_pack` returns, and freed in deinit).
final class PackedMatrix: @unchecked Sendable {
    let precision: Precision
    private let matrix: UnsafeMutablePointer<albert_packed_matrix>

    /// nil when the CPU lacks the precision's kernels (the caller keeps BLAS then).
    init?(weight: Tensor, precision: Precision) {
        precondition(weight.shape.count == 2)
        guard let matrix = albert_gemm_pack(precision.kernel, weight.pointer, Int32(weight.shape[0]), Int32(weight.shape[1])) else {
            return nil
        }
        self.precision = precision
        self.matrix = matrix
    }

    deinit { albert_gemm_free(matrix) }

    /// Scratch bytes the product needs for `rows` rows of input with `inFeatures` columns.
    static func scratchBytes(precision: Precision, inFeatures: Int, rows: Int) -> Int {
        albert_gemm_scratch_bytes(precision.kernel, Int32(inFeatures), Int32(rows))
    }

    /// y[rows × out] (row stride `ldy`) = x[rows × in] · Wᵀ (+ bias); x's rows are contiguous.
    func multiply(_ x: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?,
                  into y: UnsafeMutablePointer<Float>, ldy: Int, scratch: UnsafeMutableRawPointer) {
        albert_gemm_linear(matrix, x, matrix.pointee.k, Int32(rows), bias, y, Int32(ldy), scratch)
    }
}

import CAlbertKernels

/// The arithmetic the reader's matrix products use.
///
/// - `fp32`: float weights and activations (the reference; matches Hugging Face to ~1e-4).
/// - `bf16`: weights and activations rounded to bfloat16, products summed in float (AVX-512
///   BF16's vdpbf16ps; on AVX2 and NEON the bf16 weights are widened to float in registers).
/// - `int8`: weights int8 per output channel, activations quantised per token as the product
///   runs, products summed in int32 (AVX-512 VNNI, AVX2 vpmaddubsw, NEON sdot).
///
/// The encoder layers' Linears take the precision; their attention products run in bf16 for
/// bf16 and int8 where the kernels say so (AVX-512), else fp32. The embedding projection,
/// LayerNorm, softmax, GELU and the span head stay in float. Which precisions run depends on
/// the kernels (`KernelTable.supports`).
public enum Precision: String, CaseIterable, Sendable {
    case fp32, bf16, int8

    var kernel: albert_precision {
        switch self {
        case .fp32: ALBERT_PRECISION_FP32
        case .bf16: ALBERT_PRECISION_BF16
        case .int8: ALBERT_PRECISION_INT8
        }
    }

    init(_ kernel: albert_precision) {
        switch kernel {
        case ALBERT_PRECISION_BF16: self = .bf16
        case ALBERT_PRECISION_INT8: self = .int8
        default: self = .fp32
        }
    }

    /// The precision the reader uses when none is asked for: the default kernels' preferred
    /// one (`KernelTable.preferredPrecision`: int8 where they run it, else fp32).
    public static var automatic: Precision {
        ((try? KernelTable.fromEnvironment()) ?? .automatic).preferredPrecision
    }
}

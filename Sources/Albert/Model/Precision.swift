import CAlbertKernels

/// The arithmetic the reader's matrix products use.
///
/// - `fp32`: float weights and activations (the reference; matches Hugging Face to ~1e-4).
/// - `bf16`: weights and activations rounded to bfloat16, products summed in float (AVX-512 BF16).
/// - `int8`: weights int8 per output channel, activations quantised per token as the product
///   runs, products summed in int32 (AVX-512 VNNI). About 4x the fp32 kernel's throughput.
///
/// The encoder layers' Linears take the precision; their attention products run in bf16 for
/// bf16 and int8. The embedding projection, LayerNorm, softmax, GELU and the span head stay
/// in float.
public enum Precision: String, CaseIterable, Sendable {
    case fp32, bf16, int8

    var kernel: albert_precision {
        switch self {
        case .fp32: ALBERT_PRECISION_FP32
        case .bf16: ALBERT_PRECISION_BF16
        case .int8: ALBERT_PRECISION_INT8
        }
    }

    /// Whether this CPU runs the packed kernels of this precision (AVX-512; plus BF16 or VNNI).
    public var isSupportedByCPU: Bool { albert_gemm_supported(kernel) != 0 }

    /// What this CPU needs for the precision, for messages.
    public var requirement: String {
        switch self {
        case .fp32: "AVX-512F"
        case .bf16: "AVX-512 BF16"
        case .int8: "AVX-512 VNNI"
        }
    }

    /// Why the precision's kernels can't run here, for a one-line message.
    public var unavailableReason: String {
        ReaderKernels.portableOnly
            ? "the AVX-512 kernels are switched off (ALBERTQA_PORTABLE_KERNELS=1)"
            : "it needs \(requirement), which this CPU lacks"
    }

    /// The precision the reader uses when none is asked for: int8 where the CPU has VNNI (its
    /// SQuAD v1.1 dev F1 is 0.08 below fp32's at 0.4x the latency, see README), else fp32.
    public static var automatic: Precision { Precision.int8.isSupportedByCPU ? .int8 : .fp32 }
}

/// Which implementation the reader's matrix products, attention and element-wise passes use.
public enum ReaderKernels {
    /// true runs the portable path (OpenBLAS sgemm and plain C loops) that a CPU without
    /// AVX-512 takes, on any CPU: to compare with the kernels or to rule them out. Set it
    /// before loading a model; a loaded model keeps the path it was loaded with.
    public static var portableOnly: Bool {
        get { albert_using_portable_kernels() != 0 }
        set { albert_use_portable_kernels(newValue ? 1 : 0) }
    }
}

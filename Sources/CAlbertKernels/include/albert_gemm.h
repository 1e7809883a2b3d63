#ifndef ALBERTQA_GEMM_H
#define ALBERTQA_GEMM_H

// Matrix products against weights packed once at load time, for torch.nn.Linear:
// y[rows x n] = x[rows x k] · Wᵀ (+ bias), W stored [n x k] as Hugging Face saves it.
//
// Three precisions share one blocking scheme (panels of 64 output channels, a 6 x 64 register
// tile of AVX-512 accumulators):
//   fp32: fused multiply-add on float weights.
//   bf16: weights and activations rounded to bfloat16, vdpbf16ps, float accumulation.
//   int8: weights symmetric int8 with one scale per output channel; activations quantised
//         per row (asymmetric uint8, scale and zero point from the row's range) when the
//         product runs; vpdpbusd (AVX-512 VNNI), int32 accumulation, float epilogue.
// The kernels are compiled for AVX-512 and chosen at run time: callers ask
// albert_gemm_supported() first and use BLAS where it says no.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ALBERT_PRECISION_FP32 = 0,
    ALBERT_PRECISION_BF16 = 1,
    ALBERT_PRECISION_INT8 = 2
} albert_precision;

/// Weights of one Linear in the kernels' layout. Create with albert_gemm_pack, free with
/// albert_gemm_free. Read-only after packing, so one may be shared by any number of threads.
typedef struct {
    albert_precision precision;
    int n, k;                 // output and input features
    int n_padded, k_padded;   // n rounded up to 64; k rounded up to 2 (bf16) or 4 (int8)
    void *panels;             // n_padded / 64 panels of k_padded x 64 values
    float *scales;            // int8: per output channel, w ≈ scale[n] · q[n, k]; else NULL
    int32_t *column_sums;     // int8: Σ_k q[n, k], for the activations' zero point; else NULL
} albert_packed_matrix;

/// 1 when this CPU can run the packed kernels of `precision` (AVX-512F; plus BF16 or VNNI).
int albert_gemm_supported(albert_precision precision);

/// Packs w [n x k] (row-major). Returns NULL when memory runs out or the CPU lacks the kernels.
albert_packed_matrix *albert_gemm_pack(albert_precision precision, const float *w, int n, int k);
void albert_gemm_free(albert_packed_matrix *matrix);

/// Bytes of scratch memory albert_gemm_linear needs for `rows` rows of k inputs (0 for fp32).
size_t albert_gemm_scratch_bytes(albert_precision precision, int k, int rows);

/// y[rows x n] (row stride ldy) = x[rows x k] (row stride ldx) · Wᵀ + bias (bias may be NULL).
/// `scratch` holds albert_gemm_scratch_bytes(precision, k, rows) bytes, 64-byte aligned.
void albert_gemm_linear(const albert_packed_matrix *matrix, const float *x, int ldx, int rows,
                        const float *bias, float *y, int ldy, void *scratch);

/// The int8 path's activation quantisation of one row, exposed for tests:
/// q[i] = clamp(round(x[i] / scale) + zero_point, 0, 255) with the row's range widened to 0.
void albert_quantize_row_u8(const float *x, int k, uint8_t *q, float *scale, int32_t *zero_point);

#ifdef __cplusplus
}
#endif

#endif

#ifndef ALBERTQA_KERNELS_H
#define ALBERTQA_KERNELS_H

// The element-wise passes of the ALBERT forward pass. Matrix products go through BLAS;
// these are the few loops that must stay fast even in a debug build (this target is
// always compiled with optimisation).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ALBERT_ACT_GELU = 0,       // exact: 0.5 x (1 + erf(x / sqrt 2))
    ALBERT_ACT_GELU_NEW = 1,   // tanh approximation (gelu_new, gelu_pytorch_tanh)
    ALBERT_ACT_GELU_FAST = 2,  // tanh approximation written as in HF's FastGELUActivation
    ALBERT_ACT_RELU = 3,
    ALBERT_ACT_SILU = 4,
    ALBERT_ACT_QUICK_GELU = 5  // x * sigmoid(1.702 x)
} albert_activation;

/// IEEE half precision to float, `count` values.
void albert_f16_to_f32(const uint16_t *in, float *out, size_t count);
/// bfloat16 to float, `count` values.
void albert_bf16_to_f32(const uint16_t *in, float *out, size_t count);

/// out[i, :] = word[ids[i], :] + position[i, :] + type[types[i], :] for i < rows.
void albert_gather_embeddings(float *out, const float *word, const float *position,
                              const float *token_type, const int32_t *ids,
                              const int32_t *types, int rows, int cols);

/// Copies `bias` into every row of y (rows x cols, row stride cols), ready for a GEMM with beta = 1.
void albert_broadcast_rows(float *y, const float *bias, int rows, int cols);

/// y = act(y + bias), row-major rows x cols.
void albert_bias_activation(float *y, const float *bias, int rows, int cols, albert_activation act);

/// out = LayerNorm(x + bias + residual) per row (gamma, beta, eps as torch.nn.LayerNorm).
/// `out` may alias `x`. `residual` may be NULL.
void albert_add_layer_norm(float *out, const float *x, const float *bias, const float *residual,
                           const float *gamma, const float *beta, int rows, int cols, float eps);

/// Row-wise softmax(scale * s + additive_mask) in place; rows x cols with row stride ld.
/// additive_mask has cols entries (0 for kept keys, -FLT_MAX for masked ones, as HF does).
void albert_scaled_masked_softmax(float *scores, int rows, int cols, int ld, float scale,
                                  const float *additive_mask);

/// albert_scaled_masked_softmax without its last pass: rows hold exp(s - row max) and
/// inverse_sums[row] = 1 / Σ, for a caller that folds the division into its own next pass.
void albert_scaled_masked_exp(float *scores, int rows, int cols, int ld, float scale,
                              const float *additive_mask, float *inverse_sums);

/// 1 makes every kernel dispatcher take its portable path (BLAS products, plain C loops), as
/// on a CPU without AVX-512, so that tests cover that path on any machine. Models loaded
/// afterwards keep the path they were loaded with. 0 (the default) restores detection.
void albert_use_portable_kernels(int portable);
int albert_using_portable_kernels(void);

#ifdef __cplusplus
}
#endif

#endif

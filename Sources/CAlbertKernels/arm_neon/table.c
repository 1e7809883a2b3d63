// The AArch64 Advanced SIMD table (every AArch64 CPU). int8 needs the dotprod extension
// (Armv8.2+: Apple M1, Graviton 2, Cortex-A76 and later); softmax, LayerNorm and GELU are NEON
// kernels (elementwise.c).
// With i8mm (Armv8.6) int8 weights are packed k by 8 for usmmla (gemm.c), else k by 4 for sdot.

#include "../common.h"

#if defined(__aarch64__)

void albert_neon_fp32_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_neon_bf16_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_neon_int8_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_neon_attention(albert_precision, const float *, int, int, int, int, int, const float *, float *, float *, void *);
size_t albert_neon_attention_scratch(albert_precision, int, int);
void albert_neon_softmax(float *, int, int, int, float, const float *, float *);
void albert_neon_layer_norm(float *, const float *, const float *, const float *, const float *, const float *, int, int, float);
void albert_neon_bias_activation(float *, const float *, int, int, albert_activation);

const albert_kernel_table albert_neon_table = {
    .id = ALBERT_KERNELS_NEON,
    .name = "neon",
    .requirement = "AArch64 Advanced SIMD",
    .required = ALBERT_CPU_ASIMD,
    .precision_required = {0, 0, ALBERT_CPU_DOTPROD},
    .panel = 16,
    .int8_weight_max = 127,
    .int8_activation_max = 255,  // sdot and usmmla sum in 32 bits: no saturation
    .int8_k8_features = ALBERT_CPU_I8MM,
    .attention_in_bf16 = 0,
    .preferred_precision = ALBERT_PRECISION_INT8,
    .linear = {albert_neon_fp32_linear, albert_neon_bf16_linear, albert_neon_int8_linear},
    .attention = albert_neon_attention,
    .attention_scratch_bytes = albert_neon_attention_scratch,
    .softmax = albert_neon_softmax,
    .layer_norm = albert_neon_layer_norm,
    .bias_activation = albert_neon_bias_activation,
    .quantize_row = albert_quantize_row_reference,
};

#endif

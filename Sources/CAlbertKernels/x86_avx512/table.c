// The AVX-512 table: Skylake-SP and later (Ice Lake, Sapphire Rapids, Zen 4/5). fp32 needs
// AVX-512F/BW/DQ/VL; bf16 adds AVX-512 BF16, int8 AVX-512 VNNI.

#include "../common.h"

#if defined(__x86_64__)

void albert_avx512_fp32_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_avx512_bf16_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_avx512_int8_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_avx512_attention(albert_precision, const float *, int, int, int, int, int, const float *, float *, float *, void *);
size_t albert_avx512_attention_scratch(albert_precision, int, int);
void albert_avx512_softmax(float *, int, int, int, float, const float *, float *);
void albert_avx512_layer_norm(float *, const float *, const float *, const float *, const float *, const float *, int, int, float);
void albert_avx512_bias_activation(float *, const float *, int, int, albert_activation);
void albert_avx512_quantize_row(const float *, int, int, int, uint8_t *, float *, int32_t *);

const albert_kernel_table albert_avx512_table = {
    .id = ALBERT_KERNELS_AVX512,
    .name = "avx512",
    .requirement = "AVX-512F/BW/DQ/VL",
    .required = ALBERT_CPU_AVX512F | ALBERT_CPU_AVX512BW | ALBERT_CPU_AVX512DQ | ALBERT_CPU_AVX512VL | ALBERT_CPU_FMA,
    .precision_required = {0, ALBERT_CPU_AVX512BF16, ALBERT_CPU_AVX512VNNI},
    .panel = 64,
    .int8_weight_max = 127,
    .int8_activation_max = 255,  // vpdpbusd sums u8 x s8 products in 32 bits: no saturation
    .attention_in_bf16 = 1,
    .preferred_precision = ALBERT_PRECISION_INT8,
    .linear = {albert_avx512_fp32_linear, albert_avx512_bf16_linear, albert_avx512_int8_linear},
    .attention = albert_avx512_attention,
    .attention_scratch_bytes = albert_avx512_attention_scratch,
    .softmax = albert_avx512_softmax,
    .layer_norm = albert_avx512_layer_norm,
    .bias_activation = albert_avx512_bias_activation,
    .quantize_row = albert_avx512_quantize_row,
};

#endif

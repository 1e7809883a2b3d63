// The AVX-VNNI table: the AVX2 table's kernels (fp32, bf16, attention, element-wise passes)
// with int8 products by vpdpbusd on ymm registers (gemm.c): 8-bit activations and one
// instruction per 32 products, where the AVX2 table needs 7-bit activations and 1.5 multiply
// uops. For CPUs with 256-bit VNNI but no AVX-512 (Intel Alder Lake and later client cores,
// AVX-VNNI); on CPUs with AVX-512 VNNI (Zen 4, Ice Lake ...) it runs the EVEX encoding, which is
// how this project's Zen 4 runs and tests it (the avx512 table stays the automatic choice there).

#include "../x86_avx2/kernels.h"

#if defined(__x86_64__)

void albert_avxvnni_int8_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);

const albert_kernel_table albert_avxvnni_table = {
    .id = ALBERT_KERNELS_AVXVNNI,
    .name = "avxvnni",
    .requirement = "AVX2, FMA and AVX-VNNI (or AVX-512 VNNI with VL)",
    .required = ALBERT_CPU_AVX2 | ALBERT_CPU_FMA | ALBERT_CPU_YMM_VNNI,
    .precision_required = {0, 0, 0},
    .panel = 16,
    .int8_weight_max = 127,
    .int8_activation_max = 255,  // vpdpbusd sums into int32: no saturation to avoid
    .attention_in_bf16 = 0,
    .preferred_precision = ALBERT_PRECISION_INT8,
    .linear = {albert_avx2_fp32_linear, albert_avx2_bf16_linear, albert_avxvnni_int8_linear},
    .attention = albert_avx2_attention,
    .attention_scratch_bytes = albert_avx2_attention_scratch,
    .softmax = albert_avx2_softmax,
    .layer_norm = albert_avx2_layer_norm,
    .bias_activation = albert_avx2_bias_activation,
    .quantize_row = albert_avx2_quantize_row,
};

#endif

// The AVX2 + FMA table: Intel since Haswell (2013, client cores since Alder Lake lack
// AVX-512), AMD since Zen. bf16 is a real path (bf16 weights widened to float in registers);
// attention runs in fp32 for every precision.
//
// int8 and vpmaddubsw's 16-bit saturation: u8 x s8 pair sums reach 2 x 255 x 127 = 64 770,
// past int16. Measured (DESIGN.md): 7-bit activations and 7-bit weights (this table's choice:
// two k-quads summed in 16 bits before widening, 0.40-0.48x the fp32 kernel's time, SQuAD v1.1
// dev F1 84.83 against fp32's 84.76 on the first 1000 questions), 7-bit activations alone
// (0.53-0.56x, F1 84.49) and two exact 8-bit schemes (vpsignb: 0.84x; int16 products: 0.93x)
// too slow to beat fp32 by much. Activations are quantised per token from each row's own
// range, weights per channel. CPUs with vpdpbusd on ymm run the avxvnni table instead
// (x86_avxvnni/), which has no such limit.

#include "kernels.h"

#if defined(__x86_64__)

const albert_kernel_table albert_avx2_table = {
    .id = ALBERT_KERNELS_AVX2,
    .name = "avx2",
    .requirement = "AVX2 and FMA",
    .required = ALBERT_CPU_AVX2 | ALBERT_CPU_FMA,
    .precision_required = {0, 0, 0},
    .panel = 16,
    .int8_weight_max = 63,
    .int8_activation_max = 127,  // 4 x 127 x 63 <= 32 767: two quads' pair sums add in 16 bits
    .attention_in_bf16 = 0,
    .preferred_precision = ALBERT_PRECISION_INT8,
    .linear = {albert_avx2_fp32_linear, albert_avx2_bf16_linear, albert_avx2_int8_linear},
    .attention = albert_avx2_attention,
    .attention_scratch_bytes = albert_avx2_attention_scratch,
    .softmax = albert_avx2_softmax,
    .layer_norm = albert_avx2_layer_norm,
    .bias_activation = albert_avx2_bias_activation,
    .quantize_row = albert_avx2_quantize_row,
};

#endif

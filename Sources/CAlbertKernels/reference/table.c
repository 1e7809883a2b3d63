// The reference table: needs nothing of the CPU, runs every precision.

#include "../common.h"

const albert_kernel_table albert_reference_table = {
    .id = ALBERT_KERNELS_REFERENCE,
    .name = "reference",
    .requirement = "nothing",
    .required = 0,
    .panel = 16,
    .int8_weight_max = 127,
    .int8_activation_max = 255,
    .attention_in_bf16 = 1,
    .preferred_precision = ALBERT_PRECISION_FP32,
    .linear = {albert_reference_fp32_linear, albert_reference_bf16_linear, albert_reference_int8_linear},
    .attention = albert_reference_attention,
    .attention_scratch_bytes = albert_reference_attention_scratch,
    .softmax = albert_reference_softmax,
    .layer_norm = albert_reference_layer_norm,
    .bias_activation = albert_reference_bias_activation,
    .quantize_row = albert_quantize_row_reference,
};

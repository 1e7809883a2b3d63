#ifndef ALBERTQA_ATTENTION_H
#define ALBERTQA_ATTENTION_H

// Multi-head scaled dot-product attention on AVX-512, head by head:
// scores = softmax(Q Kᵀ / sqrt(d) + mask), context = scores · V. Q, K and V are read in place
// from the stacked [length x 3·hidden] query|key|value projection. fp32 uses FMA tiles; bf16
// rounds Q, K, the probabilities and V to bfloat16 and multiplies with vdpbf16ps (float sums).

#include <stddef.h>
#include "albert_gemm.h"

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when this CPU runs attention in `precision` (fp32 or bf16) for heads of `head_size`
/// (a multiple of 16).
int albert_attention_supported(albert_precision precision, int head_size);

/// Scratch bytes one thread needs for albert_attention_heads.
size_t albert_attention_scratch_bytes(albert_precision precision, int length, int head_size);

/// Attention for heads first_head, first_head + head_stride, ... (below hidden / head_size).
/// Writes each head's [length x head_size] slice of context (row stride hidden). `scores`
/// holds length x length floats; `scratch` albert_attention_scratch_bytes, 64-byte aligned.
/// additive_mask has `length` entries (0 or -FLT_MAX), as albert_scaled_masked_softmax takes.
void albert_attention_heads(albert_precision precision, const float *query_key_value, int length, int hidden,
                            int head_size, int first_head, int head_stride, const float *additive_mask,
                            float *context, float *scores, void *scratch);

#ifdef __cplusplus
}
#endif

#endif

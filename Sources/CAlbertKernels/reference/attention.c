// Reference attention, head by head: scores = softmax(Q Kᵀ / sqrt(d) + mask), context =
// scores · V, in plain C. fp32 multiplies floats; bf16 rounds Q, K, V and the normalised
// probabilities to bfloat16 first (as the AVX-512 BF16 kernels do) and sums in float.

#include "../common.h"

// Scratch: Q, K and V of one head (rounded for bf16), then the rows' 1 / Σ exp.
size_t albert_reference_attention_scratch(albert_precision precision, int length, int head_size) {
    (void)precision;
    return 3 * round_up_size((size_t)length * (size_t)head_size * sizeof(float), 64) +
           round_up_size((size_t)length * sizeof(float), 64);
}

void albert_reference_attention(albert_precision precision, const float *qkv, int length, int hidden, int d,
                                int first_head, int head_stride, const float *mask, float *context, float *scores,
                                void *scratch) {
    const int heads = hidden / d, ld = 3 * hidden, bf16 = precision != ALBERT_PRECISION_FP32;
    const size_t block = round_up_size((size_t)length * (size_t)d * sizeof(float), 64);
    float *q = scratch, *k = (float *)((char *)scratch + block), *v = (float *)((char *)scratch + 2 * block);
    float *inverse_sums = (float *)((char *)scratch + 3 * block);
    for (int h = first_head; h < heads; h += head_stride) {
        for (int j = 0; j < length; ++j)
            for (int c = 0; c < d; ++c) {
                const float *row = qkv + (size_t)j * ld + (size_t)h * d + c;
                q[j * d + c] = bf16 ? round_to_bf16(row[0]) : row[0];
                k[j * d + c] = bf16 ? round_to_bf16(row[hidden]) : row[hidden];
                v[j * d + c] = bf16 ? round_to_bf16(row[2 * hidden]) : row[2 * hidden];
            }
        for (int i = 0; i < length; ++i)
            for (int j = 0; j < length; ++j) {
                float sum = 0;
                for (int c = 0; c < d; ++c) sum += q[i * d + c] * k[j * d + c];
                scores[(size_t)i * length + j] = sum;
            }
        albert_reference_softmax(scores, length, length, length, 1.0f / sqrtf((float)d), mask, inverse_sums);
        for (int i = 0; i < length; ++i) {
            float *p = scores + (size_t)i * length;
            if (bf16)
                for (int j = 0; j < length; ++j) p[j] = round_to_bf16(p[j] * inverse_sums[i]);
            float *out = context + (size_t)i * hidden + (size_t)h * d;
            for (int c = 0; c < d; ++c) {
                float sum = 0;
                for (int j = 0; j < length; ++j) sum += p[j] * v[j * d + c];
                out[c] = bf16 ? sum : sum * inverse_sums[i];
            }
        }
    }
}

// AVX2 attention, head by head, in fp32 for every precision (AVX2 has no bf16 dot product, so
// bf16 would only add rounding): Kᵀ packed into the 16-key panels of the products, scores by
// the 6 x 16 tile, softmax without its division, V's columns copied into 16-wide panels,
// P · V by the same tile, and the division applied to the head's narrow output (length x d,
// not length x length). Any head size.

#include "kernels.h"
#include "tiles.h"

#if defined(__x86_64__)

// Query rows per block of scores, softmax and P · V: 48 x length scores (57 KB at 300 tokens)
// instead of the whole length x length matrix between the passes. 12, 24 and 48 measured alike.
enum { ATTENTION_ROW_BLOCK = 48 };

// Scratch: packed Kᵀ [keys/16][d][16], V panels [d/16][keys][16], the rows' 1 / Σ exp.
typedef struct { size_t keys, values, inverse_sums, total; } layout;

static layout layout_of(int length, int d) {
    layout l;
    l.keys = 0;
    l.values = round_up_size((size_t)round_up(length, AVX2_PANEL) * (size_t)d * sizeof(float), 64);
    l.inverse_sums = l.values + round_up_size((size_t)round_up(d, AVX2_PANEL) * (size_t)length * sizeof(float), 64);
    l.total = l.inverse_sums + round_up_size((size_t)length * sizeof(float), 64);
    return l;
}

size_t albert_avx2_attention_scratch(albert_precision precision, int length, int head_size) {
    (void)precision;
    return layout_of(length, head_size).total;
}

TARGET_AVX2 static void head(const float *q, const float *k, const float *v, int ld, int length, int d,
                             const float *mask, float *out, int ldo, float *scores, char *scratch) {
    const layout l = layout_of(length, d);
    float *keys_t = (float *)(scratch + l.keys), *values = (float *)(scratch + l.values);
    float *inverse_sums = (float *)(scratch + l.inverse_sums);
    const int blocks = round_up(length, AVX2_PANEL) / AVX2_PANEL;
    if (length % AVX2_PANEL) memset(keys_t + (size_t)(blocks - 1) * d * AVX2_PANEL, 0, (size_t)d * AVX2_PANEL * sizeof(float));
    // 8 keys x 8 dimensions at a time by an in-register transpose; the scalar loop (one
    // 4-byte store per value) was ~70 % of this function's time in a perf profile of `ask`.
    const int full_keys = length / 8 * 8, full_dims = d / 8 * 8;
    for (int j = 0; j < full_keys; j += 8) {
        float *lanes = keys_t + (size_t)(j / AVX2_PANEL) * d * AVX2_PANEL + j % AVX2_PANEL;
        for (int c = 0; c < full_dims; c += 8) {
            __m256 rows[8];
            for (int i = 0; i < 8; ++i) rows[i] = _mm256_loadu_ps(k + (size_t)(j + i) * ld + c);
            avx2_transpose8(rows);
            for (int i = 0; i < 8; ++i) _mm256_storeu_ps(lanes + (size_t)(c + i) * AVX2_PANEL, rows[i]);
        }
    }
    for (int j = 0; j < length; ++j) {
        float *lane = keys_t + (size_t)(j / AVX2_PANEL) * d * AVX2_PANEL + j % AVX2_PANEL;
        const float *key = k + (size_t)j * ld;
        for (int c = j < full_keys ? full_dims : 0; c < d; ++c) lane[(size_t)c * AVX2_PANEL] = key[c];
    }
    for (int c0 = 0; c0 < d; c0 += AVX2_PANEL) {
        const int width = min_int(d - c0, AVX2_PANEL);
        float *panel = values + (size_t)(c0 / AVX2_PANEL) * length * AVX2_PANEL;
        const __m256i m0 = avx2_lane_mask(width, 0), m1 = avx2_lane_mask(width, 1);
        for (int j = 0; j < length; ++j) {
            const float *value = v + (size_t)j * ld + c0;
            _mm256_store_ps(panel + (size_t)j * AVX2_PANEL, _mm256_maskload_ps(value, m0));
            _mm256_store_ps(panel + (size_t)j * AVX2_PANEL + 8, _mm256_maskload_ps(value + 8, m1));
        }
    }
    // A block of query rows at a time through scores, softmax and P · V, so that the block's
    // scores stay in cache between the three passes instead of the whole length x length matrix
    // going through L2 three times. Every value is computed as before (same tiles, same order
    // over k), so the output is bit-identical.
    for (int r0 = 0; r0 < length; r0 += ATTENTION_ROW_BLOCK) {
        const int block_rows = min_int(length - r0, ATTENTION_ROW_BLOCK);
        for (int b = 0; b < blocks; ++b) {
            const int columns = min_int(length - b * AVX2_PANEL, AVX2_PANEL);
            for (int r = 0; r < block_rows; r += AVX2_TILE_ROWS)
                avx2_fp32_tile_any(min_int(block_rows - r, AVX2_TILE_ROWS), q + (size_t)(r0 + r) * ld, ld,
                                   keys_t + (size_t)b * d * AVX2_PANEL, d, scores + (size_t)r * length + b * AVX2_PANEL,
                                   length, columns, 0, NULL);
        }
        albert_avx2_softmax(scores, block_rows, length, length, 1.0f / sqrtf((float)d), mask, inverse_sums + r0);
        for (int c0 = 0; c0 < d; c0 += AVX2_PANEL) {
            const int width = min_int(d - c0, AVX2_PANEL);
            const float *panel = values + (size_t)(c0 / AVX2_PANEL) * length * AVX2_PANEL;
            for (int r = 0; r < block_rows; r += AVX2_TILE_ROWS)
                avx2_fp32_tile_any(min_int(block_rows - r, AVX2_TILE_ROWS), scores + (size_t)r * length, length, panel,
                                   length, out + (size_t)(r0 + r) * ldo + c0, ldo, width, 0, NULL);
        }
    }
    for (int r = 0; r < length; ++r) {
        float *row = out + (size_t)r * ldo;
        for (int c = 0; c < d; ++c) row[c] *= inverse_sums[r];
    }
}

void albert_avx2_attention(albert_precision precision, const float *qkv, int length, int hidden, int head_size,
                           int first_head, int head_stride, const float *mask, float *context, float *scores,
                           void *scratch) {
    (void)precision;
    const int heads = hidden / head_size, ld = 3 * hidden;
    for (int h = first_head; h < heads; h += head_stride) {
        const float *q = qkv + (size_t)h * head_size;
        head(q, q + hidden, q + 2 * hidden, ld, length, head_size, mask, context + (size_t)h * head_size, hidden,
             scores, scratch);
    }
}

#endif  // __x86_64__

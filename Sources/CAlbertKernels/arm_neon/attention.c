// NEON attention in fp32 for every precision, structured as x86_avx2/attention.c: Kᵀ packed
// into 16-key panels, scores by the 4 x 16 tile, softmax without its division, V copied into
// 16-column panels, P · V by the same tile, the division applied to the head's output.

#include "../common.h"

#if defined(__aarch64__)

enum { NEON_PANEL = 16, NEON_TILE_ROWS = 4 };

void albert_neon_softmax(float *scores, int rows, int cols, int ld, float scale, const float *mask, float *inverse_sums);
void albert_neon_fp32_tile(int rows, const float *a, int lda, const float *panel, int kc, float *y, int ldy,
                           int columns, const float *bias);

typedef struct { size_t keys, values, inverse_sums, total; } layout;

static layout layout_of(int length, int d) {
    layout l;
    l.keys = 0;
    l.values = round_up_size((size_t)round_up(length, NEON_PANEL) * (size_t)d * sizeof(float), 64);
    l.inverse_sums = l.values + round_up_size((size_t)round_up(d, NEON_PANEL) * (size_t)length * sizeof(float), 64);
    l.total = l.inverse_sums + round_up_size((size_t)length * sizeof(float), 64);
    return l;
}

size_t albert_neon_attention_scratch(albert_precision precision, int length, int head_size) {
    (void)precision;
    return layout_of(length, head_size).total;
}

void albert_neon_attention(albert_precision precision, const float *qkv, int length, int hidden, int d,
                           int first_head, int head_stride, const float *mask, float *context, float *scores,
                           void *scratch) {
    (void)precision;
    const int heads = hidden / d, ld = 3 * hidden;
    const layout l = layout_of(length, d);
    float *keys_t = (float *)((char *)scratch + l.keys), *values = (float *)((char *)scratch + l.values);
    float *inverse_sums = (float *)((char *)scratch + l.inverse_sums);
    const int blocks = round_up(length, NEON_PANEL) / NEON_PANEL;
    for (int h = first_head; h < heads; h += head_stride) {
        const float *q = qkv + (size_t)h * d, *k = q + hidden, *v = q + 2 * hidden;
        float *out = context + (size_t)h * d;
        memset(keys_t, 0, (size_t)blocks * d * NEON_PANEL * sizeof(float));
        for (int j = 0; j < length; ++j)
            for (int c = 0; c < d; ++c)
                keys_t[(size_t)(j / NEON_PANEL) * d * NEON_PANEL + (size_t)c * NEON_PANEL + j % NEON_PANEL] = k[(size_t)j * ld + c];
        for (int b = 0; b < blocks; ++b)
            for (int r = 0; r < length; r += NEON_TILE_ROWS)
                albert_neon_fp32_tile(min_int(length - r, NEON_TILE_ROWS), q + (size_t)r * ld, ld, keys_t + (size_t)b * d * NEON_PANEL, d,
                                      scores + (size_t)r * length + b * NEON_PANEL, length, min_int(length - b * NEON_PANEL, NEON_PANEL), NULL);
        albert_neon_softmax(scores, length, length, length, 1.0f / sqrtf((float)d), mask, inverse_sums);
        for (int c0 = 0; c0 < d; c0 += NEON_PANEL) {
            const int width = min_int(d - c0, NEON_PANEL);
            float *panel = values + (size_t)(c0 / NEON_PANEL) * length * NEON_PANEL;
            for (int j = 0; j < length; ++j)
                for (int c = 0; c < NEON_PANEL; ++c) panel[(size_t)j * NEON_PANEL + c] = c < width ? v[(size_t)j * ld + c0 + c] : 0.0f;
            for (int r = 0; r < length; r += NEON_TILE_ROWS)
                albert_neon_fp32_tile(min_int(length - r, NEON_TILE_ROWS), scores + (size_t)r * length, length, panel, length,
                                      out + (size_t)r * hidden + c0, hidden, width, NULL);
        }
        for (int r = 0; r < length; ++r)
            for (int c = 0; c < d; ++c) out[(size_t)r * hidden + c] *= inverse_sums[r];
    }
}

#endif  // __aarch64__

// AVX-512 packed products (fp32 vfmadd231ps, bf16 vdpbf16ps, int8 vpdpbusd) over panels of
// 64 output channels: the register tile is 6 rows x 64 channels, 24 zmm accumulators, 4 weight
// loads and 6 broadcasts per k-step, which keeps the FMA/dot-product pipes busy without
// spilling. fp32 cuts k into blocks so that the rows' slice of x stays in L2 while every
// panel passes over it.

#include "tiles.h"

#include <stdlib.h>

#if defined(__x86_64__)

enum { FP32_K_BLOCK = 256 };

#if ALBERT_HAVE_X86

// ---------------------------------------------------------------------------------- fp32

TARGET_FP32 static void fp32_tile_any(int rows, const float *a, int lda, const float *panel, int kc,
                                      float *y, int ldy, int columns, int accumulate, const float *bias) {
    switch (rows) {
    case 6: fp32_tile(6, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    case 5: fp32_tile(5, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    case 4: fp32_tile(4, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    case 3: fp32_tile(3, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    case 2: fp32_tile(2, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    default: fp32_tile(1, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    }
}

// k is cut into blocks so that the rows' slice of x stays in L2 while every panel passes
// over it; y accumulates across blocks.
TARGET_FP32 void albert_avx512_fp32_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows,
                                    const float *bias, float *y, int ldy, void *scratch) {
    (void)scratch;
    const float *panels = m->panels;
    for (int k0 = 0; k0 < m->k; k0 += FP32_K_BLOCK) {
        const int kc = m->k - k0 < FP32_K_BLOCK ? m->k - k0 : FP32_K_BLOCK;
        for (int c0 = 0; c0 < m->n; c0 += PANEL) {
            const float *panel = panels + (size_t)c0 * m->k_padded + (size_t)k0 * PANEL;
            const int columns = m->n - c0 < PANEL ? m->n - c0 : PANEL;
            const float *panel_bias = (k0 == 0 && bias) ? bias + c0 : NULL;
            for (int r = 0; r < rows; r += TILE_ROWS) {
                const int tile_rows = rows - r < TILE_ROWS ? rows - r : TILE_ROWS;
                fp32_tile_any(tile_rows, x + (size_t)r * ldx + k0, ldx, panel, kc,
                              y + (size_t)r * ldy + c0, ldy, columns, k0 > 0, panel_bias);
            }
        }
    }
}

// ---------------------------------------------------------------------------------- bf16

TARGET_BF16 static void bf16_round_rows(const float *x, int ldx, int rows, int k, int k_padded, uint16_t *out) {
    for (int r = 0; r < rows; ++r) {
        const float *row = x + (size_t)r * ldx;
        uint16_t *q = out + (size_t)r * k_padded;
        scale_to_bf16(row, k, 1.0f, q);
        for (int i = k; i < k_padded; ++i) q[i] = 0;
    }
}

TARGET_BF16 static void bf16_tile_any(int rows, const uint16_t *a, int lda, const uint16_t *panel, int pairs,
                                      float *y, int ldy, int columns, const float *bias) {
    switch (rows) {
    case 6: bf16_tile(6, a, lda, panel, pairs, y, ldy, columns, bias); break;
    case 5: bf16_tile(5, a, lda, panel, pairs, y, ldy, columns, bias); break;
    case 4: bf16_tile(4, a, lda, panel, pairs, y, ldy, columns, bias); break;
    case 3: bf16_tile(3, a, lda, panel, pairs, y, ldy, columns, bias); break;
    case 2: bf16_tile(2, a, lda, panel, pairs, y, ldy, columns, bias); break;
    default: bf16_tile(1, a, lda, panel, pairs, y, ldy, columns, bias); break;
    }
}

TARGET_BF16 void albert_avx512_bf16_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows,
                                    const float *bias, float *y, int ldy, void *scratch) {
    uint16_t *a = scratch;
    bf16_round_rows(x, ldx, rows, m->k, m->k_padded, a);
    const uint16_t *panels = m->panels;
    for (int c0 = 0; c0 < m->n; c0 += PANEL) {
        const uint16_t *panel = panels + (size_t)c0 * m->k_padded;
        const int columns = m->n - c0 < PANEL ? m->n - c0 : PANEL;
        for (int r = 0; r < rows; r += TILE_ROWS) {
            const int tile_rows = rows - r < TILE_ROWS ? rows - r : TILE_ROWS;
            bf16_tile_any(tile_rows, a + (size_t)r * m->k_padded, m->k_padded, panel, m->k_padded / 2,
                          y + (size_t)r * ldy + c0, ldy, columns, bias ? bias + c0 : NULL);
        }
    }
}

// ---------------------------------------------------------------------------------- int8

TARGET_INT8 void albert_avx512_quantize_row(const float *x, int k, int k_padded, int levels, uint8_t *q,
                                           float *scale_out, int32_t *zero_point_out) {
    // The range always contains 0 so that zero (padding, ReLU/GELU's floor) is exact.
    __m512 lowest = _mm512_setzero_ps(), highest = _mm512_setzero_ps();
    int i = 0;
    for (; i + 16 <= k; i += 16) {
        const __m512 v = _mm512_loadu_ps(x + i);
        lowest = _mm512_min_ps(lowest, v);
        highest = _mm512_max_ps(highest, v);
    }
    float low = _mm512_reduce_min_ps(lowest), high = _mm512_reduce_max_ps(highest);
    for (; i < k; ++i) { low = fminf(low, x[i]); high = fmaxf(high, x[i]); }
    float scale, inverse;
    int32_t zero_point;
    quantization_parameters(low, high, levels, &scale, &inverse, &zero_point);
    const __m512 inverse_v = _mm512_set1_ps(inverse);
    const __m512i zero_point_v = _mm512_set1_epi32(zero_point);
    const __m512i top = _mm512_set1_epi32(levels), bottom = _mm512_setzero_si512();
    for (i = 0; i + 16 <= k; i += 16) {
        __m512i v = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + i), inverse_v));  // nearest even
        v = _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(v, zero_point_v), bottom), top);
        _mm_storeu_si128((__m128i *)(q + i), _mm512_cvtepi32_epi8(v));
    }
    for (; i < k; ++i) {
        q[i] = quantize_value(x[i], inverse, zero_point, levels);
    }
    if (i < k_padded) memset(q + i, zero_point, (size_t)(k_padded - i));
    *scale_out = scale;
    *zero_point_out = zero_point;
}

// acc = Σ q_x · q_w (uint8 x int8); the real product is
// scale_x · scale_w · (acc − zero_point_x · Σ q_w).
TARGET_INT8 INLINE void int8_tile(const int rows, const uint8_t *a, int lda, const int8_t *panel, int quads,
                                  float *y, int ldy, int columns, const float *bias, const float *channel_scales,
                                  const int32_t *column_sums, const float *row_scales, const int32_t *zero_points) {
    __m512i acc[TILE_ROWS][4];
    for (int r = 0; r < rows; ++r)
        for (int v = 0; v < 4; ++v) acc[r][v] = _mm512_setzero_si512();
    for (int p = 0; p < quads; ++p) {
        const int8_t *b = panel + (size_t)p * PANEL * 4;
        const __m512i b0 = _mm512_load_si512(b), b1 = _mm512_load_si512(b + 64);
        const __m512i b2 = _mm512_load_si512(b + 128), b3 = _mm512_load_si512(b + 192);
        for (int r = 0; r < rows; ++r) {
            int32_t quad;
            memcpy(&quad, a + (size_t)r * lda + 4 * p, sizeof quad);
            const __m512i x = _mm512_set1_epi32(quad);
            acc[r][0] = _mm512_dpbusd_epi32(acc[r][0], x, b0);
            acc[r][1] = _mm512_dpbusd_epi32(acc[r][1], x, b1);
            acc[r][2] = _mm512_dpbusd_epi32(acc[r][2], x, b2);
            acc[r][3] = _mm512_dpbusd_epi32(acc[r][3], x, b3);
        }
    }
    // Unrolled in full so that the accumulators stay in registers (otherwise clang spills all
    // 24 to the stack and zeroes that copy with a memset every tile).
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; ++r) {
        const __m512i zero_point = _mm512_set1_epi32(zero_points[r]);
        const __m512 row_scale = _mm512_set1_ps(row_scales[r]);
#pragma clang loop unroll(full)
        for (int v = 0; v < 4; ++v) {
            const __mmask16 mask = lane_mask(columns, v);
            const __m512i centred = _mm512_sub_epi32(acc[r][v], _mm512_mullo_epi32(_mm512_load_si512(column_sums + 16 * v), zero_point));
            const __m512 scale = _mm512_mul_ps(_mm512_load_ps(channel_scales + 16 * v), row_scale);
            const __m512 offset = bias ? _mm512_maskz_loadu_ps(mask, bias + 16 * v) : _mm512_setzero_ps();
            _mm512_mask_storeu_ps(y + (size_t)r * ldy + 16 * v, mask, _mm512_fmadd_ps(_mm512_cvtepi32_ps(centred), scale, offset));
        }
    }
}

TARGET_INT8 static void int8_tile_any(int rows, const uint8_t *a, int lda, const int8_t *panel, int quads,
                                      float *y, int ldy, int columns, const float *bias, const float *channel_scales,
                                      const int32_t *column_sums, const float *row_scales, const int32_t *zero_points) {
#define INT8_TILE(n) int8_tile(n, a, lda, panel, quads, y, ldy, columns, bias, channel_scales, column_sums, row_scales, zero_points)
    switch (rows) {
    case 6: INT8_TILE(6); break;
    case 5: INT8_TILE(5); break;
    case 4: INT8_TILE(4); break;
    case 3: INT8_TILE(3); break;
    case 2: INT8_TILE(2); break;
    default: INT8_TILE(1); break;
    }
#undef INT8_TILE
}

TARGET_INT8 void albert_avx512_int8_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows,
                                    const float *bias, float *y, int ldy, void *scratch) {
    uint8_t *a = scratch;
    float *row_scales = int8_row_scales(scratch, m->k_padded, rows);
    int32_t *zero_points = int8_zero_points(scratch, m->k_padded, rows);
    for (int r = 0; r < rows; ++r)
        albert_avx512_quantize_row(x + (size_t)r * ldx, m->k, m->k_padded, m->activation_max, a + (size_t)r * m->k_padded,
                                   &row_scales[r], &zero_points[r]);
    const int8_t *panels = m->panels;
    for (int c0 = 0; c0 < m->n; c0 += PANEL) {
        const int8_t *panel = panels + (size_t)c0 * m->k_padded;
        const int columns = m->n - c0 < PANEL ? m->n - c0 : PANEL;
        for (int r = 0; r < rows; r += TILE_ROWS) {
            const int tile_rows = rows - r < TILE_ROWS ? rows - r : TILE_ROWS;
            int8_tile_any(tile_rows, a + (size_t)r * m->k_padded, m->k_padded, panel, m->k_padded / 4,
                          y + (size_t)r * ldy + c0, ldy, columns, bias ? bias + c0 : NULL, m->scales + c0,
                          m->column_sums + c0, row_scales + r, zero_points + r);
        }
    }
}

#endif  // ALBERT_HAVE_X86

#endif  // __x86_64__

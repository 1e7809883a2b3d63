#ifndef ALBERTQA_TILES_H
#define ALBERTQA_TILES_H

// AVX-512 register tiles shared by the packed products (gemm.c) and attention
// (attention.c): 6 rows x 64 output channels, 24 zmm accumulators. Private to this folder.

#include "../common.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define ALBERT_HAVE_X86 1
#define TARGET_FP32 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma")))
#define TARGET_BF16 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma,avx512bf16")))
#define TARGET_INT8 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma,avx512vnni")))
#define INLINE static inline __attribute__((always_inline))
#else
#define ALBERT_HAVE_X86 0
#endif

enum { PANEL = 64, TILE_ROWS = 6 };

#if ALBERT_HAVE_X86

// Lanes of output vector v (16 channels) that are real channels, for the last panel.
INLINE __mmask16 lane_mask(int columns, int v) {
    const int valid = columns - 16 * v;
    return valid >= 16 ? (__mmask16)0xFFFF : valid <= 0 ? (__mmask16)0 : (__mmask16)((1u << valid) - 1u);
}

// x · scale rounded to bf16 (nearest even), 16 at a time, then the tail. Scale 1 is exact, so
// it also serves for plain rounding.
TARGET_BF16 INLINE void scale_to_bf16(const float *x, int count, float scale, uint16_t *out) {
    const __m512 scale_v = _mm512_set1_ps(scale);
    int i = 0;
    for (; i + 16 <= count; i += 16)
        _mm256_storeu_si256((__m256i *)(out + i), (__m256i)_mm512_cvtneps_pbh(_mm512_mul_ps(_mm512_loadu_ps(x + i), scale_v)));
    for (; i < count; ++i) out[i] = float_to_bf16(x[i] * scale);
}

// One tile: rows x 64 channels over kc steps of k. Starts from y (accumulate), from the
// bias, or from zero.
TARGET_FP32 INLINE void fp32_tile(const int rows, const float *a, int lda, const float *panel, int kc,
                                  float *y, int ldy, int columns, int accumulate, const float *bias) {
    __m512 acc[TILE_ROWS][4];
    for (int v = 0; v < 4; ++v) {
        const __mmask16 mask = lane_mask(columns, v);
        const __m512 start = bias ? _mm512_maskz_loadu_ps(mask, bias + 16 * v) : _mm512_setzero_ps();
        for (int r = 0; r < rows; ++r)
            acc[r][v] = accumulate ? _mm512_maskz_loadu_ps(mask, y + (size_t)r * ldy + 16 * v) : start;
    }
    for (int k = 0; k < kc; ++k) {
        const float *b = panel + (size_t)k * PANEL;
        const __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
        const __m512 b2 = _mm512_load_ps(b + 32), b3 = _mm512_load_ps(b + 48);
        for (int r = 0; r < rows; ++r) {
            const __m512 x = _mm512_set1_ps(a[(size_t)r * lda + k]);
            acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
            acc[r][2] = _mm512_fmadd_ps(x, b2, acc[r][2]);
            acc[r][3] = _mm512_fmadd_ps(x, b3, acc[r][3]);
        }
    }
    for (int r = 0; r < rows; ++r)
        for (int v = 0; v < 4; ++v)
            _mm512_mask_storeu_ps(y + (size_t)r * ldy + 16 * v, lane_mask(columns, v), acc[r][v]);
}

TARGET_BF16 INLINE void bf16_tile(const int rows, const uint16_t *a, int lda, const uint16_t *panel, int pairs,
                                  float *y, int ldy, int columns, const float *bias) {
    __m512 acc[TILE_ROWS][4];
    for (int v = 0; v < 4; ++v) {
        const __m512 start = bias ? _mm512_maskz_loadu_ps(lane_mask(columns, v), bias + 16 * v) : _mm512_setzero_ps();
        for (int r = 0; r < rows; ++r) acc[r][v] = start;
    }
    for (int p = 0; p < pairs; ++p) {
        const uint16_t *b = panel + (size_t)p * PANEL * 2;
        const __m512bh b0 = (__m512bh)_mm512_load_si512(b), b1 = (__m512bh)_mm512_load_si512(b + 32);
        const __m512bh b2 = (__m512bh)_mm512_load_si512(b + 64), b3 = (__m512bh)_mm512_load_si512(b + 96);
        for (int r = 0; r < rows; ++r) {
            int32_t pair;
            memcpy(&pair, a + (size_t)r * lda + 2 * p, sizeof pair);
            const __m512bh x = (__m512bh)_mm512_set1_epi32(pair);
            acc[r][0] = _mm512_dpbf16_ps(acc[r][0], x, b0);
            acc[r][1] = _mm512_dpbf16_ps(acc[r][1], x, b1);
            acc[r][2] = _mm512_dpbf16_ps(acc[r][2], x, b2);
            acc[r][3] = _mm512_dpbf16_ps(acc[r][3], x, b3);
        }
    }
    for (int r = 0; r < rows; ++r)
        for (int v = 0; v < 4; ++v)
            _mm512_mask_storeu_ps(y + (size_t)r * ldy + 16 * v, lane_mask(columns, v), acc[r][v]);
}

#endif  // ALBERT_HAVE_X86

#endif

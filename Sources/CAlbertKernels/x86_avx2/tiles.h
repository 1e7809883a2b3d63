#ifndef ALBERTQA_AVX2_TILES_H
#define ALBERTQA_AVX2_TILES_H

// AVX2 + FMA register tiles shared by the packed products (gemm.c) and attention
// (attention.c). Private to this folder.
//
// fp32: 6 rows x 16 channels (BLIS's Haswell sgemm shape). 16 ymm registers hold 12
// accumulators, the 2 weight vectors of the k-step and 1 broadcast: the most accumulators
// that fit without spilling, 12 FMAs per 2 weight loads + 6 broadcast loads (Zen and Intel
// cores do 2 FMAs and 2-3 loads a cycle, so the FMA pipes stay the bottleneck). 4 x 24 also
// fits 16 registers (12 + 3 + 1) but needs 7 loads per 12 FMAs and 24-channel panels, which
// split the model's 384/1536-wide layers less evenly; measured no faster.

#include "../common.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET_AVX2 __attribute__((target("avx2,fma")))
#define AVX2_INLINE static inline __attribute__((always_inline))

enum { AVX2_PANEL = 16, AVX2_TILE_ROWS = 6 };

// Lanes of output vector v (8 channels) that are real channels, as a maskload/maskstore mask.
TARGET_AVX2 AVX2_INLINE __m256i avx2_lane_mask(int columns, int v) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(columns - 8 * v), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// Stores one row of a tile (16 channels as two vectors): plain stores for a full panel, masked
// ones only for the last, partial panel. vmaskmovps stores are slow on AMD cores: masking
// every tile's stores made the avx2 int8 products 5-11 % slower at 64-128 rows and 14-17 %
// at 192 on this Zen 4 (Benchmarks/kernels_bench.c; bit-identical output).
TARGET_AVX2 AVX2_INLINE void avx2_store_row(float *y, int columns, __m256i m0, __m256i m1, __m256 v0, __m256 v1) {
    if (columns >= AVX2_PANEL) {
        _mm256_storeu_ps(y, v0);
        _mm256_storeu_ps(y + 8, v1);
    } else {
        _mm256_maskstore_ps(y, m0, v0);
        _mm256_maskstore_ps(y + 8, m1, v1);
    }
}

// One tile: rows x 16 channels over kc steps of k, from a [k][16] panel. Starts from y
// (accumulate), from the bias, or from zero.
TARGET_AVX2 AVX2_INLINE void avx2_fp32_tile(const int rows, const float *a, int lda, const float *panel, int kc,
                                            float *y, int ldy, int columns, int accumulate, const float *bias) {
    const __m256i m0 = avx2_lane_mask(columns, 0), m1 = avx2_lane_mask(columns, 1);
    __m256 acc[AVX2_TILE_ROWS][2];
    const __m256 start0 = bias ? _mm256_maskload_ps(bias, m0) : _mm256_setzero_ps();
    const __m256 start1 = bias ? _mm256_maskload_ps(bias + 8, m1) : _mm256_setzero_ps();
    for (int r = 0; r < rows; ++r) {
        acc[r][0] = accumulate ? _mm256_maskload_ps(y + (size_t)r * ldy, m0) : start0;
        acc[r][1] = accumulate ? _mm256_maskload_ps(y + (size_t)r * ldy + 8, m1) : start1;
    }
    for (int k = 0; k < kc; ++k) {
        const float *b = panel + (size_t)k * AVX2_PANEL;
        const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
        for (int r = 0; r < rows; ++r) {
            const __m256 x = _mm256_broadcast_ss(a + (size_t)r * lda + k);
            acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
        }
    }
    for (int r = 0; r < rows; ++r) avx2_store_row(y + (size_t)r * ldy, columns, m0, m1, acc[r][0], acc[r][1]);
}

TARGET_AVX2 static inline void avx2_fp32_tile_any(int rows, const float *a, int lda, const float *panel, int kc,
                                           float *y, int ldy, int columns, int accumulate, const float *bias) {
    switch (rows) {
    case 6: avx2_fp32_tile(6, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    case 5: avx2_fp32_tile(5, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    case 4: avx2_fp32_tile(4, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    case 3: avx2_fp32_tile(3, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    case 2: avx2_fp32_tile(2, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    default: avx2_fp32_tile(1, a, lda, panel, kc, y, ldy, columns, accumulate, bias); break;
    }
}

// Transposes 8 x 8 floats in place: rows[i][c] becomes rows[c][i].
TARGET_AVX2 AVX2_INLINE void avx2_transpose8(__m256 rows[8]) {
    __m256 t[8], u[8];
    for (int i = 0; i < 4; ++i) {
        t[2 * i] = _mm256_unpacklo_ps(rows[2 * i], rows[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_ps(rows[2 * i], rows[2 * i + 1]);
    }
    for (int i = 0; i < 2; ++i) {
        u[4 * i] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], 0x44);
        u[4 * i + 1] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], 0xEE);
        u[4 * i + 2] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
        u[4 * i + 3] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
    }
    for (int i = 0; i < 4; ++i) {
        rows[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
        rows[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
    }
}

// Horizontal reductions of 8 lanes (softmax and LayerNorm sums and maxima, the int8 path's
// activation range), kept here once for every file of this folder.
#define AVX2_HORIZONTAL(name, op128, op_ss)                                                    \
    TARGET_AVX2 AVX2_INLINE float name(__m256 v) {                                           \
        __m128 x = op128(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));            \
        x = op128(x, _mm_movehl_ps(x, x));                                                   \
        x = op_ss(x, _mm_shuffle_ps(x, x, 1));                                               \
        return _mm_cvtss_f32(x);                                                             \
    }
AVX2_HORIZONTAL(sum8, _mm_add_ps, _mm_add_ss)
AVX2_HORIZONTAL(max8, _mm_max_ps, _mm_max_ss)
AVX2_HORIZONTAL(min8, _mm_min_ps, _mm_min_ss)
#undef AVX2_HORIZONTAL

#endif  // __x86_64__

#endif

// AVX2 + FMA packed products over panels of 16 output channels.
//
//   fp32: the 6 x 16 tile of tiles.h, k cut into blocks of 256 (a 16 KB panel slice stays in
//         L1 while every row tile passes over it).
//   bf16: weights stay bf16 in memory ([k/2][16][2], half the bytes) and are widened to float
//         in registers (a pair word's low half shifted up is the even k, its high half masked
//         is the odd k); activations rounded to bf16 and kept as floats (one broadcast load
//         per k). FMA in float: the same
//         arithmetic as vdpbf16ps, at the fp32 rate (AVX2 has no bf16 dot product).
//   int8: u8 activations x s8 weights ([k/4][16][4], vpdpbusd's layout) by vpmaddubsw, whose
//         pair sums saturate at 16 bits: 255 x 127 x 2 = 64 770 would overflow. The AVX2 table
//         therefore quantises activations to 7 bits (0..127) and weights to 7 bits (±63), so
//         that two k-quads' pair sums can be added in 16 bits (4 x 127 x 63 = 32 004) before
//         vpmaddwd by ones widens them to int32: 3 multiply uops per 64 products instead of 4.
//         4 x 16 tile: 8 accumulators + 4 weights + ones + 2 broadcasts + 1 temporary.
//         Measured (DESIGN.md; one core, the model's four shapes x 192 rows): 0.40-0.48x the
//         fp32 kernel (one vpmaddwd per quad: 0.53-0.56x; exact 8-bit schemes 0.84-0.96x), for
//         SQuAD dev F1 84.83 against fp32's 84.76 on the first 1000 questions.

#include "kernels.h"
#include "tiles.h"

#if defined(__x86_64__)

// INT8_ROW_BLOCK: the int8 product runs every panel over one block of at most this many rows,
// then the next block, so that the block's quantised activations (64 x k bytes) stay in L1/L2
// while the panels pass, instead of all rows' streaming through for every panel. With the
// weights coming from L3, as in the model, 300 rows took 0.81-0.89x the time and 192 rows
// ~0.95x; up to 150 rows it made no difference (Benchmarks/kernels_bench.c ... layer; 32 and
// 96 measured no better than 64). Bit-identical: each output is the same tile's sum.
enum { FP32_K_BLOCK = 256, INT8_TILE_ROWS = 4, INT8_ROW_BLOCK = 64 };

// ---------------------------------------------------------------------------------- fp32

TARGET_AVX2 void albert_avx2_fp32_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows,
                                         const float *bias, float *y, int ldy, void *scratch) {
    (void)scratch;
    const float *panels = m->panels;
    for (int k0 = 0; k0 < m->k; k0 += FP32_K_BLOCK) {
        const int kc = min_int(m->k - k0, FP32_K_BLOCK);
        for (int c0 = 0; c0 < m->n; c0 += AVX2_PANEL) {
            const float *panel = panels + (size_t)c0 * m->k_padded + (size_t)k0 * AVX2_PANEL;
            const int columns = min_int(m->n - c0, AVX2_PANEL);
            const float *panel_bias = (k0 == 0 && bias) ? bias + c0 : NULL;
            for (int r = 0; r < rows; r += AVX2_TILE_ROWS)
                avx2_fp32_tile_any(min_int(rows - r, AVX2_TILE_ROWS), x + (size_t)r * ldx + k0, ldx, panel, kc,
                                   y + (size_t)r * ldy + c0, ldy, columns, k0 > 0, panel_bias);
        }
    }
}

// ---------------------------------------------------------------------------------- bf16

// a: the activations rounded to bf16 but kept as floats, so that each k is one broadcast load.
TARGET_AVX2 AVX2_INLINE void bf16_tile(const int rows, const float *a, int lda, const uint16_t *panel, int pairs,
                                       float *y, int ldy, int columns, const float *bias) {
    const __m256i m0 = avx2_lane_mask(columns, 0), m1 = avx2_lane_mask(columns, 1);
    const __m256i high_half = _mm256_set1_epi32((int)0xFFFF0000u);
    __m256 acc[AVX2_TILE_ROWS][2];
    const __m256 start0 = bias ? _mm256_maskload_ps(bias, m0) : _mm256_setzero_ps();
    const __m256 start1 = bias ? _mm256_maskload_ps(bias + 8, m1) : _mm256_setzero_ps();
    for (int r = 0; r < rows; ++r) acc[r][0] = start0, acc[r][1] = start1;
    for (int p = 0; p < pairs; ++p) {
        const uint16_t *b = panel + (size_t)p * AVX2_PANEL * 2;
        const __m256i w0 = _mm256_load_si256((const __m256i *)b), w1 = _mm256_load_si256((const __m256i *)(b + 16));
        const __m256 even0 = _mm256_castsi256_ps(_mm256_slli_epi32(w0, 16));
        const __m256 even1 = _mm256_castsi256_ps(_mm256_slli_epi32(w1, 16));
        for (int r = 0; r < rows; ++r) {
            const __m256 x = _mm256_broadcast_ss(a + (size_t)r * lda + 2 * p);
            acc[r][0] = _mm256_fmadd_ps(x, even0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(x, even1, acc[r][1]);
        }
        const __m256 odd0 = _mm256_castsi256_ps(_mm256_and_si256(w0, high_half));
        const __m256 odd1 = _mm256_castsi256_ps(_mm256_and_si256(w1, high_half));
        for (int r = 0; r < rows; ++r) {
            const __m256 x = _mm256_broadcast_ss(a + (size_t)r * lda + 2 * p + 1);
            acc[r][0] = _mm256_fmadd_ps(x, odd0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(x, odd1, acc[r][1]);
        }
    }
    for (int r = 0; r < rows; ++r) avx2_store_row(y + (size_t)r * ldy, columns, m0, m1, acc[r][0], acc[r][1]);
}

TARGET_AVX2 static void bf16_tile_any(int rows, const float *a, int lda, const uint16_t *panel, int pairs,
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

TARGET_AVX2 void albert_avx2_bf16_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows,
                                         const float *bias, float *y, int ldy, void *scratch) {
    float *a = scratch;  // bf16 scratch holds 4 bytes per value (albert_linear_scratch_bytes)
    for (int r = 0; r < rows; ++r) {
        const float *row = x + (size_t)r * ldx;
        float *rounded = a + (size_t)r * m->k_padded;
        for (int i = 0; i < m->k; ++i) rounded[i] = round_to_bf16(row[i]);
        for (int i = m->k; i < m->k_padded; ++i) rounded[i] = 0;
    }
    const uint16_t *panels = m->panels;
    for (int c0 = 0; c0 < m->n; c0 += AVX2_PANEL) {
        const uint16_t *panel = panels + (size_t)c0 * m->k_padded;
        const int columns = min_int(m->n - c0, AVX2_PANEL);
        for (int r = 0; r < rows; r += AVX2_TILE_ROWS)
            bf16_tile_any(min_int(rows - r, AVX2_TILE_ROWS), a + (size_t)r * m->k_padded, m->k_padded, panel,
                          m->k_padded / 2, y + (size_t)r * ldy + c0, ldy, columns, bias ? bias + c0 : NULL);
    }
}

// ---------------------------------------------------------------------------------- int8

// albert_quantize_row_reference, 32 values at a time (same parameters, same codes:
// vcvtps2dq rounds to nearest even as nearbyintf does).
TARGET_AVX2 void albert_avx2_quantize_row(const float *x, int k, int k_padded, int levels, uint8_t *q,
                                          float *scale_out, int32_t *zero_point_out) {
    __m256 lowest = _mm256_setzero_ps(), highest = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= k; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        lowest = _mm256_min_ps(lowest, v);
        highest = _mm256_max_ps(highest, v);
    }
    float low = min8(lowest), high = max8(highest);
    for (; i < k; ++i) { low = fminf(low, x[i]); high = fmaxf(high, x[i]); }
    float scale, inverse;
    int32_t zero_point;
    quantization_parameters(low, high, levels, &scale, &inverse, &zero_point);
    const __m256 inverse_v = _mm256_set1_ps(inverse);
    const __m256i zero_point_v = _mm256_set1_epi32(zero_point), top = _mm256_set1_epi32(levels);
    const __m256i bottom = _mm256_setzero_si256(), order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    __m256i codes[4];
    for (i = 0; i + 32 <= k; i += 32) {
        for (int part = 0; part < 4; ++part) {
            __m256i v = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i + 8 * part), inverse_v));
            codes[part] = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(v, zero_point_v), bottom), top);
        }
        // Already within 0..levels, so the saturating packs only narrow; the permute undoes
        // their per-128-bit-lane interleaving.
        const __m256i bytes = _mm256_packus_epi16(_mm256_packs_epi32(codes[0], codes[1]), _mm256_packs_epi32(codes[2], codes[3]));
        _mm256_storeu_si256((__m256i *)(q + i), _mm256_permutevar8x32_epi32(bytes, order));
    }
    for (; i < k; ++i) q[i] = quantize_value(x[i], inverse, zero_point, levels);
    for (; i < k_padded; ++i) q[i] = (uint8_t)zero_point;
    *scale_out = scale;
    *zero_point_out = zero_point;
}

// Two k-quads per step: their vpmaddubsw pair sums are added in 16 bits before one vpmaddwd
// widens them, 3 multiply uops per 64 products instead of 4 (vpmaddubsw and vpmaddwd share the
// two vector-multiply pipes on Zen and Intel cores, which bound this loop). Exact only while
// 4 x activation_max x weight_max <= 32 767: the table's limits (x86_avx2/table.c) keep it so.
TARGET_AVX2 AVX2_INLINE void int8_tile(const int rows, const uint8_t *a, int lda, const int8_t *panel, int quads,
                                       float *y, int ldy, int columns, const float *bias, const float *channel_scales,
                                       const int32_t *column_sums, const float *row_scales, const int32_t *zero_points) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i acc[INT8_TILE_ROWS][2];
    for (int r = 0; r < rows; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
    int p = 0;
    for (; p + 2 <= quads; p += 2) {
        const int8_t *b = panel + (size_t)p * AVX2_PANEL * 4;
        const __m256i w0 = _mm256_load_si256((const __m256i *)b), w1 = _mm256_load_si256((const __m256i *)(b + 32));
        const __m256i v0 = _mm256_load_si256((const __m256i *)(b + 64)), v1 = _mm256_load_si256((const __m256i *)(b + 96));
        for (int r = 0; r < rows; ++r) {
            int32_t quad[2];
            memcpy(quad, a + (size_t)r * lda + 4 * p, sizeof quad);
            const __m256i x = _mm256_set1_epi32(quad[0]), z = _mm256_set1_epi32(quad[1]);
            const __m256i s0 = _mm256_add_epi16(_mm256_maddubs_epi16(x, w0), _mm256_maddubs_epi16(z, v0));
            acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(s0, ones));
            const __m256i s1 = _mm256_add_epi16(_mm256_maddubs_epi16(x, w1), _mm256_maddubs_epi16(z, v1));
            acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(s1, ones));
        }
    }
    if (p < quads) {
        const int8_t *b = panel + (size_t)p * AVX2_PANEL * 4;
        const __m256i w0 = _mm256_load_si256((const __m256i *)b), w1 = _mm256_load_si256((const __m256i *)(b + 32));
        for (int r = 0; r < rows; ++r) {
            int32_t quad;
            memcpy(&quad, a + (size_t)r * lda + 4 * p, sizeof quad);
            const __m256i x = _mm256_set1_epi32(quad);
            acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(x, w0), ones));
            acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(x, w1), ones));
        }
    }
    const __m256i m0 = avx2_lane_mask(columns, 0), m1 = avx2_lane_mask(columns, 1);
    const __m256 scale0 = _mm256_load_ps(channel_scales), scale1 = _mm256_load_ps(channel_scales + 8);
    const __m256i sums0 = _mm256_load_si256((const __m256i *)column_sums);
    const __m256i sums1 = _mm256_load_si256((const __m256i *)(column_sums + 8));
    const __m256 offset0 = bias ? _mm256_maskload_ps(bias, m0) : _mm256_setzero_ps();
    const __m256 offset1 = bias ? _mm256_maskload_ps(bias + 8, m1) : _mm256_setzero_ps();
    for (int r = 0; r < rows; ++r) {
        const __m256i zero_point = _mm256_set1_epi32(zero_points[r]);
        const __m256 row_scale = _mm256_set1_ps(row_scales[r]);
        const __m256i centred0 = _mm256_sub_epi32(acc[r][0], _mm256_mullo_epi32(sums0, zero_point));
        const __m256i centred1 = _mm256_sub_epi32(acc[r][1], _mm256_mullo_epi32(sums1, zero_point));
        avx2_store_row(y + (size_t)r * ldy, columns, m0, m1,
                       _mm256_fmadd_ps(_mm256_cvtepi32_ps(centred0), _mm256_mul_ps(scale0, row_scale), offset0),
                       _mm256_fmadd_ps(_mm256_cvtepi32_ps(centred1), _mm256_mul_ps(scale1, row_scale), offset1));
    }
}

TARGET_AVX2 static void int8_tile_any(int rows, const uint8_t *a, int lda, const int8_t *panel, int quads,
                                      float *y, int ldy, int columns, const float *bias, const float *channel_scales,
                                      const int32_t *column_sums, const float *row_scales, const int32_t *zero_points) {
#define INT8_TILE(n) int8_tile(n, a, lda, panel, quads, y, ldy, columns, bias, channel_scales, column_sums, row_scales, zero_points)
    switch (rows) {
    case 4: INT8_TILE(4); break;
    case 3: INT8_TILE(3); break;
    case 2: INT8_TILE(2); break;
    default: INT8_TILE(1); break;
    }
#undef INT8_TILE
}

TARGET_AVX2 void albert_avx2_int8_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows,
                                         const float *bias, float *y, int ldy, void *scratch) {
    uint8_t *a = scratch;
    float *row_scales = int8_row_scales(scratch, m->k_padded, rows);
    int32_t *zero_points = int8_zero_points(scratch, m->k_padded, rows);
    for (int r = 0; r < rows; ++r)
        albert_avx2_quantize_row(x + (size_t)r * ldx, m->k, m->k_padded, m->activation_max, a + (size_t)r * m->k_padded,
                                 &row_scales[r], &zero_points[r]);
    const int8_t *panels = m->panels;
    // Blocks of equal size (150 rows: 2 x 76, not 64 + 64 + 22, whose last block would pass
    // every panel for few rows).
    const int blocks = (rows + INT8_ROW_BLOCK - 1) / INT8_ROW_BLOCK;
    const int block_rows = round_up((rows + blocks - 1) / blocks, INT8_TILE_ROWS);
    for (int r0 = 0; r0 < rows; r0 += block_rows) {
        const int block_end = min_int(rows, r0 + block_rows);
        for (int c0 = 0; c0 < m->n; c0 += AVX2_PANEL) {
            const int8_t *panel = panels + (size_t)c0 * m->k_padded;
            const int columns = min_int(m->n - c0, AVX2_PANEL);
            for (int r = r0; r < block_end; r += INT8_TILE_ROWS)
                int8_tile_any(min_int(block_end - r, INT8_TILE_ROWS), a + (size_t)r * m->k_padded, m->k_padded, panel,
                              m->k_padded / 4, y + (size_t)r * ldy + c0, ldy, columns, bias ? bias + c0 : NULL,
                              m->scales + c0, m->column_sums + c0, row_scales + r, zero_points + r);
        }
    }
}

#endif  // __x86_64__

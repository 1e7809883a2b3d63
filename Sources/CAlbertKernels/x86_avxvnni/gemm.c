// int8 products by vpdpbusd on 256-bit registers: u8 activations x s8 weights summed four at a
// time straight into int32, one instruction per 32 products, without vpmaddubsw's 16-bit
// saturation (so 8-bit activations, 0..255, as the AVX-512 table). Same panels as the AVX2
// table ([k/4][16][4], 16 channels), 6 x 16 tile: 12 accumulators + 2 weights + 1 broadcast
// fill the 16 ymm registers.
//
// The instruction has two encodings of the same operation, and this file compiles the one
// kernel for each:
//   VEX  (AVX-VNNI: Intel Alder Lake and later client cores, Sierra Forest; no AVX-512)
//   EVEX (AVX512-VNNI + AVX512-VL: Ice Lake, Zen 4 ...; how it is run and tested on this
//         project's Zen 4, which has no AVX-VNNI, and which qemu 7.2's TCG cannot emulate)
// The table's int8 entry picks the encoding from the one feature probe (a cached bit test per
// product), so the table itself is the same on both kinds of CPU.

#include "../x86_avx2/tiles.h"

#if defined(__x86_64__)

void albert_avx2_quantize_row(const float *, int, int, int, uint8_t *, float *, int32_t *);

enum { VNNI_TILE_ROWS = 6 };

#define VNNI_TILE(SUFFIX, TARGET, DPBUSD)                                                                          \
    TARGET static inline __attribute__((always_inline)) void vnni_tile_##SUFFIX(                                  \
        const int rows, const uint8_t *a, int lda, const int8_t *panel, int quads, float *y, int ldy, int columns,  \
        const float *bias, const float *channel_scales, const int32_t *column_sums, const float *row_scales,        \
        const int32_t *zero_points) {                                                                              \
        __m256i acc[VNNI_TILE_ROWS][2];                                                                            \
        for (int r = 0; r < rows; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_si256();                             \
        for (int p = 0; p < quads; ++p) {                                                                          \
            const int8_t *b = panel + (size_t)p * AVX2_PANEL * 4;                                                  \
            const __m256i w0 = _mm256_load_si256((const __m256i *)b);                                              \
            const __m256i w1 = _mm256_load_si256((const __m256i *)(b + 32));                                       \
            for (int r = 0; r < rows; ++r) {                                                                       \
                int32_t quad;                                                                                      \
                memcpy(&quad, a + (size_t)r * lda + 4 * p, sizeof quad);                                           \
                const __m256i x = _mm256_set1_epi32(quad);                                                         \
                acc[r][0] = DPBUSD(acc[r][0], x, w0);                                                              \
                acc[r][1] = DPBUSD(acc[r][1], x, w1);                                                              \
            }                                                                                                      \
        }                                                                                                          \
        const __m256i m0 = avx2_lane_mask(columns, 0), m1 = avx2_lane_mask(columns, 1);                           \
        const __m256 scale0 = _mm256_load_ps(channel_scales), scale1 = _mm256_load_ps(channel_scales + 8);         \
        const __m256i sums0 = _mm256_load_si256((const __m256i *)column_sums);                                     \
        const __m256i sums1 = _mm256_load_si256((const __m256i *)(column_sums + 8));                               \
        const __m256 offset0 = bias ? _mm256_maskload_ps(bias, m0) : _mm256_setzero_ps();                          \
        const __m256 offset1 = bias ? _mm256_maskload_ps(bias + 8, m1) : _mm256_setzero_ps();                      \
        for (int r = 0; r < rows; ++r) {                                                                           \
            const __m256i zero_point = _mm256_set1_epi32(zero_points[r]);                                          \
            const __m256 row_scale = _mm256_set1_ps(row_scales[r]);                                                \
            const __m256i centred0 = _mm256_sub_epi32(acc[r][0], _mm256_mullo_epi32(sums0, zero_point));           \
            const __m256i centred1 = _mm256_sub_epi32(acc[r][1], _mm256_mullo_epi32(sums1, zero_point));           \
            avx2_store_row(y + (size_t)r * ldy, columns, m0, m1,                                                   \
                           _mm256_fmadd_ps(_mm256_cvtepi32_ps(centred0), _mm256_mul_ps(scale0, row_scale), offset0),  \
                           _mm256_fmadd_ps(_mm256_cvtepi32_ps(centred1), _mm256_mul_ps(scale1, row_scale), offset1)); \
        }                                                                                                          \
    }                                                                                                              \
                                                                                                                   \
    TARGET static void vnni_linear_##SUFFIX(const albert_packed_matrix *m, const uint8_t *a, const float *bias,    \
                                            float *y, int ldy, int rows, const float *row_scales,                  \
                                            const int32_t *zero_points) {                                          \
        const int8_t *panels = m->panels;                                                                          \
        for (int c0 = 0; c0 < m->n; c0 += AVX2_PANEL) {                                                            \
            const int8_t *panel = panels + (size_t)c0 * m->k_padded;                                               \
            const int columns = min_int(m->n - c0, AVX2_PANEL);                                                    \
            for (int r = 0; r < rows; r += VNNI_TILE_ROWS) {                                                       \
                const uint8_t *ar = a + (size_t)r * m->k_padded;                                                   \
                float *yr = y + (size_t)r * ldy + c0;                                                              \
                const float *b = bias ? bias + c0 : NULL;                                                          \
                switch (min_int(rows - r, VNNI_TILE_ROWS)) {                                                       \
                case 6: vnni_tile_##SUFFIX(6, ar, m->k_padded, panel, m->k_padded / 4, yr, ldy, columns, b,        \
                                           m->scales + c0, m->column_sums + c0, row_scales + r, zero_points + r);  \
                    break;                                                                                         \
                case 5: vnni_tile_##SUFFIX(5, ar, m->k_padded, panel, m->k_padded / 4, yr, ldy, columns, b,        \
                                           m->scales + c0, m->column_sums + c0, row_scales + r, zero_points + r);  \
                    break;                                                                                         \
                case 4: vnni_tile_##SUFFIX(4, ar, m->k_padded, panel, m->k_padded / 4, yr, ldy, columns, b,        \
                                           m->scales + c0, m->column_sums + c0, row_scales + r, zero_points + r);  \
                    break;                                                                                         \
                case 3: vnni_tile_##SUFFIX(3, ar, m->k_padded, panel, m->k_padded / 4, yr, ldy, columns, b,        \
                                           m->scales + c0, m->column_sums + c0, row_scales + r, zero_points + r);  \
                    break;                                                                                         \
                case 2: vnni_tile_##SUFFIX(2, ar, m->k_padded, panel, m->k_padded / 4, yr, ldy, columns, b,        \
                                           m->scales + c0, m->column_sums + c0, row_scales + r, zero_points + r);  \
                    break;                                                                                         \
                default: vnni_tile_##SUFFIX(1, ar, m->k_padded, panel, m->k_padded / 4, yr, ldy, columns, b,       \
                                            m->scales + c0, m->column_sums + c0, row_scales + r, zero_points + r); \
                    break;                                                                                         \
                }                                                                                                  \
            }                                                                                                      \
        }                                                                                                          \
    }

VNNI_TILE(vex, __attribute__((target("avx2,fma,avxvnni"))), _mm256_dpbusd_avx_epi32)
VNNI_TILE(evex, __attribute__((target("avx2,fma,avx512f,avx512vl,avx512vnni"))), _mm256_dpbusd_epi32)

void albert_avxvnni_int8_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                                float *y, int ldy, void *scratch) {
    uint8_t *a = scratch;
    float *row_scales = int8_row_scales(scratch, m->k_padded, rows);
    int32_t *zero_points = int8_zero_points(scratch, m->k_padded, rows);
    for (int r = 0; r < rows; ++r)
        albert_avx2_quantize_row(x + (size_t)r * ldx, m->k, m->k_padded, m->activation_max, a + (size_t)r * m->k_padded,
                                 &row_scales[r], &zero_points[r]);
    if (albert_cpu_features() & ALBERT_CPU_AVX_VNNI)
        vnni_linear_vex(m, a, bias, y, ldy, rows, row_scales, zero_points);
    else
        vnni_linear_evex(m, a, bias, y, ldy, rows, row_scales, zero_points);
}

#endif  // __x86_64__

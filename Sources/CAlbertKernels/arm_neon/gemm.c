// AArch64 Advanced SIMD packed products over panels of 16 output channels, 4 rows x 16
// channels per tile (16 of the 32 q registers as accumulators, 4 for the k-step's weights).
//
//   fp32: fmla by a broadcast activation.
//   bf16: bf16 weights widened to float in registers (as on AVX2), fmla.
//   int8: sdot (Armv8.2 dotprod): signed x signed, so the uint8 codes of the shared
//         quantisation are shifted to int8 (q - 128, an XOR) and the zero point with them:
//         Σ (q - 128) w - (z - 128) Σ w = Σ q w - z Σ w, the same integer as every table.
//   int8 with i8mm (Armv8.6 matrix multiply: Graviton 3, Apple M2, Cortex-A510/X2 and later):
//         weights packed [k/8][16][8] (dispatch.c, the table's int8_k8_features), so one
//         16-byte load is a 2 x 8 block of two channels; usmmla multiplies it by a 2 x 8 block of
//         two rows' u8 codes into a 2 x 2 int32 tile: 32 products per instruction against
//         sdot's 16, and u8 x s8 directly (no shift by 128). 4 rows x 16 channels: 16
//         accumulators, 8 weight blocks, 2 activation blocks.
// Tested under qemu-aarch64 against the reference (Scripts/test-kernels-arm.sh); no timing.

#include "../common.h"

#if defined(__aarch64__)
#include <arm_neon.h>

#define TARGET_DOTPROD __attribute__((target("arch=armv8.2-a+dotprod")))
#define TARGET_I8MM __attribute__((target("arch=armv8.2-a+dotprod+i8mm")))

enum { NEON_PANEL = 16, NEON_TILE_ROWS = 4 };

static inline void store_columns(float *y, float32x4_t v, int valid) {
    if (valid >= 4) { vst1q_f32(y, v); return; }
    float lanes[4];
    vst1q_f32(lanes, v);
    for (int i = 0; i < valid; ++i) y[i] = lanes[i];
}

static inline float32x4_t load_columns(const float *x, int valid) {
    if (valid >= 4) return vld1q_f32(x);
    float lanes[4] = {0, 0, 0, 0};
    for (int i = 0; i < valid; ++i) lanes[i] = x[i];
    return vld1q_f32(lanes);
}

static void store_tile(float32x4_t acc[NEON_TILE_ROWS][4], int rows, float *y, int ldy, int columns) {
    for (int r = 0; r < rows; ++r)
        for (int v = 0; v < 4; ++v)
            if (columns > 4 * v) store_columns(y + (size_t)r * ldy + 4 * v, acc[r][v], columns - 4 * v);
}

static void start_tile(float32x4_t acc[NEON_TILE_ROWS][4], int rows, const float *bias, int columns) {
    for (int v = 0; v < 4; ++v) {
        const float32x4_t start = bias && columns > 4 * v ? load_columns(bias + 4 * v, columns - 4 * v) : vdupq_n_f32(0);
        for (int r = 0; r < rows; ++r) acc[r][v] = start;
    }
}

// One tile of a [k][16] panel; exported for attention.c.
void albert_neon_fp32_tile(int rows, const float *a, int lda, const float *panel, int kc, float *y, int ldy,
                           int columns, const float *bias) {
    float32x4_t acc[NEON_TILE_ROWS][4];
    start_tile(acc, rows, bias, columns);
    for (int k = 0; k < kc; ++k) {
        const float *b = panel + (size_t)k * NEON_PANEL;
        const float32x4_t b0 = vld1q_f32(b), b1 = vld1q_f32(b + 4), b2 = vld1q_f32(b + 8), b3 = vld1q_f32(b + 12);
        for (int r = 0; r < rows; ++r) {
            const float x = a[(size_t)r * lda + k];
            acc[r][0] = vfmaq_n_f32(acc[r][0], b0, x);
            acc[r][1] = vfmaq_n_f32(acc[r][1], b1, x);
            acc[r][2] = vfmaq_n_f32(acc[r][2], b2, x);
            acc[r][3] = vfmaq_n_f32(acc[r][3], b3, x);
        }
    }
    store_tile(acc, rows, y, ldy, columns);
}

void albert_neon_fp32_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                             float *y, int ldy, void *scratch) {
    (void)scratch;
    const float *panels = m->panels;
    for (int c0 = 0; c0 < m->n; c0 += NEON_PANEL)
        for (int r = 0; r < rows; r += NEON_TILE_ROWS)
            albert_neon_fp32_tile(min_int(rows - r, NEON_TILE_ROWS), x + (size_t)r * ldx, ldx,
                                  panels + (size_t)c0 * m->k_padded, m->k, y + (size_t)r * ldy + c0, ldy,
                                  min_int(m->n - c0, NEON_PANEL), bias ? bias + c0 : NULL);
}

void albert_neon_bf16_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                             float *y, int ldy, void *scratch) {
    uint16_t *a = scratch;
    for (int r = 0; r < rows; ++r) {
        uint16_t *q = a + (size_t)r * m->k_padded;
        for (int i = 0; i < m->k; ++i) q[i] = float_to_bf16(x[(size_t)r * ldx + i]);
        for (int i = m->k; i < m->k_padded; ++i) q[i] = 0;
    }
    const uint32x4_t high_half = vdupq_n_u32(0xFFFF0000u);
    for (int c0 = 0; c0 < m->n; c0 += NEON_PANEL) {
        const uint16_t *panel = (const uint16_t *)m->panels + (size_t)c0 * m->k_padded;
        const int columns = min_int(m->n - c0, NEON_PANEL);
        for (int r0 = 0; r0 < rows; r0 += NEON_TILE_ROWS) {
            const int tile_rows = min_int(rows - r0, NEON_TILE_ROWS);
            float32x4_t acc[NEON_TILE_ROWS][4];
            start_tile(acc, tile_rows, bias ? bias + c0 : NULL, columns);
            for (int p = 0; p < m->k_padded / 2; ++p) {
                const uint32_t *b = (const uint32_t *)(panel + (size_t)p * NEON_PANEL * 2);
                uint32x4_t w[4];
                for (int v = 0; v < 4; ++v) w[v] = vld1q_u32(b + 4 * v);
                for (int r = 0; r < tile_rows; ++r) {
                    const uint16_t *pair = a + (size_t)(r0 + r) * m->k_padded + 2 * p;
                    const float even = bf16_to_float(pair[0]), odd = bf16_to_float(pair[1]);
                    for (int v = 0; v < 4; ++v) {
                        acc[r][v] = vfmaq_n_f32(acc[r][v], vreinterpretq_f32_u32(vshlq_n_u32(w[v], 16)), even);
                        acc[r][v] = vfmaq_n_f32(acc[r][v], vreinterpretq_f32_u32(vandq_u32(w[v], high_half)), odd);
                    }
                }
            }
            store_tile(acc, tile_rows, y + (size_t)r0 * ldy + c0, ldy, columns);
        }
    }
}

// Panels [k/8][16][8]; rows quantised as u8 codes (the shared quantisation, unshifted).
TARGET_I8MM static void int8_linear_i8mm(const albert_packed_matrix *m, const uint8_t *a, int rows, const float *bias,
                                         float *y, int ldy, const float *row_scales, const int32_t *zero_points) {
    const int groups = m->k_padded / 8;
    for (int c0 = 0; c0 < m->n; c0 += NEON_PANEL) {
        const int8_t *panel = (const int8_t *)m->panels + (size_t)c0 * m->k_padded;
        const int columns = min_int(m->n - c0, NEON_PANEL);
        for (int r0 = 0; r0 < rows; r0 += NEON_TILE_ROWS) {
            const int tile_rows = min_int(rows - r0, NEON_TILE_ROWS);
            // Row pairs; a missing second row repeats the first (its results are not stored).
            const uint8_t *row[NEON_TILE_ROWS];
            for (int r = 0; r < NEON_TILE_ROWS; ++r)
                row[r] = a + (size_t)(r0 + min_int(r, tile_rows - 1)) * m->k_padded;
            int32x4_t acc[2][8];
            for (int t = 0; t < 2; ++t)
                for (int j = 0; j < 8; ++j) acc[t][j] = vdupq_n_s32(0);
            const int pairs = (tile_rows + 1) / 2;
            for (int g = 0; g < groups; ++g) {
                const int8_t *b = panel + (size_t)g * NEON_PANEL * 8;
                int8x16_t w[8];
                for (int j = 0; j < 8; ++j) w[j] = vld1q_s8(b + 16 * j);
                for (int t = 0; t < pairs; ++t) {
                    const uint8x16_t x = vcombine_u8(vld1_u8(row[2 * t] + 8 * g), vld1_u8(row[2 * t + 1] + 8 * g));
                    for (int j = 0; j < 8; ++j) acc[t][j] = vusmmlaq_s32(acc[t][j], x, w[j]);
                }
            }
            // acc[t][j] = [row 2t · channel 2j, row 2t · 2j+1, row 2t+1 · 2j, row 2t+1 · 2j+1]
            float32x4_t out[NEON_TILE_ROWS][4];
            for (int r = 0; r < tile_rows; ++r) {
                const int32x4_t zero_point = vdupq_n_s32(zero_points[r0 + r]);
                const float row_scale = row_scales[r0 + r];
                for (int v = 0; v < 4; ++v) {
                    const int64x2_t low = vreinterpretq_s64_s32(acc[r / 2][2 * v]);
                    const int64x2_t high = vreinterpretq_s64_s32(acc[r / 2][2 * v + 1]);
                    const int32x4_t sums = vreinterpretq_s32_s64(r % 2 ? vzip2q_s64(low, high) : vzip1q_s64(low, high));
                    const int c = c0 + 4 * v;
                    const int32x4_t centred = vsubq_s32(sums, vmulq_s32(vld1q_s32(m->column_sums + c), zero_point));
                    const float32x4_t scale = vmulq_n_f32(vld1q_f32(m->scales + c), row_scale);
                    const float32x4_t offset = bias && columns > 4 * v ? load_columns(bias + c, columns - 4 * v) : vdupq_n_f32(0);
                    out[r][v] = vfmaq_f32(offset, vcvtq_f32_s32(centred), scale);
                }
            }
            store_tile(out, tile_rows, y + (size_t)r0 * ldy + c0, ldy, columns);
        }
    }
}

TARGET_DOTPROD void albert_neon_int8_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows,
                                            const float *bias, float *y, int ldy, void *scratch) {
    uint8_t *a = scratch;
    float *row_scales = int8_row_scales(scratch, m->k_padded, rows);
    int32_t *zero_points = int8_zero_points(scratch, m->k_padded, rows);
    const int i8mm = m->k_step == 8;  // packed for i8mm (this CPU has it: dispatch.c)
    for (int r = 0; r < rows; ++r) {
        uint8_t *q = a + (size_t)r * m->k_padded;
        albert_quantize_row_reference(x + (size_t)r * ldx, m->k, m->k_padded, m->activation_max, q, &row_scales[r], &zero_points[r]);
        if (!i8mm)
            for (int i = 0; i < m->k_padded; ++i) q[i] ^= 0x80u;  // q - 128 as int8, for sdot
    }
    if (i8mm) {
        int8_linear_i8mm(m, a, rows, bias, y, ldy, row_scales, zero_points);
        return;
    }
    for (int c0 = 0; c0 < m->n; c0 += NEON_PANEL) {
        const int8_t *panel = (const int8_t *)m->panels + (size_t)c0 * m->k_padded;
        const int columns = min_int(m->n - c0, NEON_PANEL);
        for (int r0 = 0; r0 < rows; r0 += NEON_TILE_ROWS) {
            const int tile_rows = min_int(rows - r0, NEON_TILE_ROWS);
            int32x4_t acc[NEON_TILE_ROWS][4];
            for (int r = 0; r < tile_rows; ++r)
                for (int v = 0; v < 4; ++v) acc[r][v] = vdupq_n_s32(0);
            for (int p = 0; p < m->k_padded / 4; ++p) {
                const int8_t *b = panel + (size_t)p * NEON_PANEL * 4;
                const int8x16_t w0 = vld1q_s8(b), w1 = vld1q_s8(b + 16), w2 = vld1q_s8(b + 32), w3 = vld1q_s8(b + 48);
                for (int r = 0; r < tile_rows; ++r) {
                    int32_t quad;
                    memcpy(&quad, a + (size_t)(r0 + r) * m->k_padded + 4 * p, sizeof quad);
                    const int8x16_t xq = vreinterpretq_s8_s32(vdupq_n_s32(quad));
                    acc[r][0] = vdotq_s32(acc[r][0], w0, xq);
                    acc[r][1] = vdotq_s32(acc[r][1], w1, xq);
                    acc[r][2] = vdotq_s32(acc[r][2], w2, xq);
                    acc[r][3] = vdotq_s32(acc[r][3], w3, xq);
                }
            }
            float32x4_t out[NEON_TILE_ROWS][4];
            for (int r = 0; r < tile_rows; ++r) {
                const int32x4_t zero_point = vdupq_n_s32(zero_points[r0 + r] - 128);
                const float row_scale = row_scales[r0 + r];
                for (int v = 0; v < 4; ++v) {
                    const int c = c0 + 4 * v;
                    const int32x4_t centred = vsubq_s32(acc[r][v], vmulq_s32(vld1q_s32(m->column_sums + c), zero_point));
                    const float32x4_t scale = vmulq_n_f32(vld1q_f32(m->scales + c), row_scale);
                    const float32x4_t offset = bias && columns > 4 * v ? load_columns(bias + c, columns - 4 * v) : vdupq_n_f32(0);
                    out[r][v] = vfmaq_f32(offset, vcvtq_f32_s32(centred), scale);
                }
            }
            store_tile(out, tile_rows, y + (size_t)r0 * ldy + c0, ldy, columns);
        }
    }
}

#endif  // __aarch64__

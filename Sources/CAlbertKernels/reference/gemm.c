// The reference products: plain C over the packed layouts of albert_pack (any panel width,
// so they run on every table's matrices). The oracle the SIMD products are tested against,
// and the path of a CPU without a SIMD table. Each output channel's lanes are independent,
// so the compiler may vectorise across lanes but never reorders a channel's sum.

#include "../common.h"

enum { MAX_PANEL = 64 };

// A panel holds m->panel channels ("lanes"); each row's sums run lane by lane over k in
// order. Element (c, i) sits in panel c / P at (i / s) · P · s + (c % P) · s + i % s
// (P the panel width, s the k-step), as albert_pack lays it out.

static void start_lanes(float *acc, int panel, const float *bias, int columns) {
    for (int lane = 0; lane < panel; ++lane) acc[lane] = bias && lane < columns ? bias[lane] : 0.0f;
}

static void store_lanes(float *y, const float *acc, int columns) {
    for (int lane = 0; lane < columns; ++lane) y[lane] = acc[lane];
}

void albert_reference_fp32_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                                  float *y, int ldy, void *scratch) {
    (void)scratch;
    const int P = m->panel;
    for (int c0 = 0; c0 < m->n; c0 += P) {
        const float *panel = (const float *)m->panels + (size_t)c0 * m->k_padded;
        const int columns = min_int(P, m->n - c0);
        for (int r = 0; r < rows; ++r) {
            const float *row = x + (size_t)r * ldx;
            float acc[MAX_PANEL];
            start_lanes(acc, P, bias ? bias + c0 : NULL, columns);
            for (int i = 0; i < m->k; ++i) {
                const float *w = panel + (size_t)i * P;
                for (int lane = 0; lane < P; ++lane) acc[lane] += row[i] * w[lane];
            }
            store_lanes(y + (size_t)r * ldy + c0, acc, columns);
        }
    }
}

void albert_reference_bf16_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                                  float *y, int ldy, void *scratch) {
    // bf16 × bf16 products are exact in float (8 + 8 significant bits); only the sum rounds.
    (void)scratch;
    const int P = m->panel;
    for (int r = 0; r < rows; ++r) {
        const float *row = x + (size_t)r * ldx;
        for (int c0 = 0; c0 < m->n; c0 += P) {
            const uint16_t *panel = (const uint16_t *)m->panels + (size_t)c0 * m->k_padded;
            const int columns = min_int(P, m->n - c0);
            float acc[MAX_PANEL];
            start_lanes(acc, P, bias ? bias + c0 : NULL, columns);
            for (int p = 0; p < m->k_padded / 2; ++p) {
                const float even = round_to_bf16(row[2 * p]);
                const float odd = 2 * p + 1 < m->k ? round_to_bf16(row[2 * p + 1]) : 0.0f;
                const uint16_t *w = panel + (size_t)p * P * 2;
                for (int lane = 0; lane < P; ++lane) {
                    acc[lane] += even * bf16_to_float(w[2 * lane]);
                    acc[lane] += odd * bf16_to_float(w[2 * lane + 1]);
                }
            }
            store_lanes(y + (size_t)r * ldy + c0, acc, columns);
        }
    }
}

void albert_quantize_row_reference(const float *x, int k, int k_padded, int levels, uint8_t *q, float *scale,
                                   int32_t *zero_point) {
    float low = 0, high = 0;
    for (int i = 0; i < k; ++i) { low = fminf(low, x[i]); high = fmaxf(high, x[i]); }
    float inverse;
    quantization_parameters(low, high, levels, scale, &inverse, zero_point);
    for (int i = 0; i < k; ++i) q[i] = quantize_value(x[i], inverse, *zero_point, levels);
    for (int i = k; i < k_padded; ++i) q[i] = (uint8_t)*zero_point;
}

// acc = Σ q_x · q_w (exact in int32); the real product is
// scale_x · scale_w · (acc − zero_point_x · Σ q_w) + bias, the epilogue every table uses.
void albert_reference_int8_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                        float *y, int ldy, void *scratch) {
    uint8_t *q = scratch;
    float *row_scales = int8_row_scales(scratch, m->k_padded, rows);
    int32_t *zero_points = int8_zero_points(scratch, m->k_padded, rows);
    const int P = m->panel;
    for (int r = 0; r < rows; ++r) {
        uint8_t *qr = q + (size_t)r * m->k_padded;
        albert_quantize_row_reference(x + (size_t)r * ldx, m->k, m->k_padded, m->activation_max, qr, &row_scales[r], &zero_points[r]);
        for (int c0 = 0; c0 < m->n; c0 += P) {
            const int8_t *panel = (const int8_t *)m->panels + (size_t)c0 * m->k_padded;
            int32_t acc[MAX_PANEL] = {0};
            const int S = m->k_step;  // 4, or 8 where a table packs for i8mm
            for (int p = 0; p < m->k_padded / S; ++p) {
                const int8_t *w = panel + (size_t)p * P * S;
                for (int lane = 0; lane < P; ++lane)
                    for (int t = 0; t < S; ++t) acc[lane] += (int32_t)qr[S * p + t] * (int32_t)w[S * lane + t];
            }
            for (int lane = 0; lane < min_int(P, m->n - c0); ++lane) {
                const int c = c0 + lane;
                const int32_t centred = acc[lane] - zero_points[r] * m->column_sums[c];
                y[(size_t)r * ldy + c] = fmaf((float)centred, m->scales[c] * row_scales[r], bias ? bias[c] : 0.0f);
            }
        }
    }
}


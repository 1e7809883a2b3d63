// The reference products: plain C over the packed layouts of albert_pack (any panel width,
// so they run on every table's matrices). The oracle the SIMD products are tested against,
// and the path of a CPU without a SIMD table. Each output channel's lanes are independent,
// so the compiler may vectorise across lanes but never reorders a channel's sum.

#include "../common.h"

enum { MAX_PANEL = 64 };

// Element (c, i) of a packed matrix, as albert_pack lays it out.
static inline size_t packed_index(const albert_packed_matrix *m, int c, int i) {
    const int p = m->panel, s = m->k_step;
    return (size_t)(c / p) * (size_t)m->k_padded * p + (size_t)(i / s) * p * s + (size_t)(c % p) * s + (size_t)(i % s);
}

void albert_reference_fp32_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                        float *y, int ldy, void *scratch) {
    (void)scratch;
    const float *w = m->panels;
    for (int r = 0; r < rows; ++r) {
        const float *row = x + (size_t)r * ldx;
        for (int c = 0; c < m->n; ++c) {
            float sum = bias ? bias[c] : 0.0f;
            for (int i = 0; i < m->k; ++i) sum += row[i] * w[packed_index(m, c, i)];
            y[(size_t)r * ldy + c] = sum;
        }
    }
}

void albert_reference_bf16_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                        float *y, int ldy, void *scratch) {
    // bf16 × bf16 products are exact in float (8 + 8 significant bits); only the sum rounds.
    uint16_t *rounded = scratch;  // one row at a time
    const uint16_t *w = m->panels;
    for (int r = 0; r < rows; ++r) {
        const float *row = x + (size_t)r * ldx;
        for (int i = 0; i < m->k; ++i) rounded[i] = float_to_bf16(row[i]);
        for (int c = 0; c < m->n; ++c) {
            float sum = bias ? bias[c] : 0.0f;
            for (int i = 0; i < m->k; ++i) sum += bf16_to_float(rounded[i]) * bf16_to_float(w[packed_index(m, c, i)]);
            y[(size_t)r * ldy + c] = sum;
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
    const int8_t *w = m->panels;
    for (int r = 0; r < rows; ++r) {
        uint8_t *qr = q + (size_t)r * m->k_padded;
        albert_quantize_row_reference(x + (size_t)r * ldx, m->k, m->k_padded, m->activation_max, qr, &row_scales[r], &zero_points[r]);
        for (int c = 0; c < m->n; ++c) {
            int32_t acc = 0;
            for (int i = 0; i < m->k_padded; ++i) acc += (int32_t)qr[i] * (int32_t)w[packed_index(m, c, i)];
            const int32_t centred = acc - zero_points[r] * m->column_sums[c];
            y[(size_t)r * ldy + c] = fmaf((float)centred, m->scales[c] * row_scales[r], bias ? bias[c] : 0.0f);
        }
    }
}


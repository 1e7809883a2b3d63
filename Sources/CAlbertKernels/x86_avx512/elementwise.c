// AVX-512 element-wise passes: softmax (three passes over a row: scale + mask + max, exp +
// sum, and the division, or 1 / Σ left for the caller to fold into its next step), LayerNorm
// with float sums in 16 lanes, bias + exact GELU with a rational erf, and the other activations
// by the generic loop compiled for AVX-512.

#include "../common.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma")))

// common.h's fast_exp, 16 lanes at a time. A plain loop cannot vectorise its running
// maximum (fmaxf's NaN rules), which made softmax a fifth of an int8 forward pass.
TARGET_AVX512 static inline __m512 exp16(__m512 x) {
    const __m512 clamped = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.3f)), _mm512_set1_ps(88.7f));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(clamped, _mm512_set1_ps(1.44269504088896341f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), clamped);
    r = _mm512_fmadd_ps(n, _mm512_set1_ps(2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    p = _mm512_add_ps(_mm512_fmadd_ps(_mm512_mul_ps(p, r), r, r), _mm512_set1_ps(1.0f));
    const __m512i bits = _mm512_add_epi32(_mm512_castps_si512(p), _mm512_slli_epi32(_mm512_cvtps_epi32(n), 23));
    const __mmask16 underflow = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.3f), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(underflow, _mm512_castsi512_ps(bits), _mm512_setzero_ps());
}

// inverse_sums NULL: normalise the rows; else leave exp(s - max) and store 1 / Σ per row.
TARGET_AVX512 void albert_avx512_softmax(float *scores, int rows, int cols, int ld, float scale,
                                         const float *additive_mask, float *inverse_sums) {
    const __m512 scale_v = _mm512_set1_ps(scale);
    for (int i = 0; i < rows; ++i) {
        float *row = scores + (size_t)i * ld;
        __m512 max_v = _mm512_set1_ps(-INFINITY);
        int j = 0;
        for (; j + 16 <= cols; j += 16) {
            const __m512 v = _mm512_fmadd_ps(_mm512_loadu_ps(row + j), scale_v, _mm512_loadu_ps(additive_mask + j));
            _mm512_storeu_ps(row + j, v);
            max_v = _mm512_max_ps(max_v, v);
        }
        float max = _mm512_reduce_max_ps(max_v);
        for (; j < cols; ++j) {
            row[j] = row[j] * scale + additive_mask[j];
            max = fmaxf(max, row[j]);
        }
        const __m512 shift = _mm512_set1_ps(max);
        __m512 sum_v = _mm512_setzero_ps();
        for (j = 0; j + 16 <= cols; j += 16) {
            const __m512 e = exp16(_mm512_sub_ps(_mm512_loadu_ps(row + j), shift));
            _mm512_storeu_ps(row + j, e);
            sum_v = _mm512_add_ps(sum_v, e);
        }
        float sum = _mm512_reduce_add_ps(sum_v);
        for (; j < cols; ++j) {
            row[j] = fast_exp(row[j] - max);
            sum += row[j];
        }
        if (inverse_sums) {
            inverse_sums[i] = 1.0f / sum;
            continue;
        }
        const __m512 inverse = _mm512_set1_ps(1.0f / sum);
        for (j = 0; j + 16 <= cols; j += 16) _mm512_storeu_ps(row + j, _mm512_mul_ps(_mm512_loadu_ps(row + j), inverse));
        for (; j < cols; ++j) row[j] *= 1.0f / sum;
    }
}

// Float sums in 16 lanes (the portable loop sums in double, which halves its vector width).
TARGET_AVX512 void albert_avx512_layer_norm(float *out, const float *x, const float *bias, const float *residual,
                                            const float *gamma, const float *beta, int rows, int cols, float eps) {
    const int whole = cols / 16 * 16;
    for (int i = 0; i < rows; ++i) {
        const float *xr = x + (size_t)i * cols;
        const float *rr = residual ? residual + (size_t)i * cols : NULL;
        float *o = out + (size_t)i * cols;
        __m512 sum_v = _mm512_setzero_ps();
        for (int j = 0; j < whole; j += 16) {
            __m512 v = _mm512_loadu_ps(xr + j);
            if (bias) v = _mm512_add_ps(v, _mm512_loadu_ps(bias + j));
            if (rr) v = _mm512_add_ps(v, _mm512_loadu_ps(rr + j));
            _mm512_storeu_ps(o + j, v);
            sum_v = _mm512_add_ps(sum_v, v);
        }
        float sum = _mm512_reduce_add_ps(sum_v);
        for (int j = whole; j < cols; ++j) {
            float v = xr[j];
            if (bias) v += bias[j];
            if (rr) v += rr[j];
            o[j] = v;
            sum += v;
        }
        const float mean = sum / (float)cols;
        const __m512 mean_v = _mm512_set1_ps(mean);
        __m512 squares_v = _mm512_setzero_ps();
        for (int j = 0; j < whole; j += 16) {
            const __m512 d = _mm512_sub_ps(_mm512_loadu_ps(o + j), mean_v);
            squares_v = _mm512_fmadd_ps(d, d, squares_v);
        }
        float squares = _mm512_reduce_add_ps(squares_v);
        for (int j = whole; j < cols; ++j) squares += (o[j] - mean) * (o[j] - mean);
        const float inv_std = 1.0f / sqrtf(squares / (float)cols + eps);
        const __m512 inv_v = _mm512_set1_ps(inv_std);
        for (int j = 0; j < whole; j += 16) {
            const __m512 d = _mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(o + j), mean_v), inv_v);
            _mm512_storeu_ps(o + j, _mm512_fmadd_ps(d, _mm512_loadu_ps(gamma + j), _mm512_loadu_ps(beta + j)));
        }
        for (int j = whole; j < cols; ++j) o[j] = (o[j] - mean) * inv_std * gamma[j] + beta[j];
    }
}

// Exact GELU with erf by Eigen's rational approximation, as x86_avx2/elementwise.c's gelu8
// (within 4.2e-7 of erf; 3x the generic loop's speed there).
TARGET_AVX512 static inline __m512 gelu16(__m512 v) {
    const __m512 x = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f)),
                                                 _mm512_set1_ps(-4.0f)), _mm512_set1_ps(4.0f));
    const __m512 x2 = _mm512_mul_ps(x, x);
    __m512 p = _mm512_set1_ps(albert_erf_p[0]);
    for (int i = 1; i < 7; ++i) p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(albert_erf_p[i]));
    __m512 q = _mm512_set1_ps(albert_erf_q[0]);
    for (int i = 1; i < 5; ++i) q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(albert_erf_q[i]));
    const __m512 erf = _mm512_div_ps(_mm512_mul_ps(p, x), q);
    const __m512 half_v = _mm512_mul_ps(v, _mm512_set1_ps(0.5f));
    return _mm512_fmadd_ps(half_v, erf, half_v);
}

TARGET_AVX512 void albert_avx512_bias_activation(float *y, const float *bias, int rows, int cols, albert_activation act) {
    if (act != ALBERT_ACT_GELU) {
        bias_activation_generic(y, bias, rows, cols, act);
        return;
    }
    const int whole = cols / 16 * 16;
    for (int i = 0; i < rows; ++i) {
        float *row = y + (size_t)i * cols;
        for (int j = 0; j < whole; j += 16)
            _mm512_storeu_ps(row + j, gelu16(_mm512_add_ps(_mm512_loadu_ps(row + j), _mm512_loadu_ps(bias + j))));
        for (int j = whole; j < cols; ++j) row[j] = activate(row[j] + bias[j], ALBERT_ACT_GELU);
    }
}

#endif  // __x86_64__

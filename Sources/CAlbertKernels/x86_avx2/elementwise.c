// AVX2 + FMA element-wise passes: softmax (scale + mask + max, exp + sum, division or 1 / Σ
// left for the caller), LayerNorm with float sums in 8 lanes, bias + exact GELU with a rational
// erf, the other activations by the generic loop of common.h compiled for AVX2.

#include "kernels.h"
#include "tiles.h"

#if defined(__x86_64__)

// common.h's fast_exp, 8 lanes at a time (a plain loop's running fmaxf does not vectorise).
TARGET_AVX2 AVX2_INLINE __m256 exp8(__m256 x) {
    const __m256 clamped = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.7f));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(clamped, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), clamped);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), _mm256_set1_ps(1.0f));
    const __m256i bits = _mm256_add_epi32(_mm256_castps_si256(p), _mm256_slli_epi32(_mm256_cvtps_epi32(n), 23));
    const __m256 underflow = _mm256_cmp_ps(x, _mm256_set1_ps(-87.3f), _CMP_LT_OQ);
    return _mm256_andnot_ps(underflow, _mm256_castsi256_ps(bits));
}

TARGET_AVX2 void albert_avx2_softmax(float *scores, int rows, int cols, int ld, float scale, const float *mask,
                                     float *inverse_sums) {
    const __m256 scale_v = _mm256_set1_ps(scale);
    for (int i = 0; i < rows; ++i) {
        float *row = scores + (size_t)i * ld;
        __m256 max_v = _mm256_set1_ps(-INFINITY);
        int j = 0;
        for (; j + 8 <= cols; j += 8) {
            const __m256 v = _mm256_fmadd_ps(_mm256_loadu_ps(row + j), scale_v, _mm256_loadu_ps(mask + j));
            _mm256_storeu_ps(row + j, v);
            max_v = _mm256_max_ps(max_v, v);
        }
        float max = max8(max_v);
        for (; j < cols; ++j) {
            row[j] = row[j] * scale + mask[j];
            max = fmaxf(max, row[j]);
        }
        const __m256 shift = _mm256_set1_ps(max);
        __m256 sum_v = _mm256_setzero_ps();
        for (j = 0; j + 8 <= cols; j += 8) {
            const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j), shift));
            _mm256_storeu_ps(row + j, e);
            sum_v = _mm256_add_ps(sum_v, e);
        }
        float sum = sum8(sum_v);
        for (; j < cols; ++j) {
            row[j] = fast_exp(row[j] - max);
            sum += row[j];
        }
        if (inverse_sums) {
            inverse_sums[i] = 1.0f / sum;
            continue;
        }
        const __m256 inverse = _mm256_set1_ps(1.0f / sum);
        for (j = 0; j + 8 <= cols; j += 8) _mm256_storeu_ps(row + j, _mm256_mul_ps(_mm256_loadu_ps(row + j), inverse));
        for (; j < cols; ++j) row[j] *= 1.0f / sum;
    }
}

TARGET_AVX2 void albert_avx2_layer_norm(float *out, const float *x, const float *bias, const float *residual,
                                        const float *gamma, const float *beta, int rows, int cols, float eps) {
    const int whole = cols / 8 * 8;
    for (int i = 0; i < rows; ++i) {
        const float *xr = x + (size_t)i * cols;
        const float *rr = residual ? residual + (size_t)i * cols : NULL;
        float *o = out + (size_t)i * cols;
        __m256 sum_v = _mm256_setzero_ps();
        for (int j = 0; j < whole; j += 8) {
            __m256 v = _mm256_loadu_ps(xr + j);
            if (bias) v = _mm256_add_ps(v, _mm256_loadu_ps(bias + j));
            if (rr) v = _mm256_add_ps(v, _mm256_loadu_ps(rr + j));
            _mm256_storeu_ps(o + j, v);
            sum_v = _mm256_add_ps(sum_v, v);
        }
        float sum = sum8(sum_v);
        for (int j = whole; j < cols; ++j) {
            float v = xr[j];
            if (bias) v += bias[j];
            if (rr) v += rr[j];
            o[j] = v;
            sum += v;
        }
        const float mean = sum / (float)cols;
        const __m256 mean_v = _mm256_set1_ps(mean);
        __m256 squares_v = _mm256_setzero_ps();
        for (int j = 0; j < whole; j += 8) {
            const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(o + j), mean_v);
            squares_v = _mm256_fmadd_ps(d, d, squares_v);
        }
        float squares = sum8(squares_v);
        for (int j = whole; j < cols; ++j) squares += (o[j] - mean) * (o[j] - mean);
        const float inv_std = 1.0f / sqrtf(squares / (float)cols + eps);
        const __m256 inv_v = _mm256_set1_ps(inv_std);
        for (int j = 0; j < whole; j += 8) {
            const __m256 d = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(o + j), mean_v), inv_v);
            _mm256_storeu_ps(o + j, _mm256_fmadd_ps(d, _mm256_loadu_ps(gamma + j), _mm256_loadu_ps(beta + j)));
        }
        for (int j = whole; j < cols; ++j) o[j] = (o[j] - mean) * inv_std * gamma[j] + beta[j];
    }
}

// erf by Eigen's rational approximation (x P(x²) / Q(x²) on [-4, 4], within 4.2e-7 of erf;
// GELU within 1.9e-7 (1 + |x|) of the exact one): one division and 11 FMAs, where common.h's
// fast_erf (the reference's) needs a division, a 10-term polynomial and an exp. The exact
// GELU was 5-7 % of an AVX2 int8 window's profile (perf, 128-384 tokens).
TARGET_AVX2 AVX2_INLINE __m256 gelu8(__m256 v) {
    const __m256 x = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(v, _mm256_set1_ps(0.70710678118654752f)),
                                                 _mm256_set1_ps(-4.0f)), _mm256_set1_ps(4.0f));
    const __m256 x2 = _mm256_mul_ps(x, x);
    __m256 p = _mm256_set1_ps(albert_erf_p[0]);
    for (int i = 1; i < 7; ++i) p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(albert_erf_p[i]));
    __m256 q = _mm256_set1_ps(albert_erf_q[0]);
    for (int i = 1; i < 5; ++i) q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(albert_erf_q[i]));
    const __m256 erf = _mm256_div_ps(_mm256_mul_ps(p, x), q);
    const __m256 half_v = _mm256_mul_ps(v, _mm256_set1_ps(0.5f));
    return _mm256_fmadd_ps(half_v, erf, half_v);
}

TARGET_AVX2 void albert_avx2_bias_activation(float *y, const float *bias, int rows, int cols, albert_activation act) {
    if (act != ALBERT_ACT_GELU) {
        bias_activation_generic(y, bias, rows, cols, act);
        return;
    }
    const int whole = cols / 8 * 8;
    for (int i = 0; i < rows; ++i) {
        float *row = y + (size_t)i * cols;
        for (int j = 0; j < whole; j += 8)
            _mm256_storeu_ps(row + j, gelu8(_mm256_add_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(bias + j))));
        for (int j = whole; j < cols; ++j) row[j] = activate(row[j] + bias[j], ALBERT_ACT_GELU);
    }
}

#endif  // __x86_64__

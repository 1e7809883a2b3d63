// AArch64 Advanced SIMD element-wise passes: softmax (scale + mask + max, exp + sum, then the
// division or 1 / Σ left for the caller) and LayerNorm with float sums in 2 x 4 lanes, as the
// AVX2 ones, and bias + exact GELU with a rational erf (the other activations: the generic loop
// of common.h, which the compiler vectorises for NEON). A plain loop's running fmaxf and the
// reference's double sums do not vectorise, so these are written out.

#include "../common.h"

#if defined(__aarch64__)
#include <arm_neon.h>

// common.h's fast_exp, 4 lanes at a time (same polynomial, same clamps).
static inline float32x4_t exp4(float32x4_t x) {
    const float32x4_t clamped = vminq_f32(vmaxq_f32(x, vdupq_n_f32(-87.3f)), vdupq_n_f32(88.7f));
    const float32x4_t n = vrndnq_f32(vmulq_n_f32(clamped, 1.44269504088896341f));
    float32x4_t r = vfmsq_n_f32(clamped, n, 0.693359375f);
    r = vfmaq_n_f32(r, n, 2.12194440e-4f);
    float32x4_t p = vdupq_n_f32(1.9875691500e-4f);
    p = vfmaq_f32(vdupq_n_f32(1.3981999507e-3f), p, r);
    p = vfmaq_f32(vdupq_n_f32(8.3334519073e-3f), p, r);
    p = vfmaq_f32(vdupq_n_f32(4.1665795894e-2f), p, r);
    p = vfmaq_f32(vdupq_n_f32(1.6666665459e-1f), p, r);
    p = vfmaq_f32(vdupq_n_f32(5.0000001201e-1f), p, r);
    p = vaddq_f32(vfmaq_f32(r, vmulq_f32(p, r), r), vdupq_n_f32(1.0f));
    const int32x4_t bits = vaddq_s32(vreinterpretq_s32_f32(p), vshlq_n_s32(vcvtnq_s32_f32(n), 23));
    const uint32x4_t underflow = vcltq_f32(x, vdupq_n_f32(-87.3f));
    return vreinterpretq_f32_u32(vbicq_u32(vreinterpretq_u32_s32(bits), underflow));
}

void albert_neon_softmax(float *scores, int rows, int cols, int ld, float scale, const float *mask,
                         float *inverse_sums) {
    for (int i = 0; i < rows; ++i) {
        float *row = scores + (size_t)i * ld;
        float32x4_t max_v = vdupq_n_f32(-INFINITY);
        int j = 0;
        for (; j + 4 <= cols; j += 4) {
            const float32x4_t v = vfmaq_n_f32(vld1q_f32(mask + j), vld1q_f32(row + j), scale);
            vst1q_f32(row + j, v);
            max_v = vmaxq_f32(max_v, v);
        }
        float max = vmaxvq_f32(max_v);
        for (; j < cols; ++j) {
            row[j] = row[j] * scale + mask[j];
            max = fmaxf(max, row[j]);
        }
        const float32x4_t shift = vdupq_n_f32(max);
        float32x4_t sum_v = vdupq_n_f32(0);
        for (j = 0; j + 4 <= cols; j += 4) {
            const float32x4_t e = exp4(vsubq_f32(vld1q_f32(row + j), shift));
            vst1q_f32(row + j, e);
            sum_v = vaddq_f32(sum_v, e);
        }
        float sum = vaddvq_f32(sum_v);
        for (; j < cols; ++j) {
            row[j] = fast_exp(row[j] - max);
            sum += row[j];
        }
        const float inverse = 1.0f / sum;
        if (inverse_sums) {
            inverse_sums[i] = inverse;
            continue;
        }
        for (j = 0; j + 4 <= cols; j += 4) vst1q_f32(row + j, vmulq_n_f32(vld1q_f32(row + j), inverse));
        for (; j < cols; ++j) row[j] *= inverse;
    }
}

void albert_neon_layer_norm(float *out, const float *x, const float *bias, const float *residual, const float *gamma,
                            const float *beta, int rows, int cols, float eps) {
    const int whole = cols / 8 * 8;
    for (int i = 0; i < rows; ++i) {
        const float *xr = x + (size_t)i * cols;
        const float *rr = residual ? residual + (size_t)i * cols : NULL;
        float *o = out + (size_t)i * cols;
        float32x4_t sum0 = vdupq_n_f32(0), sum1 = vdupq_n_f32(0);
        for (int j = 0; j < whole; j += 8) {
            float32x4_t v0 = vld1q_f32(xr + j), v1 = vld1q_f32(xr + j + 4);
            if (bias) v0 = vaddq_f32(v0, vld1q_f32(bias + j)), v1 = vaddq_f32(v1, vld1q_f32(bias + j + 4));
            if (rr) v0 = vaddq_f32(v0, vld1q_f32(rr + j)), v1 = vaddq_f32(v1, vld1q_f32(rr + j + 4));
            vst1q_f32(o + j, v0);
            vst1q_f32(o + j + 4, v1);
            sum0 = vaddq_f32(sum0, v0);
            sum1 = vaddq_f32(sum1, v1);
        }
        float sum = vaddvq_f32(vaddq_f32(sum0, sum1));
        for (int j = whole; j < cols; ++j) {
            float v = xr[j];
            if (bias) v += bias[j];
            if (rr) v += rr[j];
            o[j] = v;
            sum += v;
        }
        const float mean = sum / (float)cols;
        const float32x4_t mean_v = vdupq_n_f32(mean);
        float32x4_t squares0 = vdupq_n_f32(0), squares1 = vdupq_n_f32(0);
        for (int j = 0; j < whole; j += 8) {
            const float32x4_t d0 = vsubq_f32(vld1q_f32(o + j), mean_v), d1 = vsubq_f32(vld1q_f32(o + j + 4), mean_v);
            squares0 = vfmaq_f32(squares0, d0, d0);
            squares1 = vfmaq_f32(squares1, d1, d1);
        }
        float squares = vaddvq_f32(vaddq_f32(squares0, squares1));
        for (int j = whole; j < cols; ++j) squares += (o[j] - mean) * (o[j] - mean);
        const float inv_std = 1.0f / sqrtf(squares / (float)cols + eps);
        for (int j = 0; j < whole; j += 4) {
            const float32x4_t d = vmulq_n_f32(vsubq_f32(vld1q_f32(o + j), mean_v), inv_std);
            vst1q_f32(o + j, vfmaq_f32(vld1q_f32(beta + j), d, vld1q_f32(gamma + j)));
        }
        for (int j = whole; j < cols; ++j) o[j] = (o[j] - mean) * inv_std * gamma[j] + beta[j];
    }
}

// Exact GELU with erf by Eigen's rational approximation, as x86_avx2/elementwise.c's gelu8
// (within 4.2e-7 of erf; no exp, one division).
static inline float32x4_t gelu4(float32x4_t v) {
    const float32x4_t x = vminq_f32(vmaxq_f32(vmulq_n_f32(v, 0.70710678118654752f), vdupq_n_f32(-4.0f)), vdupq_n_f32(4.0f));
    const float32x4_t x2 = vmulq_f32(x, x);
    float32x4_t p = vdupq_n_f32(albert_erf_p[0]);
    for (int i = 1; i < 7; ++i) p = vfmaq_f32(vdupq_n_f32(albert_erf_p[i]), p, x2);
    float32x4_t q = vdupq_n_f32(albert_erf_q[0]);
    for (int i = 1; i < 5; ++i) q = vfmaq_f32(vdupq_n_f32(albert_erf_q[i]), q, x2);
    const float32x4_t erf = vdivq_f32(vmulq_f32(p, x), q);
    const float32x4_t half_v = vmulq_n_f32(v, 0.5f);
    return vfmaq_f32(half_v, half_v, erf);
}

void albert_neon_bias_activation(float *y, const float *bias, int rows, int cols, albert_activation act) {
    if (act != ALBERT_ACT_GELU) {
        bias_activation_generic(y, bias, rows, cols, act);
        return;
    }
    const int whole = cols / 4 * 4;
    for (int i = 0; i < rows; ++i) {
        float *row = y + (size_t)i * cols;
        for (int j = 0; j < whole; j += 4) vst1q_f32(row + j, gelu4(vaddq_f32(vld1q_f32(row + j), vld1q_f32(bias + j))));
        for (int j = whole; j < cols; ++j) row[j] = activate(row[j] + bias[j], ALBERT_ACT_GELU);
    }
}

#endif  // __aarch64__

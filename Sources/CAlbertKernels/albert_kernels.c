#include "albert_kernels.h"

#include <float.h>
#include <math.h>
#include <string.h>


// Vectorisable exp and erf. libm's expf/erff are scalar calls that the compiler cannot
// vectorise, and they dominated the attention softmax and GELU passes. These are branch-free
// so that the loops below compile to SIMD code (AVX-512, AVX2 or SSE2 clones, picked at
// load time by the CPU). Accuracy: exp within 2 ulp; erf within 1.2e-7 absolute.
#if defined(__x86_64__) && defined(__clang__)
#define ALBERT_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define ALBERT_SIMD_CLONES
#endif

static inline float fast_exp(float x) {
    // exp(x) = 2^n · exp(r), n = round(x / ln 2), |r| <= ln 2 / 2; Cephes polynomial for exp(r).
    const float clamped = fminf(fmaxf(x, -87.3f), 88.7f);
    const float n = __builtin_roundevenf(clamped * 1.44269504088896341f);
    const float r = clamped - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t bits;
    memcpy(&bits, &p, sizeof bits);
    bits += (int32_t)n << 23;
    float result;
    memcpy(&result, &bits, sizeof result);
    return x < -87.3f ? 0.0f : result;
}

static inline float fast_erf(float x) {
    // Numerical Recipes' erfc Chebyshev fit (fractional error < 1.2e-7).
    const float z = fabsf(x);
    const float t = 1.0f / (1.0f + 0.5f * z);
    const float poly = -z * z - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f +
        t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f +
        t * (-0.82215223f + t * 0.17087277f))))))));
    const float erfc = t * fast_exp(poly);
    return x >= 0.0f ? 1.0f - erfc : erfc - 1.0f;
}

static inline float fast_tanh(float x) {
    const float e = fast_exp(2.0f * fminf(fmaxf(x, -15.0f), 15.0f));
    return (e - 1.0f) / (e + 1.0f);
}

static inline float half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1Fu;
    uint32_t mantissa = h & 0x3FFu;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: renormalise
            int e = -1;
            do { ++e; mantissa <<= 1; } while ((mantissa & 0x400u) == 0);
            bits = sign | ((uint32_t)(127 - 15 - e) << 23) | ((mantissa & 0x3FFu) << 13);
        }
    } else if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

void albert_f16_to_f32(const uint16_t *in, float *out, size_t count) {
    for (size_t i = 0; i < count; ++i) out[i] = half_to_float(in[i]);
}

void albert_bf16_to_f32(const uint16_t *in, float *out, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        const uint32_t bits = (uint32_t)in[i] << 16;
        memcpy(&out[i], &bits, sizeof(float));
    }
}

void albert_gather_embeddings(float *out, const float *word, const float *position,
                              const float *token_type, const int32_t *ids,
                              const int32_t *types, int rows, int cols) {
    for (int i = 0; i < rows; ++i) {
        const float *w = word + (size_t)ids[i] * cols;
        const float *p = position + (size_t)i * cols;
        const float *t = token_type + (size_t)types[i] * cols;
        float *o = out + (size_t)i * cols;
        for (int j = 0; j < cols; ++j) o[j] = w[j] + p[j] + t[j];
    }
}

void albert_broadcast_rows(float *y, const float *bias, int rows, int cols) {
    for (int i = 0; i < rows; ++i) memcpy(y + (size_t)i * cols, bias, (size_t)cols * sizeof(float));
}

static inline __attribute__((always_inline)) float activate(float x, albert_activation act) {
    switch (act) {
    case ALBERT_ACT_GELU:
        return 0.5f * x * (1.0f + fast_erf(x * 0.70710678118654752f));
    case ALBERT_ACT_GELU_NEW:
        return 0.5f * x * (1.0f + fast_tanh(0.79788456080286536f * (x + 0.044715f * x * x * x)));
    case ALBERT_ACT_GELU_FAST:
        return 0.5f * x * (1.0f + fast_tanh(x * 0.7978845608f * (1.0f + 0.044715f * x * x)));
    case ALBERT_ACT_RELU:
        return x > 0.0f ? x : 0.0f;
    case ALBERT_ACT_SILU:
        return x / (1.0f + fast_exp(-x));
    case ALBERT_ACT_QUICK_GELU:
        return x / (1.0f + fast_exp(-1.702f * x));
    }
    return x;
}

#define BIAS_ACTIVATION_LOOP(ACT)                                                   \
    for (int i = 0; i < rows; ++i) {                                                \
        float *row = y + (size_t)i * cols;                                          \
        for (int j = 0; j < cols; ++j) row[j] = activate(row[j] + bias[j], ACT);    \
    }

ALBERT_SIMD_CLONES
void albert_bias_activation(float *y, const float *bias, int rows, int cols, albert_activation act) {
    // One loop per activation so that each inner loop is branch-free and vectorises.
    switch (act) {
    case ALBERT_ACT_GELU: BIAS_ACTIVATION_LOOP(ALBERT_ACT_GELU) break;
    case ALBERT_ACT_GELU_NEW: BIAS_ACTIVATION_LOOP(ALBERT_ACT_GELU_NEW) break;
    case ALBERT_ACT_GELU_FAST: BIAS_ACTIVATION_LOOP(ALBERT_ACT_GELU_FAST) break;
    case ALBERT_ACT_RELU: BIAS_ACTIVATION_LOOP(ALBERT_ACT_RELU) break;
    case ALBERT_ACT_SILU: BIAS_ACTIVATION_LOOP(ALBERT_ACT_SILU) break;
    case ALBERT_ACT_QUICK_GELU: BIAS_ACTIVATION_LOOP(ALBERT_ACT_QUICK_GELU) break;
    }
}

ALBERT_SIMD_CLONES
static void layer_norm_portable(float *out, const float *x, const float *bias, const float *residual,
                                const float *gamma, const float *beta, int rows, int cols, float eps) {
    for (int i = 0; i < rows; ++i) {
        const float *xr = x + (size_t)i * cols;
        const float *rr = residual ? residual + (size_t)i * cols : NULL;
        float *o = out + (size_t)i * cols;
        double sum = 0.0;
        for (int j = 0; j < cols; ++j) {
            float v = xr[j];
            if (bias) v += bias[j];
            if (rr) v += rr[j];
            o[j] = v;
            sum += v;
        }
        const float mean = (float)(sum / cols);
        double squares = 0.0;
        for (int j = 0; j < cols; ++j) {
            const float d = o[j] - mean;
            squares += (double)d * d;
        }
        const float inv_std = 1.0f / sqrtf((float)(squares / cols) + eps);
        for (int j = 0; j < cols; ++j) o[j] = (o[j] - mean) * inv_std * gamma[j] + beta[j];
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#define TARGET_AVX512 __attribute__((target("avx512f,avx512dq,fma")))

// fast_exp above, 16 lanes at a time. The portable loop below cannot vectorise its running
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
TARGET_AVX512 static void softmax_avx512(float *scores, int rows, int cols, int ld, float scale,
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

static int cpu_has_avx512(void) {
    static int answer = -1;
    if (answer < 0) {
        __builtin_cpu_init();
        answer = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? 1 : 0;
    }
    return answer;
}
#endif

ALBERT_SIMD_CLONES
static void softmax_portable(float *scores, int rows, int cols, int ld, float scale,
                             const float *additive_mask, float *inverse_sums) {
    for (int i = 0; i < rows; ++i) {
        float *row = scores + (size_t)i * ld;
        for (int j = 0; j < cols; ++j) row[j] = row[j] * scale + additive_mask[j];
        // A loop of its own: clang vectorises an fmaxf reduction alone, not fused with the above.
        float max = -INFINITY;
        for (int j = 0; j < cols; ++j) max = fmaxf(max, row[j]);
        float sum = 0.0f;
        for (int j = 0; j < cols; ++j) {
            const float e = fast_exp(row[j] - max);
            row[j] = e;
            sum += e;
        }
        const float inv = 1.0f / sum;
        if (inverse_sums) {
            inverse_sums[i] = inv;
            continue;
        }
        for (int j = 0; j < cols; ++j) row[j] *= inv;
    }
}

#if defined(__x86_64__)
// Float sums in 16 lanes (the portable loop sums in double, which halves its vector width).
TARGET_AVX512 static void layer_norm_avx512(float *out, const float *x, const float *bias, const float *residual,
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
#endif

static volatile int portable_only = 0;

void albert_add_layer_norm(float *out, const float *x, const float *bias, const float *residual,
                           const float *gamma, const float *beta, int rows, int cols, float eps) {
#if defined(__x86_64__)
    if (!portable_only && cpu_has_avx512()) return layer_norm_avx512(out, x, bias, residual, gamma, beta, rows, cols, eps);
#endif
    layer_norm_portable(out, x, bias, residual, gamma, beta, rows, cols, eps);
}

void albert_use_portable_kernels(int portable) { portable_only = portable ? 1 : 0; }

int albert_using_portable_kernels(void) { return portable_only; }

void albert_scaled_masked_softmax(float *scores, int rows, int cols, int ld, float scale,
                                  const float *additive_mask) {
#if defined(__x86_64__)
    if (!portable_only && cpu_has_avx512()) return softmax_avx512(scores, rows, cols, ld, scale, additive_mask, NULL);
#endif
    softmax_portable(scores, rows, cols, ld, scale, additive_mask, NULL);
}

void albert_scaled_masked_exp(float *scores, int rows, int cols, int ld, float scale,
                              const float *additive_mask, float *inverse_sums) {
#if defined(__x86_64__)
    if (!portable_only && cpu_has_avx512()) return softmax_avx512(scores, rows, cols, ld, scale, additive_mask, inverse_sums);
#endif
    softmax_portable(scores, rows, cols, ld, scale, additive_mask, inverse_sums);
}

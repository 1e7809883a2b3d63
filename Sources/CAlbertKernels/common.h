#ifndef ALBERTQA_COMMON_H
#define ALBERTQA_COMMON_H

// Private to this target: small helpers every table uses, and the generic loops that each
// instruction-set folder compiles under its own target attribute (static inline, so the
// compiler vectorises them for that instruction set when it inlines them).

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "albert_kernels.h"

#define ALBERT_INLINE static inline __attribute__((always_inline))

static inline int round_up(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }
static inline size_t round_up_size(size_t value, size_t multiple) { return (value + multiple - 1) / multiple * multiple; }
static inline int min_int(int a, int b) { return a < b ? a : b; }

// Round to nearest even, as torch's float → bfloat16 conversion does (NaN kept quiet).
static inline uint16_t float_to_bf16(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return (uint16_t)((bits >> 16) | 0x40u);
    bits += 0x7FFFu + ((bits >> 16) & 1u);
    return (uint16_t)(bits >> 16);
}

static inline float bf16_to_float(uint16_t value) {
    const uint32_t bits = (uint32_t)value << 16;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static inline float round_to_bf16(float value) { return bf16_to_float(float_to_bf16(value)); }

// Vectorisable exp and erf: libm's expf/erff are scalar calls the compiler cannot vectorise,
// and they dominated softmax and GELU. Branch-free, so that loops over them compile to SIMD
// code. Accuracy: exp within 2 ulp; erf within 1.2e-7 absolute.
ALBERT_INLINE float fast_exp(float x) {
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

// erf(x) ≈ x P(x²) / Q(x²) on [-4, 4] (Eigen's rational approximation, within 4.2e-7 of erf):
// the SIMD GELU kernels' coefficients, highest power first, kept here once so that the AVX2,
// AVX-512 and NEON versions cannot drift apart. (The reference uses fast_erf below.)
static const float albert_erf_p[7] = {-2.72614225801306e-10f, 2.77068142495902e-08f, -2.10102402082508e-06f,
                                      -5.69250639462346e-05f, -7.34990630326855e-04f, -2.95459980854025e-03f,
                                      -1.60960333262415e-02f};
static const float albert_erf_q[5] = {-1.45660718464996e-05f, -2.13374055278905e-04f, -1.68282697438203e-03f,
                                      -7.37332916720468e-03f, -1.42647390514189e-02f};

ALBERT_INLINE float fast_erf(float x) {
    // Numerical Recipes' erfc Chebyshev fit (fractional error < 1.2e-7).
    const float z = fabsf(x);
    const float t = 1.0f / (1.0f + 0.5f * z);
    const float poly = -z * z - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f +
        t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f +
        t * (-0.82215223f + t * 0.17087277f))))))));
    const float erfc = t * fast_exp(poly);
    return x >= 0.0f ? 1.0f - erfc : erfc - 1.0f;
}

ALBERT_INLINE float fast_tanh(float x) {
    const float e = fast_exp(2.0f * fminf(fmaxf(x, -15.0f), 15.0f));
    return (e - 1.0f) / (e + 1.0f);
}

ALBERT_INLINE float activate(float x, albert_activation act) {
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

#define ALBERT_BIAS_ACTIVATION_LOOP(ACT)                                            \
    for (int i = 0; i < rows; ++i) {                                                \
        float *row = y + (size_t)i * cols;                                          \
        for (int j = 0; j < cols; ++j) row[j] = activate(row[j] + bias[j], ACT);    \
    }

// y = act(y + bias): one loop per activation so that each inner loop is branch-free and
// vectorises for the instruction set of the function it is inlined into.
ALBERT_INLINE void bias_activation_generic(float *y, const float *bias, int rows, int cols, albert_activation act) {
    switch (act) {
    case ALBERT_ACT_GELU: ALBERT_BIAS_ACTIVATION_LOOP(ALBERT_ACT_GELU) break;
    case ALBERT_ACT_GELU_NEW: ALBERT_BIAS_ACTIVATION_LOOP(ALBERT_ACT_GELU_NEW) break;
    case ALBERT_ACT_GELU_FAST: ALBERT_BIAS_ACTIVATION_LOOP(ALBERT_ACT_GELU_FAST) break;
    case ALBERT_ACT_RELU: ALBERT_BIAS_ACTIVATION_LOOP(ALBERT_ACT_RELU) break;
    case ALBERT_ACT_SILU: ALBERT_BIAS_ACTIVATION_LOOP(ALBERT_ACT_SILU) break;
    case ALBERT_ACT_QUICK_GELU: ALBERT_BIAS_ACTIVATION_LOOP(ALBERT_ACT_QUICK_GELU) break;
    }
}

// The row's int8 quantisation parameters, identical on every table: the range widened to
// contain 0 (so zero, padding and ReLU/GELU's floor, is exact), `levels` steps across it.
ALBERT_INLINE void quantization_parameters(float low, float high, int levels, float *scale, float *inverse,
                                           int32_t *zero_point) {
    *scale = high > low ? (high - low) / (float)levels : 1.0f;
    *inverse = 1.0f / *scale;
    *zero_point = (int32_t)nearbyintf(-low * *inverse);
}

ALBERT_INLINE uint8_t quantize_value(float x, float inverse, int32_t zero_point, int levels) {
    const int32_t v = (int32_t)nearbyintf(x * inverse) + zero_point;
    return (uint8_t)(v < 0 ? 0 : v > levels ? levels : v);
}

// Scratch layout of an int8 product: quantised rows [rows x k_padded] bytes, then the rows'
// scales, then their zero points (each 64-byte aligned).
static inline size_t int8_rows_bytes(int k_padded, int rows) { return round_up_size((size_t)rows * (size_t)k_padded, 64); }
static inline float *int8_row_scales(void *scratch, int k_padded, int rows) {
    return (float *)((char *)scratch + int8_rows_bytes(k_padded, rows));
}
static inline int32_t *int8_zero_points(void *scratch, int k_padded, int rows) {
    return (int32_t *)((char *)int8_row_scales(scratch, k_padded, rows) + round_up_size((size_t)rows * sizeof(float), 64));
}

// The reference kernels, which the SIMD tables reuse for what they do not specialise.
void albert_reference_fp32_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                                  float *y, int ldy, void *scratch);
void albert_reference_bf16_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                                  float *y, int ldy, void *scratch);
void albert_reference_int8_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                                  float *y, int ldy, void *scratch);
void albert_reference_attention(albert_precision precision, const float *qkv, int length, int hidden, int head_size,
                                int first_head, int head_stride, const float *mask, float *context, float *scores,
                                void *scratch);
size_t albert_reference_attention_scratch(albert_precision precision, int length, int head_size);
void albert_reference_softmax(float *scores, int rows, int cols, int ld, float scale, const float *mask, float *inverse_sums);
void albert_reference_layer_norm(float *out, const float *x, const float *bias, const float *residual,
                                 const float *gamma, const float *beta, int rows, int cols, float eps);
void albert_reference_bias_activation(float *y, const float *bias, int rows, int cols, albert_activation act);

#endif

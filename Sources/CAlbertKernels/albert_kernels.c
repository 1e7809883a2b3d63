#include "albert_kernels.h"

#include <float.h>
#include <math.h>
#include <string.h>

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

static inline float activate(float x, albert_activation act) {
    switch (act) {
    case ALBERT_ACT_GELU:
        return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));
    case ALBERT_ACT_GELU_NEW:
        return 0.5f * x * (1.0f + tanhf(0.79788456080286536f * (x + 0.044715f * x * x * x)));
    case ALBERT_ACT_GELU_FAST:
        return 0.5f * x * (1.0f + tanhf(x * 0.7978845608f * (1.0f + 0.044715f * x * x)));
    case ALBERT_ACT_RELU:
        return x > 0.0f ? x : 0.0f;
    case ALBERT_ACT_SILU:
        return x / (1.0f + expf(-x));
    case ALBERT_ACT_QUICK_GELU:
        return x / (1.0f + expf(-1.702f * x));
    }
    return x;
}

void albert_bias_activation(float *y, const float *bias, int rows, int cols, albert_activation act) {
    for (int i = 0; i < rows; ++i) {
        float *row = y + (size_t)i * cols;
        for (int j = 0; j < cols; ++j) row[j] = activate(row[j] + bias[j], act);
    }
}

void albert_add_layer_norm(float *out, const float *x, const float *bias, const float *residual,
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

void albert_scaled_masked_softmax(float *scores, int rows, int cols, int ld, float scale,
                                  const float *additive_mask) {
    for (int i = 0; i < rows; ++i) {
        float *row = scores + (size_t)i * ld;
        float max = -INFINITY;
        for (int j = 0; j < cols; ++j) {
            const float v = row[j] * scale + additive_mask[j];
            row[j] = v;
            if (v > max) max = v;
        }
        float sum = 0.0f;
        for (int j = 0; j < cols; ++j) {
            const float e = expf(row[j] - max);
            row[j] = e;
            sum += e;
        }
        const float inv = 1.0f / sum;
        for (int j = 0; j < cols; ++j) row[j] *= inv;
    }
}

// Reference element-wise passes: softmax, LayerNorm (sums in double), bias + activation.

#include "../common.h"

void albert_reference_softmax(float *scores, int rows, int cols, int ld, float scale, const float *mask,
                              float *inverse_sums) {
    for (int i = 0; i < rows; ++i) {
        float *row = scores + (size_t)i * ld;
        for (int j = 0; j < cols; ++j) row[j] = row[j] * scale + mask[j];
        float max = -INFINITY;
        for (int j = 0; j < cols; ++j) max = fmaxf(max, row[j]);
        float sum = 0.0f;
        for (int j = 0; j < cols; ++j) {
            row[j] = fast_exp(row[j] - max);
            sum += row[j];
        }
        const float inverse = 1.0f / sum;
        if (inverse_sums) {
            inverse_sums[i] = inverse;
            continue;
        }
        for (int j = 0; j < cols; ++j) row[j] *= inverse;
    }
}

void albert_reference_layer_norm(float *out, const float *x, const float *bias, const float *residual,
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

void albert_reference_bias_activation(float *y, const float *bias, int rows, int cols, albert_activation act) {
    bias_activation_generic(y, bias, rows, cols, act);
}

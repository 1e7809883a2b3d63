#ifndef ALBERTQA_AVX2_KERNELS_H
#define ALBERTQA_AVX2_KERNELS_H

// The AVX2 + FMA kernels this folder exports: the entries of albert_avx2_table (table.c), which
// the avxvnni table (../x86_avxvnni/table.c) reuses for everything but its int8 products.
// Declared once here; each defining file includes it, so a signature cannot drift.

#include "../common.h"

#if defined(__x86_64__)

void albert_avx2_fp32_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_avx2_bf16_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_avx2_int8_linear(const albert_packed_matrix *, const float *, int, int, const float *, float *, int, void *);
void albert_avx2_attention(albert_precision, const float *, int, int, int, int, int, const float *, float *, float *, void *);
size_t albert_avx2_attention_scratch(albert_precision, int, int);
void albert_avx2_softmax(float *, int, int, int, float, const float *, float *);
void albert_avx2_layer_norm(float *, const float *, const float *, const float *, const float *, const float *, int, int, float);
void albert_avx2_bias_activation(float *, const float *, int, int, albert_activation);
void albert_avx2_quantize_row(const float *, int, int, int, uint8_t *, float *, int32_t *);

#endif
#endif

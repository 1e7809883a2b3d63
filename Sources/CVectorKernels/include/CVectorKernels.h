// Dense-retrieval kernels: int8 dot products of one query against many stored passage
// vectors (exact cosine search). A scalar reference, an AVX2 version, one dispatch chosen once.
#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// out[r] = sum_d matrix[r * dim + d] * query[d], for r < rows (int32 accumulation; exact for
/// dim < 2^17 since |a*b| <= 127*127).
typedef void (*vk_dot_i8_rows_fn)(const int8_t *matrix, size_t rows, size_t dim, const int8_t *query, int32_t *out);

void vk_dot_i8_rows_scalar(const int8_t *matrix, size_t rows, size_t dim, const int8_t *query, int32_t *out);
void vk_dot_i8_rows_avx2(const int8_t *matrix, size_t rows, size_t dim, const int8_t *query, int32_t *out);

/// The kernel this CPU runs (chosen on first use: AVX2 where present, else scalar).
void vk_dot_i8_rows(const int8_t *matrix, size_t rows, size_t dim, const int8_t *query, int32_t *out);

/// Name of the chosen kernel ("avx2" or "scalar").
const char *vk_kernel_name(void);

/// 1: the AVX2 kernel can run on this CPU.
int vk_has_avx2(void);

#endif

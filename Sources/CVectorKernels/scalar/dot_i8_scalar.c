#include "../include/CVectorKernels.h"

// The reference every SIMD version is tested against.
void vk_dot_i8_rows_scalar(const int8_t *matrix, size_t rows, size_t dim, const int8_t *query, int32_t *out) {
    for (size_t r = 0; r < rows; r++) {
        const int8_t *row = matrix + r * dim;
        int32_t sum = 0;
        // Kept scalar (the compiler would vectorise it at -O3): the baseline SIMD is measured against.
#pragma clang loop vectorize(disable) interleave(disable)
        for (size_t d = 0; d < dim; d++) sum += (int32_t)row[d] * (int32_t)query[d];
        out[r] = sum;
    }
}

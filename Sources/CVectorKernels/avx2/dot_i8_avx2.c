#include "../include/CVectorKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

// int8 → int16 sign extension, then vpmaddwd (pairs of products summed into int32 lanes):
// 16 products per instruction, no overflow (two products of at most 127*128 per lane).
__attribute__((target("avx2")))
void vk_dot_i8_rows_avx2(const int8_t *matrix, size_t rows, size_t dim, const int8_t *query, int32_t *out) {
    size_t blocks = dim / 16;
    for (size_t r = 0; r < rows; r++) {
        const int8_t *row = matrix + r * dim;
        __m256i acc = _mm256_setzero_si256();
        for (size_t b = 0; b < blocks; b++) {
            __m256i q = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(query + 16 * b)));
            __m256i p = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(row + 16 * b)));
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(p, q));
        }
        __m128i sum = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
        sum = _mm_hadd_epi32(sum, sum);
        sum = _mm_hadd_epi32(sum, sum);
        int32_t total = _mm_cvtsi128_si32(sum);
        for (size_t d = blocks * 16; d < dim; d++) total += (int32_t)row[d] * (int32_t)query[d];
        out[r] = total;
    }
}
#else
void vk_dot_i8_rows_avx2(const int8_t *matrix, size_t rows, size_t dim, const int8_t *query, int32_t *out) {
    vk_dot_i8_rows_scalar(matrix, rows, dim, query, out);
}
#endif

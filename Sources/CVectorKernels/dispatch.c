#include "include/CVectorKernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int vk_has_avx2(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
#else
    return 0;
#endif
}

// Chosen once; ALBERTQA_PORTABLE_KERNELS=1 picks the scalar reference (as for the reader).
static vk_dot_i8_rows_fn chosen = 0;
static const char *chosen_name = "scalar";

static void choose(void) {
    const char *portable = getenv("ALBERTQA_PORTABLE_KERNELS");
    if (vk_has_avx2() && !(portable && strcmp(portable, "1") == 0)) {
        chosen_name = "avx2";
        chosen = vk_dot_i8_rows_avx2;
    } else {
        chosen_name = "scalar";
        chosen = vk_dot_i8_rows_scalar;
    }
}

static pthread_once_t chosen_once = PTHREAD_ONCE_INIT;

void vk_dot_i8_rows(const int8_t *matrix, size_t rows, size_t dim, const int8_t *query, int32_t *out) {
    pthread_once(&chosen_once, choose);
    chosen(matrix, rows, dim, query, out);
}

const char *vk_kernel_name(void) {
    pthread_once(&chosen_once, choose);
    return chosen_name;
}

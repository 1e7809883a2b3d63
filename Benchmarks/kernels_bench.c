// The packed products alone, per kernel table and precision, on one core: the default model's
// four Linear shapes (QKV 1152x384, dense 384x384, ffn 1536x384, ffn_output 384x1536) for 192
// rows (one thread's half of a 384-token window). Times are the thread's CPU time, minimum of
// 15 rounds, so a busy shared machine inflates them less than wall time would.
//
// usage: clang -O3 -ISources/CAlbertKernels/include $(find Sources/CAlbertKernels -name '*.c') \
//            Benchmarks/kernels_bench.c -lm -o /tmp/kernels_bench && /tmp/kernels_bench
#define _POSIX_C_SOURCE 200112L
#include "albert_kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(void) {
    enum { ROWS = 192, ROUNDS = 15, REPEATS = 3 };
    const int shapes[][2] = {{1152, 384}, {384, 384}, {1536, 384}, {384, 1536}};
    const char *precisions[] = {"fp32", "bf16", "int8"};
    double baseline = 0;
    for (int id = 0; id < ALBERT_KERNELS_COUNT; ++id) {
        const albert_kernel_table *table = albert_kernel_table_get((albert_kernel_id)id);
        if (!table || !albert_kernel_table_available(table) || id == ALBERT_KERNELS_REFERENCE) continue;
        for (int p = 0; p < ALBERT_PRECISION_COUNT; ++p) {
            if (!albert_kernel_table_supports(table, (albert_precision)p)) continue;
            double best = 1e9;
            for (int round = 0; round < ROUNDS; ++round) {
                double total = 0;
                for (int s = 0; s < 4; ++s) {
                    const int n = shapes[s][0], k = shapes[s][1];
                    float *w = malloc(sizeof(float) * (size_t)n * k), *x = malloc(sizeof(float) * (size_t)ROWS * k);
                    float *y = malloc(sizeof(float) * (size_t)ROWS * n);
                    for (long i = 0; i < (long)n * k; ++i) w[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
                    for (long i = 0; i < (long)ROWS * k; ++i) x[i] = (float)((i * 104729) % 1000) / 500.0f - 1.0f;
                    albert_packed_matrix *m = albert_pack(table, (albert_precision)p, w, n, k);
                    void *scratch = NULL;
                    if (!m || posix_memalign(&scratch, 64, albert_linear_scratch_bytes((albert_precision)p, k, ROWS) + 64)) return 1;
                    const double start = cpu_seconds();
                    for (int r = 0; r < REPEATS; ++r) albert_linear(m, x, k, ROWS, NULL, y, n, scratch);
                    total += cpu_seconds() - start;
                    albert_packed_free(m);
                    free(w), free(x), free(y), free(scratch);
                }
                if (total < best) best = total;
            }
            const double ms = best * 1000 / REPEATS;
            if (baseline == 0) baseline = ms;
            printf("%-7s %s  %6.2f ms  %.2fx the first\n", table->name, precisions[p], ms, ms / baseline);
        }
    }
    return 0;
}

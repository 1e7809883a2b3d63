// The packed products alone, per kernel table and precision, on one core: the default model's
// four Linear shapes (QKV 1152x384, dense 384x384, ffn 1536x384, ffn_output 384x1536) for 192
// rows (one thread's half of a 384-token window). Times are the thread's CPU time, minimum of
// 15 rounds, so a busy shared machine inflates them less than wall time would. Arguments: other
// row counts (e.g. 300: a passage read whole by one core, as `ask` does), TABLE[:PRECISION]
// to time only that table (e.g. avx2:int8), and `layer`: pack the four matrices once and run
// them in turn, as a layer does, instead of each three times right after packing it (so each
// product finds its weights in L3, not L2: the layer's 1.77 MB of int8 weights exceed a Zen 4
// core's 1 MB L2).
//
// usage: clang -O3 -ISources/CAlbertKernels/include $(find Sources/CAlbertKernels -name '*.c') \
//            Benchmarks/kernels_bench.c -lm -o /tmp/kernels_bench && /tmp/kernels_bench [ROWS...] [TABLE[:P]]
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

// The four products in turn, as the layers of a window run them; the sum of each product's
// minimum over rounds x repeats calls.
static double layer_seconds(const albert_kernel_table *table, albert_precision p, const int shapes[4][2], int rows,
                            int rounds, int repeats) {
    albert_packed_matrix *m[4];
    float *x[4], *y[4];
    void *scratch[4];
    for (int s = 0; s < 4; ++s) {
        const int n = shapes[s][0], k = shapes[s][1];
        float *w = malloc(sizeof(float) * (size_t)n * k);
        x[s] = malloc(sizeof(float) * (size_t)rows * k);
        y[s] = calloc((size_t)rows * n, sizeof(float));
        for (long i = 0; i < (long)n * k; ++i) w[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
        for (long i = 0; i < (long)rows * k; ++i) x[s][i] = (float)((i * 104729) % 1000) / 500.0f - 1.0f;
        m[s] = albert_pack(table, p, w, n, k);
        free(w);
        if (!m[s] || posix_memalign(&scratch[s], 64, albert_linear_scratch_bytes(p, k, rows) + 64)) exit(1);
        memset(scratch[s], 0, albert_linear_scratch_bytes(p, k, rows));
    }
    double best[4] = {1e9, 1e9, 1e9, 1e9};
    for (int round = 0; round < rounds * repeats; ++round)
        for (int s = 0; s < 4; ++s) {
            const double start = cpu_seconds();
            albert_linear(m[s], x[s], shapes[s][1], rows, NULL, y[s], shapes[s][0], scratch[s]);
            const double seconds = cpu_seconds() - start;
            if (seconds < best[s]) best[s] = seconds;
        }
    for (int s = 0; s < 4; ++s) albert_packed_free(m[s]), free(x[s]), free(y[s]), free(scratch[s]);
    return (best[0] + best[1] + best[2] + best[3]) * repeats;  // the caller divides by repeats
}

int main(int argc, char **argv) {
    enum { ROUNDS = 15, REPEATS = 3, MAX_ROW_COUNTS = 16 };
    const int shapes[][2] = {{1152, 384}, {384, 384}, {1536, 384}, {384, 1536}};
    const char *precisions[] = {"fp32", "bf16", "int8"};
    int row_counts[MAX_ROW_COUNTS] = {192}, counts = 0;
    const char *only = NULL;
    int layer = 0;
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "layer") == 0) layer = 1;
        else if (atoi(argv[i]) > 0 && counts < MAX_ROW_COUNTS) row_counts[counts++] = atoi(argv[i]);
        else only = argv[i];
    }
    if (counts == 0) counts = 1;
    for (int rc = 0; rc < counts; ++rc) {
        const int ROWS = row_counts[rc];
        double baseline = 0;
        printf("%d rows\n", ROWS);
        for (int id = 0; id < ALBERT_KERNELS_COUNT; ++id) {
            const albert_kernel_table *table = albert_kernel_table_get((albert_kernel_id)id);
            if (!table || !albert_kernel_table_available(table) || id == ALBERT_KERNELS_REFERENCE) continue;
            if (only && strncmp(only, table->name, strlen(table->name)) != 0) continue;
            if (only && only[strlen(table->name)] != '\0' && only[strlen(table->name)] != ':') continue;
            for (int p = 0; p < ALBERT_PRECISION_COUNT; ++p) {
                if (!albert_kernel_table_supports(table, (albert_precision)p)) continue;
                if (only && strchr(only, ':') && strcmp(strchr(only, ':') + 1, precisions[p]) != 0) continue;
                double best = 1e9;
                if (layer) best = layer_seconds(table, (albert_precision)p, shapes, ROWS, ROUNDS, REPEATS);
                for (int round = 0; round < (layer ? 0 : ROUNDS); ++round) {
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
    }
    return 0;
}

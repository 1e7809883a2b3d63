// Attention alone, its softmax alone, and the window's four products, per kernel table, at
// 128 / 256 / 384 tokens on one core (the default model: hidden 384, 12 heads of 32). Says how
// much of a layer attention is, and how much of attention the softmax is, for each table and
// precision; times are the thread's CPU time, minimum of the rounds, so a busy shared machine
// inflates them less than wall time would. Element-wise passes (LayerNorm, GELU, quantising
// the activations) are not counted, so the shares are upper bounds.
//
// usage: clang -O3 -ISources/CAlbertKernels/include $(find Sources/CAlbertKernels -name '*.c') \
//            Benchmarks/attention_bench.c -lm -o /tmp/attention_bench && /tmp/attention_bench
#define _POSIX_C_SOURCE 200112L
#include "albert_kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void *aligned(size_t bytes) {
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes + 64)) exit(1);
    return p;
}

// The four products of one layer (QKV, dense, ffn, ffn_output) for `rows` rows, seconds.
static double products(const albert_kernel_table *t, albert_precision p, int rows) {
    const int shapes[][2] = {{1152, 384}, {384, 384}, {1536, 384}, {384, 1536}};
    double total = 0;
    for (int s = 0; s < 4; ++s) {
        const int n = shapes[s][0], k = shapes[s][1];
        float *w = aligned(sizeof(float) * (size_t)n * k), *x = aligned(sizeof(float) * (size_t)rows * k);
        float *y = aligned(sizeof(float) * (size_t)rows * n);
        for (long i = 0; i < (long)n * k; ++i) w[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
        for (long i = 0; i < (long)rows * k; ++i) x[i] = (float)((i * 104729) % 1000) / 500.0f - 1.0f;
        albert_packed_matrix *m = albert_pack(t, p, w, n, k);
        void *scratch = aligned(albert_linear_scratch_bytes(p, k, rows));
        if (!m) exit(1);
        const double start = cpu_seconds();
        albert_linear(m, x, k, rows, NULL, y, n, scratch);
        total += cpu_seconds() - start;
        albert_packed_free(m);
        free(w), free(x), free(y), free(scratch);
    }
    return total;
}

int main(void) {
    enum { HIDDEN = 384, HEAD = 32, HEADS = HIDDEN / HEAD, ROUNDS = 9 };
    const int lengths[] = {128, 256, 384};
    const char *precisions[] = {"fp32", "bf16", "int8"};
    for (int li = 0; li < 3; ++li) {
        const int l = lengths[li];
        float *qkv = aligned(sizeof(float) * (size_t)l * 3 * HIDDEN), *context = aligned(sizeof(float) * (size_t)l * HIDDEN);
        float *scores = aligned(sizeof(float) * (size_t)l * l), *mask = aligned(sizeof(float) * (size_t)l);
        float *sums = aligned(sizeof(float) * (size_t)l);
        for (int j = 0; j < l; ++j) mask[j] = 0;
        for (long i = 0; i < (long)l * 3 * HIDDEN; ++i) qkv[i] = (float)((i * 104729) % 1000) / 250.0f - 2.0f;
        for (int id = 0; id < ALBERT_KERNELS_COUNT; ++id) {
            const albert_kernel_table *t = albert_kernel_table_get((albert_kernel_id)id);
            if (!t || !albert_kernel_table_available(t) || id == ALBERT_KERNELS_REFERENCE) continue;
            double softmax = 1e9;
            for (int r = 0; r < ROUNDS; ++r) {
                double seconds = 0;
                for (int h = 0; h < HEADS; ++h) {
                    for (long i = 0; i < (long)l * l; ++i) scores[i] = (float)((i * 7919) % 1000) / 100.0f - 5.0f;
                    const double start = cpu_seconds();
                    t->softmax(scores, l, l, l, 0.17f, mask, sums);
                    seconds += cpu_seconds() - start;
                }
                if (seconds < softmax) softmax = seconds;
            }
            for (int p = 0; p < ALBERT_PRECISION_COUNT; p += 2) {  // fp32 and int8
                if (!albert_kernel_table_supports(t, (albert_precision)p)) continue;
                void *scratch = aligned(albert_attention_scratch_bytes((albert_precision)p, l, HEAD));
                double attention = 1e9, product = 1e9;
                for (int r = 0; r < ROUNDS; ++r) {
                    const double start = cpu_seconds();
                    t->attention((albert_precision)p, qkv, l, HIDDEN, HEAD, 0, 1, mask, context, scores, scratch);
                    const double seconds = cpu_seconds() - start;
                    if (seconds < attention) attention = seconds;
                }
                for (int r = 0; r < 3; ++r) {
                    const double seconds = products(t, (albert_precision)p, l);
                    if (seconds < product) product = seconds;
                }
                const int bf16 = p != ALBERT_PRECISION_FP32 && t->attention_in_bf16;
                printf("%3d tokens  %-8s %s  attention (%s) %5.2f ms, softmax %5.2f ms of it (%2.0f %%)  products %6.2f ms"
                       "  attention / (attention + products) %2.0f %%\n",
                       l, t->name, precisions[p], bf16 ? "bf16" : "fp32", attention * 1e3, softmax * 1e3,
                       100 * softmax / attention, product * 1e3, 100 * attention / (attention + product));
                free(scratch);
            }
        }
        free(qkv), free(context), free(scores), free(mask), free(sums);
    }
    return 0;
}

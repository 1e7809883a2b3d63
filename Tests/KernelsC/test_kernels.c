// Every kernel of every table this CPU runs against the reference kernels, on random ragged
// shapes (ggml's test-quantize-fns in spirit). Plain C, so that it also runs under
// qemu-aarch64 for the NEON table (Scripts/test-kernels.sh, Scripts/test-kernels-arm.sh).
//
// Bounds: the SIMD and reference products read the same packed matrix, so they differ only in
// the order of float sums (fp32, bf16: products of bf16 values are exact in float):
// |Δ| ≤ 2⁻¹⁸ Σ|x w|. int8 quantises every row to identical codes (checked exactly), so the
// int32 sums are identical and only the float epilogue may round differently. Attention and
// the element-wise passes: float reassociation and the exp polynomial, 1e-5 relative.
// Exit status 0 only when every comparison passes and at least one SIMD table was tested
// (or none exists for this architecture).

#define _POSIX_C_SOURCE 200112L
#include "albert_kernels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 12345;
static double uniform(void) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(state >> 11) / 9007199254740992.0;
}
static float normal(void) {
    double u = uniform();
    if (u < 1e-300) u = 1e-300;
    return (float)(sqrt(-2 * log(u)) * cos(6.283185307179586 * uniform()));
}

static int failures = 0, checks = 0;

static void expect(int ok, const char *table, const char *what, const char *detail) {
    ++checks;
    if (!ok) {
        ++failures;
        if (failures <= 20) fprintf(stderr, "FAIL %s %s: %s\n", table, what, detail);
    }
}

static void *aligned(size_t bytes) {
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes < 64 ? 64 : (bytes + 63) / 64 * 64)) abort();
    memset(p, 0, bytes < 64 ? 64 : bytes);
    return p;
}

static const char *precision_name(albert_precision p) {
    return p == ALBERT_PRECISION_FP32 ? "fp32" : p == ALBERT_PRECISION_BF16 ? "bf16" : "int8";
}

static void test_linear(const albert_kernel_table *t, albert_precision precision, int rows, int n, int k) {
    float *x = malloc(sizeof(float) * (size_t)rows * k), *w = malloc(sizeof(float) * (size_t)n * k);
    float *bias = malloc(sizeof(float) * n);
    for (int i = 0; i < rows * k; ++i) x[i] = normal() * (i % 97 == 0 ? 8.0f : 1.0f);
    for (int i = 0; i < n * k; ++i) w[i] = normal() * 0.05f;
    for (int i = 0; i < n; ++i) bias[i] = normal();
    albert_packed_matrix *m = albert_pack(t, precision, w, n, k);
    char detail[200];
    snprintf(detail, sizeof detail, "%s %dx%dx%d: pack failed", precision_name(precision), rows, n, k);
    expect(m != NULL, t->name, "pack", detail);
    if (!m) return;
    const size_t scratch_bytes = albert_linear_scratch_bytes(precision, k, rows);
    void *scratch = aligned(scratch_bytes), *scratch_ref = aligned(scratch_bytes);
    const int ldy = n + 3;  // a row stride wider than n: nothing may be written in the gap
    float *y = malloc(sizeof(float) * ((size_t)rows * ldy + 1)), *ref = malloc(sizeof(float) * (size_t)rows * ldy);
    for (int i = 0; i < rows * ldy + 1; ++i) y[i] = NAN;
    albert_linear(m, x, k, rows, bias, y, ldy, scratch);
    albert_linear_reference(m, x, k, rows, bias, ref, ldy, scratch_ref);
    double worst = 0;
    int bad = 0, gap_written = !isnan(y[rows * ldy]);
    for (int r = 0; r < rows; ++r) {
        for (int c = n; c < ldy; ++c) gap_written |= !isnan(y[r * ldy + c]);
        for (int c = 0; c < n; ++c) {
            double magnitude = fabs(bias[c]);
            for (int i = 0; i < k; ++i) magnitude += fabs((double)x[r * k + i] * w[c * k + i]);
            const double bound = ldexp(magnitude, -18) + 1e-6, error = fabs((double)y[r * ldy + c] - ref[r * ldy + c]);
            if (!(error <= bound)) ++bad;
            if (error / bound > worst) worst = error / bound;
        }
    }
    snprintf(detail, sizeof detail, "%s %dx%dx%d: %d outputs outside the bound (worst %.3g of it)%s", precision_name(precision),
             rows, n, k, bad, worst, gap_written ? ", wrote outside the output" : "");
    expect(bad == 0 && !gap_written, t->name, "linear", detail);
    if (precision == ALBERT_PRECISION_INT8) {  // the rows' codes: identical to the reference's
        const int k_padded = m->k_padded;
        uint8_t *q = malloc(k_padded), *q_ref = malloc(k_padded);
        for (int r = 0; r < rows; ++r) {
            float s, s_ref;
            int32_t z, z_ref;
            t->quantize_row(x + (size_t)r * k, k, k_padded, m->activation_max, q, &s, &z);
            albert_quantize_row_reference(x + (size_t)r * k, k, k_padded, m->activation_max, q_ref, &s_ref, &z_ref);
            snprintf(detail, sizeof detail, "k %d row %d: codes, scale or zero point differ", k, r);
            expect(s == s_ref && z == z_ref && memcmp(q, q_ref, k_padded) == 0, t->name, "quantize_row", detail);
        }
        free(q);
        free(q_ref);
    }
    albert_packed_free(m);
    free(scratch); free(scratch_ref); free(x); free(w); free(bias); free(y); free(ref);
}

static void test_attention(const albert_kernel_table *t, albert_precision precision, int length, int heads, int d) {
    const int hidden = heads * d;
    float *qkv = malloc(sizeof(float) * (size_t)length * 3 * hidden), *mask = malloc(sizeof(float) * length);
    for (int i = 0; i < length * 3 * hidden; ++i) qkv[i] = normal();
    const int masked = length > 10 ? 3 : 0;
    for (int j = 0; j < length; ++j) mask[j] = j >= length - masked ? -3.40282347e38f : 0.0f;
    // The table's arithmetic: bf16 models' attention in bf16 only where the table says so.
    const albert_precision arithmetic = precision != ALBERT_PRECISION_FP32 && t->attention_in_bf16 ? ALBERT_PRECISION_BF16 : ALBERT_PRECISION_FP32;
    const size_t scratch_bytes = albert_attention_scratch_bytes(arithmetic, length, d);
    void *scratch = aligned(scratch_bytes);
    float *context = malloc(sizeof(float) * (size_t)length * hidden), *ref = malloc(sizeof(float) * (size_t)length * hidden);
    float *scores = malloc(sizeof(float) * (size_t)length * length);
    for (int i = 0; i < length * hidden; ++i) context[i] = NAN;
    // Two interleaved "threads" (heads 0, 2, ... and 1, 3, ...), as the model splits them.
    for (int worker = 0; worker < 2; ++worker)
        t->attention(arithmetic, qkv, length, hidden, d, worker, 2, mask, context, scores, scratch);
    for (int worker = 0; worker < 2; ++worker)
        albert_kernel_table_get(ALBERT_KERNELS_REFERENCE)->attention(arithmetic, qkv, length, hidden, d, worker, 2, mask, ref, scores, scratch);
    // bf16 probabilities may round to neighbouring bf16 values on the two paths (their exp
    // differs in the last float bits): 2⁻⁷ of Σ p |v| ≤ 2⁻⁷ max |v| covers it; fp32: 1e-5.
    const double relative = arithmetic == ALBERT_PRECISION_BF16 ? 1.0 / 128 : 1e-5;
    int bad = 0;
    for (int i = 0; i < length; ++i)
        for (int c = 0; c < hidden; ++c) {
            double magnitude = 0;
            for (int j = 0; j < length; ++j) magnitude = fmax(magnitude, fabs(qkv[(size_t)j * 3 * hidden + 2 * hidden + c]));
            if (!(fabs((double)context[i * hidden + c] - ref[i * hidden + c]) <= relative * magnitude + 1e-6)) ++bad;
        }
    char detail[160];
    snprintf(detail, sizeof detail, "%s length %d heads %d d %d: %d outputs off", precision_name(arithmetic), length, heads, d, bad);
    expect(bad == 0, t->name, "attention", detail);
    free(qkv); free(mask); free(scratch); free(context); free(ref); free(scores);
}

static void test_elementwise(const albert_kernel_table *t, int rows, int cols) {
    const albert_kernel_table *r = albert_kernel_table_get(ALBERT_KERNELS_REFERENCE);
    const size_t count = (size_t)rows * cols;
    float *a = malloc(sizeof(float) * count), *b = malloc(sizeof(float) * count), *x = malloc(sizeof(float) * count);
    float *residual = malloc(sizeof(float) * count), *bias = malloc(sizeof(float) * cols), *gamma = malloc(sizeof(float) * cols);
    float *beta = malloc(sizeof(float) * cols), *mask = malloc(sizeof(float) * cols);
    float *sums = malloc(sizeof(float) * rows), *sums_ref = malloc(sizeof(float) * rows);
    for (size_t i = 0; i < count; ++i) x[i] = 4 * normal(), residual[i] = normal();
    for (int j = 0; j < cols; ++j) bias[j] = normal(), gamma[j] = 1 + 0.1f * normal(), beta[j] = normal(), mask[j] = j % 7 == 6 ? -3.40282347e38f : 0;
    char detail[160];
    int bad;
    // softmax, normalised and with 1 / Σ left to the caller
    for (int keep = 0; keep < 2; ++keep) {
        memcpy(a, x, sizeof(float) * count);
        memcpy(b, x, sizeof(float) * count);
        t->softmax(a, rows, cols, cols, 0.3f, mask, keep ? sums : NULL);
        r->softmax(b, rows, cols, cols, 0.3f, mask, keep ? sums_ref : NULL);
        bad = 0;
        for (size_t i = 0; i < count; ++i) bad += !(fabsf(a[i] - b[i]) <= 1e-5f * fabsf(b[i]) + 1e-7f);
        if (keep) for (int i = 0; i < rows; ++i) bad += !(fabsf(sums[i] - sums_ref[i]) <= 1e-5f * sums_ref[i]);
        snprintf(detail, sizeof detail, "%dx%d%s: %d values off", rows, cols, keep ? " (1/sum kept)" : "", bad);
        expect(bad == 0, t->name, "softmax", detail);
    }
    // LayerNorm with and without the fused bias and residual
    for (int fused = 0; fused < 2; ++fused) {
        t->layer_norm(a, x, fused ? bias : NULL, fused ? residual : NULL, gamma, beta, rows, cols, 1e-12f);
        r->layer_norm(b, x, fused ? bias : NULL, fused ? residual : NULL, gamma, beta, rows, cols, 1e-12f);
        bad = 0;
        for (size_t i = 0; i < count; ++i) bad += !(fabsf(a[i] - b[i]) <= 2e-5f * (1 + fabsf(b[i])));
        snprintf(detail, sizeof detail, "%dx%d%s: %d values off", rows, cols, fused ? " fused" : "", bad);
        expect(bad == 0, t->name, "layer_norm", detail);
    }
    for (int act = ALBERT_ACT_GELU; act <= ALBERT_ACT_QUICK_GELU; ++act) {
        memcpy(a, x, sizeof(float) * count);
        memcpy(b, x, sizeof(float) * count);
        t->bias_activation(a, bias, rows, cols, (albert_activation)act);
        r->bias_activation(b, bias, rows, cols, (albert_activation)act);
        bad = 0;
        for (size_t i = 0; i < count; ++i) bad += !(fabsf(a[i] - b[i]) <= 1e-5f * (1 + fabsf(b[i])));
        snprintf(detail, sizeof detail, "activation %d, %dx%d: %d values off", act, rows, cols, bad);
        expect(bad == 0, t->name, "bias_activation", detail);
    }
    free(a); free(b); free(x); free(residual); free(bias); free(gamma); free(beta); free(mask); free(sums); free(sums_ref);
}

int main(int argc, char **argv) {
    char features[256];
    albert_cpu_feature_names(albert_cpu_features(), features, sizeof features);
    printf("CPU features: %s\n", features[0] ? features : "(none)");
    const int shapes[][3] = {{12, 1152, 384}, {7, 384, 1536}, {13, 70, 37}, {1, 2, 384}, {7, 130, 6}, {6, 64, 64}, {5, 17, 3},
                              {133, 70, 37}};  // 133 rows: blocks of rows (x86_avx2/gemm.c), a partial last one
    // The dispatch's list of declared tables: every id once, the reference last, each
    // compiled table under the name the list gives it (Swift and the CLI take names from it).
    int ranked[ALBERT_KERNELS_COUNT] = {0};
    for (int rank = 0; rank < ALBERT_KERNELS_COUNT; ++rank) {
        const albert_kernel_id id = albert_kernel_id_ranked(rank);
        const albert_kernel_table *t = albert_kernel_table_get(id);
        ++checks;
        if ((unsigned)id >= ALBERT_KERNELS_COUNT || ranked[id]++ || !albert_kernel_name(id) ||
            (t && (t->id != id || strcmp(t->name, albert_kernel_name(id)) != 0)) ||
            (rank == ALBERT_KERNELS_COUNT - 1 && id != ALBERT_KERNELS_REFERENCE)) {
            fprintf(stderr, "FAIL the declared table at rank %d (id %d, name %s)\n", rank, (int)id,
                   albert_kernel_name(id) ? albert_kernel_name(id) : "none");
            ++failures;
        }
    }
    int simd_tables = 0, simd_compiled = 0;
    for (int id = 0; id < ALBERT_KERNELS_COUNT; ++id) {
        const albert_kernel_table *t = albert_kernel_table_get((albert_kernel_id)id);
        if (!t) continue;
        if (argc > 1 && strcmp(argv[1], t->name) != 0) continue;
        if (id != ALBERT_KERNELS_REFERENCE) ++simd_compiled;
        if (!albert_kernel_table_available(t)) {
            printf("%-9s skipped: this CPU lacks %s\n", t->name, t->requirement);
            continue;
        }
        if (id != ALBERT_KERNELS_REFERENCE) ++simd_tables;
        const int before = failures, checks_before = checks;
        for (int p = 0; p < ALBERT_PRECISION_COUNT; ++p) {
            if (!albert_kernel_table_supports(t, (albert_precision)p)) {
                printf("%-9s %s skipped: not on this CPU\n", t->name, precision_name((albert_precision)p));
                continue;
            }
            for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; ++s)
                test_linear(t, (albert_precision)p, shapes[s][0], shapes[s][1], shapes[s][2]);
            test_attention(t, (albert_precision)p, 50, 3, 32);
            test_attention(t, (albert_precision)p, 7, 1, 32);
            test_attention(t, (albert_precision)p, 21, 2, 24);
            test_attention(t, (albert_precision)p, 101, 2, 20);  // blocks of rows, d not a multiple of 8
        }
        test_elementwise(t, 5, 384);
        test_elementwise(t, 3, 37);
        printf("%-9s %d checks, %d failed\n", t->name, checks - checks_before, failures - before);
        if (albert_kernel_table_supports(t, ALBERT_PRECISION_INT8)) {  // which int8 layout (and kernel) ran
            float w[8 * 4] = {0};
            albert_packed_matrix *m = albert_pack(t, ALBERT_PRECISION_INT8, w, 4, 8);
            if (m) printf("%-9s int8 panels [k/%d][%d][%d]\n", t->name, m->k_step, m->panel, m->k_step);
            albert_packed_free(m);
        }
        if (id == ALBERT_KERNELS_AVXVNNI)  // x86_avxvnni/gemm.c: one kernel, two encodings
            printf("%-9s int8 ran the %s encoding of vpdpbusd; the other is untested on this CPU\n", t->name,
                   (albert_cpu_features() & ALBERT_CPU_AVX_VNNI) ? "VEX (AVX-VNNI)" : "EVEX (AVX512-VNNI + VL)");
    }
    if (simd_compiled > 0 && simd_tables == 0) {
        fprintf(stderr, "no SIMD table runs on this CPU: nothing was compared with the reference\n");
        return 1;
    }
    printf("%s: %d checks, %d failed\n", failures ? "FAILED" : "passed", checks, failures);
    return failures ? 1 : 0;
}

// The dispatch: the kernel tables by id and name, the choice of one for this CPU, packing a
// Linear's weights in a table's layout, and the loops every table shares (format conversions,
// the embedding gather). The tables themselves live beside their kernels
// (reference/table.c, x86_avx512/table.c, x86_avx2/table.c, x86_avxvnni/table.c,
// arm_neon/table.c).

#include "common.h"

#include <stdlib.h>

// The tables, each defined in its folder's table.c; only the dispatch refers to them.
extern const albert_kernel_table albert_reference_table;
#if defined(__x86_64__)
extern const albert_kernel_table albert_avx512_table;
extern const albert_kernel_table albert_avx2_table;
extern const albert_kernel_table albert_avxvnni_table;
#endif
#if defined(__aarch64__)
extern const albert_kernel_table albert_neon_table;
#endif

static const albert_kernel_table *const tables[ALBERT_KERNELS_COUNT] = {
    [ALBERT_KERNELS_REFERENCE] = &albert_reference_table,
#if defined(__x86_64__)
    [ALBERT_KERNELS_AVX512] = &albert_avx512_table,
    [ALBERT_KERNELS_AVX2] = &albert_avx2_table,
    [ALBERT_KERNELS_AVXVNNI] = &albert_avxvnni_table,
#endif
#if defined(__aarch64__)
    [ALBERT_KERNELS_NEON] = &albert_neon_table,
#endif
};

// Every table the dispatch declares, compiled here or not, in the order the automatic
// choice tries them (fastest first, the reference last), with its name: the one list of
// tables, read by Swift's KernelTable for its names, its order and the CLI's choices.
static const struct {
    albert_kernel_id id;
    const char *name;
} declared[ALBERT_KERNELS_COUNT] = {
    {ALBERT_KERNELS_AVX512, "avx512"}, {ALBERT_KERNELS_AVXVNNI, "avxvnni"}, {ALBERT_KERNELS_AVX2, "avx2"},
    {ALBERT_KERNELS_NEON, "neon"},     {ALBERT_KERNELS_REFERENCE, "reference"},
};

albert_kernel_id albert_kernel_id_ranked(int rank) {
    return rank >= 0 && rank < ALBERT_KERNELS_COUNT ? declared[rank].id : ALBERT_KERNELS_REFERENCE;
}

const char *albert_kernel_name(albert_kernel_id id) {
    for (int i = 0; i < ALBERT_KERNELS_COUNT; ++i)
        if (declared[i].id == id) return declared[i].name;
    return NULL;
}

const albert_kernel_table *albert_kernel_table_get(albert_kernel_id id) {
    return (unsigned)id < ALBERT_KERNELS_COUNT ? tables[id] : NULL;
}

const albert_kernel_table *albert_kernel_table_named(const char *name) {
    for (int i = 0; i < ALBERT_KERNELS_COUNT; ++i)
        if (tables[i] && strcmp(tables[i]->name, name) == 0) return tables[i];
    return NULL;
}

int albert_kernel_table_available(const albert_kernel_table *table) {
    return table && (albert_cpu_features() & table->required) == table->required;
}

int albert_kernel_table_supports(const albert_kernel_table *table, albert_precision precision) {
    if (!albert_kernel_table_available(table) || (unsigned)precision >= ALBERT_PRECISION_COUNT) return 0;
    const uint32_t needed = table->precision_required[precision];
    return table->linear[precision] != NULL && (albert_cpu_features() & needed) == needed;
}

const albert_kernel_table *albert_kernel_table_auto(void) {
    for (int i = 0; i < ALBERT_KERNELS_COUNT; ++i)
        if (albert_kernel_table_available(tables[declared[i].id])) return tables[declared[i].id];
    return &albert_reference_table;
}

static int k_step_of(albert_precision precision) {
    return precision == ALBERT_PRECISION_INT8 ? 4 : precision == ALBERT_PRECISION_BF16 ? 2 : 1;
}

static size_t element_bytes(albert_precision precision) {
    return precision == ALBERT_PRECISION_INT8 ? 1 : precision == ALBERT_PRECISION_BF16 ? 2 : 4;
}

albert_packed_matrix *albert_pack(const albert_kernel_table *table, albert_precision precision,
                                  const float *w, int n, int k) {
    if (!albert_kernel_table_supports(table, precision) || n <= 0 || k <= 0) return NULL;
    albert_packed_matrix *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    const uint32_t k8 = table->int8_k8_features;
    const int wide = precision == ALBERT_PRECISION_INT8 && k8 && (albert_cpu_features() & k8) == k8;
    const int step = wide ? 8 : k_step_of(precision), panel = table->panel;
    m->kernels = table;
    m->precision = precision;
    m->n = n;
    m->k = k;
    m->panel = panel;
    m->k_step = step;
    m->n_padded = round_up(n, panel);
    m->k_padded = round_up(k, step);
    m->weight_max = table->int8_weight_max;
    m->activation_max = table->int8_activation_max;
    const size_t bytes = round_up_size((size_t)m->n_padded * (size_t)m->k_padded * element_bytes(precision), 64);
    m->panels = aligned_alloc(64, bytes);
    if (!m->panels) { free(m); return NULL; }
    memset(m->panels, 0, bytes);  // padding channels and k beyond k contribute nothing

    if (precision == ALBERT_PRECISION_INT8) {
        m->scales = aligned_alloc(64, round_up_size((size_t)m->n_padded * sizeof(float), 64));
        m->column_sums = aligned_alloc(64, round_up_size((size_t)m->n_padded * sizeof(int32_t), 64));
        if (!m->scales || !m->column_sums) { albert_packed_free(m); return NULL; }
        for (int c = 0; c < m->n_padded; ++c) { m->scales[c] = 0; m->column_sums[c] = 0; }
    }
    const float top = (float)m->weight_max;
    for (int c = 0; c < n; ++c) {
        const float *row = w + (size_t)c * (size_t)k;
        const size_t base = (size_t)(c / panel) * (size_t)m->k_padded * panel;
        const int lane = c % panel;
        float inverse = 0;
        if (precision == ALBERT_PRECISION_INT8) {
            float largest = 0;
            for (int i = 0; i < k; ++i) largest = fmaxf(largest, fabsf(row[i]));
            // Symmetric, per channel: weight_max steps each side, so -128 never occurs and
            // the products stay within what the dot-product instructions sum without overflow.
            const float scale = largest > 0 ? largest / top : 1.0f;
            m->scales[c] = scale;
            inverse = 1.0f / scale;
        }
        int32_t sum = 0;
        for (int i = 0; i < k; ++i) {
            // Element (c, i) sits at base + (i / step) · panel · step + lane · step + i % step.
            const size_t index = base + (size_t)(i / step) * panel * step + (size_t)lane * step + (size_t)(i % step);
            switch (precision) {
            case ALBERT_PRECISION_FP32: ((float *)m->panels)[index] = row[i]; break;
            case ALBERT_PRECISION_BF16: ((uint16_t *)m->panels)[index] = float_to_bf16(row[i]); break;
            case ALBERT_PRECISION_INT8: {
                const float q = fminf(fmaxf(nearbyintf(row[i] * inverse), -top), top);
                ((int8_t *)m->panels)[index] = (int8_t)q;
                sum += (int32_t)q;
                break;
            }
            }
        }
        if (precision == ALBERT_PRECISION_INT8) m->column_sums[c] = sum;
    }
    return m;
}

void albert_packed_free(albert_packed_matrix *matrix) {
    if (!matrix) return;
    free(matrix->panels);
    free(matrix->scales);
    free(matrix->column_sums);
    free(matrix);
}

size_t albert_linear_scratch_bytes(albert_precision precision, int k, int rows) {
    // int8 rounds k up to 8, the widest k-step a table packs (i8mm), whatever the matrix's.
    const int k_padded = round_up(k, precision == ALBERT_PRECISION_INT8 ? 8 : k_step_of(precision));
    switch (precision) {
    case ALBERT_PRECISION_FP32: return 0;
    case ALBERT_PRECISION_BF16: return round_up_size((size_t)rows * (size_t)k_padded * 4, 64);  // AVX2 keeps floats
    case ALBERT_PRECISION_INT8:
        return int8_rows_bytes(k_padded, rows) + round_up_size((size_t)rows * sizeof(float), 64) +
               round_up_size((size_t)rows * sizeof(int32_t), 64);
    }
    return 0;
}

void albert_linear(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                   float *y, int ldy, void *scratch) {
    if (rows <= 0) return;
    m->kernels->linear[m->precision](m, x, ldx, rows, bias, y, ldy, scratch);
}

void albert_linear_reference(const albert_packed_matrix *m, const float *x, int ldx, int rows, const float *bias,
                             float *y, int ldy, void *scratch) {
    if (rows <= 0) return;
    albert_reference_table.linear[m->precision](m, x, ldx, rows, bias, y, ldy, scratch);
}

size_t albert_attention_scratch_bytes(albert_precision precision, int length, int head_size) {
    size_t largest = 64;
    for (int i = 0; i < ALBERT_KERNELS_COUNT; ++i) {
        if (!tables[i]) continue;
        const size_t bytes = tables[i]->attention_scratch_bytes(precision, length, head_size);
        if (bytes > largest) largest = bytes;
    }
    return largest;
}

// ------------------------------------------------------------------------- shared loops

static inline float half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1Fu;
    uint32_t mantissa = h & 0x3FFu;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: renormalise
            int e = -1;
            do { ++e; mantissa <<= 1; } while ((mantissa & 0x400u) == 0);
            bits = sign | ((uint32_t)(127 - 15 - e) << 23) | ((mantissa & 0x3FFu) << 13);
        }
    } else if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

void albert_f16_to_f32(const uint16_t *in, float *out, size_t count) {
    for (size_t i = 0; i < count; ++i) out[i] = half_to_float(in[i]);
}

void albert_bf16_to_f32(const uint16_t *in, float *out, size_t count) {
    for (size_t i = 0; i < count; ++i) out[i] = bf16_to_float(in[i]);
}

uint16_t albert_f32_to_bf16(float value) { return float_to_bf16(value); }

int albert_all_finite(const float *x, size_t count) {
    // A float is NaN or infinite exactly when its exponent bits are all ones. Branch-free
    // within blocks, so the loop vectorises; stops at the first bad block.
    const uint32_t *bits = (const uint32_t *)(const void *)x;
    for (size_t start = 0; start < count; start += 4096) {
        const size_t end = count - start < 4096 ? count : start + 4096;
        uint32_t bad = 0;
        for (size_t i = start; i < end; ++i) bad |= (uint32_t)((bits[i] & 0x7F800000u) == 0x7F800000u);
        if (bad) return 0;
    }
    return 1;
}

void albert_gather_embeddings(float *out, const float *word, const float *position,
                              const float *token_type, const int32_t *ids,
                              const int32_t *types, int rows, int cols) {
    for (int i = 0; i < rows; ++i) {
        const float *w = word + (size_t)ids[i] * cols;
        const float *p = position + (size_t)i * cols;
        const float *t = token_type + (size_t)types[i] * cols;
        float *o = out + (size_t)i * cols;
        for (int j = 0; j < cols; ++j) o[j] = w[j] + p[j] + t[j];
    }
}

// AVX-512 attention, head by head: scores = softmax(Q Kᵀ / sqrt(d) + mask), context =
// scores · V, Q, K and V read in place from the stacked [length x 3·hidden] projection. fp32
// uses FMA tiles; bf16 (asked for bf16 and int8 models) rounds Q, K, the probabilities and V
// to bfloat16 and multiplies with vdpbf16ps (float sums). Head sizes not a multiple of 16 go
// to the reference.
//
// Scores use the 6 x 64 tiles of the Linear products, with Kᵀ packed per head as the
// "weights" (keys are the output channels). scores · V has only head_size (32) columns, too
// narrow for those tiles, so it has its own tile: 12 rows x 32 columns, 24 accumulators, the
// two V vectors loaded straight from the projection buffer (fp32) or from a bf16 pair copy.
#include "tiles.h"

#if defined(__x86_64__)

enum { PV_ROWS = 12, PV_COLUMNS = 32 };

// bf16 scratch layout: Q rows, packed Kᵀ, probabilities, packed V, the rows' 1 / Σ exp (each
// 64-byte aligned).
typedef struct { size_t query, keys, probabilities, values, inverse_sums, total; } bf16_layout;

static bf16_layout layout_bf16(int length, int head_size) {
    const size_t keys64 = (size_t)round_up(length, PANEL), even = (size_t)round_up(length, 2);
    const size_t chunks = (size_t)((head_size + PV_COLUMNS - 1) / PV_COLUMNS);
    bf16_layout l;
    l.query = 0;
    l.keys = l.query + round_up_size((size_t)length * (size_t)head_size * 2, 64);
    l.probabilities = l.keys + round_up_size(keys64 * (size_t)head_size * 2, 64);
    l.values = l.probabilities + round_up_size((size_t)length * even * 2, 64);
    l.inverse_sums = l.values + round_up_size(chunks * even * PV_COLUMNS * 2, 64);
    l.total = l.inverse_sums + round_up_size((size_t)length * sizeof(float), 64);
    return l;
}

// fp32 scratch layout: packed Kᵀ, then the rows' 1 / Σ exp.
static size_t fp32_inverse_sums_offset(int length, int head_size) {
    return round_up_size((size_t)round_up(length, PANEL) * (size_t)head_size * sizeof(float), 64);
}

size_t albert_avx512_attention_scratch(albert_precision precision, int length, int head_size) {
    const size_t own = precision != ALBERT_PRECISION_FP32 ? layout_bf16(length, head_size).total
        : fp32_inverse_sums_offset(length, head_size) + round_up_size((size_t)length * sizeof(float), 64);
    const size_t reference = albert_reference_attention_scratch(precision, length, head_size);
    return own > reference ? own : reference;
}

void albert_avx512_softmax(float *scores, int rows, int cols, int ld, float scale, const float *mask, float *inverse_sums);

#if ALBERT_HAVE_X86

// ------------------------------------------------------------------------------ fp32 path

// out = (p · v) scaled per row: p holds exp(s − max), row_scale 1 / Σ (softmax's division).
TARGET_FP32 INLINE void pv_fp32_tile(const int rows, const float *p, int ldp, const float *v, int ldv, int keys,
                                     const float *row_scale, float *out, int ldo, int width) {
    const __mmask16 m0 = lane_mask(width, 0), m1 = lane_mask(width, 1);
    __m512 acc[PV_ROWS][2];
    for (int r = 0; r < rows; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    for (int k = 0; k < keys; ++k) {
        const __m512 v0 = _mm512_maskz_loadu_ps(m0, v + (size_t)k * ldv);
        const __m512 v1 = _mm512_maskz_loadu_ps(m1, v + (size_t)k * ldv + 16);
        for (int r = 0; r < rows; ++r) {
            const __m512 x = _mm512_set1_ps(p[(size_t)r * ldp + k]);
            acc[r][0] = _mm512_fmadd_ps(x, v0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(x, v1, acc[r][1]);
        }
    }
    for (int r = 0; r < rows; ++r) {
        const __m512 scale = _mm512_set1_ps(row_scale[r]);
        _mm512_mask_storeu_ps(out + (size_t)r * ldo, m0, _mm512_mul_ps(acc[r][0], scale));
        _mm512_mask_storeu_ps(out + (size_t)r * ldo + 16, m1, _mm512_mul_ps(acc[r][1], scale));
    }
}

#define ROW_CASES(CALL) \
    switch (rows) { \
    case 12: CALL(12); break; case 11: CALL(11); break; case 10: CALL(10); break; case 9: CALL(9); break; \
    case 8: CALL(8); break; case 7: CALL(7); break; case 6: CALL(6); break; case 5: CALL(5); break; \
    case 4: CALL(4); break; case 3: CALL(3); break; case 2: CALL(2); break; default: CALL(1); break; \
    }

// Score tiles are TILE_ROWS (6) rows at most.
#define TILE_ROW_CASES(CALL) \
    switch (rows) { \
    case 6: CALL(6); break; case 5: CALL(5); break; case 4: CALL(4); break; case 3: CALL(3); break; \
    case 2: CALL(2); break; default: CALL(1); break; \
    }

TARGET_FP32 static void pv_fp32_any(int rows, const float *p, int ldp, const float *v, int ldv, int keys,
                                    const float *row_scale, float *out, int ldo, int width) {
#define PV(n) pv_fp32_tile(n, p, ldp, v, ldv, keys, row_scale, out, ldo, width)
    ROW_CASES(PV)
#undef PV
}

TARGET_FP32 static void scores_fp32_any(int rows, const float *q, int ldq, const float *panel, int d,
                                        float *s, int lds, int columns) {
#define QK(n) fp32_tile(n, q, ldq, panel, d, s, lds, columns, 0, NULL)
    TILE_ROW_CASES(QK)
#undef QK
}

TARGET_FP32 static void head_fp32(const float *q, const float *k, const float *v, int ld, int length, int d,
                                  const float *mask, float *out, int ldo, float *scores, char *scratch) {
    float *keys_t = (float *)scratch;
    float *inverse_sums = (float *)(scratch + fp32_inverse_sums_offset(length, d));
    const int blocks = round_up(length, PANEL) / PANEL;
    // Kᵀ in panels [block][d][64]: each key's row is scattered down its lane. Keys past the
    // end are zero and never stored.
    if (length % PANEL) memset(keys_t + (size_t)(blocks - 1) * d * PANEL, 0, (size_t)d * PANEL * sizeof(float));
    const __m512i down_lane = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                                 _mm512_set1_epi32(PANEL));
    for (int j = 0; j < length; ++j) {
        float *lane = keys_t + (size_t)(j / PANEL) * d * PANEL + j % PANEL;
        for (int c = 0; c < d; c += 16)
            _mm512_i32scatter_ps(lane + (size_t)c * PANEL, down_lane, _mm512_loadu_ps(k + (size_t)j * ld + c), 4);
    }
    for (int b = 0; b < blocks; ++b) {
        const int columns = length - b * PANEL < PANEL ? length - b * PANEL : PANEL;
        for (int r = 0; r < length; r += TILE_ROWS)
            scores_fp32_any(length - r < TILE_ROWS ? length - r : TILE_ROWS, q + (size_t)r * ld, ld,
                            keys_t + (size_t)b * d * PANEL, d, scores + (size_t)r * length + b * PANEL, length, columns);
    }
    // Softmax, its division folded into the P · V tile's store.
    albert_avx512_softmax(scores, length, length, length, 1.0f / sqrtf((float)d), mask, inverse_sums);
    for (int c0 = 0; c0 < d; c0 += PV_COLUMNS)
        for (int r = 0; r < length; r += PV_ROWS)
            pv_fp32_any(length - r < PV_ROWS ? length - r : PV_ROWS, scores + (size_t)r * length, length,
                        v + c0, ld, length, inverse_sums + r, out + (size_t)r * ldo + c0, ldo,
                        d - c0 < PV_COLUMNS ? d - c0 : PV_COLUMNS);
}

// ------------------------------------------------------------------------------ bf16 path

TARGET_BF16 INLINE void pv_bf16_tile(const int rows, const uint16_t *p, int ldp, const uint16_t *v, int pairs,
                                     float *out, int ldo, int width) {
    const __mmask16 m0 = lane_mask(width, 0), m1 = lane_mask(width, 1);
    __m512 acc[PV_ROWS][2];
    for (int r = 0; r < rows; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    for (int k = 0; k < pairs; ++k) {
        const __m512bh v0 = (__m512bh)_mm512_load_si512(v + (size_t)k * PV_COLUMNS * 2);
        const __m512bh v1 = (__m512bh)_mm512_load_si512(v + (size_t)k * PV_COLUMNS * 2 + 32);
        for (int r = 0; r < rows; ++r) {
            int32_t pair;
            memcpy(&pair, p + (size_t)r * ldp + 2 * k, sizeof pair);
            const __m512bh x = (__m512bh)_mm512_set1_epi32(pair);
            acc[r][0] = _mm512_dpbf16_ps(acc[r][0], x, v0);
            acc[r][1] = _mm512_dpbf16_ps(acc[r][1], x, v1);
        }
    }
    for (int r = 0; r < rows; ++r) {
        _mm512_mask_storeu_ps(out + (size_t)r * ldo, m0, acc[r][0]);
        _mm512_mask_storeu_ps(out + (size_t)r * ldo + 16, m1, acc[r][1]);
    }
}

TARGET_BF16 static void pv_bf16_any(int rows, const uint16_t *p, int ldp, const uint16_t *v, int pairs,
                                    float *out, int ldo, int width) {
#define PV(n) pv_bf16_tile(n, p, ldp, v, pairs, out, ldo, width)
    ROW_CASES(PV)
#undef PV
}

TARGET_BF16 static void scores_bf16_any(int rows, const uint16_t *q, int ldq, const uint16_t *panel, int pairs,
                                        float *s, int lds, int columns) {
#define QK(n) bf16_tile(n, q, ldq, panel, pairs, s, lds, columns, NULL)
    TILE_ROW_CASES(QK)
#undef QK
}

TARGET_BF16 static void head_bf16(const float *q, const float *k, const float *v, int ld, int length, int d,
                                  const float *mask, float *out, int ldo, float *scores, char *scratch) {
    const bf16_layout l = layout_bf16(length, d);
    uint16_t *query = (uint16_t *)(scratch + l.query);
    uint16_t *keys_t = (uint16_t *)(scratch + l.keys);
    uint16_t *probabilities = (uint16_t *)(scratch + l.probabilities);
    uint16_t *values = (uint16_t *)(scratch + l.values);
    float *inverse_sums = (float *)(scratch + l.inverse_sums);
    const int blocks = round_up(length, PANEL) / PANEL, pairs = d / 2, even = round_up(length, 2);
    // Word 2c of an interleaved pair row is a[c], word 2c + 1 is b[c] (indices ≥ 32 pick b).
    uint16_t low[32], high[32];
    for (int c = 0; c < 16; ++c) {
        low[2 * c] = (uint16_t)c, low[2 * c + 1] = (uint16_t)(32 + c);
        high[2 * c] = (uint16_t)(16 + c), high[2 * c + 1] = (uint16_t)(48 + c);
    }
    const __m512i interleave_low = _mm512_loadu_si512(low), interleave_high = _mm512_loadu_si512(high);

    for (int r = 0; r < length; ++r) scale_to_bf16(q + (size_t)r * ld, d, 1.0f, query + (size_t)r * d);
    // Kᵀ in panels [block][d/2][64][2]: each key's channel pairs, one 32-bit word per pair,
    // scattered down its lane.
    if (length % PANEL) memset(keys_t + (size_t)(blocks - 1) * d * PANEL, 0, (size_t)d * PANEL * sizeof(uint16_t));
    const __m512i down_lane = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                                 _mm512_set1_epi32(PANEL));
    for (int j = 0; j < length; ++j) {
        int32_t *lane = (int32_t *)keys_t + (size_t)(j / PANEL) * pairs * PANEL + j % PANEL;
        const float *key = k + (size_t)j * ld;
        for (int c = 0; c < d; c += 32) {
            const int whole = c + 32 <= d;
            const __m512 high = whole ? _mm512_loadu_ps(key + c + 16) : _mm512_setzero_ps();
            const __m512i words = (__m512i)_mm512_cvtne2ps_pbh(high, _mm512_loadu_ps(key + c));
            _mm512_mask_i32scatter_epi32(lane + (size_t)(c / 2) * PANEL, whole ? 0xFFFF : 0x00FF, down_lane, words, 4);
        }
    }
    for (int b = 0; b < blocks; ++b) {
        const int columns = length - b * PANEL < PANEL ? length - b * PANEL : PANEL;
        for (int r = 0; r < length; r += TILE_ROWS)
            scores_bf16_any(length - r < TILE_ROWS ? length - r : TILE_ROWS, query + (size_t)r * d, d,
                            keys_t + (size_t)b * d * PANEL, pairs, scores + (size_t)r * length + b * PANEL, length, columns);
    }
    // Softmax, its division folded into the rounding to bf16.
    albert_avx512_softmax(scores, length, length, length, 1.0f / sqrtf((float)d), mask, inverse_sums);
    for (int r = 0; r < length; ++r) {
        uint16_t *row = probabilities + (size_t)r * even;
        scale_to_bf16(scores + (size_t)r * length, length, inverse_sums[r], row);
        if (even > length) row[length] = 0;
    }
    for (int c0 = 0; c0 < d; c0 += PV_COLUMNS) {
        const int width = d - c0 < PV_COLUMNS ? d - c0 : PV_COLUMNS;
        // V's columns c0..c0+31 as pairs of keys [key / 2][32][2]: two keys' rows rounded,
        // then their elements interleaved.
        const __mmask16 m0 = lane_mask(width, 0), m1 = lane_mask(width, 1);
        for (int j = 0; j < even; j += 2) {
            const float *first = v + (size_t)j * ld + c0, *second = first + ld;
            const __m512i a = (__m512i)_mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(m1, first + 16), _mm512_maskz_loadu_ps(m0, first));
            const __m512i b = j + 1 < length
                ? (__m512i)_mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(m1, second + 16), _mm512_maskz_loadu_ps(m0, second))
                : _mm512_setzero_si512();
            uint16_t *pair = values + (size_t)(j / 2) * PV_COLUMNS * 2;
            _mm512_store_si512(pair, _mm512_permutex2var_epi16(a, interleave_low, b));
            _mm512_store_si512(pair + 32, _mm512_permutex2var_epi16(a, interleave_high, b));
        }
        for (int r = 0; r < length; r += PV_ROWS)
            pv_bf16_any(length - r < PV_ROWS ? length - r : PV_ROWS, probabilities + (size_t)r * even, even,
                        values, even / 2, out + (size_t)r * ldo + c0, ldo, width);
    }
}

#endif  // ALBERT_HAVE_X86

#if ALBERT_HAVE_X86
void albert_avx512_attention(albert_precision precision, const float *qkv, int length, int hidden,
                             int head_size, int first_head, int head_stride, const float *additive_mask,
                             float *context, float *scores, void *scratch) {
    if (head_size % 16 != 0)
        return albert_reference_attention(precision, qkv, length, hidden, head_size, first_head, head_stride,
                                          additive_mask, context, scores, scratch);
    const int heads = hidden / head_size, ld = 3 * hidden;
    for (int h = first_head; h < heads; h += head_stride) {
        const float *q = qkv + (size_t)h * head_size, *k = q + hidden, *v = q + 2 * hidden;
        float *out = context + (size_t)h * head_size;
        if (precision != ALBERT_PRECISION_FP32)
            head_bf16(q, k, v, ld, length, head_size, additive_mask, out, hidden, scores, scratch);
        else
            head_fp32(q, k, v, ld, length, head_size, additive_mask, out, hidden, scores, (char *)scratch);
    }
}
#endif

#endif  // __x86_64__

#ifndef ALBERTQA_KERNELS_H
#define ALBERTQA_KERNELS_H

// The C kernels of the reader, organised like ggml's CPU backend:
//
//   cpu_features.c        the one CPU-feature probe (x86 cpuid/xgetbv, ARM auxv)
//   dispatch.c            the kernel tables, weight packing, scratch sizes, shared loops
//   reference/            a scalar C reference for every kernel and precision, over the same
//                         packed layouts; the oracle every SIMD table is tested against, and
//                         the path of a CPU without any of the instruction sets below
//   x86_avx512/           AVX-512F/BW/DQ/VL (+ BF16, VNNI): 6 x 64 register tiles
//   x86_avx2/             AVX2 + FMA: 6 x 16 tiles (fp32, bf16 widened), 4 x 16 (int8, 7-bit)
//   x86_avxvnni/          the AVX2 table with int8 by vpdpbusd on ymm (AVX-VNNI, or AVX-512
//                         VNNI + VL): 6 x 16 int8 tiles, 8-bit activations
//   arm_neon/             AArch64 Advanced SIMD (+ dotprod): 4 x 16 tiles
//
// A model picks one table (albert_kernel_table) when it loads and keeps it: its weights are
// packed in that table's layout and every product, attention, softmax, LayerNorm and
// activation of its forward pass goes through the table's function pointers.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ------------------------------------------------------------------------- enumerations

typedef enum {
    ALBERT_PRECISION_FP32 = 0,
    ALBERT_PRECISION_BF16 = 1,
    ALBERT_PRECISION_INT8 = 2
} albert_precision;

enum { ALBERT_PRECISION_COUNT = 3 };

typedef enum {
    ALBERT_ACT_GELU = 0,       // exact: 0.5 x (1 + erf(x / sqrt 2))
    ALBERT_ACT_GELU_NEW = 1,   // tanh approximation (gelu_new, gelu_pytorch_tanh)
    ALBERT_ACT_GELU_FAST = 2,  // tanh approximation written as in HF's FastGELUActivation
    ALBERT_ACT_RELU = 3,
    ALBERT_ACT_SILU = 4,
    ALBERT_ACT_QUICK_GELU = 5  // x * sigmoid(1.702 x)
} albert_activation;

// ------------------------------------------------------------------------- CPU features

/// Bits of albert_cpu_features(). x86 bits count only where the OS saves the registers.
enum {
    ALBERT_CPU_AVX2 = 1u << 0,
    ALBERT_CPU_FMA = 1u << 1,
    ALBERT_CPU_F16C = 1u << 2,
    ALBERT_CPU_AVX_VNNI = 1u << 3,
    ALBERT_CPU_AVX512F = 1u << 4,
    ALBERT_CPU_AVX512BW = 1u << 5,
    ALBERT_CPU_AVX512DQ = 1u << 6,
    ALBERT_CPU_AVX512VL = 1u << 7,
    ALBERT_CPU_AVX512VNNI = 1u << 8,
    ALBERT_CPU_AVX512BF16 = 1u << 9,
    ALBERT_CPU_YMM_VNNI = 1u << 10,  // vpdpbusd on ymm: AVX-VNNI, or AVX512-VNNI with AVX512-VL
    ALBERT_CPU_ASIMD = 1u << 16,
    ALBERT_CPU_DOTPROD = 1u << 17,
    ALBERT_CPU_I8MM = 1u << 18
};

/// What this CPU has, probed once (the one feature probe of the program).
uint32_t albert_cpu_features(void);

/// The names of the features in `mask` ("avx2 fma ..."), into `out` (always terminated).
void albert_cpu_feature_names(uint32_t mask, char *out, size_t capacity);

// ------------------------------------------------------------------------- packed weights

typedef struct albert_kernel_table albert_kernel_table;

/// Weights of one Linear (torch.nn.Linear: y = x Wᵀ + b, W stored [n x k]) packed once at
/// load time for one table. A panel holds `panel` output channels for all of k, laid out so
/// that one vector load gives consecutive channels' weights for the k-step the instruction
/// consumes: fp32 [k][panel], bf16 [k/2][panel][2], int8 [k/4][panel][4] (symmetric int8,
/// ±weight_max, one scale per output channel), or int8 [k/8][panel][8] on a table whose
/// int8_k8_features the CPU has (i8mm's 2 x 8 blocks: a 16-byte load is two channels' 8 k).
/// Read-only after packing: shareable by threads.
typedef struct {
    const albert_kernel_table *kernels;  // the table whose layout this is
    albert_precision precision;
    int n, k;                 // output and input features
    int n_padded, k_padded;   // n rounded up to the panel; k to the k-step (1, 2 or 4)
    int panel;                // output channels per panel
    int k_step;               // k values per packed group: 1 fp32, 2 bf16, 4 or 8 int8
    int weight_max;           // int8: largest |code| of a weight (127, or less for 16-bit sums)
    int activation_max;       // int8: largest activation code the kernel is fed (255 or 127)
    void *panels;             // n_padded / panel panels of k_padded x panel values
    float *scales;            // int8: per output channel, w ≈ scale[n] · q[n, k]; else NULL
    int32_t *column_sums;     // int8: Σ_k q[n, k], for the activations' zero point; else NULL
} albert_packed_matrix;

// ------------------------------------------------------------------------- the kernel table

typedef void (*albert_linear_fn)(const albert_packed_matrix *m, const float *x, int ldx, int rows,
                                 const float *bias, float *y, int ldy, void *scratch);
typedef void (*albert_attention_fn)(albert_precision precision, const float *query_key_value, int length,
                                    int hidden, int head_size, int first_head, int head_stride,
                                    const float *additive_mask, float *context, float *scores, void *scratch);
typedef size_t (*albert_attention_scratch_fn)(albert_precision precision, int length, int head_size);
typedef void (*albert_softmax_fn)(float *scores, int rows, int cols, int ld, float scale,
                                  const float *additive_mask, float *inverse_sums);
typedef void (*albert_layer_norm_fn)(float *out, const float *x, const float *bias, const float *residual,
                                     const float *gamma, const float *beta, int rows, int cols, float eps);
typedef void (*albert_bias_activation_fn)(float *y, const float *bias, int rows, int cols, albert_activation act);
typedef void (*albert_quantize_row_fn)(const float *x, int k, int k_padded, int levels, uint8_t *q,
                                       float *scale, int32_t *zero_point);

/// Every table the dispatch declares, compiled in this build or not. A new table adds its id
/// here and its row to dispatch.c's `declared` list (its place in the automatic choice and
/// its name); Swift's KernelTable, the CLI's choices and its completions read them from there.
typedef enum {
    ALBERT_KERNELS_REFERENCE = 0,
    ALBERT_KERNELS_AVX512 = 1,
    ALBERT_KERNELS_AVX2 = 2,
    ALBERT_KERNELS_NEON = 3,
    ALBERT_KERNELS_AVXVNNI = 4
} albert_kernel_id;

enum { ALBERT_KERNELS_COUNT = 5 };

/// One instruction set's kernels (ggml's type_traits_cpu[]): what it needs, its layout, and a
/// function per operation. Static and immutable.
struct albert_kernel_table {
    albert_kernel_id id;
    const char *name;                        // "reference", "avx512", "avxvnni", "avx2", "neon"
    const char *requirement;                 // for messages: "AVX2 and FMA"
    uint32_t required;                       // albert_cpu_features() bits the table needs
    uint32_t precision_required[ALBERT_PRECISION_COUNT];  // extra bits per precision
    int panel;                               // output channels per packed panel
    int int8_weight_max;                     // int8 weights' largest |code|
    int int8_activation_max;                 // int8 activations' largest code
    uint32_t int8_k8_features;               // CPU features under which int8 packs k by 8; 0 never
    int attention_in_bf16;                   // 1: bf16/int8 models' attention multiplies in bf16
    albert_precision preferred_precision;    // `--precision auto` on this table
    albert_linear_fn linear[ALBERT_PRECISION_COUNT];
    albert_attention_fn attention;
    albert_attention_scratch_fn attention_scratch_bytes;
    albert_softmax_fn softmax;               // inverse_sums NULL: normalise; else leave exp, store 1/Σ
    albert_layer_norm_fn layer_norm;
    albert_bias_activation_fn bias_activation;
    albert_quantize_row_fn quantize_row;
};

/// The table `id`, or NULL where this build has no such table (neon on x86, avx* on ARM).
const albert_kernel_table *albert_kernel_table_get(albert_kernel_id id);
/// The table named `name` ("reference", "avx512", "avxvnni", "avx2", "neon"), or NULL.
const albert_kernel_table *albert_kernel_table_named(const char *name);
/// The declared tables in the order the automatic choice tries them, fastest first and the
/// reference last (the order every list of tables is shown in): the id at `rank`, for
/// 0 <= rank < ALBERT_KERNELS_COUNT; ALBERT_KERNELS_REFERENCE past the end.
albert_kernel_id albert_kernel_id_ranked(int rank);
/// The name of table `id` whether or not this build compiled it ("neon" on x86-64 too, so
/// that messages and completions name every table), or NULL for an id past the end.
const char *albert_kernel_name(albert_kernel_id id);
/// 1 when this CPU runs `table` (its `required` features).
int albert_kernel_table_available(const albert_kernel_table *table);
/// 1 when this CPU runs `table`'s products in `precision`.
int albert_kernel_table_supports(const albert_kernel_table *table, albert_precision precision);
/// The fastest table this CPU runs: the first available in albert_kernel_id_ranked's order
/// (avx512, else avxvnni, else avx2, else neon, else reference).
const albert_kernel_table *albert_kernel_table_auto(void);

/// Packs w [n x k] (row-major) in `table`'s layout. NULL when memory runs out or the table
/// cannot run `precision` here.
albert_packed_matrix *albert_pack(const albert_kernel_table *table, albert_precision precision,
                                  const float *w, int n, int k);
void albert_packed_free(albert_packed_matrix *matrix);

/// Bytes of scratch albert_linear needs for `rows` rows of k inputs (any table).
size_t albert_linear_scratch_bytes(albert_precision precision, int k, int rows);

/// y[rows x n] (row stride ldy) = x[rows x k] (row stride ldx) · Wᵀ + bias (bias may be NULL),
/// on the matrix's table. `scratch`: albert_linear_scratch_bytes, 64-byte aligned.
void albert_linear(const albert_packed_matrix *matrix, const float *x, int ldx, int rows,
                   const float *bias, float *y, int ldy, void *scratch);

/// The same product by the reference kernels, on the same packed matrix (for tests).
void albert_linear_reference(const albert_packed_matrix *matrix, const float *x, int ldx, int rows,
                             const float *bias, float *y, int ldy, void *scratch);

/// Scratch bytes one thread needs for any table's attention (the largest of them).
size_t albert_attention_scratch_bytes(albert_precision precision, int length, int head_size);

/// The int8 activation quantisation of one row (every table quantises this way):
/// q[i] = clamp(round(x[i] / scale) + zero_point, 0, levels) with the row's range widened to
/// contain 0 and scale = range / levels; q[k..k_padded) = zero_point.
void albert_quantize_row_reference(const float *x, int k, int k_padded, int levels, uint8_t *q,
                                   float *scale, int32_t *zero_point);

// ------------------------------------------------------------------------- shared loops

/// IEEE half precision to float, `count` values.
void albert_f16_to_f32(const uint16_t *in, float *out, size_t count);
/// bfloat16 to float, `count` values.
void albert_bf16_to_f32(const uint16_t *in, float *out, size_t count);
/// float to bfloat16, round to nearest even (as torch).
uint16_t albert_f32_to_bf16(float value);

/// 1 when none of the `count` floats is NaN or infinite.
int albert_all_finite(const float *x, size_t count);

/// out[i, :] = word[ids[i], :] + position[i, :] + type[types[i], :] for i < rows.
void albert_gather_embeddings(float *out, const float *word, const float *position,
                              const float *token_type, const int32_t *ids,
                              const int32_t *types, int rows, int cols);

#ifdef __cplusplus
}
#endif

#endif

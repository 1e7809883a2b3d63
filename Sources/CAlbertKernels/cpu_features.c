// The one CPU-feature probe. Every kernel table states the bits it needs; nothing else in the
// program asks the CPU. x86: cpuid leaves 1 and 7 (subleaf 0 and 1) and xgetbv, so that a bit
// counts only where the OS saves the ymm/zmm registers. AArch64: the kernel's hwcaps (what
// qemu-aarch64 -cpu max reports too).

#include "albert_kernels.h"

#include <stdio.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

static uint32_t probe(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int osxsave = (c >> 27) & 1, fma = (c >> 12) & 1, f16c = (c >> 29) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    const int ymm_saved = (xcr0_low & 0x6) == 0x6;           // SSE and AVX state
    const int zmm_saved = ymm_saved && (xcr0_low & 0xE0) == 0xE0;  // opmask, ZMM_Hi256, Hi16_ZMM
    if (!ymm_saved) return 0;
    uint32_t features = 0;
    if (fma) features |= ALBERT_CPU_FMA;
    if (f16c) features |= ALBERT_CPU_F16C;
    unsigned max_leaf = __get_cpuid_max(0, NULL);
    if (max_leaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        if ((b >> 5) & 1) features |= ALBERT_CPU_AVX2;
        if (zmm_saved) {
            if ((b >> 16) & 1) features |= ALBERT_CPU_AVX512F;
            if ((b >> 17) & 1) features |= ALBERT_CPU_AVX512DQ;
            if ((b >> 30) & 1) features |= ALBERT_CPU_AVX512BW;
            if ((b >> 31) & 1) features |= ALBERT_CPU_AVX512VL;
            if ((c >> 11) & 1) features |= ALBERT_CPU_AVX512VNNI;
        }
        const unsigned subleaves = a;
        if (subleaves >= 1) {
            __cpuid_count(7, 1, a, b, c, d);
            if ((a >> 4) & 1) features |= ALBERT_CPU_AVX_VNNI;
            if (zmm_saved && ((a >> 5) & 1)) features |= ALBERT_CPU_AVX512BF16;
        }
    }
    const uint32_t evex_vnni = ALBERT_CPU_AVX512VNNI | ALBERT_CPU_AVX512VL | ALBERT_CPU_AVX512F;
    if ((features & ALBERT_CPU_AVX_VNNI) || (features & evex_vnni) == evex_vnni) features |= ALBERT_CPU_YMM_VNNI;
    return features;
}

#elif defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>

static uint32_t probe(void) {
    const unsigned long hwcap = getauxval(AT_HWCAP), hwcap2 = getauxval(AT_HWCAP2);
    uint32_t features = 0;
    if (hwcap & (1ul << 1)) features |= ALBERT_CPU_ASIMD;     // HWCAP_ASIMD
    if (hwcap & (1ul << 20)) features |= ALBERT_CPU_DOTPROD;  // HWCAP_ASIMDDP
    if (hwcap2 & (1ul << 13)) features |= ALBERT_CPU_I8MM;    // HWCAP2_I8MM
    return features;
}

#elif defined(__aarch64__)
static uint32_t probe(void) { return ALBERT_CPU_ASIMD; }  // Advanced SIMD is part of AArch64
#else
static uint32_t probe(void) { return 0; }
#endif

uint32_t albert_cpu_features(void) {
    static volatile int probed = 0;
    static volatile uint32_t features = 0;
    if (!probed) {  // a benign race: every thread computes the same value
        features = probe();
        probed = 1;
    }
    return features;
}

void albert_cpu_feature_names(uint32_t mask, char *out, size_t capacity) {
    static const struct { uint32_t bit; const char *name; } names[] = {
        {ALBERT_CPU_AVX2, "avx2"}, {ALBERT_CPU_FMA, "fma"}, {ALBERT_CPU_F16C, "f16c"}, {ALBERT_CPU_AVX_VNNI, "avx_vnni"},
        {ALBERT_CPU_AVX512F, "avx512f"}, {ALBERT_CPU_AVX512BW, "avx512bw"}, {ALBERT_CPU_AVX512DQ, "avx512dq"},
        {ALBERT_CPU_AVX512VL, "avx512vl"}, {ALBERT_CPU_AVX512VNNI, "avx512_vnni"}, {ALBERT_CPU_AVX512BF16, "avx512_bf16"},
        {ALBERT_CPU_YMM_VNNI, "ymm_vnni"},
        {ALBERT_CPU_ASIMD, "asimd"}, {ALBERT_CPU_DOTPROD, "dotprod"}, {ALBERT_CPU_I8MM, "i8mm"},
    };
    if (capacity == 0) return;
    out[0] = 0;
    size_t used = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
        if (!(mask & names[i].bit)) continue;
        int written = snprintf(out + used, capacity - used, "%s%s", used ? " " : "", names[i].name);
        if (written < 0 || (size_t)written >= capacity - used) break;
        used += (size_t)written;
    }
}

#!/usr/bin/env bash
# Cross-compiles the C kernel test (Tests/KernelsC/test_kernels.c) for AArch64 with Debian's
# gcc-aarch64-linux-gnu and runs it under qemu-aarch64: the NEON table against the reference
# on three CPU models: with dotprod and i8mm (-cpu max: int8 packed [k/8] for usmmla), with
# dotprod alone (Cortex-A76: [k/4] for sdot) and with neither (Cortex-A53, where the int8
# products must report themselves unavailable). Correctness only: qemu's
# timings say nothing about an ARM core.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
    command -v "$tool" >/dev/null || { echo "test-kernels-arm: $tool missing (bash Scripts/install-deps.sh --cross)" >&2; exit 1; }
done
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
aarch64-linux-gnu-gcc -O2 -std=c11 -Wall -Wno-unused-parameter -Wno-unknown-pragmas -Werror \
    -ISources/CAlbertKernels/include $(find Sources/CAlbertKernels -name '*.c' | sort) Tests/KernelsC/test_kernels.c \
    -lm -o "$out/test_kernels"
qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu "$out/test_kernels" | tee "$out/max.log"
grep -q "neon      int8 panels \[k/8\]" "$out/max.log" || { echo "test-kernels-arm: i8mm's usmmla kernel did not run" >&2; exit 1; }
qemu-aarch64 -cpu cortex-a76 -L /usr/aarch64-linux-gnu "$out/test_kernels" | tee "$out/a76.log"
grep -q "neon      int8 panels \[k/4\]" "$out/a76.log" || { echo "test-kernels-arm: dotprod's sdot kernel did not run" >&2; exit 1; }
qemu-aarch64 -cpu cortex-a53 -L /usr/aarch64-linux-gnu "$out/test_kernels" | tee "$out/a53.log"
grep -q "neon      int8 skipped" "$out/a53.log" || { echo "test-kernels-arm: int8 ran without dotprod" >&2; exit 1; }

#!/usr/bin/env bash
# Builds the C kernel test (Tests/KernelsC/test_kernels.c) for this machine and runs every
# kernel table the CPU has (x86-64: avx512, avxvnni, avx2, reference) against the reference kernels.
# A table name as argument tests only that one.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"${CC:-clang}" -O2 -std=c11 -Wall -Wno-unused-parameter -Wno-unknown-pragmas -Werror \
    -ISources/CAlbertKernels/include $(find Sources/CAlbertKernels -name '*.c' | sort) Tests/KernelsC/test_kernels.c \
    -lm -o "$out/test_kernels"
"$out/test_kernels" "$@"

#!/usr/bin/env bash
# Scripts/fuzz.sh [SECONDS] [HARNESS...]: runs each fuzz harness (Fuzz/Sources/AlbertQAFuzz)
# for SECONDS (default 60) from its committed seed corpus Fuzz/corpus/<harness>/, and prints
# the executions per harness. libFuzzer with AddressSanitizer when the toolchain has it (Swift
# 6.3 on Linux does); otherwise, or with ALBERTQA_FUZZ_MODE=loop, the harness's own seeded
# mutation loop. Each input must finish in 10 s and 2 GB. A crash leaves its input in
# .build/fuzz/artifacts/ and makes the script fail: turn it into a regression test, and keep
# the reproducer in Fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(safetensors torch-pickle config text-decoding html plain-text mime powerpoint spreadsheet-csv csv markdown-tables xlsx-sheet ods-content chunking query tokenizer tokenizer-json)
mode=${ALBERTQA_FUZZ_MODE:-libfuzzer}
scratch=.build/fuzz
artifacts=$scratch/artifacts
mkdir -p "$artifacts"

if [ "$mode" = libfuzzer ]; then
    if ! swift build -c debug --product AlbertQAFuzz --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DALBERTQA_LIBFUZZER \
        -Xcc -fsanitize=fuzzer-no-link,address >"$scratch/build.log" 2>&1; then
        tail -20 "$scratch/build.log" >&2
        echo "fuzz: the libFuzzer build failed; using the mutation loop" >&2
        mode=loop
    fi
fi
if [ "$mode" = loop ]; then
    swift build -c debug --product AlbertQAFuzz --scratch-path "$scratch-loop" >"$scratch/build-loop.log" 2>&1 \
        || { tail -20 "$scratch/build-loop.log" >&2; exit 1; }
fi

failed=()
summary=()
for harness in "${harnesses[@]}"; do
    [ -d "Fuzz/corpus/$harness" ] || { echo "fuzz: no corpus Fuzz/corpus/$harness" >&2; exit 2; }
    log="$scratch/$harness.log"
    start=$(date +%s)
    if [ "$mode" = libfuzzer ]; then
        work=$(mktemp -d)  # new inputs go here; the committed corpus is only read
        status=0
        ALBERTQA_FUZZ_TARGET=$harness ASAN_OPTIONS=detect_leaks=0 "$scratch/debug/AlbertQAFuzz" \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
            -artifact_prefix="$artifacts/$harness-" "$work" "Fuzz/corpus/$harness" >"$log" 2>&1 || status=$?
        rm -rf "$work"
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    else
        status=0
        "$scratch-loop/debug/AlbertQAFuzz" run "$harness" "$seconds" "Fuzz/corpus/$harness" >"$log" 2>&1 || status=$?
        runs=$(sed -n 's/^.*: \([0-9]*\) executions.*/\1/p' "$log" | tail -1)
        [ $status -eq 0 ] || cp -f ".build/fuzz-crash-$harness" "$artifacts/$harness-crash" 2>/dev/null || true
    fi
    elapsed=$(( $(date +%s) - start ))
    runs=${runs:-0}
    line=$(printf "%-14s %10s executions in %4s s (%s/s)" "$harness" "$runs" "$elapsed" "$(( runs / (elapsed > 0 ? elapsed : 1) ))")
    if [ $status -ne 0 ]; then
        line="$line  FAILED (exit $status), see $log and $artifacts/"
        failed+=("$harness")
        grep -E "invariant broken|ERROR: |SUMMARY: |Fatal error" "$log" | head -5 >&2 || true
    fi
    echo "fuzz ($mode): $line"
    summary+=("$line")
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: crashes in: ${failed[*]}" >&2; exit 1; }
echo "fuzz: ${#harnesses[@]} harnesses ran clean ($mode, ${seconds} s each)"

#!/usr/bin/env python3
"""HubTokenizer's speed next to the `tokenizers` library (Rust, via Python) in the same run,
and its parity on a real text.

The text: every non-empty line of the sample Documents/*.txt (Wikipedia articles, about
3 MB). For each tokenizer directory (by default the fixtures Tests/Fixtures/hub-tokenizers/*;
add real ones with --model DIR, e.g. a BERT or RoBERTa checkpoint's folder) it:

  1. checks parity: `albertqa tokenize --model DIR --json` against
     `Tokenizer.encode(line, add_special_tokens=False)`, ids and offsets, line by line;
  2. times, in --rounds rounds (each engine once per round, so that a slow spell of a shared
     machine hits both):
       tokenizers   `Tokenizer.encode_batch(lines, add_special_tokens=False)` on one thread
                    (RAYON_NUM_THREADS=1), the median of 5 after a warm-up
       albertqa     `albertqa tokenize --model DIR --bench --json` (one thread, the median of 5
                    after a warm-up, reported by the command)
and prints tokens/s of each and the ratio albertqa / tokenizers.

usage: swift build -c release --product albertqa
       python3 Benchmarks/tokenizer_bench.py [--model DIR ...] [--rounds 3] [--lines N]
(needs `tokenizers`; 0.23 measured)
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
import tokenizers  # noqa: E402  (after the thread settings)

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALBERTQA = ROOT / ".build/release/albertqa"


def document_lines(limit):
    lines = []
    for path in sorted((ROOT / "Documents").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return lines[:limit] if limit else lines


def hf_rate(tokenizer, lines):
    tokenizer.encode_batch(lines, add_special_tokens=False)
    times = []
    count = 0
    for _ in range(5):
        start = time.perf_counter()
        encodings = tokenizer.encode_batch(lines, add_special_tokens=False)
        times.append(time.perf_counter() - start)
        count = sum(len(encoding.ids) for encoding in encodings)
    return count, count / statistics.median(times)


def albertqa(arguments, text):
    result = subprocess.run([str(ALBERTQA), "tokenize", *arguments], input=text, capture_output=True, text=True, check=True)
    return result.stdout


def parity(directory, tokenizer, lines, text):
    output = albertqa(["--model", str(directory), "--json"], text).splitlines()
    differing = 0
    for line, json_line in zip(lines, output):
        got = json.loads(json_line)
        encoding = tokenizer.encode(line, add_special_tokens=False)
        if got["ids"] != encoding.ids or [tuple(r) for r in got["ranges"]] != encoding.offsets:
            differing += 1
    return differing + abs(len(lines) - len(output))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", action="append", default=[], help="another tokenizer directory (with tokenizer.json)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lines", type=int, default=0, help="only the first N lines")
    args = parser.parse_args()
    if not ALBERTQA.exists():
        sys.exit("build it first: swift build -c release --product albertqa")
    lines = document_lines(args.lines)
    text = "\n".join(lines) + "\n"
    directories = sorted((ROOT / "Tests/Fixtures/hub-tokenizers").iterdir()) + [pathlib.Path(m) for m in args.model]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"{len(lines)} lines, {sum(len(line) for line in lines)} characters of Documents/*.txt; CPU {cpu}; tokenizers {tokenizers.__version__}")
    print(f"{'tokenizer':32} {'tokens':>9} {'differ':>6} {'tokenizers/s':>13} {'albertqa/s':>11} {'ratio':>6}")
    for directory in directories:
        tokenizer = tokenizers.Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.no_truncation()  # a checkpoint's file may set them (all-MiniLM-L6-v2's: 128, padded);
        tokenizer.no_padding()     # the reader tokenises whole texts and windows them itself
        differing = parity(directory, tokenizer, lines, text)
        hf, ours = [], []
        tokens = 0
        for _ in range(args.rounds):
            tokens, rate = hf_rate(tokenizer, lines)
            hf.append(rate)
            ours.append(json.loads(albertqa(["--model", str(directory), "--bench", "--json"], text))["tokens_per_second"])
        hf_median, ours_median = statistics.median(hf), statistics.median(ours)
        print(f"{directory.name:32} {tokens:9d} {differing:6d} {hf_median:13,.0f} {ours_median:11,.0f} {ours_median / hf_median:6.2f}")


if __name__ == "__main__":
    main()

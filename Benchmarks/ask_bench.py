#!/usr/bin/env python3
"""`ask`'s reading time (the JSON `seconds`: tokenising and reading the retrieved passages) for
several binaries or kernel tables, run in turn round after round, so that a busy spell of a
shared machine hits all of them; prints the load average before and after, min / median per
entry and their ratio to the first entry's.

usage: python3 Benchmarks/ask_bench.py [--rounds 20] [--folder Documents] [--question Q]
                                       [--retriever auto|bm25|hybrid] BINARY[@KERNELS] ...
e.g.   python3 Benchmarks/ask_bench.py /tmp/base/albertqa .build/release/albertqa \\
                                       .build/release/albertqa@avx512      (default kernels: avx2)
A binary copied out of the build tree finds the model through ALBERTQA_MODEL.
"""
import argparse
import json
import statistics
import subprocess


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--folder", default="Documents")
    parser.add_argument("--question", default="Who won Super Bowl 50?")
    parser.add_argument("--retriever", default="auto",
                        help="which passages are read: auto (hybrid once the folder's vectors are complete) or bm25; "
                             "they differ in length, so compare entries on one retriever")
    parser.add_argument("entries", nargs="+", help="BINARY[@KERNELS]")
    args = parser.parse_args()
    seconds = {entry: [] for entry in args.entries}
    print("load average", open("/proc/loadavg").read().split()[:3], "retriever", args.retriever)
    for _ in range(args.rounds):
        for entry in args.entries:
            binary, _, kernels = entry.partition("@")
            out = subprocess.run([binary, "ask", args.folder, args.question, "--kernels", kernels or "avx2",
                                  "--retriever", args.retriever, "--json"],
                                 capture_output=True, text=True, check=True).stdout
            seconds[entry].append(json.loads(out.splitlines()[-1])["seconds"])
    print("load average", open("/proc/loadavg").read().split()[:3])
    first = seconds[args.entries[0]]
    for entry, values in seconds.items():
        print(f"{entry}: min {min(values):.3f} s, median {statistics.median(values):.3f} s "
              f"({min(values) / min(first):.2f}x / {statistics.median(values) / statistics.median(first):.2f}x the first)")


if __name__ == "__main__":
    main()

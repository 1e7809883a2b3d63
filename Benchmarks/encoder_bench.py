#!/usr/bin/env python3
"""The sentence encoder's speed next to sentence-transformers (PyTorch) in the same run.

Cuts the sample Documents/ into passages of --words words, writes them one per line, then in
--rounds rounds (each engine once per round, so that a slow spell of a shared machine hits
both) times:

  sentence-transformers   SentenceTransformer.encode(passages), float32, torch threads = cores,
                          batch size 32 (its default), max_seq_length 256
  albertqa P              `albertqa bench --encoder --texts FILE --precision all --json`

and prints the median passages/s of each and its ratio to sentence-transformers', and the
query latency (one short question) of each.

usage: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch sentence-transformers
       swift build -c release --product albertqa
       /tmp/venv/bin/python Benchmarks/encoder_bench.py [--passages 64] [--words 220] [--rounds 3]
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

import torch
from sentence_transformers import SentenceTransformer

ROOT = pathlib.Path(__file__).resolve().parent.parent
QUERY = "Who was Genghis Khan's wife?"


def passages_from_documents(count, words):
    text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "Documents").glob("*.txt")))
    tokens = text.split()
    return [" ".join(tokens[i * words:(i + 1) * words]) for i in range(count)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "Models" / "all-minilm-l6-v2"))
    parser.add_argument("--albertqa", default=str(ROOT / ".build" / "release" / "albertqa"))
    parser.add_argument("--passages", type=int, default=64)
    parser.add_argument("--words", type=int, default=220)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    torch.set_num_threads(os.cpu_count())
    model = SentenceTransformer(args.model, device="cpu", model_kwargs={"dtype": torch.float32})
    passages = passages_from_documents(args.passages, args.words)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(passages) + "\n")
        texts = f.name

    rates = {}
    query_ms = {}
    model.encode(passages[:4])
    for round_index in range(args.rounds):
        start = time.perf_counter()
        model.encode(passages, batch_size=32)
        rates.setdefault("sentence-transformers fp32", []).append(len(passages) / (time.perf_counter() - start))
        for _ in range(20):
            start = time.perf_counter()
            model.encode([QUERY])
            query_ms.setdefault("sentence-transformers fp32", []).append((time.perf_counter() - start) * 1000)
        out = subprocess.run([args.albertqa, "bench", "--encoder", "--texts", texts, "--precision", "all",
                              "--runs", "1", "--json"], check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        for row in result.get("results", [result]):
            name = f"albertqa {row['precision']}"
            rates.setdefault(name, []).append(row["passages_per_second"])
            query_ms.setdefault(name, []).append(row["query_ms_median"])
        print(f"round {round_index + 1}/{args.rounds} done", flush=True)
    os.unlink(texts)

    baseline = statistics.median(rates["sentence-transformers fp32"])
    print(f"{len(passages)} passages of {args.words} words from Documents/, {args.rounds} rounds, {os.cpu_count()} cores")
    for name, values in rates.items():
        median = statistics.median(values)
        print(f"{name:28s} {median:7.1f} passages/s ({median / baseline:.2f}x sentence-transformers); "
              f"query median {statistics.median(query_ms[name]):.2f} ms")


if __name__ == "__main__":
    main()

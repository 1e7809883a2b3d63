#!/usr/bin/env python3
"""Writes a synthetic corpus of plain-text documents for indexing benchmarks: paragraphs drawn
from SQuAD v1.1 train (CC BY-SA 4.0) with their sentences shuffled, ~64 kB per file.

usage: python3 Benchmarks/make-corpus.py OUT_DIR [MEGABYTES=100] [../shared/data/squad/train-v1.1.json.gz]
"""
import gzip
import json
import os
import random
import re
import sys

out = sys.argv[1]
megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 100
source = sys.argv[3] if len(sys.argv) > 3 else "../shared/data/squad/train-v1.1.json.gz"
random.seed(7)
paragraphs = [p["context"] for a in json.load(gzip.open(source, "rt", encoding="utf-8"))["data"] for p in a["paragraphs"]]
sentences = [re.split(r"(?<=[.!?])\s+", p) for p in paragraphs]
os.makedirs(out, exist_ok=True)
written, n = 0, 0
while written < megabytes * 1_000_000:
    parts, size = [], 0
    while size < 64_000:
        s = list(random.choice(sentences))
        random.shuffle(s)
        text = " ".join(s)
        parts.append(text)
        size += len(text.encode()) + 2
    data = "\n\n".join(parts) + "\n"
    folder = os.path.join(out, f"part{n // 200:03d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"doc{n:05d}.txt"), "w", encoding="utf-8") as f:
        f.write(data)
    written += len(data.encode())
    n += 1
print(f"wrote {n} files, {written / 1e6:.1f} MB to {out}")

#!/usr/bin/env python3
"""Compares ways of fusing BM25 and dense candidate lists, offline, on the candidate files of
`albertqa eval FILE --recall --retriever hybrid --fusion-depth 50 --candidates OUT.jsonl`
(one JSON line per question: the BM25 list with scores, the dense list with cosines, the
cosine of every candidate, the gold passages).

Usage: python3 Scripts/fit-fusion.py CANDIDATES.jsonl... [--check CHECK.jsonl...]

Prints recall@10 per file for: BM25 alone, dense alone, RRF, convex combinations of
min-max-normalised scores over a grid of dense weights and depths, and the same with the
dense weight chosen per question from how strongly BM25 matched. Files after --check are
only scored, never used to choose (Tests/Fixtures/natural-questions.json is a check set).
Pure Python + numpy; seconds.
"""
import json
import math
import sys
from pathlib import Path


def load(path):
    rows = [json.loads(line) for line in open(path)]
    for row in rows:
        row["gold"] = set(row["gold"])
        row["cosines"] = {int(k): v for k, v in row["cosines"].items()}
    return rows


def minmax(values):
    low, high = min(values), max(values)
    return (lambda v: 1.0) if high <= low else (lambda v: (v - low) / (high - low))


def convex(row, weight, depth=30):
    lexical = row["bm25"][:depth]
    dense = row["dense"][:depth]
    ids = [i for i, _ in lexical] + [i for i, _ in dense if i not in {j for j, _ in lexical}]
    cos = {i: row["cosines"].get(i) for i in ids}
    for i, c in dense:
        cos[i] = c
    known = [c for c in cos.values() if c is not None]
    bn = minmax([s for _, s in lexical]) if lexical else (lambda v: 0)
    cn = minmax(known) if known else (lambda v: 0)
    lex = {i: bn(s) for i, s in lexical}
    scored = [((lex.get(i, 0.0) + weight * (cn(cos[i]) if cos[i] is not None else 0.0)) / (1 + weight), -order, i)
              for order, i in enumerate(ids)]
    scored.sort(reverse=True)
    return [i for _, _, i in scored]


def rrf(row, weight=1.0, k=60, depth=30):
    score = {}
    order = {}
    for w, lst in ((1.0, row["bm25"][:depth]), (weight, row["dense"][:depth])):
        for rank, (i, _) in enumerate(lst):
            score[i] = score.get(i, 0) + w / (k + rank + 1)
            order.setdefault(i, len(order))
    return sorted(score, key=lambda i: (-score[i], order[i]))


def recall(rows, rank_fn, n=10):
    return 100 * sum(1 for r in rows if set(rank_fn(r)[:n]) & r["gold"]) / max(len(rows), 1)


def bm25_strength(row):
    """How strongly BM25 matched: its best raw score (higher: rarer question words found)."""
    return row["bm25"][0][1] if row["bm25"] else 0.0


def main():
    if "--learned" in sys.argv:
        sys.argv.remove("--learned")
        learned_report()
        return
    args = sys.argv[1:]
    check = args[args.index("--check") + 1:] if "--check" in args else []
    tune = args[:args.index("--check")] if "--check" in args else args
    sets = {Path(p).stem: load(p) for p in tune}
    checks = {Path(p).stem: load(p) for p in check}
    names = list(sets) + [f"{n} (check)" for n in checks]
    everything = list(sets.values()) + list(checks.values())

    def line(label, fn):
        values = [recall(rows, fn) for rows in everything]
        mean = sum(values[:len(sets)]) / max(len(sets), 1)
        print(f"{label:38s} " + " ".join(f"{v:7.2f}" for v in values) + f"   mean(tuning) {mean:6.2f}")
        return mean

    print(f"{'recall@10':38s} " + " ".join(f"{n[:7]:>7s}" for n in names))
    line("bm25", lambda r: [i for i, _ in r["bm25"]])
    line("dense", lambda r: [i for i, _ in r["dense"]])
    line("rrf k=60 w=1", lambda r: rrf(r))
    best = (0, None)
    for depth in (20, 30, 50):
        for weight in (0.5, 1, 1.5, 2, 2.5, 3):
            mean = line(f"convex depth={depth} w={weight}", lambda r, w=weight, d=depth: convex(r, w, d))
            best = max(best, (mean, f"convex depth={depth} w={weight}"))
    # The dense weight by BM25's strength: weak lexical matches (paraphrased questions) trust
    # the dense list more. w = high below the threshold t, low above it.
    for t in (8, 10, 12, 14, 16, 20):
        for low, high in ((1, 2), (1, 3), (1.5, 3), (1, 4)):
            label = f"adaptive t={t} w={high}->{low}"
            mean = line(label, lambda r, t=t, low=low, high=high: convex(r, high if bm25_strength(r) < t else low))
            best = max(best, (mean, label))
    print(f"best mean over the tuning files: {best[1]} ({best[0]:.2f})")


def features(row, depth=30):
    """Per candidate: normalised BM25, normalised cosine, raw cosine, 1/rank in each list."""
    lexical = row["bm25"][:depth]
    dense = row["dense"][:depth]
    ids = [i for i, _ in lexical] + [i for i, _ in dense if i not in {j for j, _ in lexical}]
    cos = dict(row["cosines"])
    for i, c in dense:
        cos[i] = c
    known = [cos[i] for i in ids if i in cos]
    bn = minmax([s for _, s in lexical]) if lexical else (lambda v: 0)
    cn = minmax(known) if known else (lambda v: 0)
    lex = {i: (rank, bn(s)) for rank, (i, s) in enumerate(lexical)}
    den = {i: rank for rank, (i, _) in enumerate(dense)}
    out = []
    for i in ids:
        lr, lb = lex.get(i, (None, 0.0))
        c = cos.get(i)
        out.append((i, [lb, cn(c) if c is not None else 0.0, c if c is not None else 0.0,
                        1 / (1 + lr) if lr is not None else 0.0, 1 / (1 + den[i]) if i in den else 0.0]))
    return out


def fit_logistic(rows_by_set, steps=400, rate=0.5):
    import numpy as np
    xs, ys, ws = [], [], []
    for rows in rows_by_set:
        weight = 1 / max(len(rows), 1)  # every set counts the same
        for row in rows:
            for i, f in features(row):
                xs.append(f + [1.0])
                ys.append(1.0 if i in row["gold"] else 0.0)
                ws.append(weight)
    x, y, w = np.array(xs), np.array(ys), np.array(ws)
    theta = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ theta))
        theta -= rate * (x.T @ ((p - y) * w)) / w.sum()
    return theta


def learned(theta):
    def rank(row):
        scored = [(sum(a * b for a, b in zip(f + [1.0], theta)), -order, i) for order, (i, f) in enumerate(features(row))]
        scored.sort(reverse=True)
        return [i for _, _, i in scored]
    return rank


def learned_report():
    args = sys.argv[1:]
    tune = args[:args.index("--check")] if "--check" in args else args
    sets = {Path(p).stem: load(p) for p in tune}
    print("logistic fusion (features: bm25 norm, cosine norm, cosine, 1/rank bm25, 1/rank dense), leave one set out:")
    for held in sets:
        theta = fit_logistic([rows for name, rows in sets.items() if name != held], steps=2000, rate=2.0)
        print(f"  {held:10s} {recall(sets[held], learned(theta)):7.2f}  theta {[round(t, 2) for t in theta]}")
    theta = fit_logistic(list(sets.values()), steps=2000, rate=2.0)
    print(f"  all sets: theta {[round(t, 2) for t in theta]}")




if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Fits the answer calibration (calibration.json) from `albertqa eval --calibration-features` rows.

    Scripts/fit-calibration.py FEATURES.jsonl[.gz] --out MODEL_DIR/calibration.json [--model NAME]
    Scripts/fit-calibration.py FEATURES.jsonl[.gz] --check MODEL_DIR/calibration.json

Each row is one question with its top answers (in the reader's order), each with the features Swift
computes (Sources/Answering/AnswerFeatures.swift). An answer is *right* when its question is
answerable from the folder it was asked of and the answer's SQuAD F1 against a gold answer is
at least 0.5 (see LABEL). The model is a logistic regression over standardised features, fit by
Newton's method with a small L2 penalty, in plain Python (no numpy): the same file always gives
the same numbers, which `--check` verifies against a shipped calibration.json.

Questions are split by article, within each dataset into halves of equal size (articles in md5
order, each to the smaller half), so that no article's questions are on both sides and both
halves hold the same mix; calibration.json is fit on the fit half only
and the hold-out half measures it: expected calibration error (10 equal bins) of the top
answers, the reliability table, and the "not found" trade-off. The top answer is the one listed
first: the most probable of its list (`shown`), as CandidateCollector lists them. The "not found"
threshold is the one whose smaller margin over the two targets (not found >= 90 % of the
unanswerable questions, >= 95 % of the correct top answers kept) is largest, judged on
out-of-fold probabilities (FOLDS folds by article inside the fit half), never on the hold-out.
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import question_form  # noqa: E402  (Scripts/question_form.py)

BASE_FEATURES = [
    "margin", "gap", "share", "span_score", "log_places", "support", "log_passage_rank", "coverage",
    "log_passages_read", "log_words", "is_top",
] + question_form.NAMES
# The top answer's evidence means something else than a runner-up's (a runner-up's margin says
# little about whether *it* is right once a better answer exists): each of these also enters
# multiplied by is_top. Chosen before the hold-out was measured (the plain model fit the fit
# half's top answers worse: in-sample ECE 0.05 against 0.03 on the first ~1,000 questions).
TOP_INTERACTIONS = ["margin", "gap", "share", "span_score", "coverage", "support", "log_places", "log_passages_read"]
FEATURES = BASE_FEATURES + ["is_top*" + name for name in TOP_INTERACTIONS]
LABEL = ("F1 >= 0.5 against a gold answer (SQuAD normalisation); every answer to a question asked of a folder "
         "without its answer is wrong")
L2 = 1.0
KEEP_CORRECT = 0.95
NOT_FOUND = 0.90
FOLDS = 3
VERSION = 1


def read_rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def group_key(row):
    return row["dataset"] + "\0" + row["group"]


def fit_groups(rows, salt=""):
    """Half of each dataset's articles, balanced by question count so that both halves hold the
    same mix of sets (a half with more unanswerable questions would shift the base rate): the
    articles in md5 order, each going to the half with fewer of that dataset's questions so far."""
    sizes = {}
    for row in rows:
        sizes.setdefault(row["dataset"], {}).setdefault(group_key(row), 0)
        sizes[row["dataset"]][group_key(row)] += 1
    chosen = set()
    for dataset in sorted(sizes):
        groups = sorted(sizes[dataset], key=lambda g: hashlib.md5((salt + g).encode("utf-8")).hexdigest())
        fit_count = holdout_count = 0
        for g in groups:
            if fit_count <= holdout_count:
                chosen.add(g)
                fit_count += sizes[dataset][g]
            else:
                holdout_count += sizes[dataset][g]
    return chosen


_FIT = None


def is_fit(row):
    return group_key(row) in _FIT


def label(row, answer):
    return 1.0 if row["answerable"] and answer["f1"] >= 0.5 else 0.0


def value(answer, name):
    """A feature, or a product of features written "a*b" (AnswerCalibration reads the same)."""
    result = 1.0
    for factor in name.split("*"):
        result *= float(answer["features"][factor])
    return result


def vector(answer):
    return [value(answer, name) for name in FEATURES]


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def solve(matrix, vector_):
    """Gaussian elimination with partial pivoting (the Hessian is small and positive definite)."""
    n = len(vector_)
    a = [row[:] + [vector_[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            for c in range(col, n + 1):
                a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def fit(xs, ys):
    """Logistic regression on standardised xs: returns mean, scale, weights, bias."""
    n, d = len(xs), len(xs[0])
    mean = [sum(x[j] for x in xs) / n for j in range(d)]
    scale = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / n) or 1.0 for j in range(d)]
    zs = [[1.0] + [(x[j] - mean[j]) / scale[j] for j in range(d)] for x in xs]
    w = [0.0] * (d + 1)
    for _ in range(50):
        gradient = [0.0] * (d + 1)
        hessian = [[0.0] * (d + 1) for _ in range(d + 1)]
        for z, y in zip(zs, ys):
            p = sigmoid(sum(wi * zi for wi, zi in zip(w, z)))
            r = p * (1 - p)
            for i in range(d + 1):
                gradient[i] += (p - y) * z[i]
                zi_r = z[i] * r
                row = hessian[i]
                for j in range(i + 1):
                    row[j] += zi_r * z[j]
        for i in range(d + 1):
            for j in range(i):
                hessian[j][i] = hessian[i][j]
        for i in range(1, d + 1):  # no penalty on the bias
            gradient[i] += L2 * w[i]
            hessian[i][i] += L2
        step = solve(hessian, gradient)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-10:
            break
    return mean, scale, w[1:], w[0]


def probability(params, answer):
    z = params["bias"]
    for name, m, s, weight in zip(params["features"], params["mean"], params["scale"], params["weights"]):
        z += weight * (value(answer, name) - m) / s
    return sigmoid(z)


def shown(row, prob):
    """The answer listed first: the most probable (ties: the reader's order), as
    CandidateCollector lists them; None for a question without answers."""
    if not row["answers"]:
        return None
    return max(enumerate(row["answers"]), key=lambda pair: (prob(row, pair[1]), -pair[0]))[1]


def reliability(pairs, bins=10):
    """pairs: (probability, label). Returns the ECE and a table of the non-empty bins."""
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not inside:
            continue
        confidence = sum(p for p, _ in inside) / len(inside)
        accuracy = sum(y for _, y in inside) / len(inside)
        ece += len(inside) / len(pairs) * abs(accuracy - confidence)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "answers": len(inside), "mean_probability": round(confidence, 4),
                      "right": round(accuracy, 4)})
    return ece, table


def tradeoff(rows, prob, thresholds):
    """For each threshold: share of unanswerable questions called "not found", share of the
    correct top answers of answerable questions kept (their probability reaches it)."""
    unanswerable = [prob(r, shown(r, prob)) if r["answers"] else 0.0 for r in rows if not r["answerable"]]
    correct = [prob(r, a) for r in rows if r["answerable"] and r["answers"] for a in [shown(r, prob)] if label(r, a)]
    out = []
    for t in thresholds:
        out.append({"threshold": t,
                    "not_found_unanswerable": sum(p < t for p in unanswerable) / max(len(unanswerable), 1),
                    "kept_correct_answerable": sum(p >= t for p in correct) / max(len(correct), 1)})
    return out


def folds(rows, k):
    """Articles into k folds, per dataset, balanced by question count (as fit_groups)."""
    sizes = {}
    for row in rows:
        sizes.setdefault(row["dataset"], {}).setdefault(group_key(row), 0)
        sizes[row["dataset"]][group_key(row)] += 1
    fold_of = {}
    for dataset in sorted(sizes):
        counts = [0] * k
        for g in sorted(sizes[dataset], key=lambda g: hashlib.md5(("fold" + g).encode("utf-8")).hexdigest()):
            fold_of[g] = min(range(k), key=lambda i: counts[i])
            counts[fold_of[g]] += sizes[dataset][g]
    return fold_of


def choose_threshold(curve):
    """The rule, fixed before the hold-out was measured: the threshold whose smaller margin over
    the two targets (not found >= NOT_FOUND, kept >= KEEP_CORRECT) is largest on the fit half's
    out-of-fold probabilities; among equally good ones, the middle (a plateau's centre)."""
    margins = [min(c["not_found_unanswerable"] - NOT_FOUND, c["kept_correct_answerable"] - KEEP_CORRECT) for c in curve]
    best = max(margins)
    ties = [c["threshold"] for c, m in zip(curve, margins) if m >= best - 1e-12]
    return ties[len(ties) // 2]


def fit_params(rows):
    xs, ys = [], []
    for r in rows:
        for a in r["answers"]:
            xs.append(vector(a))
            ys.append(label(r, a))
    mean, scale, weights, bias = fit(xs, ys)
    return {"features": FEATURES, "mean": mean, "scale": scale, "weights": weights, "bias": bias}, len(xs)


def by_set(rows, prob, threshold):
    """Per set and retriever: questions, mean top probability, share right, share "not found"."""
    out = {}
    for r in rows:
        key = f"{r['dataset']} ({r.get('retriever', 'bm25')})"
        out.setdefault(key, []).append(r)
    table = {}
    for key, part in sorted(out.items()):
        tops = [(prob(r, a), label(r, a)) if a else (0.0, 0.0) for r in part for a in [shown(r, prob)]]
        table[key] = {"questions": len(part), "answerable": part[0]["answerable"],
                      "mean_probability": round(sum(p for p, _ in tops) / len(tops), 4),
                      "right": round(sum(y for _, y in tops) / len(tops), 4),
                      "not_found": round(sum(p < threshold for p, _ in tops) / len(tops), 4),
                      "ece_top_answer": round(reliability(tops)[0], 4)}
    return table


def build(rows, model):
    fit_rows = [r for r in rows if is_fit(r)]
    params, answer_count = fit_params(fit_rows)
    prob = lambda r, a: probability(params, a)
    # The threshold from out-of-fold probabilities within the fit half (2 folds by article, same
    # balanced split): in-sample probabilities are optimistic, and the hold-out stays untouched.
    fold_of = folds(fit_rows, FOLDS)
    out_of_fold = {}
    for k in range(FOLDS):
        fold_params, _ = fit_params([r for r in fit_rows if fold_of[group_key(r)] != k])
        for r in fit_rows:
            if fold_of[group_key(r)] == k:
                for a in r["answers"]:
                    out_of_fold[id(a)] = probability(fold_params, a)
    grid = [i / 100 for i in range(101)]
    fit_curve = tradeoff(fit_rows, lambda r, a: out_of_fold[id(a)], grid)
    threshold = choose_threshold(fit_curve)
    params["not_found_threshold"] = threshold

    held = [r for r in rows if not is_fit(r)]  # with the questions that got no answer ("not found" whatever)
    holdout = [r for r in held if r["answers"]]
    top = [(prob(r, a), label(r, a)) for r in holdout for a in [shown(r, prob)]]
    everything = [(prob(r, a), label(r, a)) for r in holdout for a in r["answers"]]
    share_top = [(r["answers"][0]["features"]["share"], label(r, r["answers"][0])) for r in holdout]
    ece_top, table_top = reliability(top)
    ece_all, _ = reliability(everything)
    ece_share, table_share = reliability(share_top)
    counts = {}
    for r in rows:
        key = r["dataset"] + (" (answerable)" if r["answerable"] else " (asked of a folder without it)")
        c = counts.setdefault(key, {"fit": 0, "holdout": 0})
        c["fit" if is_fit(r) else "holdout"] += 1
    curve_points = sorted(set([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, threshold]))
    return {
        "version": VERSION,
        "model": model,
        "label": LABEL,
        **params,
        "fit": {"questions": len(fit_rows), "answers": answer_count, "l2": L2,
                "split": "by article, per dataset: articles in md5 order, each to the half with fewer questions so far",
                "threshold_rule": f"the threshold (0.01 steps) maximising the smaller margin over the two targets, not found >= "
                                  f"{NOT_FOUND:.0%} of unanswerable questions and kept >= {KEEP_CORRECT:.0%} of correct top answers, "
                                  f"on out-of-fold probabilities of the fit half ({FOLDS} folds by article); ties: the middle one",
                "questions_by_set": counts,
                "out_of_fold_at_threshold": next({k: round(v, 4) for k, v in c.items()} for c in fit_curve if c["threshold"] == threshold),
                "out_of_fold_band": [c["threshold"] for c in fit_curve
                                     if c["not_found_unanswerable"] >= NOT_FOUND and c["kept_correct_answerable"] >= KEEP_CORRECT]},
        "holdout": {
            "questions": len(holdout),
            "ece_top_answer": round(ece_top, 4),
            "ece_all_answers": round(ece_all, 4),
            "ece_top_answer_softmax_share": round(ece_share, 4),
            "reliability_top_answer": table_top,
            "reliability_top_answer_softmax_share": table_share,
            "tradeoff": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in c.items()}
                         for c in tradeoff(held, prob, curve_points)],
            "by_set": by_set(held, prob, threshold),
            "by_retriever": {name: {"ece_top_answer": round(reliability([(prob(r, a), label(r, a))
                                                                          for r in held if r.get("retriever", "bm25") == name and r["answers"]
                                                                          for a in [shown(r, prob)]])[0], 4),
                                    "tradeoff": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in c.items()}
                                                 for c in tradeoff([r for r in held if r.get("retriever", "bm25") == name], prob,
                                                                   curve_points)]}
                             for name in sorted({r.get("retriever", "bm25") for r in held})},
        },
        "check_rows": [{"features": a["features"], "probability": prob(r, a)}
                       for r in holdout[:: max(1, len(holdout) // 6)][:6] for a in r["answers"][:1]],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("features", help="eval --calibration-features rows (.jsonl or .jsonl.gz)")
    parser.add_argument("--out", help="write calibration.json here")
    parser.add_argument("--check", help="refit and compare with this calibration.json (exit 1 when they differ)")
    parser.add_argument("--model", default="", help="the model's name, recorded in the file")
    args = parser.parse_args()
    rows = read_rows(args.features)
    global _FIT
    _FIT = fit_groups(rows)
    if args.check:
        with open(args.check, encoding="utf-8") as f:
            shipped = json.load(f)
        fitted = build(rows, shipped.get("model", ""))
        worst = 0.0
        for key in ("mean", "scale", "weights"):
            for a, b in zip(fitted[key], shipped[key]):
                worst = max(worst, abs(a - b) / max(1.0, abs(b)))
        worst = max(worst, abs(fitted["bias"] - shipped["bias"]), abs(fitted["not_found_threshold"] - shipped["not_found_threshold"]))
        same = fitted["features"] == shipped["features"] and worst < 1e-9
        print(f"refit from {args.features}: largest difference {worst:.3g} -> {'same' if same else 'DIFFERENT'}")
        # The question-form features the rows carry were computed by Swift; the Python twin must
        # give the same values on the fixture Swift's tests check.
        fixture = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "question-form.json")
        if os.path.exists(fixture):
            wrong = question_form.check_fixture(fixture)
            print(f"question form on {len(json.load(open(fixture, encoding='utf-8'))['cases'])} fixture cases: "
                  f"{'as Swift checks them' if not wrong else 'DIFFERENT: ' + repr(wrong[0])}")
            same = same and not wrong
        sys.exit(0 if same else 1)
    result = build(rows, args.model)
    h = result["holdout"]
    print(f"fit on {result['fit']['questions']} questions ({result['fit']['answers']} answers); hold-out {h['questions']} questions")
    print(f"hold-out ECE (10 bins), top answer: {h['ece_top_answer']:.4f} (softmax share: {h['ece_top_answer_softmax_share']:.4f}); "
          f"all answers: {h['ece_all_answers']:.4f}")
    print("reliability (hold-out, top answer):")
    for b in h["reliability_top_answer"]:
        print(f"  {b['bin']}  n={b['answers']:5d}  mean p={b['mean_probability']:.3f}  right={b['right']:.3f}")
    print("by set (hold-out): questions, mean probability, right, not found, ECE")
    for key, v in h["by_set"].items():
        print(f"  {key:45s} {v['questions']:5d}  {v['mean_probability']:.3f}  {v['right']:.3f}  {v['not_found']:.3f}  {v['ece_top_answer']:.3f}")
    for name, v in h["by_retriever"].items():
        at = next(c for c in v["tradeoff"] if c["threshold"] == result["not_found_threshold"])
        print(f"  {name}: ECE {v['ece_top_answer']:.4f}; at the threshold not found {at['not_found_unanswerable']:.3f}, "
              f"kept {at['kept_correct_answerable']:.3f}")
    band = result["fit"]["out_of_fold_band"]
    at = result["fit"]["out_of_fold_at_threshold"]
    print(f"fit half, out of fold: at {result['not_found_threshold']:.2f} not found {at['not_found_unanswerable']:.3f}, kept "
          f"{at['kept_correct_answerable']:.3f}; both targets met from {min(band, default=float('nan')):.2f} to "
          f"{max(band, default=float('nan')):.2f}")
    print(f"not-found threshold {result['not_found_threshold']:.2f}; hold-out trade-off:")
    for c in h["tradeoff"]:
        print(f"  t={c['threshold']:.2f}  not found (unanswerable) {c['not_found_unanswerable']:.3f}  "
              f"kept correct (answerable) {c['kept_correct_answerable']:.3f}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        print("wrote", args.out)


if __name__ == "__main__":
    main()

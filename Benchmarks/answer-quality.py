#!/usr/bin/env python3
"""The four ways an answers list can mislead (issue 15), measured through `albertqa ask --json`
on fixed questions, so two binaries (before / after) can be compared on the same questions:

  1. variants crowding the top 5: top-5 lists where another answer overlaps the top answer's place
  2. cut words: answers starting or ending inside a word of the document
  3. the percentage as a probability: top answer right (EM, F1 >= 0.5) by confidence band, ECE
  4. --passages 1: the top answer's confidence and accuracy with one passage read
  + questions the folder cannot answer (SQuAD *train* questions, other articles, asked of
    Documents/): how often the answer is flagged (no_answer / not found), median confidence

    python3 Benchmarks/answer-quality.py --bin .build/release/albertqa [--squad N] [--absent N] [--one-passage N]
        [--retriever R] [--cache DIR]

Questions: every k-th SQuAD v1.1 dev question (k = 10570 // N), every k-th train question.
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import tempfile
import unicodedata

SQUAD_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def normalize(text):
    import re
    text = "".join(ch for ch in text.lower() if ch not in SQUAD_PUNCT)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def f1(prediction, gold):
    p, g = normalize(prediction).split(), normalize(gold).split()
    if not p or not g:
        return float(p == g)
    common = sum(min(p.count(t), g.count(t)) for t in set(p))
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def is_word(ch):
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def inside_word(text, position):
    """Both neighbours are letters/digits: the position cuts a word ("Kenya|tta")."""
    return 0 < position < len(text) and is_word(text[position - 1]) and is_word(text[position])


def questions(path, every, offset=0):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        data = json.load(f)["data"]
    out, n = [], 0
    for article in data:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                if n % every == offset:
                    out.append((qa["question"], [a["text"] for a in qa["answers"]], article["title"]))
                n += 1
    return out


RETRIEVER = []


def ask(binary, folder, question, passages=10):
    out = subprocess.run([binary, "ask", folder, question, "--json", "--top", "5", "--passages", str(passages)] + RETRIEVER,
                         capture_output=True, text=True)
    if out.returncode not in (0, 3):
        raise SystemExit(f"ask failed ({out.returncode}): {out.stderr.strip()}")
    return json.loads(out.stdout)


def confidence(answer):
    return answer.get("probability", answer.get("confidence", 0.0))


def found(result):
    return result.get("found", not result.get("no_answer", False))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--documents", default="Documents")
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--squad", type=int, default=100, help="SQuAD dev questions (answerable)")
    parser.add_argument("--absent", type=int, default=60, help="SQuAD train questions (not in Documents/)")
    parser.add_argument("--one-passage", type=int, default=50, help="dev questions also asked with --passages 1")
    parser.add_argument("--json", help="write the raw results here")
    parser.add_argument("--retriever", help="passed to ask (default: the binary's default)")
    parser.add_argument("--cache", help="XDG_CACHE_HOME for the index (default: a new temporary folder); one that already "
                                        "holds Documents/' passage vectors saves hybrid their encoding")
    args = parser.parse_args()
    if args.retriever:
        RETRIEVER[:] = ["--retriever", args.retriever]
    os.environ["XDG_CACHE_HOME"] = args.cache or tempfile.mkdtemp(prefix="answer-quality-")
    texts = {}

    def document(path):
        if path not in texts:
            with open(os.path.join(args.documents, path), encoding="utf-8") as f:
                texts[path] = f.read().replace("\r\n", "\n")
        return texts[path]

    dev = questions(os.path.join(args.data, "squad/dev-v1.1.json"), 10570 // args.squad)[: args.squad]
    train = questions(os.path.join(args.data, "squad/train-v1.1.json.gz"), 87599 // args.absent, 3)[: args.absent]
    raw = {"dev": [], "one_passage": [], "absent": []}
    crowded, crowding, pairs, answers_seen, cut = 0, [], 0, 0, 0
    top_pairs = []
    for question, golds, _ in dev:
        result = ask(args.bin, args.documents, question)
        raw["dev"].append(result)
        answers = result["answers"]
        if not answers:
            continue
        places = [[(l["document"], l["start"], l["end"]) for l in a["locations"]] for a in answers]
        overlapping = sum(1 for other in places[1:] if any(d1 == d2 and s1 < e2 and s2 < e1
                                                            for d1, s1, e1 in places[0] for d2, s2, e2 in other))
        crowded += overlapping > 0
        crowding.append(overlapping)
        for i in range(len(places)):
            for j in range(i + 1, len(places)):
                pairs += any(d1 == d2 and s1 < e2 and s2 < e1 for d1, s1, e1 in places[i] for d2, s2, e2 in places[j])
        for a in answers:
            text = document(a["document"])
            answers_seen += 1
            cut += inside_word(text, a["start"]) or inside_word(text, a["end"])
        top = answers[0]
        em = max(float(normalize(top["text"]) == normalize(g)) for g in golds)
        good = max(f1(top["text"], g) for g in golds) >= 0.5
        top_pairs.append((confidence(top), em, float(good), found(result)))
    n = len(crowding)
    print(f"binary {args.bin}: {n} SQuAD dev questions asked of {args.documents}")
    print(f"1. top-5 lists where another answer overlaps the top answer's place: {crowded}/{n} "
          f"({100 * crowded / max(n, 1):.0f} %), on average {statistics.mean(crowding) if crowding else 0:.2f} of the other 4; "
          f"overlapping pairs in all top-5 lists: {pairs}")
    print(f"2. answers starting or ending inside a word: {cut}/{answers_seen} ({100 * cut / max(answers_seen, 1):.1f} %)")
    print("3. top answer right by confidence band (EM / F1>=0.5):")
    ece_em = ece_f1 = 0.0
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = [p for p in top_pairs if lo <= p[0] < lo + 0.2 or (lo == 0.8 and p[0] >= 1.0)]
        if inside:
            mean_p = statistics.mean(p[0] for p in inside)
            em = statistics.mean(p[1] for p in inside)
            good = statistics.mean(p[2] for p in inside)
            print(f"   {lo:.1f}-{lo + 0.2:.1f}: n={len(inside):3d} mean conf {mean_p:.2f}  EM {em:.2f}  F1>=0.5 {good:.2f}")
    for lo10 in range(10):
        lo = lo10 / 10
        inside = [p for p in top_pairs if lo <= p[0] < lo + 0.1 or (lo10 == 9 and p[0] >= 1.0)]
        if inside:
            mean_p = statistics.mean(p[0] for p in inside)
            ece_em += len(inside) / n * abs(statistics.mean(p[1] for p in inside) - mean_p)
            ece_f1 += len(inside) / n * abs(statistics.mean(p[2] for p in inside) - mean_p)
    print(f"   ECE (10 bins) against EM {ece_em:.3f}, against F1>=0.5 {ece_f1:.3f}; "
          f"EM {statistics.mean(p[1] for p in top_pairs):.3f}; flagged not found: {sum(not p[3] for p in top_pairs)}/{n}")
    ones = []
    for question, golds, _ in dev[: args.one_passage]:
        result = ask(args.bin, args.documents, question, passages=1)
        raw["one_passage"].append(result)
        if result["answers"]:
            top = result["answers"][0]
            ones.append((confidence(top), max(f1(top["text"], g) for g in golds) >= 0.5, found(result)))
    denver = ask(args.bin, args.documents, "Who won Super Bowl 50?", passages=1)["answers"][0]
    print(f"4. --passages 1 on {len(ones)} questions: mean top confidence {statistics.mean(p[0] for p in ones):.2f}, "
          f"right (F1>=0.5) {statistics.mean(p[1] for p in ones):.2f}, confidence >= 0.9: {sum(p[0] >= 0.9 for p in ones)}; "
          f"'Who won Super Bowl 50?' → {denver['text']} {100 * confidence(denver):.0f} %")
    absent = []
    for question, _, _ in train:
        result = ask(args.bin, args.documents, question)
        raw["absent"].append(result)
        absent.append((confidence(result["answers"][0]) if result["answers"] else 0.0, found(result)))
    for question in ("What is the capital of Australia?", "Who is the president of France?"):
        result = ask(args.bin, args.documents, question)
        top = result["answers"][0] if result["answers"] else {"text": "-", "confidence": 0}
        print(f"   '{question}' → {top['text']} {100 * confidence(top):.0f} %, {'found' if found(result) else 'NOT FOUND'}")
    print(f"5. {len(absent)} SQuAD train questions (other articles) asked of {args.documents}: flagged not found "
          f"{sum(not p[1] for p in absent)}/{len(absent)}, median top confidence {statistics.median(p[0] for p in absent):.2f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(raw, f)


if __name__ == "__main__":
    main()

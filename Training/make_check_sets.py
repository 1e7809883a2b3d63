#!/usr/bin/env python3
"""The check sets of the SQuAD 2.0 fine-tune (Training/README.md), from SQuAD v2.0 dev's
articles at odd positions (1, 3, 5, ...), which training never sees:

  dev-v2.0-odd.json                 the whole held-back half (answerable and unanswerable),
                                    scored closed: has-answer F1, no-answer accuracy, EM/F1
  squad-v2-unanswerable-odd.json    every 4th unanswerable question of that half, asked of
                                    Documents/ (which holds their articles): near misses

    python3 Training/make_check_sets.py --data ../shared/data/squad --out SETS
"""
import argparse
import json
import os


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../shared/data/squad"))
    parser.add_argument("--out", required=True)
    parser.add_argument("--every", type=int, default=4, help="keep every N-th unanswerable question for the near-miss set")
    args = parser.parse_args()
    with open(os.path.join(args.data, "dev-v2.0.json"), encoding="utf-8") as f:
        dev = json.load(f)
    odd = dev["data"][1::2]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "dev-v2.0-odd.json"), "w", encoding="utf-8") as f:
        json.dump({"version": "v2.0", "data": odd}, f, ensure_ascii=False)
    out, n = [], 0
    for article in odd:
        paragraphs = []
        for paragraph in article["paragraphs"]:
            qas = []
            for qa in paragraph["qas"]:
                if qa.get("is_impossible"):
                    n += 1
                    if n % args.every == 0:
                        qas.append(qa)
            if qas:
                paragraphs.append({"context": paragraph["context"], "qas": qas})
        if paragraphs:
            out.append({"title": article["title"], "paragraphs": paragraphs})
    with open(os.path.join(args.out, "squad-v2-unanswerable-odd.json"), "w", encoding="utf-8") as f:
        json.dump({"version": "v2.0", "data": out}, f, ensure_ascii=False)
    questions = sum(len(p["qas"]) for a in odd for p in a["paragraphs"])
    near = sum(len(p["qas"]) for a in out for p in a["paragraphs"])
    print(f"{len(odd)} held-back articles, {questions} questions; {near} near misses")


if __name__ == "__main__":
    main()

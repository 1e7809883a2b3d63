#!/usr/bin/env python3
"""Question sets for fitting and testing the answer calibration (Scripts/calibrate.sh).

Writes SQuAD-format files and one folder into OUT:
  squad-dev.json            every 20th SQuAD v1.1 dev question, asked of Documents/ (answerable)
  squad-dev-p1.json         every 20th from offset 4, read with --passages 1 (answerable)
  squad-dev-p3.json         every 60th from offset 7, read with --passages 3 (answerable)
  squad-half/               symlinks to the even-numbered articles of Documents/
  squad-dev-other-half.json every 24th question of the odd-numbered articles, asked of
                            squad-half/ (unanswerable: their article is not there)
  covidqa.json, conditionalqa.json            every 5th / 4th question, answerable (their own
                            contexts indexed)
  covidqa-unanswerable.json, conditionalqa-unanswerable.json
                            every 5th / 4th from offset 1, asked of Documents/ (unanswerable)
  squad-v2-unanswerable.json  every 4th unanswerable question of SQuAD v2.0 dev's articles at odd
                            positions (664), asked of Documents/, which holds their articles:
                            near misses written to look answerable. The articles at even
                            positions are the reader's training data (Training/); these never
                            are. A check set, not fit on; only when squad/dev-v2.0.json is in
                            --data.
About 1,700 questions, ~1,500 10-passage reads: a fit that runs in minutes on two cores.
Subsets are fixed (every n-th question), so the sets are the same on every run.
"""
import argparse
import json
import os


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def subset(data, keep):
    """data with only the questions for which keep(running_number, article_number) is true."""
    out, n = [], 0
    for a_index, article in enumerate(data["data"]):
        paragraphs = []
        for paragraph in article["paragraphs"]:
            qas = []
            for qa in paragraph["qas"]:
                if keep(n, a_index):
                    qas.append(qa)
                n += 1
            paragraphs.append({"context": paragraph["context"], "qas": qas})
        if any(p["qas"] for p in paragraphs):
            out.append({"title": article.get("title", f"article-{a_index + 1}"), "paragraphs": paragraphs})
    return {"version": data.get("version", ""), "data": out}


def write(data, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    print(path, sum(len(p["qas"]) for a in data["data"] for p in a["paragraphs"]), "questions")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with squad/dev-v1.1.json and realistic/*-dev.json")
    parser.add_argument("--documents", required=True, help="the sample Documents/ folder (SQuAD dev articles)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    squad = load(os.path.join(args.data, "squad/dev-v1.1.json"))
    write(subset(squad, lambda n, a: n % 20 == 0), os.path.join(args.out, "squad-dev.json"))
    write(subset(squad, lambda n, a: n % 20 == 4), os.path.join(args.out, "squad-dev-p1.json"))
    write(subset(squad, lambda n, a: n % 60 == 7), os.path.join(args.out, "squad-dev-p3.json"))
    half = os.path.join(args.out, "squad-half")
    os.makedirs(half, exist_ok=True)
    titles = [article["title"] for article in squad["data"]]
    for i, title in enumerate(titles):
        source = os.path.abspath(os.path.join(args.documents, title + ".txt"))
        link = os.path.join(half, title + ".txt")
        if i % 2 == 0 and os.path.exists(source) and not os.path.lexists(link):
            os.symlink(source, link)
    write(subset(squad, lambda n, a: a % 2 == 1 and n % 24 == 0), os.path.join(args.out, "squad-dev-other-half.json"))
    for name, step in (("covidqa", 5), ("conditionalqa", 4)):
        data = load(os.path.join(args.data, f"realistic/{name}-dev.json"))
        write(subset(data, lambda n, a: n % step == 0), os.path.join(args.out, f"{name}.json"))
        write(subset(data, lambda n, a: n % step == 1), os.path.join(args.out, f"{name}-unanswerable.json"))
    v2 = os.path.join(args.data, "squad/dev-v2.0.json")
    if os.path.exists(v2):
        held_back = load(v2)
        held_back["data"] = held_back["data"][1::2]  # the articles training never sees
        write(near_misses(held_back, step=4), os.path.join(args.out, "squad-v2-unanswerable.json"))


def near_misses(data, step):
    """Every step-th unanswerable question (is_impossible) of a SQuAD v2.0 file, counted over
    the unanswerable ones only, with their paragraphs."""
    out, n = [], 0
    for article in data["data"]:
        paragraphs = []
        for paragraph in article["paragraphs"]:
            qas = []
            for qa in paragraph["qas"]:
                if not qa.get("is_impossible"):
                    continue
                n += 1
                if n % step == 0:
                    qas.append(qa)
            if qas:
                paragraphs.append({"context": paragraph["context"], "qas": qas})
        if paragraphs:
            out.append({"title": article["title"], "paragraphs": paragraphs})
    return {"version": "v2.0", "data": out}


if __name__ == "__main__":
    main()

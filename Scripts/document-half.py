#!/usr/bin/env python3
"""Writes a SQuAD-format file whose questions are those of the articles (documents) at even or
odd positions of the input's data list (counted from 0); every article's paragraphs are kept,
so an open evaluation still indexes all documents and the other half stays as distractors.
Tune on even, report on odd (issue 23's follow-up weights):

    python3 Scripts/document-half.py ../shared/data/realistic/covidqa-dev.json odd > covidqa-odd.json

Standard library only.
"""
import json
import sys


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("even", "odd"):
        sys.exit("usage: document-half.py FILE.json even|odd > HALF.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    keep = 0 if sys.argv[2] == "even" else 1
    for position, article in enumerate(data["data"]):
        if position % 2 != keep:
            for paragraph in article["paragraphs"]:
                paragraph["qas"] = []
    json.dump(data, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds Tests/Fixtures/squad-subset.json (the 12 SQuAD dev questions of
default-model-cases.json, in SQuAD format) and squad-subset-expected.json: the Hugging Face
reference's best answers and their EM/F1 computed with the official SQuAD v1.1 script's logic.
The Swift `eval` must reproduce these numbers."""
import collections
import json
import re
import string

cases = json.load(open("Tests/Fixtures/default-model-cases.json"))["cases"]

def normalize_answer(s):
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())

def f1_score(prediction, ground_truth):
    p, g = normalize_answer(prediction).split(), normalize_answer(ground_truth).split()
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)

def em(prediction, ground_truth):
    return normalize_answer(prediction) == normalize_answer(ground_truth)

articles = collections.OrderedDict()
predictions, total_em, total_f1 = {}, 0, 0
for case in cases:
    article = articles.setdefault(case["context"][:40], {"title": f"case-{len(articles) + 1}", "paragraphs": []})
    article["paragraphs"].append({"context": case["context"], "qas": [{
        "id": case["id"], "question": case["question"],
        "answers": [{"text": g, "answer_start": case["context"].find(g)} for g in case["gold"]]}]})
    prediction = case["best"]["text"]
    predictions[case["id"]] = prediction
    total_em += max(em(prediction, g) for g in case["gold"])
    total_f1 += max(f1_score(prediction, g) for g in case["gold"])

json.dump({"version": "1.1", "data": list(articles.values())}, open("Tests/Fixtures/squad-subset.json", "w"), indent=1, ensure_ascii=False)
json.dump({"exact_match": 100 * total_em / len(cases), "f1": 100 * total_f1 / len(cases), "questions": len(cases),
           "predictions": predictions}, open("Tests/Fixtures/squad-subset-expected.json", "w"), indent=1, ensure_ascii=False)
print(100 * total_em / len(cases), 100 * total_f1 / len(cases))

#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/default-model-cases.json — the Hugging Face reference outputs that
the Swift reader must reproduce (Tests/AlbertTests/DefaultModelTests.swift) — for the model in
Models/albert-qa-minilm-squad (or --model), on the same 12 SQuAD dev cases as before.

The reference is transformers' AlbertForQuestionAnswering in PyTorch (fp32, eval mode) on
features made as BERT's SQuAD code makes them (question <= 64 tokens, windows of <= 384 tokens
every 128, the max-context rule); token ids come from Training/albert_tokenization.py, which is
checked here against the ids already in the fixture and against transformers' slow
AlbertTokenizer's ids in Tests/Fixtures/tokenizer-cases.json. The best answer is BERT's n-best
search (20 starts x 20 ends, <= 30 tokens, score = start + end logit; null = [CLS] start + end).

Needs the Python packages of Training/requirements.txt (never needed by make run / make test):
    python3 Scripts/make-default-model-fixture.py [--model DIR]
"""
import argparse
import json
import sys
from pathlib import Path

import torch
from transformers import AlbertForQuestionAnswering

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Training"))
from albert_tokenization import AlbertTokenizerWithOffsets, check_against_fixtures  # noqa: E402

MAX_SEQ, DOC_STRIDE, MAX_QUERY, MAX_ANSWER, N_BEST = 384, 128, 64, 30, 20


def windows(context_count, question_count):
    max_context = MAX_SEQ - question_count - 3
    spans, offset = [], 0
    while True:
        length = min(max_context, context_count - offset)
        spans.append((offset, length))
        if offset + length >= context_count:
            return spans
        offset += min(length, DOC_STRIDE)


def is_max_context(spans, index, position):
    best, best_index = None, None
    for i, (start, length) in enumerate(spans):
        end = start + length - 1
        if position < start or position > end:
            continue
        score = min(position - start, end - position) + 0.01 * length
        if best is None or score > best:
            best, best_index = score, i
    return best_index == index


def top(values, count):
    return sorted(range(len(values)), key=lambda i: (-values[i], i))[:count]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="Models/albert-qa-minilm-squad")
    parser.add_argument("--fixture", default="Tests/Fixtures/default-model-cases.json")
    args = parser.parse_args()
    model_dir = ROOT / args.model
    fixture_path = ROOT / args.fixture
    tokenizer = AlbertTokenizerWithOffsets(model_dir / "spiece.model")
    bad, total = check_against_fixtures(tokenizer, ROOT / "Tests/Fixtures/tokenizer-cases.json")
    if bad:
        sys.exit(f"the tokenizer port differs from transformers on {bad}/{total} cases")
    model = AlbertForQuestionAnswering.from_pretrained(model_dir, dtype=torch.float32).eval()
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    for case in fixture["cases"]:
        q_ids = tokenizer.tokenize(case["question"])[0][:MAX_QUERY]
        c_ids, _, c_ranges = tokenizer.tokenize(case["context"])
        spans = windows(len(c_ids), len(q_ids))
        old_features = case["features"]
        features, best = [], None
        null_score = None
        for index, (offset, length) in enumerate(spans):
            ids = [tokenizer.cls_id] + q_ids + [tokenizer.sep_id] + c_ids[offset:offset + length] + [tokenizer.sep_id]
            types = [0] * (len(q_ids) + 2) + [1] * (length + 1)
            if index < len(old_features) and old_features[index]["input_ids"] != ids:
                sys.exit(f"input ids differ from the fixture's for: {case['question']}")
            with torch.no_grad():
                out = model(input_ids=torch.tensor([ids]), token_type_ids=torch.tensor([types]),
                            attention_mask=torch.ones(1, len(ids), dtype=torch.long))
            start = out.start_logits[0].tolist()
            end = out.end_logits[0].tolist()
            features.append({"input_ids": ids, "token_type_ids": types, "start_logits": start, "end_logits": end})
            window_null = start[0] + end[0]
            null_score = window_null if null_score is None else min(null_score, window_null)
            first = len(q_ids) + 2
            for s in top(start, N_BEST):
                if not (first <= s < first + length) or not is_max_context(spans, index, offset + s - first):
                    continue
                for e in top(end, N_BEST):
                    if not (first <= e < first + length) or e < s or e - s + 1 > MAX_ANSWER:
                        continue
                    score = start[s] + end[e]
                    if best is None or score > best[0]:
                        lo = c_ranges[offset + s - first][0]
                        hi = c_ranges[offset + e - first][1]
                        best = (score, case["context"][lo:hi])
        case["features"] = features
        case["best"] = {"text": best[1], "score": best[0], "null_score": null_score}
        print(f"{best[1]!r:60} score {best[0]:7.3f} null {null_score:7.3f}")
    fixture["model"] = "models/albert-qa-minilm-squad"
    fixture_path.write_text(json.dumps(fixture, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Picks one of several fine-tuned readers by a rule fixed before any run was looked at, on data
no run trained on and that is not the check half (Training/README.md, "GPU run"):

  1. SQuAD v1.1 dev, closed (every question's own paragraph, best span): F1 must stay within
     --max-v11-drop of the starting checkpoint's, measured here in the same run;
  2. among the runs that pass, the one with the highest no-answer accuracy on the validation
     set (the even half's held-out quarter: squad2_data.training_and_validation) at the null
     threshold that keeps 95 % of the correctly answered has-answer questions answered.

This is PyTorch's reading, close to but not the Swift reader's (whole-word snapping, int8):
it ranks runs; the table in the README is measured by `Training/evaluate.sh` with AlbertQA.

    python3 Training/select_run.py --baseline Models/albert-qa-minilm-squad RUN_A RUN_B ... \
        --data DATA --json OUT/selection.json
"""
import argparse
import collections
import json
import re
import string
import sys
from pathlib import Path

import torch
from transformers import AlbertForQuestionAnswering

sys.path.insert(0, str(Path(__file__).resolve().parent))
from albert_tokenization import AlbertTokenizerWithOffsets  # noqa: E402
import squad2_data  # noqa: E402

MAX_ANSWER_TOKENS = 30
N_BEST = 20


def normalize(text):
    text = text.lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def f1(prediction, gold):
    p, g = normalize(prediction).split(), normalize(gold).split()
    if not p or not g:
        return float(p == g)
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def windows(tokenizer, question, context):
    """The reader's windows (squad2_data.features' layout) with what maps them back to text."""
    q_ids = tokenizer.tokenize(question)[0][:squad2_data.MAX_QUERY]
    c_ids, _, c_ranges = tokenizer.tokenize(context)
    max_context = squad2_data.MAX_SEQ - len(q_ids) - 3
    out, offset = [], 0
    while True:
        length = min(max_context, len(c_ids) - offset)
        ids = [tokenizer.cls_id] + q_ids + [tokenizer.sep_id] + c_ids[offset:offset + length] + [tokenizer.sep_id]
        types = [0] * (len(q_ids) + 2) + [1] * (length + 1)
        out.append((ids, types, offset, len(q_ids) + 2, length))
        if offset + length >= len(c_ids):
            break
        offset += min(length, squad2_data.DOC_STRIDE)
    return out, c_ranges


@torch.no_grad()
def read(model, tokenizer, articles, device, batch=256):
    """For every question: (gold answers, best span text, best span score, null score)."""
    items = []
    for article in articles:
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            for qa in paragraph["qas"]:
                wins, ranges = windows(tokenizer, qa["question"], context)
                items.append((qa, context, wins, ranges))
    flat = [(i, w) for i, (_, _, wins, _) in enumerate(items) for w in wins]
    logits = [None] * len(flat)
    order = sorted(range(len(flat)), key=lambda k: len(flat[k][1][0]))
    for lo in range(0, len(order), batch):
        chunk = order[lo:lo + batch]
        width = max(len(flat[k][1][0]) for k in chunk)
        ids = torch.full((len(chunk), width), tokenizer.pad_id, dtype=torch.long)
        types = torch.zeros_like(ids)
        mask = torch.zeros_like(ids)
        for row, k in enumerate(chunk):
            n = len(flat[k][1][0])
            ids[row, :n] = torch.tensor(flat[k][1][0])
            types[row, :n] = torch.tensor(flat[k][1][1])
            mask[row, :n] = 1
        out = model(input_ids=ids.to(device), token_type_ids=types.to(device), attention_mask=mask.to(device))
        starts, ends = out.start_logits.float().cpu(), out.end_logits.float().cpu()
        for row, k in enumerate(chunk):
            logits[k] = (starts[row], ends[row])
    results = []
    position = 0
    for qa, context, wins, ranges in items:
        best, best_text, null = -1e9, "", 1e9
        for ids, types, offset, first, length in wins:
            s, e = logits[position]
            position += 1
            null = min(null, float(s[0] + e[0]))
            top_s = torch.topk(s[first:first + length], min(N_BEST, length)).indices.tolist()
            top_e = torch.topk(e[first:first + length], min(N_BEST, length)).indices.tolist()
            for a in top_s:
                for b in top_e:
                    if b < a or b - a + 1 > MAX_ANSWER_TOKENS:
                        continue
                    score = float(s[first + a] + e[first + b])
                    if score > best:
                        lo_char, hi_char = ranges[offset + a][0], ranges[offset + b][1]
                        best, best_text = score, context[lo_char:hi_char]
        results.append(([a["text"] for a in qa["answers"]], best_text, best, null))
    return results


def closed_f1(results):
    if not results:
        return 0.0
    return 100 * sum(max(f1(text, g) for g in gold) for gold, text, _, _ in results) / len(results)


def no_answer_at_keep(results, keep=0.95):
    """No-answer accuracy at the null threshold that keeps `keep` of the correctly answered
    has-answer questions answered (answered when null - best < threshold)."""
    correct = sorted(null - best for gold, text, best, null in results
                     if gold and max(f1(text, g) for g in gold) >= 0.999)
    unanswerable = [null - best for gold, _, best, null in results if not gold]
    if not correct or not unanswerable:
        return 0.0, 0.0
    threshold = correct[min(len(correct) - 1, int(keep * len(correct)))]
    return 100 * sum(d >= threshold for d in unanswerable) / len(unanswerable), threshold


def measure(model_dir, data, device):
    tokenizer = AlbertTokenizerWithOffsets(Path(model_dir) / "spiece.model")
    model = AlbertForQuestionAnswering.from_pretrained(model_dir, dtype=torch.float32).to(device).eval()
    even, _ = squad2_data.odd_even_articles(squad2_data.load_squad(squad2_data.squad_file(data, "dev-v2.0.json")))
    _, validation = squad2_data.training_and_validation(even)
    v11 = read(model, tokenizer, squad2_data.load_squad(squad2_data.squad_file(data, "dev-v1.1.json")), device)
    val = read(model, tokenizer, validation, device)
    no_answer, threshold = no_answer_at_keep(val)
    answerable = [r for r in val if r[0]]
    return {"model": str(model_dir), "v11_dev_f1": round(closed_f1(v11), 2),
            "validation_has_answer_f1": round(closed_f1(answerable), 2),
            "validation_no_answer_at_keep95": round(no_answer, 2),
            "validation_threshold": round(float(threshold), 3),
            "validation_questions": len(val), "validation_unanswerable": len(val) - len(answerable)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", required=True, help="the starting checkpoint")
    parser.add_argument("runs", nargs="+", help="fine-tuned model directories")
    parser.add_argument("--data", required=True, help="folder with dev-v1.1.json and dev-v2.0.json")
    parser.add_argument("--max-v11-drop", type=float, default=0.4)
    parser.add_argument("--json", help="write the measurements and the choice here")
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    base = measure(args.baseline, args.data, device)
    print(json.dumps(base), flush=True)
    runs = []
    for run in args.runs:
        if not (Path(run) / "model.safetensors").exists():
            print(f"{run}: no model (the run did not finish)", flush=True)
            continue
        runs.append(measure(run, args.data, device))
        print(json.dumps(runs[-1]), flush=True)
    passing = [r for r in runs if r["v11_dev_f1"] >= base["v11_dev_f1"] - args.max_v11_drop]
    chosen = max(passing, key=lambda r: r["validation_no_answer_at_keep95"]) if passing else None
    summary = {"baseline": base, "runs": runs, "rule": f"v11 F1 within {args.max_v11_drop} of the baseline, "
               "then the highest validation no-answer accuracy at 95 % of correct answers kept",
               "chosen": chosen["model"] if chosen else None}
    print("chosen:", summary["chosen"], flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()

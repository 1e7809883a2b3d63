"""Fine-tunes AlbertQA's reader with SQuAD 2.0 semantics ("no answer here" is the [CLS] span),
continuing from the shipped checkpoint. One command (Training/README.md):

    python3 Training/train.py --out /tmp/albert-qa-squad2

On a CPU it sizes itself to --minutes: it times the first steps and sets the number of
training examples (and the linear schedule) from that; on a GPU it uses --examples as given.
Checkpoints are written every --checkpoint-minutes and at the end as a Hugging Face model
directory (config.json, model.safetensors stored as float16 like the shipped model,
spiece.model), which AlbertQA loads with --model.
"""
import argparse
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

import torch
from transformers import AlbertForQuestionAnswering

sys.path.insert(0, str(Path(__file__).resolve().parent))
from albert_tokenization import AlbertTokenizerWithOffsets, check_against_fixtures  # noqa: E402
import squad2_data  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=str(ROOT / "Models/albert-qa-minilm-squad"), help="checkpoint to continue from")
    p.add_argument("--data", default=str(ROOT.parent / "shared/data/squad"), help="folder with train-v1.1.json.gz and dev-v2.0.json")
    p.add_argument("--out", required=True, help="output model directory")
    p.add_argument("--minutes", type=float, default=55, help="CPU: training time to size the run to")
    p.add_argument("--examples", type=int, default=0, help="number of training features (0: sized from --minutes)")
    # Mix of the training examples, as shares of the whole; other paragraphs of the same
    # article fill the rest. The v2 dev unanswerable questions (even half, 3,288) are used at
    # most once each.
    p.add_argument("--positive-share", type=float, default=0.5)
    p.add_argument("--near-miss-share", type=float, default=0.2)
    p.add_argument("--v2-share", type=float, default=0.2)
    p.add_argument("--lr", type=float, default=3e-5)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--warmup", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.add_argument("--checkpoint-minutes", type=float, default=15)
    # Distillation keeps what the v1.1 reader knew: on features whose label is a span, the
    # student also matches the starting checkpoint's start/end distributions (KL at
    # temperature --distill-temperature, weight --distill). The first run, without it, lost
    # 0.58 F1 on v1.1 dev and 1.0 on XQuAD while learning the null score.
    p.add_argument("--distill", type=float, default=0.0, help="weight of the KL to the starting checkpoint on span features (0: off)")
    p.add_argument("--distill-temperature", type=float, default=2.0)
    # A GPU run gives the counts of each kind directly (Training/README.md, "GPU run").
    p.add_argument("--positives", type=int, default=0, help="positive examples (0: --examples x --positive-share)")
    p.add_argument("--near-misses", type=int, default=0, help="near-miss examples (used with --positives)")
    p.add_argument("--other-paragraphs", type=int, default=0, help="other-paragraph examples (used with --positives)")
    p.add_argument("--v2-repeats", type=int, default=1, help="with --positives: times each even-half unanswerable question is seen")
    p.add_argument("--reuse-questions", action="store_true", help="negatives may reuse a positive's question (squad2_data.build_examples)")
    p.add_argument("--hold-out-validation", action="store_true",
                   help="keep every 4th article of the even half out of training (select.py's validation set)")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--stop-after-minutes", type=float, default=0,
                   help="end training after this long (the schedule stays sized for the whole run) and save: a GPU call has a hard limit")
    p.add_argument("--workers", type=int, default=1, help="processes that tokenise the examples")
    p.add_argument("--smoke", action="store_true", help="a few steps on 64 examples, to check the pipeline end to end")
    return p.parse_args()


def batches(features, batch, rng):
    """Batches of similar length (padding costs CPU time), in random order."""
    order = sorted(range(len(features)), key=lambda i: (len(features[i][0]), rng.random()))
    groups = [order[i:i + batch] for i in range(0, len(order), batch)]
    rng.shuffle(groups)
    return groups


def collate(features, indices, pad_id):
    width = max(len(features[i][0]) for i in indices)
    ids = torch.full((len(indices), width), pad_id, dtype=torch.long)
    types = torch.zeros((len(indices), width), dtype=torch.long)
    mask = torch.zeros((len(indices), width), dtype=torch.long)
    starts = torch.tensor([features[i][2] for i in indices])
    ends = torch.tensor([features[i][3] for i in indices])
    for row, i in enumerate(indices):
        n = len(features[i][0])
        ids[row, :n] = torch.tensor(features[i][0])
        types[row, :n] = torch.tensor(features[i][1])
        mask[row, :n] = 1
    return ids, types, mask, starts, ends


_worker_tokenizer = None


def _init_worker(spiece):
    global _worker_tokenizer
    _worker_tokenizer = AlbertTokenizerWithOffsets(spiece)


def _features_of(example):
    _, q, c, s, t = example
    return squad2_data.features(_worker_tokenizer, q, c, s, t)


def save(model, source_dir, out_dir, meta):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    half = AlbertForQuestionAnswering.from_pretrained(source_dir, dtype=torch.float32)
    half.load_state_dict(model.state_dict())
    half = half.to(torch.float16)
    half.save_pretrained(out, safe_serialization=True)
    shutil.copy(Path(source_dir) / "spiece.model", out / "spiece.model")
    (out / "training.json").write_text(json.dumps(meta, indent=2) + "\n")


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    tokenizer = AlbertTokenizerWithOffsets(Path(args.model) / "spiece.model")
    fixtures = ROOT / "Tests/Fixtures/tokenizer-cases.json"
    if fixtures.exists():
        bad, total = check_against_fixtures(tokenizer, fixtures)
        print(f"tokenizer: {total - bad}/{total} fixture cases identical to transformers", flush=True)
        if bad:
            sys.exit("tokenizer differs from transformers' AlbertTokenizer: refusing to train")

    train = squad2_data.load_squad(Path(args.data) / "train-v1.1.json.gz")
    even, _ = squad2_data.odd_even_articles(squad2_data.load_squad(squad2_data.squad_file(args.data, "dev-v2.0.json")))
    if args.hold_out_validation:
        even, _ = squad2_data.training_and_validation(even)
    model = AlbertForQuestionAnswering.from_pretrained(args.model, dtype=torch.float32)
    model.train()
    cuda = torch.cuda.is_available()
    device = torch.device("cuda" if cuda else "cpu")
    model.to(device)
    teacher = None
    if args.distill > 0:
        teacher = AlbertForQuestionAnswering.from_pretrained(args.model, dtype=torch.float32).to(device).eval()
        for parameter in teacher.parameters():
            parameter.requires_grad_(False)

    # Generous pools; the run takes what its size allows, in the chosen shares.
    explicit = args.positives > 0
    counts = ({"positive": args.positives, "near_miss": args.near_misses, "other_paragraph": args.other_paragraphs}
              if explicit else {"positive": 40000, "near_miss": 20000, "other_paragraph": 12000})
    pool = squad2_data.build_examples(train, even, counts, seed=args.seed, reuse_questions=args.reuse_questions)
    print("pool:", {k: len(v) for k, v in pool.items()}, flush=True)

    def featurize(examples):
        if args.workers > 1 and len(examples) > 1000:
            import multiprocessing
            with multiprocessing.get_context("fork").Pool(args.workers, _init_worker,
                                                          (str(Path(args.model) / "spiece.model"),)) as workers:
                return [f for fs in workers.map(_features_of, examples, chunksize=256) for f in fs]
        out = []
        for _, q, c, s, t in examples:
            out.extend(squad2_data.features(tokenizer, q, c, s, t))
        return out

    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    autocast = torch.autocast(device_type=device.type, dtype=torch.bfloat16)

    def step(ids, types, mask, starts, ends):
        ids, types, mask = ids.to(device), types.to(device), mask.to(device)
        with autocast:
            out = model(input_ids=ids, token_type_ids=types, attention_mask=mask,
                        start_positions=starts.to(device), end_positions=ends.to(device))
        loss = out.loss
        spans = starts != 0
        if teacher is not None and bool(spans.any()):
            with torch.no_grad(), autocast:
                reference = teacher(input_ids=ids[spans], token_type_ids=types[spans], attention_mask=mask[spans])
            t = args.distill_temperature
            padding = (mask[spans] == 0)
            kl = 0.0
            for student_logits, teacher_logits in ((out.start_logits[spans], reference.start_logits),
                                                   (out.end_logits[spans], reference.end_logits)):
                s_log = torch.log_softmax(student_logits.float().masked_fill(padding, -1e4) / t, dim=-1)
                t_prob = torch.softmax(teacher_logits.float().masked_fill(padding, -1e4) / t, dim=-1)
                kl = kl + torch.nn.functional.kl_div(s_log, t_prob, reduction="batchmean") * t * t / 2
            loss = loss + args.distill * kl * spans.float().mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss.item()

    # Size the run: time a few steps on a sample of the mix (they count as training).
    total_examples = args.examples
    if not total_examples and not explicit:
        probe = featurize(pool["positive"][:48] + pool["near_miss"][:24] + pool["v2_unanswerable"][:24])
        for group in batches(probe, args.batch, rng)[:2]:  # warm-up, not timed
            for g in optimizer.param_groups:
                g["lr"] = args.lr * 0.01
            step(*collate(probe, group, tokenizer.pad_id))
        timed = batches(probe, args.batch, rng)[:4]
        start = time.time()
        for group in timed:
            step(*collate(probe, group, tokenizer.pad_id))
        per_feature = (time.time() - start) / sum(len(g) for g in timed)
        total_examples = int(args.minutes * 60 / per_feature)
        print(f"{per_feature:.3f} s a feature: {total_examples} features in {args.minutes} min", flush=True)

    if explicit:
        unanswerable = pool["v2_unanswerable"] * args.v2_repeats
        n_pos, n_near, n_other = args.positives, args.near_misses, args.other_paragraphs
        if args.smoke:
            unanswerable, n_pos, n_near, n_other = unanswerable[:16], 24, 16, 8
    else:
        unanswerable = rng.sample(pool["v2_unanswerable"], min(len(pool["v2_unanswerable"]), int(total_examples * args.v2_share)))
        if args.smoke:
            total_examples, unanswerable = 64, unanswerable[:16]
        n_pos = int(total_examples * args.positive_share)
        n_near = int(total_examples * args.near_miss_share)
        n_other = max(0, total_examples - n_pos - n_near - len(unanswerable))
    chosen = (pool["positive"][:n_pos] + pool["near_miss"][:n_near] + pool["other_paragraph"][:n_other] + unanswerable)
    mix = {"positive": min(n_pos, len(pool["positive"])), "near_miss": min(n_near, len(pool["near_miss"])),
           "other_paragraph": min(n_other, len(pool["other_paragraph"])), "v2_unanswerable_even_half": len(unanswerable)}
    feats = featurize(chosen)
    null_share = sum(1 for f in feats if f[2] == 0) / len(feats)
    print(f"mix (examples): {mix}; {len(feats)} features, {100 * null_share:.1f} % labelled [CLS]", flush=True)

    groups = [g for _ in range(args.epochs) for g in batches(feats, args.batch, rng)]
    total_steps = len(groups)
    warmup = max(1, int(total_steps * args.warmup))
    meta = {"continued_from": "albert-qa-minilm-squad", "mix_examples": mix, "features": len(feats),
            "null_label_share": round(null_share, 4), "lr": args.lr, "batch": args.batch, "warmup": args.warmup,
            "epochs": args.epochs, "reuse_questions": args.reuse_questions,
            "v2_repeats": args.v2_repeats if explicit else 1,
            "validation_held_out": args.hold_out_validation, "max_seq": squad2_data.MAX_SEQ, "doc_stride": squad2_data.DOC_STRIDE,
            "max_query": squad2_data.MAX_QUERY, "seed": args.seed, "device": device.type,
            "threads": args.threads, "autocast": "bfloat16", "distill": args.distill,
            "distill_temperature": args.distill_temperature}
    started = time.time()
    last_checkpoint = started
    running = None
    steps_done = total_steps
    for n, group in enumerate(groups):
        if args.stop_after_minutes and time.time() - started > args.stop_after_minutes * 60:
            steps_done = n
            print(f"stopped after {n}/{total_steps} steps (--stop-after-minutes)", flush=True)
            break
        # Progress through the schedule: by steps, or by the clock when a time limit will end the
        # run first, so warm-up and the linear decay to 0 fit what the limit allows.
        progress = (n + 1) / total_steps
        if args.stop_after_minutes:
            progress = max(progress, (time.time() - started) / (args.stop_after_minutes * 60))
        scale = (min(1.0, (progress + 1e-9) / args.warmup) if progress < args.warmup
                 else max(0.0, (1 - progress) / (1 - args.warmup)))
        for g in optimizer.param_groups:
            g["lr"] = args.lr * scale
        loss = step(*collate(feats, group, tokenizer.pad_id))
        running = loss if running is None else 0.98 * running + 0.02 * loss
        if n % 25 == 0 or n == total_steps - 1:
            elapsed = time.time() - started
            eta = elapsed / (n + 1) * (total_steps - n - 1)
            print(f"step {n + 1}/{total_steps} loss {running:.4f} lr {args.lr * scale:.2e} "
                  f"elapsed {elapsed / 60:.1f} min eta {eta / 60:.1f} min", flush=True)
        if time.time() - last_checkpoint > args.checkpoint_minutes * 60:
            save(model, args.model, Path(args.out) / "checkpoint", {**meta, "steps_done": n + 1, "steps": total_steps})
            last_checkpoint = time.time()
    meta.update({"steps": total_steps, "steps_done": steps_done, "minutes": round((time.time() - started) / 60, 1)})
    save(model, args.model, args.out, meta)
    print(f"saved {args.out}", flush=True)


if __name__ == "__main__":
    main()

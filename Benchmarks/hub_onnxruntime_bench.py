#!/usr/bin/env python3
"""The reader's latency per window for each Hugging Face family `--model` reads, next to ONNX
Runtime's on the same model, measured in the same run (issue 24).

For each family a random model of a published reader's size is made by transformers from a
config (no download; random weights time like trained ones), saved as model.safetensors with
a placeholder vocab.txt, exported to ONNX (torch.onnx.export, fixed 1 × seq shape), and timed
on the synthetic window `albertqa bench` uses, with intra-op threads = cores:

  onnxruntime fp32   all graph optimisations on (ORT fuses attention, GELU and LayerNorm)
  onnxruntime int8   the same graph through onnxruntime.quantization.quantize_dynamic
  albertqa K P       `albertqa bench --model DIR --precision P --json` (Benchmarks/onnxruntime_bench.py's runner)

in --rounds rounds, each engine once per round, and prints min / median ms per window and each
median's ratio to ONNX Runtime fp32's for the same family. Sizes (--size base):

  bert         BERT-base (bert-base-cased-squad2 …): H 768, 12 layers, 12 heads, I 3072
  distilbert   DistilBERT-base (distilbert-base-cased-distilled-squad): dim 768, 6 layers
  roberta      RoBERTa-base (deepset/roberta-base-squad2): BERT-base with 514 positions
  xlm-roberta  XLM-R-base's layers (the 250k vocabulary is left out: a lookup, not compute)
  electra      ELECTRA-small discriminator (E 128 → H 256, 12 layers, 4 heads): the
               embeddings_project path; ELECTRA-base times as BERT-base
Vocabularies are 1,000 tokens (the embedding lookup is not what is timed). --size tiny takes
the fixtures' sizes (hidden 32, 2 layers) for a quick check.

Pinned: torch 2.15.0, transformers 5.24.0, onnx 1.23.2, onnxruntime 1.32.0.
usage: swift build -c release --product albertqa
       python3 Benchmarks/hub_onnxruntime_bench.py [--families bert,distilbert,roberta,xlm-roberta,electra]
              [--size base|tiny] [--seq 384] [--runs 5] [--rounds 2] [--precision fp32,int8] [--json]
"""
import argparse
import json
import logging
import os
import statistics
import sys
import tempfile

import numpy as np
import onnxruntime as ort
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import (BertConfig, BertForQuestionAnswering, DistilBertConfig, DistilBertForQuestionAnswering,
                          ElectraConfig, ElectraForQuestionAnswering, RobertaConfig, RobertaForQuestionAnswering,
                          XLMRobertaConfig, XLMRobertaForQuestionAnswering)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnxruntime_bench import time_albertqa, time_session  # noqa: E402

VOCAB = 1000


def make_model(family, size):
    base = dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072)
    if size == "tiny":
        base = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64)
    if family == "bert":
        return BertForQuestionAnswering(BertConfig(vocab_size=VOCAB, **base))
    if family == "distilbert":
        return DistilBertForQuestionAnswering(DistilBertConfig(
            vocab_size=VOCAB, dim=base["hidden_size"], n_layers=6 if size == "base" else 2,
            n_heads=base["num_attention_heads"], hidden_dim=base["intermediate_size"]))
    if family == "roberta":
        return RobertaForQuestionAnswering(RobertaConfig(vocab_size=VOCAB, max_position_embeddings=514, type_vocab_size=1, **base))
    if family == "xlm-roberta":
        return XLMRobertaForQuestionAnswering(XLMRobertaConfig(vocab_size=VOCAB, max_position_embeddings=514, type_vocab_size=1, **base))
    if family == "electra":
        small = dict(embedding_size=128, hidden_size=256, num_hidden_layers=12, num_attention_heads=4, intermediate_size=1024)
        if size == "tiny":
            small = dict(embedding_size=16, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64)
        return ElectraForQuestionAnswering(ElectraConfig(vocab_size=VOCAB, **small))
    raise SystemExit(f"unknown family {family}")


def window(family, n):
    """`albertqa bench`'s synthetic window (ReaderBenchmark.Session) in the family's layout."""
    q = min(16, n // 4)
    ids = [5 + (i * 7919) % (VOCAB - 5) for i in range(n)]
    roberta = "roberta" in family
    if roberta:
        ids[0], ids[q + 1], ids[q + 2], ids[n - 1] = 0, 2, 2, 2
    else:
        ids[0], ids[q + 1], ids[n - 1] = 2, 3, 3
    feed = {"input_ids": np.array([ids], np.int64), "attention_mask": np.ones((1, n), np.int64)}
    if family in ("bert", "electra"):
        feed["token_type_ids"] = np.array([[1 if i > q + 1 else 0 for i in range(n)]], np.int64)
    return feed


def export(family, model, folder, n):
    model.eval().save_pretrained(folder)
    with open(os.path.join(folder, "vocab.txt"), "w") as file:  # the WordPiece families' tokenizer file
        file.writelines(token + "\n" for token in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [f"t{i}" for i in range(5, VOCAB)])
    feed = window(family, n)
    names = list(feed)
    path = os.path.join(folder, "model.onnx")
    with torch.no_grad():
        torch.onnx.export(model, tuple(torch.tensor(feed[name]) for name in names), path, input_names=names,
                          output_names=["start_logits", "end_logits"], dynamo=False)
        reference = model(**{name: torch.tensor(value) for name, value in feed.items()})
    return path, feed, reference.start_logits[0].numpy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", default="bert,distilbert,roberta,xlm-roberta,electra")
    parser.add_argument("--size", choices=["base", "tiny"], default="base")
    parser.add_argument("--seq", type=int, default=384)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per engine per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--albertqa", default=".build/release/albertqa")
    parser.add_argument("--kernels", default="auto")
    parser.add_argument("--precision", default="fp32,int8")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.manual_seed(24)
    logging.getLogger().setLevel(logging.ERROR)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = os.cpu_count()
    table = []
    for family in args.families.split(","):
        with tempfile.TemporaryDirectory() as folder:
            path, feed, reference = export(family, make_model(family, args.size), folder, args.seq)
            int8 = path.replace(".onnx", "-int8.onnx")
            quantize_dynamic(path, int8, weight_type=QuantType.QInt8)
            sessions = {name: ort.InferenceSession(file, options, providers=["CPUExecutionProvider"])
                        for name, file in [("onnxruntime fp32", path), ("onnxruntime int8", int8)]}
            error = float(np.abs(sessions["onnxruntime fp32"].run(None, feed)[0][0] - reference).max())
            assert error < 1e-3, f"{family}: ONNX export differs from transformers by {error}"
            times = {}
            for _ in range(args.rounds):
                for name, session in sessions.items():
                    times.setdefault(name, []).extend(time_session(session, feed, args.runs))
                for engine, runs in time_albertqa(args.albertqa, folder, args.seq, args.runs, args.kernels, args.precision).items():
                    times.setdefault(f"albertqa {engine}", []).extend(runs)
            anchor = statistics.median(times["onnxruntime fp32"])
            for name, runs in times.items():
                table.append({"family": family, "engine": name, "ms_min": round(min(runs), 2),
                              "ms_median": round(statistics.median(runs), 2),
                              "median_vs_onnxruntime_fp32": round(statistics.median(runs) / anchor, 3), "runs": len(runs)})
    if args.json:
        print(json.dumps({"seq": args.seq, "size": args.size, "threads": options.intra_op_num_threads,
                          "onnxruntime": ort.__version__, "results": table}, indent=1))
        return
    print(f"one {args.seq}-token window, {args.size} sizes, {options.intra_op_num_threads} threads, "
          f"{args.rounds} rounds x {args.runs} runs per engine (onnxruntime {ort.__version__})")
    print(f"{'family':<12} {'engine':<24} {'min ms':>8} {'median ms':>10} {'vs ORT fp32':>12}")
    for row in table:
        print(f"{row['family']:<12} {row['engine']:<24} {row['ms_min']:>8.2f} {row['ms_median']:>10.2f} {row['median_vs_onnxruntime_fp32']:>11.2f}x")


if __name__ == "__main__":
    main()

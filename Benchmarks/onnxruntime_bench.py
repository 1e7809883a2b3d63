#!/usr/bin/env python3
"""The reader's latency per window next to ONNX Runtime's, measured in the same run.

No PyTorch here (PyPI's torch wheel is gigabytes): the script writes the ALBERT graph itself
with `onnx.helper`, from the model's safetensors (fp32), the same computation as HF's
AlbertForQuestionAnswering (exact GELU via Erf, LayerNorm, fused nothing), checks the logits
against the Swift reader's test fixture, then times, on the synthetic window `albertqa bench`
uses, with intra-op threads = cores:

  onnxruntime fp32   all graph optimisations on (ORT fuses attention, GELU and LayerNorm)
  onnxruntime int8   the same graph through onnxruntime.quantization.quantize_dynamic
                     (int8 weights, uint8 activations quantised at run time)
  albertqa K P       `albertqa bench --kernels K --precision all --json`: each precision of
                     each kernel table asked for (--kernels, default all this CPU runs)

in --rounds rounds, each engine once per round (so that a slow spell of a shared machine hits
all of them), and prints min / median ms per window over all runs and each median's ratio to
ONNX Runtime fp32's.

usage: pip install onnx onnxruntime numpy safetensors
       swift build -c release
       python3 Benchmarks/onnxruntime_bench.py [--model Models/albert-qa-minilm-squad] [--seq 384]
                                               [--runs 20] [--rounds 3] [--albertqa .build/release/albertqa]
                                               [--kernels all|avx512,avx2,...] [--precision all|fp32,int8,...]
"""
import argparse
import json
import logging
import os
import statistics
import subprocess
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic
from safetensors.numpy import load_file


def build_graph(config, weights):
    E, H = config["embedding_size"], config["hidden_size"]
    heads = config["num_attention_heads"]
    d = H // heads
    eps = config.get("layer_norm_eps", 1e-12)
    layers, groups, inner = config["num_hidden_layers"], config["num_hidden_groups"], config.get("inner_group_num", 1)
    nodes, inits = [], []
    counter = [0]

    def name(prefix):
        counter[0] += 1
        return f"{prefix}_{counter[0]}"

    def const(array, prefix="c"):
        n = name(prefix)
        inits.append(numpy_helper.from_array(np.asarray(array), n))
        return n

    def op(kind, inputs, **attrs):
        out = name(kind)
        nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    W = {k: const(v.astype(np.float32), k.replace(".", "_")) for k, v in weights.items() if v.ndim == 1 or "embeddings" in k}

    def linear(x, prefix):
        wt = const(weights[prefix + ".weight"].astype(np.float32).T.copy(), "wt")
        return op("Add", [op("MatMul", [x, wt]), W[prefix + ".bias"]])

    def layer_norm(x, prefix):
        return op("LayerNormalization", [x, W[prefix + ".weight"], W[prefix + ".bias"]], axis=-1, epsilon=eps)

    ids, types = "input_ids", "token_type_ids"
    positions = op("Range", [const(np.array(0, np.int64)), op("Gather", [op("Shape", [ids]), const(np.array(1, np.int64))]), const(np.array(1, np.int64))])
    emb = op("Add", [op("Add", [op("Gather", [W["albert.embeddings.word_embeddings.weight"], ids]),
                                op("Gather", [W["albert.embeddings.token_type_embeddings.weight"], types])]),
                     op("Gather", [W["albert.embeddings.position_embeddings.weight"], positions])])
    x = linear(layer_norm(emb, "albert.embeddings.LayerNorm"), "albert.encoder.embedding_hidden_mapping_in")
    split_shape = const(np.array([0, -1, heads, d], np.int64))
    merge_shape = const(np.array([0, -1, H], np.int64))
    scale = const(np.array(1.0 / np.sqrt(d), np.float32))
    for i in range(layers):
        g = int(i / (layers / groups))
        for k in range(inner):
            p = f"albert.encoder.albert_layer_groups.{g}.albert_layers.{k}"
            q, kk, v = (op("Transpose", [op("Reshape", [linear(x, f"{p}.attention.{t}"), split_shape])], perm=[0, 2, 1, 3]) for t in ("query", "key", "value"))
            scores = op("Mul", [op("MatMul", [q, op("Transpose", [kk], perm=[0, 1, 3, 2])]), scale])
            ctx = op("MatMul", [op("Softmax", [scores], axis=-1), v])
            ctx = op("Reshape", [op("Transpose", [ctx], perm=[0, 2, 1, 3]), merge_shape])
            attn = layer_norm(op("Add", [x, linear(ctx, f"{p}.attention.dense")]), f"{p}.attention.LayerNorm")
            h = linear(attn, f"{p}.ffn")
            h = op("Mul", [op("Mul", [h, const(np.array(0.5, np.float32))]),
                           op("Add", [op("Erf", [op("Mul", [h, const(np.array(1 / np.sqrt(2), np.float32))])]), const(np.array(1.0, np.float32))])])
            x = layer_norm(op("Add", [attn, linear(h, f"{p}.ffn_output")]), f"{p}.full_layer_layer_norm")
    logits = linear(x, "qa_outputs")
    nodes.append(helper.make_node("Identity", [logits], ["logits"]))
    graph = helper.make_graph(
        nodes, "albert_qa",
        [helper.make_tensor_value_info(ids, TensorProto.INT64, [1, None]), helper.make_tensor_value_info(types, TensorProto.INT64, [1, None])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, None, 2])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def check_against_fixture(session, fixture, tolerance):
    """Largest |logit − transformers' logit| on the fixture's first case."""
    case = json.load(open(fixture))["cases"][0]["features"][0]
    out = session.run(None, {"input_ids": np.array([case["input_ids"]], np.int64),
                             "token_type_ids": np.array([case["token_type_ids"]], np.int64)})[0][0]
    error = max(np.abs(out[:, 0] - case["start_logits"]).max(), np.abs(out[:, 1] - case["end_logits"]).max())
    if tolerance is not None:
        assert error < tolerance, f"ONNX graph differs from transformers by {error}"
    return float(error)


def time_session(session, feed, runs):
    for _ in range(2):
        session.run(None, feed)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        session.run(None, feed)
        times.append((time.perf_counter() - start) * 1000)
    return times


def time_albertqa(binary, model, seq, runs, kernels, precision):
    """{"kernels precision": [ms per run]} from one `albertqa bench --precision P` process."""
    out = subprocess.run([binary, "bench", "--precision", precision, "--kernels", kernels, "--json", "--model", model,
                          "--seq", str(seq), "--runs", str(runs)], check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    rows = report.get("results", [report])
    return {f"{row['kernels']} {row['precision']}": row["ms_runs"] for row in rows}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="Models/albert-qa-minilm-squad")
    parser.add_argument("--seq", type=int, default=384)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per engine per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--albertqa", default=".build/release/albertqa", help="the binary to time ('' for ONNX Runtime alone)")
    parser.add_argument("--kernels", default="simd", help="albertqa's kernel tables: simd (every one this CPU runs but the slow reference), all, or a comma-separated list")
    parser.add_argument("--precision", default="all", help="albertqa's precisions: all, or a comma-separated list (fp32,bf16,int8)")
    parser.add_argument("--fixture", default="Tests/Fixtures/default-model-cases.json")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    args = parser.parse_args()
    config = json.load(open(os.path.join(args.model, "config.json")))
    weights = load_file(os.path.join(args.model, "model.safetensors"))
    model = build_graph(config, weights)

    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = os.cpu_count()
    sessions = {"onnxruntime fp32": ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])}
    with tempfile.TemporaryDirectory() as folder:
        fp32_path, int8_path = os.path.join(folder, "albert.onnx"), os.path.join(folder, "albert-int8.onnx")
        onnx.save(model, fp32_path)
        logging.getLogger().setLevel(logging.ERROR)  # quantize_dynamic's advice to pre-process
        quantize_dynamic(fp32_path, int8_path, weight_type=QuantType.QInt8)
        sessions["onnxruntime int8"] = ort.InferenceSession(int8_path, options, providers=["CPUExecutionProvider"])

    # The fp32 graph is checked against transformers' logits before anything is timed; the
    # int8 graph's distance from them is reported.
    logit_error = {}
    if os.path.exists(args.fixture):
        logit_error["onnxruntime fp32"] = check_against_fixture(sessions["onnxruntime fp32"], args.fixture, 2e-3)
        logit_error["onnxruntime int8"] = check_against_fixture(sessions["onnxruntime int8"], args.fixture, None)

    vocab = config["vocab_size"]
    n, q = args.seq, min(16, args.seq // 4)
    ids = np.array([[5 + (i * 7919) % (vocab - 5) for i in range(n)]], np.int64)
    types = np.array([[1 if i > q + 1 else 0 for i in range(n)]], np.int64)
    ids[0, 0], ids[0, q + 1], ids[0, n - 1] = 2, 3, 3
    feed = {"input_ids": ids, "token_type_ids": types}

    kernels = args.kernels
    if args.albertqa and kernels == "simd":  # the tables this CPU runs, from a tiny bench
        out = subprocess.run([args.albertqa, "bench", "--kernels", "all", "--precision", "fp32", "--json", "--model", args.model,
                              "--seq", "8", "--runs", "1"], check=True, capture_output=True, text=True).stdout
        report = json.loads(out)
        kernels = ",".join(row["kernels"] for row in report.get("results", [report]) if row["kernels"] != "reference") or "reference"

    times = {}
    for _ in range(args.rounds):
        for name, session in sessions.items():
            times.setdefault(name, []).extend(time_session(session, feed, args.runs))
        if args.albertqa:
            for engine, runs in time_albertqa(args.albertqa, args.model, n, args.runs, kernels, args.precision).items():
                times.setdefault(f"albertqa {engine}", []).extend(runs)

    anchor = statistics.median(times["onnxruntime fp32"])
    table = [{"engine": name, "ms_min": round(min(runs), 2), "ms_median": round(statistics.median(runs), 2),
              "median_vs_onnxruntime_fp32": round(statistics.median(runs) / anchor, 3), "runs": len(runs)}
             for name, runs in times.items()]
    if args.json:
        print(json.dumps({"seq": n, "threads": options.intra_op_num_threads, "onnxruntime": ort.__version__,
                          "logit_error_vs_transformers": logit_error, "results": table}, indent=1))
        return
    print(f"one {n}-token window, {options.intra_op_num_threads} threads, {args.rounds} rounds x {args.runs} runs per engine "
          f"(onnxruntime {ort.__version__})")
    print(f"{'engine':<26} {'min ms':>8} {'median ms':>10} {'vs ORT fp32':>12}")
    for row in table:
        print(f"{row['engine']:<26} {row['ms_min']:>8.2f} {row['ms_median']:>10.2f} {row['median_vs_onnxruntime_fp32']:>11.2f}x")
    for name, error in logit_error.items():
        print(f"{name}: largest logit difference from transformers on the fixture case: {error:.4f}")


if __name__ == "__main__":
    main()

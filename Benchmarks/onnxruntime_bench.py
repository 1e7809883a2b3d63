#!/usr/bin/env python3
"""ONNX Runtime's latency for one window of an ALBERT QA model — the anchor for `albertqa bench`.

No PyTorch here (PyPI's torch wheel is gigabytes): the script writes the ALBERT graph itself
with `onnx.helper`, from the model's safetensors (fp32), the same computation as HF's
AlbertForQuestionAnswering (exact GELU via Erf, LayerNorm, fused nothing), checks the logits
against the Swift reader's test fixture, and times ONNX Runtime with all graph optimisations
on, intra-op threads = cores, on the same synthetic window `albertqa bench` uses.

usage: pip install onnx onnxruntime numpy safetensors
       python3 Benchmarks/onnxruntime_bench.py [--model Models/albert-qa-minilm-squad] [--seq 384] [--runs 20]
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="Models/albert-qa-minilm-squad")
    parser.add_argument("--seq", type=int, default=384)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--fixture", default="Tests/Fixtures/default-model-cases.json")
    args = parser.parse_args()
    config = json.load(open(os.path.join(args.model, "config.json")))
    weights = load_file(os.path.join(args.model, "model.safetensors"))
    model = build_graph(config, weights)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = os.cpu_count()
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])

    # The graph is checked against transformers' logits before it is timed.
    if os.path.exists(args.fixture):
        case = json.load(open(args.fixture))["cases"][0]["features"][0]
        out = session.run(None, {"input_ids": np.array([case["input_ids"]], np.int64), "token_type_ids": np.array([case["token_type_ids"]], np.int64)})[0][0]
        error = max(np.abs(out[:, 0] - case["start_logits"]).max(), np.abs(out[:, 1] - case["end_logits"]).max())
        assert error < 2e-3, f"ONNX graph differs from transformers by {error}"

    vocab = config["vocab_size"]
    n, q = args.seq, min(16, args.seq // 4)
    ids = np.array([[5 + (i * 7919) % (vocab - 5) for i in range(n)]], np.int64)
    types = np.array([[1 if i > q + 1 else 0 for i in range(n)]], np.int64)
    ids[0, 0], ids[0, q + 1], ids[0, n - 1] = 2, 3, 3
    feed = {"input_ids": ids, "token_type_ids": types}
    for _ in range(2):
        session.run(None, feed)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        session.run(None, feed)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"engine": f"onnxruntime {ort.__version__} fp32", "ms_min": round(min(times), 3),
                      "ms_median": round(statistics.median(times), 3), "seq": n, "threads": options.intra_op_num_threads}))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes Tests/Fixtures/checkpoints/: one tiny random ALBERT QA model (vocabulary 99, so the
tokenizer is not used: the tests compare tensors and logits) in every weight format
CheckpointTensors reads, plus hostile pytorch_model.bin files the restricted unpickler must
refuse without running anything.

    safetensors/   config.json, model.safetensors           (fp32, save_pretrained)
    sharded/       model.safetensors.index.json + shards    (save_pretrained, max_shard_size 8KB)
    bin/           pytorch_model.bin                         (fp32, torch.save of a plain dict: what transformers 4's
                                                             save_pretrained(safe_serialization=False) wrote; 5 writes safetensors)
    bin-fp16/      pytorch_model.bin                         (fp16, torch.save(state_dict()): an OrderedDict with _metadata)
    reference.json input ids and HF's start/end logits (fp32)
    hostile/<case>/pytorch_model.bin (+ config.json)
and Fuzz/corpus/torch-pickle/: each fixture's data.pkl.

Pinned: torch 2.15.0, transformers 5.24.0, safetensors 0.8.0 (what made the committed files).
Run from the repository root: python3 Scripts/make-checkpoint-fixtures.py
"""
import io, json, os, shutil, zipfile

import torch
from transformers import AlbertConfig, AlbertForQuestionAnswering

OUT = "Tests/Fixtures/checkpoints"
# A file the hostile pickles would create if anything ran them; the tests check it never appears.
PWNED = "/tmp/albertqa-checkpoint-fixture-pwned"

def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    torch.manual_seed(24)
    config = AlbertConfig(vocab_size=99, embedding_size=16, hidden_size=32, num_hidden_layers=2,
                          num_attention_heads=2, intermediate_size=37, max_position_embeddings=64,
                          hidden_act="gelu_new", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                          classifier_dropout_prob=0.0)
    model = AlbertForQuestionAnswering(config).eval()
    # Larger than the 0.02 initialisation, so that the logits differ visibly between tokens.
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.1)
    model.save_pretrained(f"{OUT}/safetensors")
    model.save_pretrained(f"{OUT}/sharded", max_shard_size="8KB")
    for folder in ["bin", "bin-fp16"]:
        os.makedirs(f"{OUT}/{folder}")
        shutil.copy(f"{OUT}/safetensors/config.json", f"{OUT}/{folder}/config.json")
    torch.save(dict(model.state_dict()), f"{OUT}/bin/pytorch_model.bin")

    ids = [2, 10, 11, 12, 3, 20, 21, 22, 23, 24, 25, 3]
    types = [0] * 5 + [1] * 7
    with torch.no_grad():
        out = model(input_ids=torch.tensor([ids]), token_type_ids=torch.tensor([types]))
    json.dump({"input_ids": ids, "token_type_ids": types,
               "start_logits": out.start_logits[0].tolist(), "end_logits": out.end_logits[0].tolist()},
              open(f"{OUT}/reference.json", "w"), indent=1)
    # Last: .half() rounds the model's own weights.
    torch.save(model.half().state_dict(), f"{OUT}/bin-fp16/pytorch_model.bin")
    hostile()
    fuzz_corpus()

def fuzz_corpus():
    """Every fixture's data.pkl seeds the torch-pickle fuzz harness (Fuzz/corpus/torch-pickle)."""
    corpus = "Fuzz/corpus/torch-pickle"
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    for root, _, files in sorted(os.walk(OUT)):
        if "pytorch_model.bin" in files and zipfile.is_zipfile(f"{root}/pytorch_model.bin"):
            archive = zipfile.ZipFile(f"{root}/pytorch_model.bin")
            pickle = next(name for name in archive.namelist() if name.endswith("/data.pkl"))
            open(f"{corpus}/{os.path.basename(root)}.pkl", "wb").write(archive.read(pickle))

def write_zip(case, entries):
    os.makedirs(f"{OUT}/hostile/{case}")
    shutil.copy(f"{OUT}/safetensors/config.json", f"{OUT}/hostile/{case}/config.json")
    with zipfile.ZipFile(f"{OUT}/hostile/{case}/pytorch_model.bin", "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(f"archive/{name}", data)

def torch_entries(state):
    buffer = io.BytesIO()
    torch.save(state, buffer)
    archive = zipfile.ZipFile(buffer)
    return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}

def hostile():
    command = f"touch {PWNED}".encode()
    # GLOBAL os.system, called by REDUCE on ("touch …",).
    write_zip("os-system", {"data.pkl": b"\x80\x02cos\nsystem\nX" + len(command).to_bytes(4, "little") + command + b"\x85R.",
                            "version": b"3\n"})
    # builtins.eval by STACK_GLOBAL, REDUCE on an expression that would create the file.
    expression = f"open('{PWNED}', 'w')".encode()
    write_zip("builtins-eval", {"data.pkl": b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93X" + len(expression).to_bytes(4, "little")
                                + expression + b"\x85R.", "version": b"3\n"})
    state = {"weight": torch.arange(10, dtype=torch.float32)[5:]}
    good = torch_entries(state)
    # A real state dict's pickle cut in half.
    truncated = dict(good)
    truncated["data.pkl"] = good["data.pkl"][: len(good["data.pkl"]) // 2]
    write_zip("truncated", truncated)
    # The view of elements 5..<10 moved to start at element 9: past its 10-element storage.
    past = dict(good)
    assert good["data.pkl"].count(b"QK\x05") == 1
    past["data.pkl"] = good["data.pkl"].replace(b"QK\x05", b"QK\x09")
    write_zip("offset-past-end", past)
    # A BINUNICODE claiming 2 GiB.
    write_zip("huge-binunicode", {"data.pkl": b"\x80\x02X\xff\xff\xff\x7fabc", "version": b"3\n"})
    # A transposed (non-contiguous) view.
    write_zip("non-contiguous", torch_entries({"weight": torch.arange(6, dtype=torch.float32).reshape(2, 3).t()}))
    # The legacy (pre-1.6) format: a pickle stream, not a ZIP.
    os.makedirs(f"{OUT}/hostile/legacy")
    shutil.copy(f"{OUT}/safetensors/config.json", f"{OUT}/hostile/legacy/config.json")
    torch.save(state, f"{OUT}/hostile/legacy/pytorch_model.bin", _use_new_zipfile_serialization=False)

if __name__ == "__main__":
    main()

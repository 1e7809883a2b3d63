#!/bin/sh
# The shipped reader converted to pytorch_model.bin (torch.save of its state dict, what
# transformers 4's save_pretrained(safe_serialization=False) wrote) must give byte-identical
# answers to its model.safetensors: the same `albertqa read --json` output on every case of
# Tests/Fixtures/default-model-cases.json, in fp32 and int8, and the same
# `albertqa eval --limit N` scores. The conversion needs torch (45 MB written to a temporary
# folder), so this is a script, not a unit test (HubModelTests and CheckpointFormatTests check
# .bin == safetensors on the tiny fixtures of every family).
#
# usage: Scripts/check-shipped-model-bin.sh [albertqa binary (default .build/debug/albertqa)] [eval questions (default 200)]
# Pinned: torch 2.15.0, safetensors 0.8.0.
set -eu
BIN=${1:-.build/debug/albertqa}
QUESTIONS=${2:-200}
MODEL=Models/albert-qa-minilm-squad
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/bin"
for file in config.json spiece.model calibration.json; do cp "$MODEL/$file" "$WORK/bin/"; done
python3 - "$MODEL/model.safetensors" "$WORK/bin/pytorch_model.bin" <<'PY'
import sys, torch
from safetensors.torch import load_file
torch.save(load_file(sys.argv[1]), sys.argv[2])
PY
python3 - "$WORK" <<'PY'
import json, sys
cases = json.load(open("Tests/Fixtures/default-model-cases.json"))["cases"]
for i, case in enumerate(cases):
    open(f"{sys.argv[1]}/question-{i}.txt", "w").write(case["question"])
    open(f"{sys.argv[1]}/context-{i}.txt", "w").write(case["context"])
print(len(cases), "cases")
PY
status=0
for precision in fp32 int8; do
    for model in "$MODEL" "$WORK/bin"; do
        out="$WORK/$(basename "$model")-$precision.jsonl"
        : > "$out"
        for question in "$WORK"/question-*.txt; do
            context=$(echo "$question" | sed 's/question-/context-/')
            "$BIN" read --model "$model" --precision "$precision" --json --top 5 \
                --question "$(cat "$question")" --context-file "$context" >> "$out"
        done
    done
    if cmp -s "$WORK/albert-qa-minilm-squad-$precision.jsonl" "$WORK/bin-$precision.jsonl"; then
        echo "read $precision: identical ($(wc -l < "$WORK/bin-$precision.jsonl") cases)"
    else
        echo "read $precision: DIFFERENT"; status=1
    fi
done
for model in "$MODEL" "$WORK/bin"; do
    "$BIN" eval /work/shared/data/squad/dev-v1.1.json --limit "$QUESTIONS" --model "$model" --precision int8 --json > "$WORK/eval-$(basename "$model").json"
done
if cmp -s "$WORK/eval-albert-qa-minilm-squad.json" "$WORK/eval-bin.json" \
   || [ "$(python3 -c "import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); [x.pop('seconds',None) for x in (a,b)]; print(a==b)" "$WORK/eval-albert-qa-minilm-squad.json" "$WORK/eval-bin.json")" = True ]; then
    echo "eval --limit $QUESTIONS int8: identical scores: $(cat "$WORK/eval-bin.json")"
else
    echo "eval: DIFFERENT"; cat "$WORK"/eval-*.json; status=1
fi
exit $status

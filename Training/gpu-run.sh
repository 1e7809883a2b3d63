#!/usr/bin/env bash
# The GPU call of the SQuAD 2.0 fine-tune (Training/README.md, "GPU run"): two runs whose
# settings were fixed before any was looked at, then select_run.py picks one by its rule (v1.1
# dev F1 kept, then validation no-answer accuracy) and the chosen model comes back in parts of
# at most 15 MB (a device call returns files of at most 16 MiB):
#   Training/gpu-run.sh DATA_DIR OUT_DIR [SECONDS]
# DATA_DIR holds train-v1.1.json.gz, dev-v2.0.json(.gz) and dev-v1.1.json(.gz). SECONDS (default
# 500) bounds the whole call: each run gets an equal share of what is left for training, and the
# selection keeps ~120 s.
set -uo pipefail
cd "$(dirname "$0")/.."
data=${1:?data folder}; out=${2:?output folder}; budget=${3:-500}
mkdir -p "$out" /tmp/runs
log=$out/run.log
start=$SECONDS
common=(${SMOKE:+--smoke} --data "$data" --reuse-questions --hold-out-validation --workers "$(( $(nproc) > 12 ? 12 : $(nproc) ))"
        --batch 32 --lr 3e-5 --positives 87599 --checkpoint-minutes 1000)
# name: near misses, other paragraphs, v2 repeats, distillation weight
runs=("A 30000 10000 3 1.0" "C 45000 15000 6 0.5")
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader >>"$log" 2>&1
for i in "${!runs[@]}"; do
    read -r name near other repeats distill <<<"${runs[$i]}"
    left=$(( budget - 120 - (SECONDS - start) ))
    (( left > 60 )) || { echo "run $name skipped: out of time" | tee -a "$log"; continue; }
    share=$(( left / (${#runs[@]} - i) ))
    echo "== run $name (near $near, other $other, v2 x$repeats, distill $distill; <= ${share}s)" | tee -a "$log"
    PYTHONUNBUFFERED=1 python3 Training/train.py --out "/tmp/runs/$name" "${common[@]}" --near-misses "$near" \
        --other-paragraphs "$other" --v2-repeats "$repeats" --distill "$distill" \
        --stop-after-minutes "$(python3 -c "print(max(0.5, ($share - 45) / 60))")" 2>&1 \
        | grep -v -e 'Loading weights' -e 'Writing model' >>"$log"
    grep -E '^(pool|mix|stopped|saved)|^step [0-9]*/' "$log" | tail -4
done
PYTHONUNBUFFERED=1 python3 Training/select_run.py --baseline Models/albert-qa-minilm-squad /tmp/runs/A /tmp/runs/C \
    --data "$data" --json "$out/selection.json" 2>&1 | grep -v 'Loading weights' | tee -a "$log"
chosen=$(python3 -c "import json,sys; print(json.load(open('$out/selection.json'))['chosen'] or '')")
if [[ -n $chosen ]]; then
    split -b 15000000 "$chosen/model.safetensors" "$out/model.safetensors.part-"
    cp "$chosen/training.json" "$out/training.json"
    sha256sum "$chosen/model.safetensors" | tee -a "$log"
fi
echo "total ${SECONDS}s" | tee -a "$log"

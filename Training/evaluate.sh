#!/usr/bin/env bash
# The before/after table of the SQuAD 2.0 fine-tune (Training/README.md), measured by AlbertQA's
# own binary (the Swift reader, not PyTorch), one model at a time:
#   Training/evaluate.sh MODEL_DIR OUT_DIR [SETS_DIR] [DATA_DIR]
# writes OUT_DIR/<set>.json (the `albertqa eval --json` line of each set):
#   v2-odd       SQuAD v2.0 dev, held-back half (odd articles), closed: has-answer F1, no-answer
#                accuracy (null score above the best span), EM/F1
#   v11-dev      SQuAD v1.1 dev, closed (10,570 q)
#   xquad-en     XQuAD-en, closed (1,190 q)
#   near-misses-bm25 / -hybrid  the held-back half's unanswerable questions (every 4th, 664)
#                asked of Documents/, which holds their articles: share called "not found"
#                (with the model's own calibration.json)
# Precision: the default (auto: int8 on AVX-512/AVX2), as users run it; EVAL_PRECISION overrides.
# SETS_DIR defaults to a temporary folder filled by Training/make_check_sets.py.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:?model directory}; out=${2:?output directory}
data=${4:-${ALBERTQA_DATA:-../shared/data}}
sets=${3:-$(mktemp -d)}
precision=${EVAL_PRECISION:-auto}
bin=${ALBERTQA_BIN:-.build/release/albertqa}
[[ -x $bin ]] || swift build -c release --product albertqa
[[ -f $sets/dev-v2.0-odd.json ]] || python3 Training/make_check_sets.py --data "$data/squad" --out "$sets" >/dev/null
mkdir -p "$out"
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$(mktemp -d)}   # the Documents/ index stays out of the user's cache
run() {  # run NAME FILE [flags]
    local name=$1 file=$2; shift 2
    echo "== $name" >&2
    nice "$bin" eval "$file" --model "$model" --precision "$precision" --json "$@" | tail -1 > "$out/$name.json"
    cat "$out/$name.json" >&2
}
for set in ${EVAL_SETS:-v2-odd v11-dev xquad-en near-misses-bm25 near-misses-hybrid}; do
    case $set in
        v2-odd) run v2-odd "$sets/dev-v2.0-odd.json" ;;
        v11-dev) run v11-dev "$data/squad/dev-v1.1.json" ;;
        xquad-en) run xquad-en "$data/squad/xquad.en.json" ;;
        near-misses-bm25) run near-misses-bm25 "$sets/squad-v2-unanswerable-odd.json" --open --against Documents --unanswerable --retriever bm25 ;;
        near-misses-hybrid) run near-misses-hybrid "$sets/squad-v2-unanswerable-odd.json" --open --against Documents --unanswerable --retriever hybrid ;;
    esac
done

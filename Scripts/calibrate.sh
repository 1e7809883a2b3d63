#!/usr/bin/env bash
# Refits the answer calibration of a model in one command (also `make calibrate MODEL=DIR`):
#   Scripts/calibrate.sh [MODEL_DIR] [DATA_DIR]
# MODEL_DIR defaults to Models/albert-qa-minilm-squad; DATA_DIR (SQuAD v1.1 dev and the
# realistic dev sets) to $ALBERTQA_DATA or ../shared/data. It builds the release binary, makes
# the question sets (Scripts/make-calibration-sets.py), runs `albertqa eval --open
# --calibration-features` on each — answerable questions, and questions asked of a folder
# without their answer — and fits MODEL_DIR/calibration.json (Scripts/fit-calibration.py) on
# half of the articles, measuring it on the other half. The features it fit on are kept as
# MODEL_DIR/calibration-features.jsonl.gz, so the fit can be checked without rerunning the model
# (`Scripts/fit-calibration.py --check`). Runs niced; about 3,000 questions (~10 min on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-Models/albert-qa-minilm-squad}
data=${2:-${ALBERTQA_DATA:-../shared/data}}
[[ -f "$model/config.json" ]] || { echo "calibrate: $model is not a model folder (no config.json)" >&2; exit 2; }
[[ -f "$data/squad/dev-v1.1.json" ]] || { echo "calibrate: $data has no squad/dev-v1.1.json" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/albertqa-calibrate.XXXXXX")
trap 'rm -rf "$work"' EXIT
swift build -c release --product albertqa
bin=.build/release/albertqa
python3 Scripts/make-calibration-sets.py --data "$data" --documents Documents --out "$work/sets"
export XDG_CACHE_HOME="$work/cache"   # indexes of Documents/ and the half folder stay in the work folder
mkdir -p "$work/features"
run() {
    local name=$1; shift
    echo "== $name $*"
    nice "$bin" eval "$work/sets/$name.json" --open --model "$model" --calibration-features "$work/features/$name.jsonl" "$@"
}
run squad-dev --against Documents
run squad-dev-p1 --against Documents --passages 1
run squad-dev-p3 --against Documents --passages 3
run squad-dev-other-half --against "$work/sets/squad-half" --unanswerable
run covidqa
run covidqa-unanswerable --against Documents --unanswerable
run conditionalqa
run conditionalqa-unanswerable --against Documents --unanswerable
cat "$work"/features/*.jsonl | gzip -n -9 > "$model/calibration-features.jsonl.gz"
python3 Scripts/fit-calibration.py "$model/calibration-features.jsonl.gz" --out "$model/calibration.json" --model "$(basename "$model")"

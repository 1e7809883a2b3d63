#!/usr/bin/env bash
# The interface on a folder with a fresh index, driven through tmux (private socket): seconds
# from launch to the first answer (BM25, asked at once), how long a question asked while the
# passage vectors are computed waits for its answer, and seconds until the status line says
# "hybrid" (every passage encoded in the background). Then, in the same run, the CLI's
# baseline: `albertqa ask` on a fresh index (BM25) and `albertqa index --retriever hybrid`
# (all vectors in one go, batches of 32). Prints numbers; asserts nothing.
# usage: Benchmarks/tui-vectors.sh [FOLDER] [path/to/albertqa]
set -euo pipefail

folder=$(realpath "${1:-Documents}")
bin=$(realpath "${2:-.build/release/albertqa}")
question="When was the University of Chicago founded?"
later="What do chloroplasts contain?"
work=$(mktemp -d)
socket="albertqa-bench-$$"
t() { tmux -L "$socket" -f /dev/null "$@"; }
trap 't kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" TERM=xterm-256color LANG=C.UTF-8
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
screen() { t capture-pane -t tui -p; }
status() { screen | tail -1; }
# until PATTERN [SECONDS]: polls the status line (extended regex) every 20 ms.
until_status() {
    local deadline=$((SECONDS + ${2:-600}))
    until status | grep -qE -- "$1"; do
        [ $SECONDS -lt $deadline ] || { echo "timed out waiting for '$1'; screen:" >&2; screen >&2; exit 1; }
        sleep 0.02
    done
}

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "folder: $folder"

# The interface, fresh index: the question is typed at once (keys wait for the main loop).
export XDG_CACHE_HOME="$work/cache-tui"
t new-session -d -s keepalive "sleep 3600"
start=$(now)
t new-session -d -s tui -x 220 -y 40 "'$bin' '$folder'"
t send-keys -t tui -l "$question"
t send-keys -t tui Enter
until_status "answered in"
first=$(since "$start")
echo "interface: first answer (index + models + BM25 answer) $first s after launch — $(status | grep -oE 'answered in [0-9.]+ s')"
until_status "vectors [0-9]+/[0-9]+ · BM25" 120
# A question while the vectors are computed: how long from Enter to its answer.
sleep 5
t send-keys -t tui C-u
t send-keys -t tui -l "$later"
asked=$(now)
t send-keys -t tui Enter
for _ in $(seq 50); do status | grep -q "answered in" || break; sleep 0.01; done
until_status "answered in"
echo "interface: a question during encoding answered $(since "$asked") s after Enter ($(status | grep -oE 'vectors [0-9]+/[0-9]+ · BM25' || echo 'progress not shown'); $(status | grep -oE 'answered in [0-9.]+ s'))"
until_status " · hybrid · " 1800
echo "interface: vectors complete (status 'hybrid') $(since "$start") s after launch; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
t send-keys -t tui C-u
t send-keys -t tui -l "$later"
asked=$(now)
t send-keys -t tui Enter
for _ in $(seq 50); do status | grep -q "answered in" || break; sleep 0.01; done
until_status "answered in"
echo "interface: the same question by hybrid answered $(since "$asked") s after Enter ($(status | grep -oE 'answered in [0-9.]+ s'))"
t kill-session -t tui

# The CLI in the same run, each on a fresh index.
export XDG_CACHE_HOME="$work/cache-ask"
start=$(now)
"$bin" ask "$folder" "$question" >/dev/null 2>&1 || true
echo "cli: albertqa ask, fresh index (BM25): $(since "$start") s"
export XDG_CACHE_HOME="$work/cache-index"
start=$(now)
"$bin" index "$folder" --retriever hybrid >/dev/null 2>&1
echo "cli: albertqa index --retriever hybrid, fresh index (BM25 + all vectors, batches of 32): $(since "$start") s; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

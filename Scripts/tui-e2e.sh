#!/usr/bin/env bash
# End-to-end test of the interactive interface in a real terminal: tmux runs albertqa on a
# small folder, we type a question, and read the screen (with colours and attributes) back.
# usage: Scripts/tui-e2e.sh [path/to/albertqa]
set -euo pipefail

bin=$(realpath "${1:-.build/release/albertqa}")
work=$(mktemp -d)
session="albertqa-e2e-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/docs"
cat > "$work/docs/glaciers.txt" <<'TEXT'
Glaciers of the Alps

The Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long and lies in the canton of Valais, Switzerland.

Mount Etna is an active volcano on the east coast of Sicily.
TEXT

fail() { echo "tui-e2e: FAIL: $*" >&2; echo "--- screen ---" >&2; tmux capture-pane -t "$session" -p >&2 || true; exit 1; }
# wait_for TEXT [SECONDS]: polls the screen until TEXT shows (bounded).
wait_for() {
    local deadline=$((SECONDS + ${2:-20}))
    until tmux capture-pane -t "$session" -p | grep -qF -- "$1"; do
        [ $SECONDS -lt $deadline ] || fail "'$1' did not appear"
        sleep 0.1
    done
}

export XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" TERM=xterm-256color LANG=C.UTF-8
tmux new-session -d -s "$session" -x 100 -y 30 "'$bin' '$work/docs'; echo \"ALBERTQA-EXIT:\$?\"; sleep 60"
wait_for "1 documents"
tmux send-keys -t "$session" "How long is the Aletsch Glacier?" Enter
wait_for "answered in"

# The question history is private, under $XDG_STATE_HOME (0700 folders, a 0600 file).
history=$(ls "$work"/state/albertqa/history/* 2>/dev/null | head -1)
[ -n "$history" ] || fail "no history file under \$XDG_STATE_HOME/albertqa/history"
grep -qxF "How long is the Aletsch Glacier?" "$history" || fail "the question is not in the history"
[ "$(stat -c %a "$history")" = 600 ] && [ "$(stat -c %a "$(dirname "$history")")" = 700 ] && [ "$(stat -c %a "$work/state/albertqa")" = 700 ] \
    || fail "history permissions: $(stat -c '%a %n' "$history" "$(dirname "$history")")"

# The answer is listed, and highlighted (reverse video) inside the document viewer.
screen=$(tmux capture-pane -t "$session" -p -e)
grep -qF "23 kilometres" <<<"$screen" || fail "no answer"
highlighted=$(tmux capture-pane -t "$session" -p -e | grep -F "23 kilometres" | grep -cE $'\e\\[[0-9;]*7[;m][^\e]*(\e\\[[0-9;]*m)*[^\e]*23 kilometres' || true)
[ "$highlighted" -ge 1 ] || fail "the answer is not highlighted in reverse video"
echo "tui-e2e: answer shown and highlighted"

# The help overlay, generated from the key table.
tmux send-keys -t "$session" Escape
tmux send-keys -t "$session" "?"
wait_for "Keys — any key closes"
tmux send-keys -t "$session" x
sleep 0.2
tmux capture-pane -t "$session" -p | grep -qF "Keys — any key closes" && fail "help did not close"
echo "tui-e2e: help overlay opens and closes"

# A resize to 60×20 stacks the panes; the answer stays on screen.
tmux resize-window -t "$session" -x 60 -y 20
wait_for "Answers ─"
wait_for "23 kilometres"
echo "tui-e2e: resized to 60x20"

# A terminal below the minimum says so.
tmux resize-window -t "$session" -x 30 -y 8
wait_for "too small"
tmux resize-window -t "$session" -x 100 -y 30
wait_for "Ask ›"
echo "tui-e2e: a tiny terminal gets a message"

# q leaves a clean shell: the program exits 0 and the terminal is restored.
tmux send-keys -t "$session" q
wait_for "ALBERTQA-EXIT:0" 10
tmux capture-pane -t "$session" -p | grep -qF "Ask ›" && fail "the interface is still on screen after q"
echo "tui-e2e: q quits cleanly"

# SIGTERM also restores the terminal.
tmux kill-session -t "$session"
tmux new-session -d -s "$session" -x 100 -y 30 "'$bin' '$work/docs'; echo \"ALBERTQA-EXIT:\$?\"; sleep 60"
wait_for "1 documents"
pkill -TERM -f "^$bin $work/docs" || fail "no albertqa process to signal"
wait_for "ALBERTQA-EXIT:0" 10
tmux capture-pane -t "$session" -p | grep -qF "Ask ›" && fail "the interface is still on screen after SIGTERM"
echo "tui-e2e: SIGTERM restores the terminal"

# Without a terminal, a clear error pointing to `albertqa ask`.
if "$bin" "$work/docs" </dev/null >"$work/out" 2>&1; then fail "ran without a terminal"; fi
grep -qF "albertqa ask" "$work/out" || fail "no pointer to albertqa ask: $(cat "$work/out")"
echo "tui-e2e: no terminal gives a clear error"
echo "tui-e2e: 7 passed, 0 failed"

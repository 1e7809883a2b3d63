#!/usr/bin/env bash
# End-to-end test of the interactive interface in a real terminal: tmux runs albertqa on a
# small folder, we type, and read the screen (with colours and attributes) back. A private
# tmux server (-L) keeps the user's own tmux untouched.
# usage: Scripts/tui-e2e.sh [path/to/albertqa]
set -euo pipefail

bin=$(realpath "${1:-.build/release/albertqa}")
work=$(mktemp -d)
socket="albertqa-e2e-$$"
session="e2e"
passed=0
t() { tmux -L "$socket" -f /dev/null "$@"; }
trap 't kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/docs"
cat > "$work/docs/glaciers.txt" <<'TEXT'
Glaciers of the Alps

The Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long and lies in the canton of Valais, Switzerland.

Mount Etna is an active volcano on the east coast of Sicily.
TEXT

# A two-page PDF written by hand (offsets computed, so pdftotext reads it): the answer is on page 2.
make_pdf() {
    local out=$1 page1=$2 page2=$3 pdf="%PDF-1.4"$'\n' offsets=() i content
    local objects=("<< /Type /Catalog /Pages 2 0 R >>"
                   "<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>"
                   "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for text in "$page1" "$page2"; do
        content="BT /F1 12 Tf 72 720 Td ($text) Tj ET"
        objects+=("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents $(( ${#objects[@]} + 2 )) 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        objects+=("<< /Length ${#content} >>"$'\n'"stream"$'\n'"$content"$'\n'"endstream")
    done
    for i in "${!objects[@]}"; do
        offsets+=("${#pdf}")
        pdf+="$((i + 1)) 0 obj"$'\n'"${objects[$i]}"$'\n'"endobj"$'\n'
    done
    local xref=${#pdf}
    pdf+="xref"$'\n'"0 $(( ${#objects[@]} + 1 ))"$'\n'"0000000000 65535 f "$'\n'
    for i in "${offsets[@]}"; do pdf+=$(printf '%010d 00000 n ' "$i")$'\n'; done
    pdf+="trailer"$'\n'"<< /Size $(( ${#objects[@]} + 1 )) /Root 1 0 R >>"$'\n'"startxref"$'\n'"$xref"$'\n'"%%EOF"$'\n'
    printf '%s' "$pdf" > "$out"
}
have_pdf=0
if command -v pdftotext >/dev/null; then
    LC_ALL=C make_pdf "$work/docs/volcanoes.pdf" "Volcanoes of Europe, a short survey." "Mount Vesuvius last erupted in 1944 near Naples."
    pdftotext -raw "$work/docs/volcanoes.pdf" - | grep -q "1944" && have_pdf=1
fi

# A stub pager that records its arguments and what it was given to read.
cat > "$work/pager.sh" <<EOF2
#!/bin/sh
printf '%s\n' "\$@" > "$work/pager-args"
cat > "$work/pager-input"
EOF2
chmod +x "$work/pager.sh"

# A stub editor that records how it was called.
cat > "$work/editor.sh" <<EOF2
#!/bin/sh
printf '%s\n' "\$@" > "$work/editor-args"
EOF2
chmod +x "$work/editor.sh"

fail() { echo "tui-e2e: FAIL: $*" >&2; echo "--- screen ---" >&2; t capture-pane -t "$session" -p >&2 || true; exit 1; }
ok() { echo "tui-e2e: $*"; passed=$((passed + 1)); }
# wait_for TEXT [SECONDS]: polls the screen until TEXT shows (bounded).
wait_for() {
    local deadline=$((SECONDS + ${2:-20}))
    until t capture-pane -t "$session" -p | grep -qF -- "$1"; do
        [ $SECONDS -lt $deadline ] || fail "'$1' did not appear"
        sleep 0.1
    done
}
# The albertqa process of the session (the shell's child).
app_pid() { pgrep -f -x "$bin $work/docs" | head -1; }
start() {
    t kill-session -t "$session" 2>/dev/null || true
    t new-session -d -s "$session" -x 100 -y 30 "cd '$work' && EDITOR='$work/editor.sh' PAGER='$work/pager.sh' '$bin' '$work/docs'; echo \"ALBERTQA-EXIT:\$?\"; sleep 60"
    t set -g set-clipboard on  # OSC 52 from the app becomes a tmux paste buffer
    wait_for " documents" 30
}

export XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" TERM=xterm-256color LANG=C.UTF-8
unset VISUAL
# A session that outlives the test's sessions, so the server never exits between them.
t new-session -d -s keepalive "sleep 3600"
start
t send-keys -t "$session" "How long is the Aletsch Glacier?" Enter
wait_for "answered in"

# The question history is private, under $XDG_STATE_HOME (0700 folders, a 0600 file).
history=$(ls "$work"/state/albertqa/history/* 2>/dev/null | head -1)
[ -n "$history" ] || fail "no history file under \$XDG_STATE_HOME/albertqa/history"
grep -qxF "How long is the Aletsch Glacier?" "$history" || fail "the question is not in the history"
[ "$(stat -c %a "$history")" = 600 ] && [ "$(stat -c %a "$(dirname "$history")")" = 700 ] && [ "$(stat -c %a "$work/state/albertqa")" = 700 ] \
    || fail "history permissions: $(stat -c '%a %n' "$history" "$(dirname "$history")")"
ok "the question history is private under \$XDG_STATE_HOME"

# The answer is listed, and highlighted (reverse video) inside the document viewer, whose
# title says where: path:line:column.
screen=$(t capture-pane -t "$session" -p -e)
grep -qF "23 kilometres" <<<"$screen" || fail "no answer"
highlighted=$(t capture-pane -t "$session" -p -e | grep -F "23 kilometres" | grep -cE $'\e\\[[0-9;]*7[;m][^\e]*(\e\\[[0-9;]*m)*[^\e]*23 kilometres' || true)
[ "$highlighted" -ge 1 ] || fail "the answer is not highlighted in reverse video"
wait_for "glaciers.txt:3:"
ok "answer shown, highlighted, cited as glaciers.txt:3:column"

# Typing a question while browsing the answers never runs commands (no quit at its q).
t send-keys -t "$session" Escape
wait_for "BROWSE"
t send-keys -t "$session" -l "Who is the queen of England?"
wait_for "Ask › Who is the queen of England?"
[ -n "$(app_pid)" ] || fail "typing a question while browsing quit the app"
t send-keys -t "$session" C-u Escape
wait_for "BROWSE"
sleep 0.1  # Esc and the next key within 25 ms would be Alt + that key
ok "typing a question with the answers pane focused does not quit"

# y copies the answer with its place through OSC 52 (tmux stores it as a paste buffer).
t send-keys -t "$session" y
wait_for "copied"
buffer=$(t show-buffer 2>/dev/null || true)
grep -qF '"23 kilometres' <<<"$buffer" || fail "OSC 52 did not reach the clipboard: '$buffer'"
grep -qE 'docs/glaciers\.txt:3:[0-9]+$' <<<"$buffer" || fail "the copy has no path:line:column: '$buffer'"
ok "y copies through OSC 52: $buffer"

# The folder is alive: an edited file is re-indexed in the background and said so.
echo "The Rhone Glacier is the source of the river Rhone." >> "$work/docs/glaciers.txt"
wait_for "folder changed — index: 0 added · 1 updated · 0 removed"
ok "an edited file is re-indexed in the background (inotify) and reported"

# v opens $EDITOR at the answer's line: the stub receives +line file.
t send-keys -t "$session" v
for _ in $(seq 50); do [ -s "$work/editor-args" ] && break; sleep 0.1; done
[ "$(cat "$work/editor-args" 2>/dev/null)" = "+3
$work/docs/glaciers.txt" ] || fail "the editor got: $(cat "$work/editor-args" 2>/dev/null)"
wait_for "back from editor.sh"
ok "v runs \$EDITOR +3 glaciers.txt and the interface comes back"

# The help overlay, generated from the key table, scrolls.
t send-keys -t "$session" "?"
wait_for "Keys — j/k scroll"
t send-keys -t "$session" x
sleep 0.3
t capture-pane -t "$session" -p | grep -qF "Keys — j/k scroll" && fail "help did not close"
ok "help overlay opens and closes"

# A PDF answer shows its page.
if [ $have_pdf = 1 ]; then
    t send-keys -t "$session" -l "When did Mount Vesuvius last erupt?"
    t send-keys -t "$session" Enter
    wait_for "1944"
    wait_for "volcanoes.pdf · p. 2"
    ok "a PDF answer shows its page (volcanoes.pdf · p. 2)"
    # v on a PDF shows its extracted text in $PAGER at the answer's line (an editor cannot
    # open a PDF at a line).
    t send-keys -t "$session" Escape
    wait_for "BROWSE"
    sleep 0.1
    t send-keys -t "$session" v
    for _ in $(seq 50); do [ -s "$work/pager-input" ] && break; sleep 0.1; done
    grep -qF "Mount Vesuvius last erupted in 1944" "$work/pager-input" || fail "the pager did not get the PDF's text"
    [ "$(cat "$work/pager-args")" = "" ] || fail "a pager other than less gets no +line: $(cat "$work/pager-args")"
    wait_for "not a text file"
    ok "v on a PDF opens its text in \$PAGER"
else
    echo "tui-e2e: skipped the PDF page check (pdftotext missing)"
fi

# A resize to 60×20 stacks the panes; the answer stays on screen.
t resize-window -t "$session" -x 60 -y 20
wait_for "Answers"
if [ $have_pdf = 1 ]; then wait_for "1944"; else wait_for "23 kilometres"; fi
t resize-window -t "$session" -x 30 -y 8
wait_for "too small"
t resize-window -t "$session" -x 100 -y 30
wait_for "Ask"
ok "resizes: stacked at 60x20, a message below the minimum"

# Follow-ups (issue 23): after an answer, a question that leans on it ("it") is searched with
# the previous answer's document and words, and the status line says so; ! asks afresh.
t send-keys -t "$session" -l "!How long is the Aletsch Glacier?"  # browsing: a letter starts a question
t send-keys -t "$session" Enter
wait_for "23 kilometres"
t send-keys -t "$session" C-u  # the question line still holds the question asked
t send-keys -t "$session" -l "Which canton is it in?"
t send-keys -t "$session" Enter
wait_for "following up on “How long is the Aletsch Glacier?” (start with ! to ask afresh)"
wait_for "Valais"
ok "a question that leans on the last answer follows up on it (status line)"

# Scope: s asks the next questions within the open document, the question line shows it, the
# history entry keeps it, S widens back to the folder.
t send-keys -t "$session" Escape
wait_for "BROWSE"
sleep 0.1
t send-keys -t "$session" s
wait_for "Ask · in glaciers.txt ·"
wait_for "asking within glaciers.txt (S: the whole folder)"
t send-keys -t "$session" -l "Which volcano is active?"
wait_for "Ask › in glaciers.txt › Which volcano is active?"
t send-keys -t "$session" Enter
wait_for "Etna"
grep -qxF "Which volcano is active?"$'\t'"glaciers.txt" "$history" || fail "the history entry has no scope: $(tail -2 "$history")"
t send-keys -t "$session" Escape
wait_for "BROWSE"
sleep 0.1
t send-keys -t "$session" S
wait_for "asking the whole folder"
t capture-pane -t "$session" -p | grep -qF "Ask · in " && fail "S left the scope on the question line"
ok "s scopes to the open document (Ask › in glaciers.txt ›, kept in the history), S widens back"

# q in browse mode leaves a clean shell: exit 0, the terminal restored.
t send-keys -t "$session" Escape
wait_for "BROWSE"
sleep 0.1
t send-keys -t "$session" q
wait_for "ALBERTQA-EXIT:0" 10
t capture-pane -t "$session" -p | grep -qF "Ask " && fail "the interface is still on screen after q"
ok "q quits cleanly (exit 0)"

# Quitting while a question is read (Esc, q, q within a second) never crashes: the worker is
# cancelled and joined before the terminal and the model go away (it crashed 1 in 7 before).
for i in $(seq 60); do
    echo "Super Bowl $i was won by team $i, who beat the Denver Broncos in a game played in stadium $i before $i thousand fans."
    echo
done > "$work/docs/football.txt"
for try in 1 2 3 4 5 6 7; do
    start
    t send-keys -t "$session" -l "Who won Super Bowl 50 and which team did the Denver Broncos beat to earn their third title?"
    t send-keys -t "$session" Enter
    sleep 0.0$try
    t send-keys -t "$session" Escape
    sleep 0.05
    t send-keys -t "$session" q q
    wait_for "ALBERTQA-EXIT:0" 15
done
ok "quitting while a question is being read exits 0, 7 times out of 7"

# Ctrl-C twice: exit 130.
start
t send-keys -t "$session" C-c C-c
wait_for "ALBERTQA-EXIT:130" 10
ok "Ctrl-C twice exits 130"

# SIGTERM: the terminal restored, exit 143.
start
kill -TERM "$(app_pid)" || fail "no albertqa process to signal"
wait_for "ALBERTQA-EXIT:143" 10
t capture-pane -t "$session" -p | grep -qF "Ask " && fail "the interface is still on screen after SIGTERM"
ok "SIGTERM restores the terminal, exit 143"

# SIGHUP: exit 129.
start
kill -HUP "$(app_pid)"
wait_for "ALBERTQA-EXIT:129" 10
ok "SIGHUP exits 129"

# A crash (SIGSEGV) restores the terminal and says so, then dies by the signal.
start
kill -SEGV "$(app_pid)"
wait_for "ALBERTQA-EXIT:139" 10
t capture-pane -t "$session" -p | grep -qF "the terminal was restored" || fail "no crash message"
t capture-pane -t "$session" -p | grep -qF "Ask " && fail "the interface is still on screen after a crash"
ok "a crash restores the terminal (exit 139)"

# The terminal going away (tmux kills the pane: SIGHUP, then EOF/EIO) ends the app.
start
pid=$(app_pid)
t kill-session -t "$session"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; fail "albertqa outlived its terminal"; }
ok "a vanished terminal ends the app"

# A terminal that vanishes without a SIGHUP (EOF/EIO on read) ends the app with 129.
if command -v python3 >/dev/null; then
    result=$(python3 "$(dirname "$0")/tui-hangup-check.py" "$bin" "$work/docs") || fail "EOF/EIO: $result"
    ok "EOF/EIO on the terminal ends the app: $result"
fi

# Ctrl-Z suspends to an interactive shell and fg brings the interface back.
t kill-session -t "$session" 2>/dev/null || true
t new-session -d -s "$session" -x 100 -y 30 "bash --norc --noprofile -i"
t send-keys -t "$session" "cd '$work' && '$bin' '$work/docs'" Enter
wait_for " documents" 30
t send-keys -t "$session" C-z
wait_for "Stopped"
t send-keys -t "$session" "clear; fg" Enter
wait_for "Ask ›"
t send-keys -t "$session" C-c C-c
sleep 0.5
t send-keys -t "$session" "echo ALBERTQA-EXIT:\$?" Enter
wait_for "ALBERTQA-EXIT:130"
ok "Ctrl-Z suspends, fg resumes"

# Passage vectors are computed in the background once the BM25 index is up to date: the
# status line shows their progress and that questions use BM25, then "hybrid" once every
# passage has one. (40 files of ~200 words: one passage each, seconds of encoding.)
mkdir -p "$work/many"
for i in $(seq 40); do
    for j in $(seq 12); do printf 'Town %s holds a market on day %s where farmers sell cheese, bread, apples and flowers. ' "$i" "$j"; done > "$work/many/town$i.txt"
done
t kill-session -t "$session" 2>/dev/null || true
t new-session -d -s "$session" -x 160 -y 30 "cd '$work' && '$bin' '$work/many'; echo \"ALBERTQA-EXIT:\$?\"; sleep 60"
wait_for " documents" 30
t send-keys -t "$session" x BSpace  # a key: the index run's summary has been seen, the status line shows
deadline=$((SECONDS + 60))
until t capture-pane -t "$session" -p | grep -qE "many · vectors [0-9]+/40 · BM25 · 40 documents"; do
    t capture-pane -t "$session" -p | grep -qF "many · hybrid · 40 documents" && fail "vectors complete before any progress was seen"
    [ $SECONDS -lt $deadline ] || fail "no vector progress on the status line"
    sleep 0.05
done
progress=$(t capture-pane -t "$session" -p | grep -oE "vectors [0-9]+/40 · BM25")
wait_for "many · hybrid · 40 documents" 180
ok "the status line shows vector progress ($progress), then hybrid"
t send-keys -t "$session" -l "Which day does town 7 hold a market?"
t send-keys -t "$session" Enter
wait_for "answered in" 30
t send-keys -t "$session" Escape
wait_for "BROWSE"
sleep 0.1
t send-keys -t "$session" "="
wait_for "answers by"
t capture-pane -t "$session" -p | grep -qE "answers by +hybrid" || fail "the answers were not retrieved by hybrid"
t send-keys -t "$session" x
t send-keys -t "$session" C-c C-c
wait_for "ALBERTQA-EXIT:130" 10
ok "a question after the vectors are complete is answered by hybrid retrieval"

# Without the sentence encoder the interface answers with BM25 and says so once.
t kill-session -t "$session" 2>/dev/null || true
t new-session -d -s "$session" -x 160 -y 30 "cd '$work' && ALBERTQA_ENCODER='$work/no-encoder' '$bin' '$work/docs'; echo \"ALBERTQA-EXIT:\$?\"; sleep 60"
wait_for "no sentence encoder: answers use BM25 only" 30
t send-keys -t "$session" x BSpace
wait_for "docs · BM25 · "
t send-keys -t "$session" C-c C-c
wait_for "ALBERTQA-EXIT:130" 10
ok "without the encoder: BM25, said once"

# Without a terminal, a clear error pointing to `albertqa ask`.
if "$bin" "$work/docs" </dev/null >"$work/out" 2>&1; then fail "ran without a terminal"; fi
grep -qF "albertqa ask" "$work/out" || fail "no pointer to albertqa ask: $(cat "$work/out")"
ok "no terminal gives a clear error"
echo "tui-e2e: $passed passed, 0 failed"

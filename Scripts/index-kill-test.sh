#!/usr/bin/env bash
# Kills `albertqa index` with SIGKILL mid-run, then checks that the index it left opens, is
# consistent, and that the next run completes it. usage: Scripts/index-kill-test.sh [albertqa]
set -euo pipefail
bin=$(realpath "${1:-.build/release/albertqa}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/docs"
python3 - "$work/docs" <<'PY'
import random, sys
random.seed(1)
words = "glacier volcano river desert ocean forest mountain valley island canyon".split()
for i in range(400):
    with open(f"{sys.argv[1]}/doc{i:03d}.txt", "w") as f:
        f.write("\n\n".join(" ".join(random.choice(words) + str(random.randrange(999)) for _ in range(150)) + "." for _ in range(40)))
PY
"$bin" index "$work/docs" --index "$work/index.sqlite" --retriever bm25 >/dev/null &
pid=$!
# Kill as soon as a first batch is committed (a reader sees only committed documents).
# (sqlite3 would create an empty file at a path that does not exist yet, which AlbertQA then
# rightly refuses as not its index: look only once albertqa has linked its index into place.)
for _ in $(seq 1 400); do
    committed=0
    [ -s "$work/index.sqlite" ] && committed=$(sqlite3 "$work/index.sqlite" "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
    [ "${committed:-0}" -gt 0 ] && break
    sleep 0.02
done
kill -9 "$pid" 2>/dev/null && echo "index-kill-test: killed albertqa index with SIGKILL" || echo "index-kill-test: the run finished before the kill"
wait "$pid" 2>/dev/null || true
sqlite3 "$work/index.sqlite" "PRAGMA integrity_check" | grep -qx ok || { echo "index-kill-test: FAIL: integrity_check" >&2; exit 1; }
orphans=$(sqlite3 "$work/index.sqlite" "SELECT count(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents)")
[ "$orphans" = 0 ] || { echo "index-kill-test: FAIL: $orphans orphan passages" >&2; exit 1; }
report=$("$bin" index "$work/docs" --index "$work/index.sqlite" --retriever bm25 --json)
echo "index-kill-test: next run: $report"
grep -q '"documents":400' <<<"$report" || { echo "index-kill-test: FAIL: the next run did not complete the index" >&2; exit 1; }
grep -q '"added":400' <<<"$report" && echo "index-kill-test: note: nothing had been committed before the kill"
"$bin" search "$work/docs" "glacier12" --index "$work/index.sqlite" --retriever bm25 --json | grep -q '"document"' || { echo "index-kill-test: FAIL: search" >&2; exit 1; }
echo "index-kill-test: 1 passed, 0 failed"

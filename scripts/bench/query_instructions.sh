#!/usr/bin/env bash
# CPU instructions per POST /v1/query (hybrid, top_k 10, no cache), counted by valgrind's callgrind over the whole
# ragd process — the history writer included. Unlike QPS on a shared 2-core VM (steal moves a 10 s run by 10–25%),
# the count repeats to within ~0.5%, so it tells apart changes of a few percent; it does not see memory stalls,
# system calls or lock waits, so wrk figures stay the measure of speed.
# Runs on a knowledge base kept by `scripts/eval/scifact.sh --data-dir DIR` (DIR/data, DIR/eval/session.json).
# The first 20 test queries are sent over one keep-alive connection, twice to warm the embedding and chunk caches,
# then N times measured. Takes ~7 minutes (start-up and the query embeddings run ~50× slower under valgrind).
# Usage: scripts/bench/query_instructions.sh DIR [N=300] [BINARY=.build/release/ragd]
# Leaves the profile in /tmp/ragd-callgrind.out for `callgrind_annotate --inclusive=yes`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$(cd "${1:?usage: query_instructions.sh DIR [N] [BINARY]}" && pwd)"
N="${2:-300}"
BINARY="${3:-$ROOT/.build/release/ragd}"
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/ragd-instructions.XXXXXX)
# valgrind 3.19 cannot read the DWARF 5 that Swift 6 emits; symbols are enough for per-function counts.
strip --strip-debug -o "$WORK/ragd" "$BINARY"
export RAGD_LOG_ACCESS=false MALLOC_ARENA_MAX=2
export RAGD_RATE_LIMITS_FREE_PER_MINUTE=10000000 RAGD_RATE_LIMITS_FREE_BURST=10000000
valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
  "$WORK/ragd" serve --port 0 --data-dir "$DIR/data" > "$WORK/ragd.log" 2>&1 &
VALGRIND=$!
cleanup() { kill "$VALGRIND" 2>/dev/null || true; wait "$VALGRIND" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 1200); do
  grep -q '"indexes loaded"' "$WORK/ragd.log" && break
  kill -0 "$VALGRIND" 2>/dev/null || { cat "$WORK/ragd.log" >&2; exit 1; }
  sleep 0.5
done
PORT=$(grep -o '"port":[0-9]*' "$WORK/ragd.log" | head -1 | cut -d: -f2)
# Logged in once, before counting: a login hashes a password (argon2id), many queries' worth of instructions.
TOKEN=$(python3 - "$PORT" "$DIR/eval/session.json" "$ROOT/scripts/bench" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
from ingest import call
print(call(int(sys.argv[1]), "POST", "/v1/auth/login", json.load(open(sys.argv[2]))["account"])["access_token"])
PY
)
run_queries() {
  python3 - "$PORT" "$1" "$DIR/eval/session.json" "$TOKEN" <<'PY'
import http.client, json, sys
port, count, session_path, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
session = json.load(open(session_path))
queries = session["queries"][:20]
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
for i in range(count):
    body = json.dumps({"kb_id": session["kb"], "query": queries[i % len(queries)], "top_k": 10,
                       "generate": False, "cache": False, "retrieval": {"mode": "hybrid"}})
    connection.request("POST", "/v1/query", body,
                       {"Content-Type": "application/json", "Authorization": "Bearer " + token})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        sys.exit(f"query failed: {response.status} {data[:200]!r}")
PY
}
run_queries 40
callgrind_control -z "$VALGRIND" >/dev/null 2>&1
run_queries "$N"
callgrind_control -d "$VALGRIND" >/dev/null 2>&1
sleep 1
PROFILE=$(ls -t "$WORK"/callgrind.out* | grep -v '^$' | head -1)
TOTAL=$(grep -h '^summary:\|^totals:' "$PROFILE" | head -1 | awk '{print $2}')
cp "$PROFILE" /tmp/ragd-callgrind.out
echo "instructions per query: $((TOTAL / N)) (N=$N, $(basename "$BINARY"))"

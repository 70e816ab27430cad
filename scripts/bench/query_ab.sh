#!/usr/bin/env bash
# Compares ragd binaries on the same knowledge base under query load, in alternating rounds: on a shared VM, steal
# time moves a 10 s wrk run by 10–25%, so one run per binary proves nothing; rounds interleaved A B A B…, each with
# its steal printed, can. Each round restarts the binary on DIR's data, warms it for 10 s (query embeddings and
# chunks cached), then runs `wrk -t2 -c32 -d10s` with scripts/bench/query.lua and prints QPS, p50/p95/p99, ragd's
# CPU time per query (from /proc/PID/stat), the VM's steal during the run (jiffies, /proc/stat), wrk's own CPU per
# query and ragd's RSS.
# DIR is a knowledge base kept by `scripts/eval/scifact.sh --data-dir DIR` (DIR/data, DIR/eval/session.json).
# A binary may be followed by :WORKERS (server.workers) — e.g. .build/release/ragd:2.
# Usage: scripts/bench/query_ab.sh DIR ROUNDS BINARY[:WORKERS]...
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$(cd "${1:?usage: query_ab.sh DIR ROUNDS BINARY...}" && pwd)"
ROUNDS="${2:?rounds}"
shift 2
(($#)) || { echo "query_ab.sh: no binaries" >&2; exit 2; }
SESSION="$DIR/eval/session.json"
WORK=$(mktemp -d /tmp/ragd-ab.XXXXXX)
source "$ROOT/scripts/eval/serve.sh"
cleanup() { stop_ragd; rm -rf "$WORK"; }
trap cleanup EXIT
for round in $(seq "$ROUNDS"); do
  for spec in "$@"; do
    workers=0
    [[ "$spec" == *:* ]] && workers="${spec##*:}"
    # start_ragd: the eval's server settings (access log off, rate limits out of the way), its log in DIR/ragd.log.
    RAGD_BIN="${spec%%:*}" RAGD_SERVER_WORKERS="$workers" start_ragd "$DIR"
    # A fresh token in a copy of the session: the lua script reads it from there.
    python3 - "$PORT" "$SESSION" "$WORK/session.json" "$ROOT/scripts/bench" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[4])
from ingest import call
session = json.load(open(sys.argv[2]))
session["token"] = call(int(sys.argv[1]), "POST", "/v1/auth/login", session["account"])["access_token"]
json.dump(session, open(sys.argv[3], "w"))
PY
    URL="http://127.0.0.1:$PORT"
    wrk -t2 -c32 -d10s -s "$ROOT/scripts/bench/query.lua" "$URL" -- "$WORK/session.json" > /dev/null
    cpu0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    steal0=$(awk '/^cpu /{print $9}' /proc/stat)
    out=$(/usr/bin/time -f "%U %S" -o "$WORK/wrk.time" \
      wrk -t2 -c32 -d10s -s "$ROOT/scripts/bench/query.lua" "$URL" -- "$WORK/session.json")
    cpu1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    steal1=$(awk '/^cpu /{print $9}' /proc/stat)
    rss=$(awk '/VmRSS/{print int($2 / 1024)}' "/proc/$PID/status")
    stop_ragd
    queries=$(echo "$out" | awk '/^queries/{print $2}' | tr -d ,)
    ticks=$(getconf CLK_TCK)
    printf '%s round %d: %s  cpu/query %s ms  steal %d jiffies  wrk/query %s ms  rss %d MB\n' \
      "$spec" "$round" "$(echo "$out" | grep -E '^(p50|p95|p99|QPS)' | tr '\n' ' ')" \
      "$(awk -v c=$((cpu1 - cpu0)) -v t="$ticks" -v n="$queries" 'BEGIN{printf "%.3f", c * 1000 / t / n}')" \
      $((steal1 - steal0)) "$(awk -v n="$queries" '{printf "%.3f", ($1 + $2) * 1000 / n}' "$WORK/wrk.time")" "$rss"
  done
done

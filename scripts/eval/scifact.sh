#!/usr/bin/env bash
# Retrieval quality on SciFact (issue 5's figures): starts a release build of ragd on a scratch data directory,
# ingests the corpus through the API with the local MiniLM embedder, runs the 300 test queries in lexical, dense
# and hybrid modes, and scores them with ../shared/tools/ir_eval.py. Also prints ingestion docs/s, tokens/s, RSS.
# With --load, then POST /v1/query (hybrid, top_k 10) under wrk at 32 connections for 15 s: p50/p95/p99 and QPS.
# Usage: scripts/eval/scifact.sh [--no-build] [--load] [--provider local|hash] [--modes lexical,dense,hybrid]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=1
LOAD=0
ARGS=()
while (($#)); do
  case "$1" in
    --no-build) BUILD=0 ;;
    --load) LOAD=1 ;;
    --provider|--modes) ARGS+=("$1" "$2"); shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "scifact.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
cd "$ROOT"
((BUILD)) && swift build -c release --product ragd >/dev/null
TMP=$(mktemp -d /tmp/ragd-eval.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
export RAGD_LOG_ACCESS=false
export RAGD_RATE_LIMITS_FREE_PER_MINUTE=10000000 RAGD_RATE_LIMITS_FREE_BURST=10000000
"$ROOT/.build/release/ragd" serve --port 0 --data-dir "$TMP/data" > "$TMP/ragd.log" 2>&1 &
PID=$!
for _ in $(seq 100); do grep -q '"msg":"listening"' "$TMP/ragd.log" 2>/dev/null && break; sleep 0.1; done
PORT=$(grep -o '"port":[0-9]*' "$TMP/ragd.log" | head -1 | cut -d: -f2)
[ -n "$PORT" ] || { cat "$TMP/ragd.log" >&2; exit 1; }
python3 "$ROOT/scripts/eval/scifact.py" --port "$PORT" --pid "$PID" --out "$TMP/eval" "${ARGS[@]}"
if ((LOAD)); then
  echo "--- POST /v1/query hybrid top_k 10, wrk -t2 -c32 -d15s (after a 5 s warm-up)"
  wrk -t2 -c32 -d5s -s "$ROOT/scripts/bench/query.lua" "http://127.0.0.1:$PORT" -- "$TMP/eval/session.json" >/dev/null
  wrk -t2 -c32 -d15s -s "$ROOT/scripts/bench/query.lua" "http://127.0.0.1:$PORT" -- "$TMP/eval/session.json" \
    | grep -E '^(queries|p[0-9]+|QPS)'
  echo "RSS serving the KB: $(grep VmRSS /proc/$PID/status | awk '{printf "%.1f MB", $2/1024}'), peak $(grep VmHWM /proc/$PID/status | awk '{printf "%.1f MB", $2/1024}')"
fi

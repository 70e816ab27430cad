#!/usr/bin/env bash
# Retrieval quality on SciFact (issue 5's figures): starts a release build of ragd on a scratch data directory,
# ingests the corpus through the API with the local MiniLM embedder, runs the 300 test queries in lexical, dense
# and hybrid modes, and scores them with ../shared/tools/ir_eval.py. Also prints ingestion docs/s, tokens/s, RSS.
# With --load, then POST /v1/query (hybrid, top_k 10) under wrk at 32 connections for 15 s: p50/p95/p99 and QPS,
# the VM's steal time during the run, and from ragd's traces the split between waiting for a worker and handling.
# With --data-dir DIR the data directory is kept in DIR, and a later run on it searches the knowledge base ingested
# before instead of ingesting again.
# Usage: scripts/eval/scifact.sh [--no-build] [--load] [--provider local|hash] [--modes lexical,dense,hybrid]
#                                [--data-dir DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=1
LOAD=0
KEEP=""
ARGS=()
while (($#)); do
  case "$1" in
    --no-build) BUILD=0 ;;
    --load) LOAD=1 ;;
    --provider|--modes) ARGS+=("$1" "$2"); shift ;;
    --data-dir) KEEP="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "scifact.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
cd "$ROOT"
((BUILD)) && swift build -c release --product ragd >/dev/null
if [ -n "$KEEP" ]; then
  mkdir -p "$KEEP"
  TMP="$(cd "$KEEP" && pwd)"
  [ -f "$TMP/eval/session.json" ] && ARGS+=(--reuse)
else
  TMP=$(mktemp -d /tmp/ragd-eval.XXXXXX)
fi
source "$ROOT/scripts/eval/serve.sh"
cleanup() { stop_ragd; [ -n "$KEEP" ] || rm -rf "$TMP"; }
trap cleanup EXIT
start_ragd "$TMP"
python3 "$ROOT/scripts/eval/scifact.py" --port "$PORT" --pid "$PID" --out "$TMP/eval" "${ARGS[@]}"
load() {  # load LABEL [generate]: POST /v1/query hybrid top_k 10 under wrk, 32 connections, after a warm-up
  echo "--- $1: POST /v1/query hybrid top_k 10, wrk -t2 -c32 -d15s (after a 5 s warm-up)"
  wrk -t2 -c32 -d5s -s "$ROOT/scripts/bench/query.lua" "http://127.0.0.1:$PORT" -- "$TMP/eval/session.json" ${2:-} \
    >/dev/null
  local since steal_before steal_after
  since=$(date +%s%3N)
  steal_before=$(awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  wrk -t2 -c32 -d15s -s "$ROOT/scripts/bench/query.lua" "http://127.0.0.1:$PORT" -- "$TMP/eval/session.json" ${2:-} \
    | grep -E '^(queries|p[0-9]+|QPS)' | tr '\n' ' '
  # Time the hypervisor took from this VM during the run: runs with much of it are slower for no reason of ours.
  steal_after=$(awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  echo "steal $(echo "$steal_before $steal_after" | awk '{printf "%.1f%%", 100 * ($3 - $1) / ($4 - $2)}')"
  sleep 0.5  # the history writer lingers 0.1 s before it commits
  python3 "$ROOT/scripts/eval/latency_split.py" "$TMP/data" "$since"
}
rss() { grep "$1" /proc/$PID/status | awk '{printf "%.1f MB", $2/1024}'; }
# Anonymous memory (heap, indexes, caches) and file pages mapped in (SQLite's memory map, the binary, libraries).
rss_parts() { echo "anonymous $(rss RssAnon), file-backed $(rss RssFile)"; }
if ((LOAD)); then
  load "retrieval only"
  load "with the extractive answer" generate
  load "query cache on (300 queries repeating)" cached
  echo "RSS serving the KB after ingesting it: $(rss VmRSS), peak $(rss VmHWM) ($(rss_parts))"
  # A restart serves from the index snapshots written at shutdown: start-up time and the steady footprint.
  stop_ragd
  start_ragd "$TMP"
  for _ in $(seq 300); do grep -q '"indexes loaded"' "$TMP/ragd.log" && break; sleep 0.1; done
  echo "restart: $(grep -o '"indexes loaded".*' "$TMP/ragd.log" | tail -1)"
  load "after a restart, retrieval only"
  echo "RSS serving the KB after a restart: $(rss VmRSS), peak $(rss VmHWM) ($(rss_parts))"
fi

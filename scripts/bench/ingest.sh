#!/usr/bin/env bash
# Ingestion benchmark (issue 4 figures): the SciFact corpus (5,183 abstracts, ../shared/data/scifact) through
# POST /v1/ingest in batches of 1,000 against a release build of ragd with the hash embedder, timed from the first
# request to the last document ready. Prints docs/s, chunks/s and the server's peak RSS.
# Usage: scripts/bench/ingest.sh [--no-build] [--workers N] [--runs N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=1
WORKERS=0
RUNS=1
while (($#)); do
  case "$1" in
    --no-build) BUILD=0 ;;
    --workers) WORKERS="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "ingest.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
CORPUS="$ROOT/../shared/data/scifact/corpus.jsonl"
[ -r "$CORPUS" ] || { echo "ingest.sh: $CORPUS is missing" >&2; exit 1; }
cd "$ROOT"
((BUILD)) && swift build -c release --product ragd >/dev/null
TMP=$(mktemp -d /tmp/ragd-bench-ingest.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

# The benchmark measures ingestion, not the rate limiter or the access log.
export RAGD_LOG_ACCESS=false RAGD_INGEST_WORKERS="$WORKERS"
export RAGD_RATE_LIMITS_FREE_PER_MINUTE=10000000 RAGD_RATE_LIMITS_FREE_BURST=10000000
echo "ragd ingestion, $(nproc) cores, workers=${WORKERS/#0/one per core}"
for run in $(seq "$RUNS"); do
  rm -rf "$TMP/data"
  "$ROOT/.build/release/ragd" serve --port 0 --data-dir "$TMP/data" > "$TMP/ragd.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do grep -q '"msg":"listening"' "$TMP/ragd.log" 2>/dev/null && break; sleep 0.1; done
  PORT=$(grep -o '"port":[0-9]*' "$TMP/ragd.log" | head -1 | cut -d: -f2)
  echo "--- run $run"
  python3 "$ROOT/scripts/bench/ingest.py" --port "$PORT" --pid "$PID" --corpus "$CORPUS"
  kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
  PID=""
done

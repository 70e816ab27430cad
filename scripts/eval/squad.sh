#!/usr/bin/env bash
# Answer quality on SQuAD 2.0 (issue 6's figures): starts a release build of ragd on a scratch data directory and runs
# scripts/eval/squad.py against it (extractive generator, local MiniLM embeddings unless --provider hash).
# Usage: scripts/eval/squad.sh [--no-build] [squad.py options, e.g. --top-k 5 --retrieval '{"mode":"lexical"}']
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=1
[ "${1:-}" = "--no-build" ] && { BUILD=0; shift; }
cd "$ROOT"
((BUILD)) && swift build -c release --product ragd >/dev/null
TMP=$(mktemp -d /tmp/ragd-squad.XXXXXX)
source "$ROOT/scripts/eval/serve.sh"
trap 'stop_ragd; rm -rf "$TMP"' EXIT
start_ragd "$TMP"
python3 "$ROOT/scripts/eval/squad.py" --port "$PORT" "$@"

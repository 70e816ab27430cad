# Sourced by the eval scripts: start_ragd DIR starts the release ragd on a free port with its data in DIR/data and
# its log in DIR/ragd.log (access logs off, rate limits out of the way), and sets PORT and PID; stop_ragd stops it
# gracefully (so index snapshots are written).
start_ragd() {
  export RAGD_LOG_ACCESS=false MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"  # as scripts/run.sh and the image
  export RAGD_RATE_LIMITS_FREE_PER_MINUTE=10000000 RAGD_RATE_LIMITS_FREE_BURST=10000000
  "${RAGD_BIN:-$ROOT/.build/release/ragd}" serve --port 0 --data-dir "$1/data" > "$1/ragd.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do grep -q '"msg":"listening"' "$1/ragd.log" 2>/dev/null && break; sleep 0.1; done
  PORT=$(grep -o '"port":[0-9]*' "$1/ragd.log" | head -1 | cut -d: -f2)
  [ -n "$PORT" ] || { cat "$1/ragd.log" >&2; return 1; }
}

stop_ragd() {
  [ -n "${PID:-}" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  PID=""
}

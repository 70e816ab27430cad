#!/usr/bin/env bash
# Auth benchmark (issue 3 figures), against a release build of ragd on loopback:
#   1. login latency p50/p95/p99 under 16 concurrent clients (wrk + a Lua script posting credentials);
#   2. RSS while 200 clients log in at once (peak VmHWM and sampled VmRSS), with the 503s the hashing queue sheds;
#   3. the request cost of access-token verification: wrk on GET /v1/auth/me with a token, and the in-process
#      micro-benchmark `ragd-bench tokens` (verify µs/op).
# Usage: scripts/bench/auth.sh [--no-build] [--duration 15s]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION=15s
BUILD=1
while (($#)); do
  case "$1" in
    --no-build) BUILD=0 ;;
    --duration) DURATION="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "auth.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in wrk curl python3; do command -v "$tool" >/dev/null || { echo "auth.sh: $tool is required" >&2; exit 1; }; done
cd "$ROOT"
if ((BUILD)); then
  swift build -c release --product ragd >/dev/null
  swift build -c release --product ragd-bench >/dev/null
fi
BIN="$ROOT/.build/release"
TMP=$(mktemp -d /tmp/ragd-bench-auth.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Limits high enough that the benchmark measures the work, not the rate limiter; argon2 at its defaults.
export RAGD_LOG_ACCESS=false
export RAGD_RATE_LIMITS_UNAUTHENTICATED_PER_MINUTE=1000000 RAGD_RATE_LIMITS_UNAUTHENTICATED_BURST=1000000
export RAGD_RATE_LIMITS_FREE_PER_MINUTE=10000000 RAGD_RATE_LIMITS_FREE_BURST=10000000
"$BIN/ragd" serve --port 0 --data-dir "$TMP/data" > "$TMP/ragd.log" 2>&1 &
PID=$!
for _ in $(seq 100); do grep -q '"msg":"listening"' "$TMP/ragd.log" 2>/dev/null && break; sleep 0.1; done
PORT=$(grep -o '"port":[0-9]*' "$TMP/ragd.log" | head -1 | cut -d: -f2 || true)
[ -n "$PORT" ] || { echo "auth.sh: ragd did not start:" >&2; cat "$TMP/ragd.log" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$PID/status"; }

curl -sf -XPOST "$URL/v1/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"correct horse battery staple"}' > "$TMP/register.json"
TOKEN=$(python3 -c "import json,sys; print(json.load(open('$TMP/register.json'))['access_token'])")

cat > "$TMP/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"email":"bench@example.com","password":"correct horse battery staple"}'
wrk.headers["Content-Type"] = "application/json"
local statuses = {}
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  io.write(string.format("  requests %d  (%.1f/s)  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write("  statuses: ")
  for status, count in pairs(statuses) do io.write(status .. "=" .. count .. " ") end
  io.write("\n")
end
LUA
cat > "$TMP/me.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
done = function(summary, latency, requests)
  io.write(string.format("  %.0f req/s  p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  non-2xx %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
LUA

sleep 1  # let start-up allocations settle before reading idle RSS
echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%FT%TZ); ragd pid $PID, idle RSS $(( $(rss) / 1024 )) MB"
echo "== argon2id cost (ragd-bench passwords, defaults m=19456 KiB t=2 p=1)"
"$BIN/ragd-bench" passwords --count 20 | sed 's/^/  /'
echo "== login, 16 concurrent clients: wrk -t2 -c16 -d$DURATION"
wrk -t2 -c16 -d"$DURATION" -s "$TMP/login.lua" "$URL/v1/auth/login" | grep -E "^  "
echo "== 200 concurrent logins: wrk -t2 -c200 -d$DURATION (RSS sampled every 100 ms)"
before_hwm=$(hwm)
max_rss=0
( while kill -0 "$PID" 2>/dev/null; do r=$(rss); echo "$r"; sleep 0.1; done ) > "$TMP/rss.txt" &
SAMPLER=$!
wrk -t2 -c200 -d"$DURATION" -s "$TMP/login.lua" "$URL/v1/auth/login" | grep -E "^  "
kill "$SAMPLER" 2>/dev/null || true
max_rss=$(sort -n "$TMP/rss.txt" | tail -1)
echo "  RSS max sampled $(( max_rss / 1024 )) MB; VmHWM before $(( before_hwm / 1024 )) MB, after $(( $(hwm) / 1024 )) MB"
echo "== GET /v1/auth/me with an access token: wrk -t2 -c32 -d$DURATION"
wrk -t2 -c32 -d"$DURATION" -s "$TMP/me.lua" "$URL/v1/auth/me" | grep -E "^  "
echo "== GET /health (no auth, for comparison): wrk -t2 -c32 -d$DURATION"
wrk -t2 -c32 -d"$DURATION" -s "$TMP/me.lua" "$URL/health" | grep -E "^  "
echo "== access-token verification in process (ragd-bench tokens)"
"$BIN/ragd-bench" tokens | sed 's/^/  /'

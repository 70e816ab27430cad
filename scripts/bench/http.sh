#!/usr/bin/env bash
# HTTP benchmark: ragd's GET /health against a Hummingbird 2 hello world and nginx serving a static file,
# all three in the same run, measured by wrk; plus ragd's RSS before and after 10,000 keep-alive connections.
#
#   scripts/bench/http.sh [options]        (from anywhere; paths are resolved from this file)
#
# Options (environment variables in brackets):
#   --servers LIST        comma list of ragd,hummingbird,nginx             [default: all three]
#   --runs N              wrk measurements per server; the median is reported. Servers are
#                         interleaved per round (rotating order) so drift hits all alike   [1]
#   --duration D          wrk -d per measurement                     [WRK_DURATION=10s]
#   --connections N       wrk -c                                     [WRK_CONNECTIONS=64]
#   --threads N           wrk -t                                     [WRK_THREADS=2]
#   --warmup D            wrk run (discarded) before each measurement [WRK_WARMUP=2s]
#   --churn N             keep-alive connections per churn round      [CHURN_CONNECTIONS=10000]
#   --churn-concurrency N connections open at once during churn       [CHURN_CONCURRENCY=1000]
#   --no-rss              skip the RSS / connection-churn part
#   --no-build            do not build ragd (use RAGD_BIN or .build/release/ragd as is)
#   --no-access-log       turn off ragd's (RAGD_LOG_ACCESS=false) and nginx's access logs
#   --hb-access-log       give Hummingbird an access log too (LogRequestsMiddleware); off by default,
#                         as in a stock hello world, which makes it the harder baseline for ragd
#   --rebuild-hummingbird rebuild the Hummingbird peer even if a matching build exists
#   --keep-tmp            keep the temp dir (server logs, wrk outputs, nginx.conf)
#   --strict              exit 1 if any target or check FAILs (default: exit 0 once measured)
#
# Targets: ragd req/s >= 1.3x Hummingbird (RAGD_VS_HB_TARGET) and >= 0.7x nginx (RAGD_VS_NGINX_TARGET);
# ragd RSS growth between churn round 1 and round 2 <= LEAK_TOLERANCE_KB (default 1024 kB) with no
# failed request. Round 1 -> round 2 is the leak signal: allocator high-water marks make idle -> round 1
# growth normal, but a second identical round must not add more.
#
# The Hummingbird peer is generated into .build-bench/hummingbird-hello/ (git-ignored via `.build-*/`)
# and built in release mode from the package mirror; a build whose sources match is reused.
# Output is also written to scripts/bench/out/http-<date>.txt (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="$ROOT/scripts/bench"

# ---------------------------------------------------------------------------------------------- options
SERVERS="ragd,hummingbird,nginx"
RUNS=1
DURATION="${WRK_DURATION:-10s}"
CONNECTIONS="${WRK_CONNECTIONS:-64}"
THREADS="${WRK_THREADS:-2}"
WARMUP="${WRK_WARMUP:-2s}"
CHURN_CONNECTIONS="${CHURN_CONNECTIONS:-10000}"
CHURN_CONCURRENCY="${CHURN_CONCURRENCY:-1000}"
CHURN_SETTLE_S="${CHURN_SETTLE_S:-1}"   # let closed connections be torn down before reading RSS
DO_RSS=1
DO_BUILD=1
ACCESS_LOG=1
HB_ACCESS_LOG=0
REBUILD_HB=0
KEEP_TMP=0
STRICT=0
RAGD_VS_HB_TARGET="${RAGD_VS_HB_TARGET:-1.3}"
RAGD_VS_NGINX_TARGET="${RAGD_VS_NGINX_TARGET:-0.7}"
LEAK_TOLERANCE_KB="${LEAK_TOLERANCE_KB:-1024}"
START_TIMEOUT_S="${START_TIMEOUT_S:-60}"
RAGD_BIN="${RAGD_BIN:-$ROOT/.build/release/ragd}"
HB_DIR="${HB_DIR:-$ROOT/.build-bench/hummingbird-hello}"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "http.sh: error: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --servers) SERVERS="${2:?}"; shift 2 ;;
        --runs) RUNS="${2:?}"; shift 2 ;;
        --duration) DURATION="${2:?}"; shift 2 ;;
        --connections) CONNECTIONS="${2:?}"; shift 2 ;;
        --threads) THREADS="${2:?}"; shift 2 ;;
        --warmup) WARMUP="${2:?}"; shift 2 ;;
        --churn) CHURN_CONNECTIONS="${2:?}"; shift 2 ;;
        --churn-concurrency) CHURN_CONCURRENCY="${2:?}"; shift 2 ;;
        --no-rss) DO_RSS=0; shift ;;
        --no-build) DO_BUILD=0; shift ;;
        --no-access-log) ACCESS_LOG=0; shift ;;
        --hb-access-log) HB_ACCESS_LOG=1; shift ;;
        --rebuild-hummingbird) REBUILD_HB=1; shift ;;
        --keep-tmp) KEEP_TMP=1; shift ;;
        --strict) STRICT=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
IFS=',' read -r -a SERVER_LIST <<<"$SERVERS"
[[ ${#SERVER_LIST[@]} -gt 0 ]] || die "--servers is empty"
for s in "${SERVER_LIST[@]}"; do
    case "$s" in ragd|hummingbird|nginx) ;; *) die "unknown server '$s' (ragd, hummingbird, nginx)" ;; esac
done
has_server() { [[ ",$SERVERS," == *",$1,"* ]]; }

# ---------------------------------------------------------------------------------------------- tools
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found: $2"; }
need wrk "apt-get install wrk"
need curl "apt-get install curl"
need python3 "needed for scripts/bench/churn.py and free-port selection"
need ss "apt-get install iproute2"
need pgrep "apt-get install procps"
need setsid "apt-get install util-linux"
has_server nginx && need nginx "apt-get install nginx (only the binary is used; the system config is untouched)"
if has_server hummingbird || { has_server ragd && [[ $DO_BUILD == 1 ]]; }; then
    need swift "Swift 6 toolchain on PATH (e.g. /opt/swift/usr/bin)"
fi

# ---------------------------------------------------------------------------------------------- output
mkdir -p "$BENCH_DIR/out"
OUT="$BENCH_DIR/out/http-$(date +%Y%m%d-%H%M%S).txt"
# tee ignores INT/TERM so a Ctrl-C does not kill it before cleanup's messages reach the file.
exec > >(trap '' INT TERM; exec tee -a "$OUT") 2>&1
TEE_PID=$!

TMP="$(mktemp -d /tmp/ragd-bench-http.XXXXXX)"
chmod 755 "$TMP"   # nginx workers run as 'nobody' when we are root: they must reach www/health

# ---------------------------------------------------------------------------------------------- cleanup
declare -A PID=()     # server -> main PID (nginx: master)
declare -A PORT=()
CHILD=""              # wrk / churn client currently running, if any

stop_pid() {  # stop_pid PID NAME: SIGTERM, wait up to 10 s, then SIGKILL. Prints the exit status.
    local pid=$1 name=$2 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "  $name (pid $pid) ignored SIGTERM for 10 s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    local rc=0
    wait "$pid" 2>/dev/null || rc=$?
    echo "  $name (pid $pid) stopped, exit status $rc"
    [[ $name != ragd ]] || RAGD_EXIT=$rc
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    [[ -n "$CHILD" ]] && kill -TERM "$CHILD" 2>/dev/null
    if [[ ${#PID[@]} -gt 0 ]]; then
        echo
        echo "Stopping servers:"
        local s
        for s in "${!PID[@]}"; do stop_pid "${PID[$s]}" "$s"; done
    fi
    if [[ $KEEP_TMP == 1 ]]; then echo "Temp dir kept: $TMP"; else rm -rf "$TMP"; fi
    echo "Report: $OUT"
    # Close our end of the pipe and let tee flush the report before the shell exits.
    exec >&- 2>&-
    wait "$TEE_PID" 2>/dev/null
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run a client in the background and wait for it, so INT/TERM traps fire at once instead of after it.
run_child() {  # run_child OUTFILE CMD...; returns the command's status
    local out=$1 rc=0; shift
    "$@" >"$out" 2>&1 &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=""
    return $rc
}

# ---------------------------------------------------------------------------------------------- helpers
hr() { printf '%*s\n' 100 '' | tr ' ' '-'; }
quote() { printf '%q ' "$@"; }

free_port() {  # a port the kernel considers free on 127.0.0.1 and that nothing listens on
    local port
    for _ in 1 2 3 4 5; do
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
        if [[ -z "$(ss -Hltn "sport = :$port")" ]]; then echo "$port"; return 0; fi
    done
    die "could not find a free port"
}

wait_ready() {  # wait_ready NAME: until GET /health answers 200 (and, for ragd, it logged "listening")
    local name=$1 pid=${PID[$1]} port=${PORT[$1]} deadline=$((SECONDS + START_TIMEOUT_S))
    while ((SECONDS < deadline)); do
        assert_alive "$name"
        if [[ $name != ragd ]] || grep -q '"msg":"listening"' "$TMP/ragd.stdout.log" 2>/dev/null; then
            if [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/health")" == 200 ]]; then
                # The listener must be ours, not some other process (a system nginx, a stale ragd).
                if ss -Hltnp "sport = :$port" | grep -q "pid=$pid,"; then return 0; fi
                die "port $port answers, but its listener is not $name (pid $pid): $(ss -Hltnp "sport = :$port")"
            fi
        fi
        sleep 0.1
    done
    tail -n 20 "$TMP/$name".*log 2>/dev/null || true
    die "$name not ready on port $port after ${START_TIMEOUT_S}s"
}

assert_alive() {  # a server that died mid-run would otherwise show up as wrk errors or a confusing failure
    local s=$1
    kill -0 "${PID[$s]}" 2>/dev/null && return 0
    local rc=0; wait "${PID[$s]}" 2>/dev/null || rc=$?
    echo "$s (pid ${PID[$s]}) exited unexpectedly (exit status $rc); last log lines:"
    tail -n 20 "$TMP/$s".*log "$TMP/$s"/error.log 2>/dev/null || true
    unset "PID[$s]"
    die "$s is not running"
}

server_pids() {  # all PIDs of a server: nginx is a master plus its workers
    local pid=${PID[$1]}
    if [[ $1 == nginx ]]; then echo "$pid $(pgrep -P "$pid" | tr '\n' ' ')"; else echo "$pid"; fi
}

rss_kb() {  # summed VmRSS in kB of a server's processes
    local total=0 p v
    for p in $(server_pids "$1"); do
        v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
signed_mb() { awk -v k="$1" 'BEGIN { printf "%+.1f", k / 1024 }'; }

median() {  # median of the arguments
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# wrk prints latencies as e.g. 812.00us, 1.23ms, 1.05s, 1.20m: normalise to ms.
to_ms() {
    awk -v x="$1" 'BEGIN {
        if (x ~ /us$/) { sub(/us$/, "", x); v = x / 1000 }
        else if (x ~ /ms$/) { sub(/ms$/, "", x); v = x }
        else if (x ~ /s$/) { sub(/s$/, "", x); v = x * 1000 }
        else if (x ~ /m$/) { sub(/m$/, "", x); v = x * 60000 }
        else if (x ~ /h$/) { sub(/h$/, "", x); v = x * 3600000 }
        else { v = -1 }
        printf "%.3f", v }'
}

verdict() {  # verdict VALUE OP TARGET -> PASS/FAIL
    awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? (v >= t) : (v <= t); print ok ? "PASS" : "FAIL" }'
}

FAILED=0
note_verdict() { [[ $1 == PASS ]] || FAILED=1; }

# ---------------------------------------------------------------------------------------------- limits
# 1,000 connections held open at once need more than the usual soft limit of 1,024 descriptors, in the
# churn client and in each server (they inherit it from here). Raise the soft limit as far as allowed.
want_nofile=65536
hard_nofile=$(ulimit -Hn)
if [[ $hard_nofile != unlimited ]] && ((hard_nofile < want_nofile)); then want_nofile=$hard_nofile; fi
ulimit -n "$want_nofile" 2>/dev/null || true
NOFILE=$(ulimit -n)
if [[ $DO_RSS == 1 ]] && ((NOFILE < CHURN_CONCURRENCY + 64)); then
    die "ulimit -n is $NOFILE (hard $hard_nofile); --churn-concurrency $CHURN_CONCURRENCY needs more. Lower it or raise the hard limit."
fi

# ---------------------------------------------------------------------------------------------- context
echo "ragd HTTP benchmark — $(date -Is)"
hr
echo "host:       $(uname -n), $(nproc) CPUs ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "kernel:     $(uname -srm)"
load1=$(cut -d' ' -f1 /proc/loadavg)
echo "load avg:   $(cut -d' ' -f1-3 /proc/loadavg)$(awk -v l="$load1" -v n="$(nproc)" 'BEGIN { if (l > 0.25 * n) printf "   WARNING: the machine is busy; expect noisy numbers" }')"
echo "ulimit -n:  $NOFILE (hard $hard_nofile)"
echo "ragd:       $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no commit yet')$( [[ -z "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]] || echo ' (dirty tree)')"
command -v swift >/dev/null && echo "swift:      $(swift --version 2>/dev/null | head -n1)"
echo "wrk:        $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)"
has_server nginx && echo "nginx:      $(nginx -v 2>&1 | sed 's/^nginx version: //')"
echo "servers:    ${SERVER_LIST[*]}; access logs: ragd=$([[ $ACCESS_LOG == 1 ]] && echo on || echo off)" \
     "nginx=$([[ $ACCESS_LOG == 1 ]] && echo on || echo off) hummingbird=$([[ $HB_ACCESS_LOG == 1 ]] && echo on || echo off)"
echo "temp dir:   $TMP"
echo

# ---------------------------------------------------------------------------------------------- build
build_ragd() {
    echo "Building ragd (swift build -c release --product ragd) ..."
    local t0=$SECONDS
    if ! (cd "$ROOT" && swift build -c release --product ragd) >"$TMP/build-ragd.log" 2>&1; then
        tail -n 40 "$TMP/build-ragd.log"
        die "ragd build failed (full log: $TMP/build-ragd.log; use --keep-tmp to keep it)"
    fi
    echo "  done in $((SECONDS - t0)) s"
}

# The Hummingbird peer: the smallest fair Hummingbird 2 server — Application + Router, GET /health
# returning {"status":"ok"} as application/json, default event loop group (one loop per core),
# release build. Generated here so that nothing about it is committed.
write_if_changed() {  # write stdin to $1 only if it differs, so an unchanged package keeps its build
    local tmp; tmp=$(mktemp)
    cat >"$tmp"
    if [[ -f "$1" ]] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

generate_hummingbird() {
    mkdir -p "$HB_DIR/Sources"
    write_if_changed "$HB_DIR/Package.swift" <<'EOF'
// swift-tools-version: 6.0
// Generated by scripts/bench/http.sh — a Hummingbird 2 peer for ragd's /health benchmark. Not committed.
import PackageDescription

let package = Package(
    name: "hummingbird-hello",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "hummingbird-hello",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Sources"
        ),
    ]
)
EOF
    write_if_changed "$HB_DIR/Sources/HelloApp.swift" <<'EOF'
// Generated by scripts/bench/http.sh. Usage: hummingbird-hello PORT
// GET /health -> 200 {"status":"ok"} (application/json), on 127.0.0.1:PORT.
// Default event loop group: MultiThreadedEventLoopGroup.singleton (one loop per core).
// HB_LOG_REQUESTS=1 adds LogRequestsMiddleware(.info) (an access log); off by default, like a stock hello world.
import Hummingbird
import Logging

@main
struct HelloApp {
    static func main() async throws {
        let args = CommandLine.arguments
        guard args.count == 2, let port = Int(args[1]) else {
            print("usage: hummingbird-hello PORT")
            return
        }
        let logRequests = Environment().get("HB_LOG_REQUESTS") == "1"

        let router = Router()
        if logRequests {
            router.add(middleware: LogRequestsMiddleware(.info))
        }
        // Body bytes built once; each response shares the buffer (copy-on-write, never written).
        let body = ByteBuffer(string: #"{"status":"ok"}"#)
        router.get("/health") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }

        var logger = Logger(label: "hummingbird-hello")
        logger.logLevel = logRequests ? .info : .notice
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "hummingbird-hello"),
            logger: logger
        )
        try await app.runService()
    }
}
EOF
}

HB_BIN="$HB_DIR/.build/release/hummingbird-hello"
build_hummingbird() {
    generate_hummingbird
    # Reuse a build made from exactly these sources (first build: several minutes on 2 cores).
    local stamp; stamp=$(cat "$HB_DIR/Package.swift" "$HB_DIR/Sources/HelloApp.swift" | sha256sum | cut -d' ' -f1)
    if [[ $REBUILD_HB == 0 && -x "$HB_BIN" && "$(cat "$HB_DIR/.bench-stamp" 2>/dev/null)" == "$stamp" ]]; then
        echo "Hummingbird peer: reusing $HB_BIN"
    else
        echo "Building Hummingbird peer in $HB_DIR (swift build -c release; the first build takes minutes) ..."
        local t0=$SECONDS
        if ! (cd "$HB_DIR" && swift build -c release) >"$TMP/build-hummingbird.log" 2>&1; then
            tail -n 40 "$TMP/build-hummingbird.log"
            die "Hummingbird build failed (log: $TMP/build-hummingbird.log; use --keep-tmp to keep it)"
        fi
        echo "$stamp" >"$HB_DIR/.bench-stamp"
        echo "  done in $((SECONDS - t0)) s"
    fi
    HB_VERSION=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(next((p["state"].get("version", "?") for p in d.get("pins", []) if p["identity"] == "hummingbird"), "?"))' \
        "$HB_DIR/Package.resolved" 2>/dev/null || echo "?")
    echo "  Hummingbird $HB_VERSION"
}

if has_server ragd; then
    if [[ $DO_BUILD == 1 ]]; then build_ragd; fi
    [[ -x "$RAGD_BIN" ]] || die "ragd binary not found at $RAGD_BIN (build it, or drop --no-build, or set RAGD_BIN)"
fi
has_server hummingbird && build_hummingbird
echo

# ---------------------------------------------------------------------------------------------- start
# Servers run under `setsid` (it execs in place, so $! stays the server's PID): a Ctrl-C in the terminal
# then reaches this script, wrk and the churn client but not the servers, which the trap stops with
# SIGTERM — ragd's documented shutdown signal — whose exit status is part of the report.
declare -A CMD=()

start_ragd() {
    PORT[ragd]=$(free_port)
    mkdir -p "$TMP/ragd-data"
    local -a envs=()
    [[ $ACCESS_LOG == 1 ]] || envs=(RAGD_LOG_ACCESS=false)
    local -a cmd=("$RAGD_BIN" serve --host 127.0.0.1 --port "${PORT[ragd]}" --data-dir "$TMP/ragd-data")
    CMD[ragd]="${envs[*]:+${envs[*]} }$(quote "${cmd[@]}")>$TMP/ragd.stdout.log 2>$TMP/ragd.stderr.log"
    env "${envs[@]}" setsid "${cmd[@]}" >"$TMP/ragd.stdout.log" 2>"$TMP/ragd.stderr.log" &
    PID[ragd]=$!
}

start_hummingbird() {
    PORT[hummingbird]=$(free_port)
    local -a cmd=("$HB_BIN" "${PORT[hummingbird]}")
    CMD[hummingbird]="HB_LOG_REQUESTS=$HB_ACCESS_LOG $(quote "${cmd[@]}")>$TMP/hummingbird.stdout.log 2>&1"
    HB_LOG_REQUESTS=$HB_ACCESS_LOG setsid "${cmd[@]}" >"$TMP/hummingbird.stdout.log" 2>&1 &
    PID[hummingbird]=$!
}

start_nginx() {
    PORT[nginx]=$(free_port)
    local d="$TMP/nginx"
    mkdir -p "$d/www" "$d/tmp"
    printf '{"status":"ok"}' >"$d/www/health"
    chmod -R a+rX "$d/www"
    local user_line="" access_line="access_log $d/access.log;  # nginx's default: combined format, unbuffered"
    # As root, nginx switches workers to 'nobody'; name the group explicitly (Debian has no group 'nobody').
    [[ $EUID -ne 0 ]] || user_line="user nobody $(id -gn nobody);"
    [[ $ACCESS_LOG == 1 ]] || access_line="access_log off;"
    cat >"$d/nginx.conf" <<EOF
# Generated by scripts/bench/http.sh; the system nginx config is not used.
$user_line
worker_processes auto;
worker_rlimit_nofile $NOFILE;
daemon off;                       # we background it ourselves and own its PID
pid $d/nginx.pid;
error_log $d/error.log warn;

events {
    worker_connections 4096;      # room for the 1,000-connection churn waves
}

http {
    default_type application/json;
    $access_line
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 100000;    # wrk keeps its connections for the whole run
    open_file_cache max=16 inactive=60s;   # a production static-file setup; spares an open() per request

    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;

    server {
        listen 127.0.0.1:${PORT[nginx]};
        root $d/www;
        location = /health { }
    }
}
EOF
    # -e: the error log before the config is read, so nothing under /var/log is touched.
    local -a cmd=(nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log")
    "${cmd[@]}" -t >"$TMP/nginx.test.log" 2>&1 || { cat "$TMP/nginx.test.log"; die "generated nginx config is invalid"; }
    CMD[nginx]="$(quote "${cmd[@]}")&   (config: $d/nginx.conf)"
    setsid "${cmd[@]}" >"$TMP/nginx.stdout.log" 2>&1 &
    PID[nginx]=$!
}

echo "Starting servers:"
for s in "${SERVER_LIST[@]}"; do
    "start_$s"
    wait_ready "$s"
    echo "  $s: pid ${PID[$s]}, http://127.0.0.1:${PORT[$s]}/health"
done
if has_server ragd; then
    echo "  ragd says: $(grep -m1 '"msg":"listening"' "$TMP/ragd.stdout.log")"
fi
echo
echo "Commands:"
for s in "${SERVER_LIST[@]}"; do echo "  $s: ${CMD[$s]}"; done
echo "  warm-up: wrk -t$THREADS -c$CONNECTIONS -d$WARMUP http://127.0.0.1:PORT/health   (discarded)"
echo "  measure: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency http://127.0.0.1:PORT/health"
[[ $DO_RSS == 0 ]] || echo "  churn:   python3 scripts/bench/churn.py --port PORT --connections $CHURN_CONNECTIONS --concurrency $CHURN_CONCURRENCY --requests 2 --pids PIDS"
echo

# ---------------------------------------------------------------------------------------------- RSS / churn
declare -A RSS_IDLE=() RSS_PEAK1=() RSS_AFTER1=() RSS_PEAK2=() RSS_AFTER2=() CHURN_FAIL=() CHURN_DETAIL=()

churn() {  # churn SERVER ROUND: one round of keep-alive connection churn; sets RSS_PEAK<ROUND>, RSS_AFTER<ROUND>
    local s=$1 round=$2 out="$TMP/churn-$1-$2.txt" rc=0
    run_child "$out" python3 "$BENCH_DIR/churn.py" --port "${PORT[$s]}" --connections "$CHURN_CONNECTIONS" \
        --concurrency "$CHURN_CONCURRENCY" --requests 2 --pids "$(server_pids "$s" | tr -s ' ' ',' | sed 's/,$//')" || rc=$?
    assert_alive "$s"
    local failures peak elapsed detail
    failures=$(awk -F= '$1 == "failures" {print $2}' "$out")
    peak=$(awk -F= '$1 == "peak_rss_kb" {print $2}' "$out")
    elapsed=$(awk -F= '$1 == "elapsed_s" {print $2}' "$out")
    detail=$(awk -F= '$1 == "failure_detail" {print $2}' "$out")
    if [[ -z "$failures" ]]; then  # the client itself crashed
        cat "$out"; failures=1; detail="churn client error (rc $rc)"; peak=0
    elif [[ $rc != 0 && $failures == 0 ]]; then
        failures=1; detail="fewer OK responses than requests sent"
    fi
    sleep "$CHURN_SETTLE_S"
    local after; after=$(rss_kb "$s")
    eval "RSS_PEAK$round[\$s]=\$peak; RSS_AFTER$round[\$s]=\$after"
    CHURN_FAIL[$s]=$(( ${CHURN_FAIL[$s]:-0} + failures ))
    [[ $failures == 0 ]] || CHURN_DETAIL[$s]="${CHURN_DETAIL[$s]:+${CHURN_DETAIL[$s]}; }round $round: $detail"
    printf '  %-12s round %d: %s connections in %ss, %s failed; RSS with %s open %s MB, after %s MB\n' \
        "$s" "$round" "$CHURN_CONNECTIONS" "$elapsed" "$failures" "$CHURN_CONCURRENCY" "$(mb "$peak")" "$(mb "$after")"
}

if [[ $DO_RSS == 1 ]]; then
    echo "RSS and keep-alive connection churn ($CHURN_CONNECTIONS connections per round, $CHURN_CONCURRENCY open at a time, 2 requests each):"
    for s in "${SERVER_LIST[@]}"; do
        # Idle: after start-up and one warm-up request (wait_ready already sent one).
        curl -s -o /dev/null "http://127.0.0.1:${PORT[$s]}/health"
        sleep 0.5
        RSS_IDLE[$s]=$(rss_kb "$s")
        churn "$s" 1
        churn "$s" 2
    done
    echo
fi

# ---------------------------------------------------------------------------------------------- throughput
declare -A RPS=() P99=() ERRS=()

measure() {  # measure SERVER ROUND
    local s=$1 r=$2 url="http://127.0.0.1:${PORT[$1]}/health" out="$TMP/wrk-$1-$2.txt"
    run_child /dev/null wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" || true
    assert_alive "$s"
    run_child "$out" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" \
        || { cat "$out"; assert_alive "$s"; die "wrk failed against $s"; }
    assert_alive "$s"
    local rps p99raw p99 errs
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p99raw=$(awk '/Latency Distribution/ {d = 1} d && $1 == "99%" {print $2; exit}' "$out")
    [[ -n "$rps" && -n "$p99raw" ]] || { cat "$out"; die "could not parse wrk output for $s"; }
    p99=$(to_ms "$p99raw")
    # wrk counts connect/read/write/timeout errors and non-2xx/3xx answers; any of them taints the run.
    errs=$(awk '/Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 } /Non-2xx or 3xx responses:/ { e += $5 } END { print e + 0 }' "$out")
    RPS[$s]="${RPS[$s]:-} $rps"
    P99[$s]="${P99[$s]:-} $p99"
    ERRS[$s]=$(( ${ERRS[$s]:-0} + errs ))
    printf '  round %d  %-12s %12.0f req/s   p99 %8.2f ms   errors %d\n' "$r" "$s" "$rps" "$p99" "$errs"
}

echo "Throughput: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), $RUNS run(s) per server:"
n=${#SERVER_LIST[@]}
for ((r = 1; r <= RUNS; r++)); do
    # Rotate the order each round, so no server always runs first (cold caches) or last.
    for ((i = 0; i < n; i++)); do measure "${SERVER_LIST[$(((i + r - 1) % n))]}" "$r"; done
done
echo

# ---------------------------------------------------------------------------------------------- report
declare -A MED_RPS=() MED_P99=()
hr
printf '%-12s %14s %12s %8s   %s\n' server "req/s" "p99 ms" errors "$([[ $RUNS -gt 1 ]] && echo "(median of $RUNS runs; all req/s)")"
for s in "${SERVER_LIST[@]}"; do
    # shellcheck disable=SC2086  # word splitting of the run lists is intended
    MED_RPS[$s]=$(median ${RPS[$s]})
    # shellcheck disable=SC2086
    MED_P99[$s]=$(median ${P99[$s]})
    printf '%-12s %14.0f %12.2f %8d   %s\n' "$s" "${MED_RPS[$s]}" "${MED_P99[$s]}" "${ERRS[$s]}" \
        "$([[ $RUNS -gt 1 ]] && echo "${RPS[$s]# }")"
    [[ ${ERRS[$s]} == 0 ]] || { [[ $s != ragd ]] || FAILED=1; }
done
echo

ratio_line() {  # ratio_line PEER TARGET
    local peer=$1 target=$2
    if has_server ragd && has_server "$peer"; then
        local ratio v
        ratio=$(awk -v a="${MED_RPS[ragd]}" -v b="${MED_RPS[$peer]}" 'BEGIN { printf "%.2f", a / b }')
        v=$(verdict "$ratio" ">=" "$target")
        note_verdict "$v"
        printf '%-26s %6sx   target >= %sx   %s\n' "ragd / $peer req/s" "$ratio" "$target" "$v"
    else
        printf '%-26s %6s    target >= %sx   n/a (needs ragd and %s)\n' "ragd / $peer req/s" "-" "$target" "$peer"
    fi
}
ratio_line hummingbird "$RAGD_VS_HB_TARGET"
ratio_line nginx "$RAGD_VS_NGINX_TARGET"
if has_server hummingbird && has_server nginx; then
    printf '%-26s %6sx   (context)\n' "hummingbird / nginx" \
        "$(awk -v a="${MED_RPS[hummingbird]}" -v b="${MED_RPS[nginx]}" 'BEGIN { printf "%.2f", a / b }')"
fi
[[ ${ERRS[ragd]:-0} == 0 ]] || echo "ragd: wrk reported ${ERRS[ragd]} errors: FAIL"

if [[ $DO_RSS == 1 ]]; then
    echo
    echo "(MB of VmRSS; peak = sampled while a wave of $CHURN_CONCURRENCY connections is open; after = ${CHURN_SETTLE_S} s after a round)"
    printf '%-12s %9s %13s %9s %13s %9s %10s %10s %8s  %s\n' server "idle MB" "peak #1" "after #1" "peak #2" \
        "after #2" "idle->#1" "#1->#2" failed "leak check (#1->#2 <= ${LEAK_TOLERANCE_KB} kB, 0 failed)"
    for s in "${SERVER_LIST[@]}"; do
        g1=$((RSS_AFTER1[$s] - RSS_IDLE[$s]))
        g2=$((RSS_AFTER2[$s] - RSS_AFTER1[$s]))
        v=$(verdict "$g2" "<=" "$LEAK_TOLERANCE_KB")
        [[ ${CHURN_FAIL[$s]} == 0 ]] || v=FAIL
        [[ $s != ragd ]] || note_verdict "$v"
        printf '%-12s %9s %13s %9s %13s %9s %10s %10s %8s  %s%s\n' "$s" "$(mb "${RSS_IDLE[$s]}")" \
            "$(mb "${RSS_PEAK1[$s]}")" "$(mb "${RSS_AFTER1[$s]}")" "$(mb "${RSS_PEAK2[$s]}")" "$(mb "${RSS_AFTER2[$s]}")" \
            "$(signed_mb "$g1")" "$(signed_mb "$g2")" "${CHURN_FAIL[$s]}" "$v" \
            "$([[ $s == ragd ]] || echo ' (reference)')"
        [[ -z "${CHURN_DETAIL[$s]:-}" ]] || echo "             failures: ${CHURN_DETAIL[$s]}"
    done
    [[ " ${SERVER_LIST[*]} " != *" nginx "* ]] || echo "(nginx: master + workers summed)"
fi
echo
echo -n "RSS after the wrk runs:"
for s in "${SERVER_LIST[@]}"; do echo -n "  $s $(mb "$(rss_kb "$s")") MB"; done
echo
hr

# Stop the servers here (not only in the trap) so ragd's exit status on SIGTERM is part of the report.
RAGD_EXIT=""
echo "Stopping servers:"
for s in "${SERVER_LIST[@]}"; do stop_pid "${PID[$s]}" "$s"; unset "PID[$s]"; done
if has_server ragd; then
    v=$([[ $RAGD_EXIT == 0 ]] && echo PASS || echo FAIL)
    note_verdict "$v"
    echo "ragd exit status on SIGTERM: $RAGD_EXIT (expected 0): $v"
fi
echo
if ! has_server ragd; then echo "Overall: n/a (ragd not run: no target evaluated)"
elif [[ $FAILED == 0 ]]; then echo "Overall: PASS"; else echo "Overall: FAIL"; fi
[[ $STRICT == 0 || $FAILED == 0 ]] || exit 1
exit 0

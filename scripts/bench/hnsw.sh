#!/usr/bin/env bash
# ragd's HNSW index (VectorIndex) side by side with hnswlib at the same M / efConstruction / efSearch: build time,
# memory per vector, and recall@10 vs single-thread queries per second over an efSearch sweep, on (a) random unit
# 384-d vectors and (b) an optional vectors file (raw little-endian float32, n × dimension, e.g. MiniLM embeddings).
# Each set holds out 1,000 random vectors as queries; the exact top 10 comes from a brute-force scan. Both sides read
# the same files. Figures only, never a test.
# Usage: scripts/bench/hnsw.sh [--no-build] [--vectors FILE.f32] [--count 200000] [--dimension 384] [--m 16]
#          [--ef-construction 200] [--ef-search 16,24,...] [--rounds 3] [--latent-dimension 0] [--threads 1]
#          [--keep DIR]   (--count 0 skips the random set)
#   --threads N > 1 also times an N-thread build on both sides (ragd: `insert(contentsOf:threads:)`; hnswlib:
#   add_items(num_threads=N)), in wall-clock seconds.
#   RAGD_BENCH=/path/to/ragd-bench to use a prebuilt binary; hnswlib and numpy go into a venv under /tmp if missing.
#   --latent-dimension L draws the random set near an L-dimensional subspace (like real embeddings) instead of
#   uniformly on the sphere, where no graph index reaches recall 0.95 at a small ef.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=1
VECTORS=""
COUNT=200000
DIMENSION=384
M=16
EF_CONSTRUCTION=200
EF_SEARCH=16,24,32,48,64,96,128,192,256,384,512,1024,2048
ROUNDS=3
LATENT=0
THREADS=1
KEEP=""
while (($#)); do
  case "$1" in
    --no-build) BUILD=0 ;;
    --vectors) VECTORS="$2"; shift ;;
    --count) COUNT="$2"; shift ;;
    --dimension) DIMENSION="$2"; shift ;;
    --m) M="$2"; shift ;;
    --ef-construction) EF_CONSTRUCTION="$2"; shift ;;
    --ef-search) EF_SEARCH="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --latent-dimension) LATENT="$2"; shift ;;
    --keep) KEEP="$2"; shift ;;
    --threads) THREADS="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "hnsw.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -z "$VECTORS" ] || [ -f "$VECTORS" ] || { echo "hnsw.sh: no such file $VECTORS" >&2; exit 1; }
command -v python3 >/dev/null || { echo "hnsw.sh: python3 is required" >&2; exit 1; }
BENCH=${RAGD_BENCH:-}
if [ -z "$BENCH" ]; then
  ((BUILD)) && (cd "$ROOT" && swift build -c release --product ragd-bench >/dev/null)
  BENCH="$ROOT/.build/release/ragd-bench"
fi
VENV=/tmp/ragd-bench-hnswlib
if ! "$VENV/bin/python" -c 'import hnswlib, numpy' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q numpy hnswlib >/dev/null
fi
TMP=$(mktemp -d /tmp/ragd-bench-hnsw.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
WORK=${KEEP:-$TMP}
mkdir -p "$WORK"

# hnswlib's side: the same files, the same parameters; queries run as one batch on one thread, so Python's
# per-call overhead is not counted against it. Prints the same key=value lines as `ragd-bench hnsw run`.
cat > "$TMP/hnswlib_run.py" <<'PY'
import sys, time
import numpy as np, hnswlib
data, dim, m, efc, efs, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
threads = int(sys.argv[7]) if len(sys.argv) > 7 else 1
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * 4096
base = np.fromfile(data + '/base.f32', dtype='<f4').reshape(-1, dim)
queries = np.fromfile(data + '/queries.f32', dtype='<f4').reshape(-1, dim)
truth = np.fromfile(data + '/truth.u32', dtype='<u4').reshape(len(queries), -1)
# Cross-check the shared ground truth on a few queries with numpy's own brute force.
for i in range(10 if efs else 0):
    exact = np.argsort(-(base @ queries[i]), kind='stable')[:truth.shape[1]]
    assert len(set(exact) & set(truth[i])) >= truth.shape[1] - 1, 'ground truth disagrees with numpy'
before = rss()
cpu_clock = time.thread_time if threads == 1 else time.process_time  # num_threads=1 runs on this thread
start, cpu = time.perf_counter(), cpu_clock()
index = hnswlib.Index(space='ip', dim=dim)
index.init_index(max_elements=len(base), M=m, ef_construction=efc, random_seed=100)
index.add_items(base, np.arange(len(base)), num_threads=threads)
build, build_cpu = time.perf_counter() - start, cpu_clock() - cpu
print(f"build threads={threads} seconds={build:.2f} cpu_seconds={build_cpu:.2f} vectors={len(base)} "
      f"rss_bytes_per_vector={(rss() - before) // len(base)}")
if not efs:
    sys.exit(0)
for ef in [int(x) for x in efs.split(',')]:
    index.set_ef(ef)
    best, best_cpu = float('inf'), float('inf')
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.thread_time()
        labels, _ = index.knn_query(queries, k=truth.shape[1], num_threads=1)
        best, best_cpu = min(best, time.perf_counter() - start), min(best_cpu, time.thread_time() - cpu)
    found = sum(len(set(labels[i]) & set(truth[i])) for i in range(len(queries)))
    print(f"ef={ef} recall={found / truth.size:.4f} qps={int(len(queries) / best)} cpu_qps={int(len(queries) / best_cpu)}")
start = time.perf_counter()
index.save_index(data + '/hnswlib.bin')
saved = time.perf_counter() - start
start = time.perf_counter()
loaded = hnswlib.Index(space='ip', dim=dim)
loaded.load_index(data + '/hnswlib.bin', max_elements=len(base))
print(f"snapshot save_seconds={saved:.3f} load_seconds={time.perf_counter() - start:.3f}")
PY

# Joins both sides' lines into one table: build, memory, the curve, and QPS at the first ef reaching recall 0.95.
# Joins both sides' lines into one table: build, memory, the curve, and QPS at the first ef reaching recall 0.95.
# Times are CPU seconds of the working thread (the machine is shared; wall-clock figures are in the raw lines).
cat > "$TMP/table.py" <<'PY'
import sys
def parse(path):
    rows, build, snapshot = {}, {}, {}
    for line in open(path):
        fields = dict(f.split('=', 1) for f in line.split() if '=' in f)
        if line.startswith('build'): build = fields
        elif line.startswith('snapshot'): snapshot = fields
        elif line.startswith('ef='): rows[int(fields['ef'])] = (float(fields['recall']), int(fields['cpu_qps']))
    return build, rows, snapshot
(ob, ours, osnap), (tb, theirs, tsnap) = parse(sys.argv[2]), parse(sys.argv[3])
parallel = (parse(sys.argv[4])[0], parse(sys.argv[5])[0]) if len(sys.argv) > 5 else None
print(f"== {sys.argv[1]}: {ob['vectors']} vectors, 1000 held-out queries, recall@10, one thread, CPU time")
ratio = float(ob['cpu_seconds']) / float(tb['cpu_seconds'])
print(f"build seconds              ragd {float(ob['cpu_seconds']):8.2f}   hnswlib {float(tb['cpu_seconds']):8.2f}   ratio {ratio:.2f}x")
print(f"bytes/vector (RSS delta)   ragd {int(ob['rss_bytes_per_vector']):8d}   hnswlib {int(tb['rss_bytes_per_vector']):8d}"
      f"   (ragd allocated: {ob['bytes_per_vector']})")
if parallel:
    (op, tp) = parallel
    print(f"build seconds, {op['threads']} threads  ragd {float(op['seconds']):8.2f}   hnswlib {float(tp['seconds']):8.2f}"
          f"   ratio {float(op['seconds']) / float(tp['seconds']):.2f}x   (wall clock)")
if osnap and tsnap:
    print(f"snapshot save / load s     ragd {float(osnap['save_seconds']):.2f} / {float(osnap['load_seconds']):.2f}"
          f"   hnswlib {float(tsnap['save_seconds']):.2f} / {float(tsnap['load_seconds']):.2f}")
print(f"{'ef':>6} {'ragd recall':>12} {'ragd QPS':>9} {'hnswlib recall':>15} {'hnswlib QPS':>12} {'QPS ratio':>10}")
for ef in sorted(ours):
    (r, q), (hr, hq) = ours[ef], theirs.get(ef, (float('nan'), 0))
    print(f"{ef:>6} {r:>12.4f} {q:>9d} {hr:>15.4f} {hq:>12d} {q / hq if hq else float('nan'):>9.2f}x")
def first(rows):
    return next(((ef, q) for ef, (r, q) in sorted(rows.items()) if r >= 0.95), None)
o, t = first(ours), first(theirs)
describe = lambda x: f"ef {x[0]}, {x[1]} QPS" if x else "not reached"
print(f"recall >= 0.95 first at    ragd {describe(o)}   hnswlib {describe(t)}"
      + (f"   QPS ratio {o[1] / t[1]:.2f}x" if o and t else ""))
PY

run_set() {  # run_set NAME VECTORS_FILE
  local dir="$WORK/$1"
  mkdir -p "$dir"
  "$BENCH" hnsw prepare --vectors "$2" --dimension "$DIMENSION" --queries 1000 --output "$dir" >/dev/null
  "$BENCH" hnsw run --data "$dir" --dimension "$DIMENSION" --m "$M" --ef-construction "$EF_CONSTRUCTION" \
    --ef-search "$EF_SEARCH" --rounds "$ROUNDS" --snapshot-directory "$dir" > "$dir/ragd.txt"
  "$VENV/bin/python" "$TMP/hnswlib_run.py" "$dir" "$DIMENSION" "$M" "$EF_CONSTRUCTION" "$EF_SEARCH" "$ROUNDS" \
    > "$dir/hnswlib.txt"
  local parallel=()
  if ((THREADS > 1)); then
    "$BENCH" hnsw run --data "$dir" --dimension "$DIMENSION" --m "$M" --ef-construction "$EF_CONSTRUCTION" \
      --ef-search "" --threads "$THREADS" > "$dir/ragd-threads.txt"
    "$VENV/bin/python" "$TMP/hnswlib_run.py" "$dir" "$DIMENSION" "$M" "$EF_CONSTRUCTION" "" 1 "$THREADS" \
      > "$dir/hnswlib-threads.txt"
    parallel=("$dir/ragd-threads.txt" "$dir/hnswlib-threads.txt")
  fi
  "$VENV/bin/python" "$TMP/table.py" "$1" "$dir/ragd.txt" "$dir/hnswlib.txt" "${parallel[@]}"
  echo
  rm -f "$dir/bench.hnsw" "$dir/hnswlib.bin"
}

echo "M=$M efConstruction=$EF_CONSTRUCTION dimension=$DIMENSION"
if ((COUNT > 0)); then  # --count 0: only the --vectors set
  "$BENCH" hnsw generate --count $((COUNT + 1000)) --dimension "$DIMENSION" --latent-dimension "$LATENT" \
    --output "$WORK/random.f32"
  RANDOM_SET=random
  ((LATENT == 0)) || RANDOM_SET="random-latent$LATENT"
  run_set "$RANDOM_SET" "$WORK/random.f32"
fi
[ -z "$VECTORS" ] || run_set "$(basename "$VECTORS" .f32)" "$VECTORS"

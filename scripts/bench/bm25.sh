#!/usr/bin/env bash
# Lexical search on SciFact: ragd's BM25Index vs bm25s (Python; scores precomputed at index time into a sparse matrix,
# retrieval by its numpy backend and by its numba backend), side by side in one run.
# Indexing time (5,183 abstracts, title + "\n" + text), single-thread queries per second over the 300 test queries
# (run --rounds times, top-10, query analysis included on both sides), nDCG@10 and Recall@100 by ir_eval.py on each
# engine's top-100 run. Same k1/b on both sides (ragd's defaults unless --k1/--b). Figures only, never a test.
# --replicas N indexes the corpus N times over on both sides (distinct ids) to compare at a larger size; quality is
# then not measured. Usage: scripts/bench/bm25.sh [--no-build] [--rounds 20] [--k1 1.2] [--b 0.75] [--replicas 1]
#   RAGD_BENCH=/path/to/ragd-bench to use a prebuilt binary; bm25s, PyStemmer and numba go into a venv under /tmp.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS=20
BUILD=1
K1=1.2
B=0.75
REPLICAS=1
while (($#)); do
  case "$1" in
    --no-build) BUILD=0 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --k1) K1="$2"; shift ;;
    --b) B="$2"; shift ;;
    --replicas) REPLICAS="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bm25.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
DATA="$ROOT/../shared/data/scifact"
EVAL="$ROOT/../shared/tools/ir_eval.py"
[ -f "$DATA/corpus.jsonl" ] || { echo "bm25.sh: missing $DATA" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bm25.sh: python3 is required" >&2; exit 1; }
BENCH=${RAGD_BENCH:-}
if [ -z "$BENCH" ]; then
  ((BUILD)) && (cd "$ROOT" && swift build -c release --product ragd-bench >/dev/null)
  BENCH="$ROOT/.build/release/ragd-bench"
fi
VENV=/tmp/ragd-bench-bm25s
if ! "$VENV/bin/python" -c 'import bm25s, Stemmer, numba' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q bm25s PyStemmer numpy scipy numba >/dev/null
fi
TMP=$(mktemp -d /tmp/ragd-bench-bm25.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cat > "$TMP/bm25s_bench.py" <<'PY'
import json, sys, time
import bm25s, Stemmer
data, rounds, k1, b, backend, replicas, run_path = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), \
    float(sys.argv[4]), sys.argv[5], int(sys.argv[6]), sys.argv[7]
corpus = [json.loads(line) for line in open(f"{data}/corpus.jsonl", encoding="utf-8")]
ids = [d["_id"] for d in corpus]
texts = [d["title"] + "\n" + d["text"] for d in corpus] * replicas
judged = {line.split("\t")[0] for line in open(f"{data}/qrels/test.tsv", encoding="utf-8").read().splitlines()[1:]}
queries = [q for q in map(json.loads, open(f"{data}/queries.jsonl", encoding="utf-8")) if q["_id"] in judged]
query_texts = [q["text"] for q in queries]
stemmer = Stemmer.Stemmer("english")
tokenize = lambda t: bm25s.tokenize(t, stopwords="en", stemmer=stemmer, show_progress=False)
clocks = lambda: (time.perf_counter(), time.thread_time())

start, start_cpu = clocks()
retriever = bm25s.BM25(k1=k1, b=b, backend=backend)  # method "lucene": the same idf and tf normalization as ragd
retriever.index(tokenize(texts), show_progress=False)
end, end_cpu = clocks()
index_seconds, index_cpu_seconds = end - start, end_cpu - start_cpu

search = lambda k: retriever.retrieve(tokenize(query_texts), k=k, n_threads=0, show_progress=False)
search(10)  # warm-up (and numba's compilation)
start, start_cpu = clocks()
for _ in range(rounds):
    search(10)
end, end_cpu = clocks()
count = len(queries) * rounds
qps, qps_cpu = count / (end - start), count / (end_cpu - start_cpu)

documents, scores = search(100) if replicas == 1 else ([], [])
with open(run_path, "w") as run:
    for query, row, row_scores in zip(queries, documents, scores):
        for rank, (document, score) in enumerate(zip(row, row_scores)):
            run.write(f"{query['_id']} Q0 {ids[document]} {rank + 1} {score} bm25s\n")
print(f"index_seconds={index_seconds:.3f} index_cpu_seconds={index_cpu_seconds:.3f} qps={qps:.1f} "
      f"qps_cpu={qps_cpu:.1f} backend={retriever.backend}")
PY

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
CORES=$(getconf _NPROCESSORS_ONLN)
# Pin numpy's and numba's thread pools to one thread: the comparison is single-thread on both sides.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMBA_NUM_THREADS=1

ours=$(cd "$ROOT" && "$BENCH" bm25 --data "$DATA" --rounds "$ROUNDS" --k1 "$K1" --b "$B" --replicas "$REPLICAS" \
  --run-file "$TMP/ragd.run")
ours_line="$(echo "$ours" | head -1) $(echo "$ours" | sed -n 2p)"
echo "SciFact: $((5183 * REPLICAS)) docs (title + text; corpus x $REPLICAS), 300 test queries x $ROUNDS rounds, top-10,"\
  "one thread, k1=$K1 b=$B;"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) on $CORES cores: *_cpu figures use the thread's CPU time."
printf '%-12s %8s %8s %9s %9s %8s %10s\n' engine index_s idx_cpu qps qps_cpu ndcg@10 recall@100
row() {  # row NAME "FIELDS" RUN_FILE
  local quality=""
  ((REPLICAS == 1)) && quality=$(python3 "$EVAL" "$DATA/qrels/test.tsv" "$3" --k 10)
  printf '%-12s %8s %8s %9s %9s %8s %10s\n' "$1" "$(field "$2" index_seconds)" "$(field "$2" index_cpu_seconds)" \
    "$(field "$2" qps)" "$(field "$2" qps_cpu)" "$(field "$quality" ndcg@10)" "$(field "$quality" recall@100)"
}
row ragd "$ours_line" "$TMP/ragd.run"
ratios=""
for backend in numpy numba; do
  theirs=$("$VENV/bin/python" "$TMP/bm25s_bench.py" "$DATA" "$ROUNDS" "$K1" "$B" "$backend" "$REPLICAS" \
    "$TMP/$backend.run")
  row "bm25s-$backend" "$theirs" "$TMP/$backend.run"
  ratios+=$(printf '  vs bm25s-%s: QPS %.2fx (CPU %.2fx), indexing %.2fx faster (CPU %.2fx)\n' "$backend" \
    "$(echo "$(field "$ours_line" qps) / $(field "$theirs" qps)" | bc -l)" \
    "$(echo "$(field "$ours_line" qps_cpu) / $(field "$theirs" qps_cpu)" | bc -l)" \
    "$(echo "$(field "$theirs" index_seconds) / $(field "$ours_line" index_seconds)" | bc -l)" \
    "$(echo "$(field "$theirs" index_cpu_seconds) / $(field "$ours_line" index_cpu_seconds)" | bc -l)")$'\n'
done
echo "ragd:"
printf '%s' "$ratios"
echo "ragd MaxScore vs its own exhaustive scoring: $(field "$ours_line" maxscore_speedup)x (CPU)"
echo "Analysis — ragd: Unicode letter/digit runs, case + accent folding, codes whole/catenated/in parts, CJK uni- +"
echo "  bigrams, 115 English stop words, Porter2 (Snowball English, 2006 rules) in Swift; all inside QPS."
echo "  bm25s $("$VENV/bin/python" -c 'import bm25s; print(bm25s.__version__)'): lowercase, regex \\b\\w\\w+\\b (1-letter tokens dropped, hyphens split),"
echo "  its English stop words, PyStemmer $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("PyStemmer"))')"\
  "(Snowball 3 English, C); tokenizing the queries is inside its QPS too."

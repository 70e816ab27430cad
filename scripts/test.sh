#!/usr/bin/env bash
# Installs what the tests need (system libraries, promtool, the OpenAPI validator, the embedding model) and runs the
# whole suite in a debug build. Real-data tests read ../shared/data next to this repository.
# Extra arguments go to `swift test`, e.g. scripts/test.sh --filter HTTPTests
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-build
swift build --build-tests
# Every close() of a descriptor that is not open stops the test process with a crash report (see the file for why).
mkdir -p .build
clang -shared -fPIC -O2 -fno-omit-frame-pointer -o .build/close-guard.so scripts/close-guard.c -ldl
LD_PRELOAD="$PWD/.build/close-guard.so" exec swift test --skip-build "$@"

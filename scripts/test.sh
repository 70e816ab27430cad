#!/usr/bin/env bash
# Installs what the tests need (system libraries, promtool, the OpenAPI validator, the embedding model) and runs the
# whole suite in a debug build. Real-data tests read ../shared/data next to this repository.
# Extra arguments go to `swift test`, e.g. scripts/test.sh --filter HTTPTests
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-build
exec swift test "$@"

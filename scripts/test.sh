#!/usr/bin/env bash
# Runs every test: the document layer, the schema engine, the official
# JSON-Schema-Test-Suite and JSONTestSuite (from ../shared), and the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build --build-tests
swift test --skip-build

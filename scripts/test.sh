#!/usr/bin/env bash
# Runs every test: the document layer, the schema engine, the official
# JSON-Schema-Test-Suite and JSONTestSuite (from ../shared), and the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build --build-tests
# The tests write their fixtures under the temporary directory; give them a
# fresh one and remove it afterwards, so repeated runs leave nothing behind.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/oavalidate-tests.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
TMPDIR="$scratch" swift test --skip-build

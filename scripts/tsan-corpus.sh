#!/usr/bin/env bash
# Lints every OpenAPI document of the shared corpus with a ThreadSanitizer build of the CLI and
# fails on any report: the linter walks, models and validates on several threads.
# Usage: bash scripts/tsan-corpus.sh   (OAV_SHARED_DIR overrides ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
shared="${OAV_SHARED_DIR:-../shared}"
manifest="$shared/corpus/MANIFEST.json"
[ -f "$manifest" ] || { echo "tsan-corpus: $manifest not found (set OAV_SHARED_DIR)" >&2; exit 2; }
swift build --sanitize=thread --product oavalidate --scratch-path .build-tsan
binary=.build-tsan/debug/oavalidate
failed=0
for entry in $(python3 -c 'import json,sys; print("\n".join(e["entry"] for e in json.load(open(sys.argv[1])) if e["kind"] == "openapi"))' "$manifest"); do
  # The whole lint, and --fail-fast, whose threads stop each other midway.
  for mode in "" --fail-fast; do
    log=$(mktemp)
    set +e
    TSAN_OPTIONS="exitcode=66" "$binary" lint --format json $mode "$shared/corpus/$entry" > /dev/null 2> "$log"
    rc=$?
    set -e
    if grep -q "WARNING: ThreadSanitizer" "$log" || [ "$rc" -gt 2 ]; then
      echo "FAIL $entry $mode (exit $rc)"; grep -A20 "WARNING: ThreadSanitizer" "$log" | head -40; failed=1
    else
      echo "ok   $entry $mode (exit $rc)"
    fi
    rm -f "$log"
  done
done
exit $failed

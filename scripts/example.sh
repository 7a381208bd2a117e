#!/usr/bin/env bash
# Builds oavalidate (release) and validates the bundled example instances against
# Examples/person.schema.json. One record of Examples/people.jsonl is invalid on
# purpose, so the run shows what findings look like (oavalidate exits 1 for them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product oavalidate
bin="$(swift build -c release --show-bin-path)/oavalidate"
set +e
"$bin" schema Examples/person.schema.json Examples/person.yaml Examples/people.jsonl
status=$?
set -e
echo "exit code $status (0 = all valid, 1 = findings, 2 = unreadable input)"
[ "$status" -le 1 ]

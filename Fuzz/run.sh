#!/usr/bin/env bash
# Builds the libFuzzer targets (debug, ASan + libFuzzer) and runs each for a while.
#
#   Fuzz/run.sh [seconds] [JSONFuzz|YAMLFuzz|all]     (defaults: 60, all)
#
# Seeds: ../shared/JSONTestSuite/test_parsing (both fuzzers) plus up to 200 small YAML files of
# ../shared/corpus (YAML fuzzer), copied into a temporary directory that is removed at
# exit, so nothing from shared/ lands in the repository. $OAV_SHARED_DIR overrides the
# shared directory. A crashing input is written to Fuzz/crashes/<target>-crash-<sha1>.
# Extra libFuzzer flags can be passed in $FUZZ_FLAGS (e.g. FUZZ_FLAGS="-jobs=2").
set -euo pipefail

seconds="${1:-60}"
which="${2:-all}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shared="${OAV_SHARED_DIR:-$here/../../shared}"
seeds="$shared/JSONTestSuite/test_parsing"
if [[ ! -d "$seeds" ]]; then
    echo "error: seed corpus not found at $seeds (set OAV_SHARED_DIR to the shared directory)" >&2
    exit 2
fi
case "$which" in
    all) targets=(JSONFuzz YAMLFuzz) ;;
    JSONFuzz | YAMLFuzz) targets=("$which") ;;
    *) echo "usage: $0 [seconds] [JSONFuzz|YAMLFuzz|all]" >&2; exit 2 ;;
esac

# Let libFuzzer report crashes itself: the Swift runtime's backtracer would run first and
# trip AddressSanitizer while reading the crashed stack.
export SWIFT_BACKTRACE=enable=no

# Link with lld: with the default gold link, libFuzzer ran without any coverage counters
# ("no interesting inputs were found ... Is the code instrumented for coverage?").
link_flags=(-Xswiftc -use-ld=lld)
if ! command -v ld.lld >/dev/null && [[ ! -x "$(dirname "$(readlink -f "$(command -v swift)")")/ld.lld" ]]; then link_flags=(); fi

work="$(mktemp -d "${TMPDIR:-/tmp}/oav-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$here/crashes"

for target in "${targets[@]}"; do
    echo "== building $target" >&2
    # Always relink, so a change of linker flags takes effect.
    rm -f "$(swift build --package-path "$here" -c debug --show-bin-path)/$target"
    # --sanitize=fuzzer alone left the Swift code without coverage counters on this toolchain
    # (libFuzzer: "Is the code instrumented for coverage?"); ask for them explicitly.
    swift build --package-path "$here" -c debug --product "$target" \
        --sanitize=fuzzer --sanitize=address "${link_flags[@]}" \
        -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
        2>&1 | grep -v "Cannot export local symbol" >&2
    bin="$(swift build --package-path "$here" -c debug --show-bin-path)/$target"

    corpus="$work/$target"
    mkdir -p "$corpus"
    cp "$seeds"/* "$corpus"/
    if [[ "$target" == YAMLFuzz && -d "$shared/corpus" ]]; then
        # Small real-world YAML documents as extra seeds (name-mangled to stay unique).
        mapfile -d '' yaml_seeds < <(find "$shared/corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) \
            -size -16k -print0 | sort -z)
        for f in "${yaml_seeds[@]:0:200}"; do
            cp "$f" "$corpus/corpus-$(printf '%s' "$f" | md5sum | cut -c1-12).yaml"
        done
    fi

    echo "== running $target for ${seconds}s ($(ls "$corpus" | wc -l) seeds)" >&2
    status=0
    # shellcheck disable=SC2086
    "$bin" "$corpus" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$here/crashes/$target-" ${FUZZ_FLAGS:-} \
        >"$work/$target.log" 2>&1 || status=$?
    grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)|stat::(number_of_executed_units|peak_rss)|Test unit written" \
        "$work/$target.log" >&2 || true
    if grep -q "Test unit written" "$work/$target.log"; then
        echo "== $target FOUND A CRASH (exit $status); reproducer in $here/crashes/; last log lines:" >&2
        tail -60 "$work/$target.log" >&2
        mkdir -p "$here/.build/fuzz-logs" && cp "$work/$target.log" "$here/.build/fuzz-logs/$target.log"
        exit 1
    fi
    if [[ "$status" != 0 ]]; then
        echo "== $target exited with status $status; last log lines:" >&2
        tail -60 "$work/$target.log" >&2
        exit 1
    fi
    mkdir -p "$here/.build/fuzz-logs" && cp "$work/$target.log" "$here/.build/fuzz-logs/$target.log"
    echo "== $target: no crash in ${seconds}s (full log: Fuzz/.build/fuzz-logs/$target.log)" >&2
done

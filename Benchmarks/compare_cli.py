#!/usr/bin/env python3
"""Cold one-shot CLI comparison on a ~10 MB NDJSON file (issue 4 target: ≥3× faster).

Builds a JSON Lines file of at least --megabytes MB by repeating the instances of one
jsonschema-benchmark schema (default: cmake-presets, the largest), then times, in the same
run and interleaved, whole processes that each validate every line and report the verdict:

  oavalidate      `oavalidate schema SCHEMA FILE.jsonl` (default text output) (release build)
  jsonschema_rs   `python3 -c ...`: read the file, json.loads each line, validator.is_valid

Both start cold (fresh process: load, parse, compile, validate). Median of --runs runs.
Usage: python3 Benchmarks/compare_cli.py [--schema cmake-presets] [--megabytes 10] [--runs 5]
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = pathlib.Path(os.environ.get("OAV_SHARED_DIR", ROOT.parent / "shared"))

PY_DRIVER = r"""
import json, sys, jsonschema_rs
schema = json.load(open(sys.argv[1]))
validator = jsonschema_rs.validator_for(schema)
invalid = 0
with open(sys.argv[2], 'rb') as handle:
    for line in handle:
        if line.strip() and not validator.is_valid(json.loads(line)):
            invalid += 1
sys.exit(1 if invalid else 0)
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--schema", default="cmake-presets")
    ap.add_argument("--megabytes", type=float, default=10)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    source = SHARED / "bench" / "jsonschema-benchmark" / args.schema
    if not (source / "instances.jsonl").exists():
        sys.exit(f"compare_cli: {source}/instances.jsonl not found: clone beside ../shared or set OAV_SHARED_DIR")
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "jsonschema-rs"], check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "oavalidate"], cwd=ROOT, check=True)
    binary = pathlib.Path(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                                         check=True, capture_output=True, text=True).stdout.strip()) / "oavalidate"

    lines = [l for l in (source / "instances.jsonl").read_bytes().split(b"\n") if l.strip()]
    target = int(args.megabytes * 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        data = pathlib.Path(tmp) / "big.jsonl"
        size = 0
        with open(data, "wb") as out:
            while size < target:
                for line in lines:
                    out.write(line + b"\n")
                    size += len(line) + 1
        count = sum(1 for _ in open(data, "rb"))
        schema = source / "schema-noformat.json"
        commands = {
            "oavalidate": [str(binary), "schema", str(schema), str(data)],
            "jsonschema_rs": [sys.executable, "-c", PY_DRIVER, str(schema), str(data)],
        }
        times = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                start = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True)
                elapsed = time.perf_counter() - start
                if proc.returncode != 0:
                    sys.exit(f"{name} failed ({proc.returncode}): {proc.stderr.decode()[-400:]}")
                times[name].append(elapsed)
        ours = statistics.median(times["oavalidate"])
        peer = statistics.median(times["jsonschema_rs"])
        print(f"{count:,} instances, {size / 1e6:.1f} MB of JSON Lines ({args.schema}), median of {args.runs} cold runs:")
        print(f"| tool | seconds | MB/s |\n|---|---:|---:|")
        print(f"| oavalidate schema | {ours:.3f} | {size / 1e6 / ours:.0f} |")
        print(f"| jsonschema-rs from Python | {peer:.3f} | {size / 1e6 / peer:.0f} |")
        print(f"\noavalidate is {peer / ours:.1f}× faster end to end (target ≥ 3×).")


if __name__ == "__main__":
    main()

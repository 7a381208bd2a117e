#!/usr/bin/env python3
"""Parse throughput of oavalidate's JSONDocument against Python-bound native parsers,
measured in one run with the rounds interleaved.

Peers (the DOM-only rows of shared/bench/peers/json_parse_bench.py, plus orjson for
reference):
  yyjson.Document  native yyjson DOM, no Python objects for the content
  simdjson.parse   native simdjson DOM + one lazy proxy for the root (parser reused)
  orjson.loads     full Python objects (reference only: dominated by materialization)

Ours: the `parse-throughput` executable of this package (release build), which follows
the same protocol as json_parse_bench.py: bytes read untimed, 3 warm-up parses, parses
timed one by one until >= 0.5 s and >= 10 parses, median per round; the figure
reported is the median of the round medians. The peers are timed with
json_parse_bench.py's own `one_round`, on inputs built by its own `load_inputs`.

Each round runs ours (one fresh process, every input) and then every peer on every
input, so machine noise hits all columns alike. Ratio = ours MB/s / peer MB/s.

The issue's target: ours >= 0.5x yyjson.Document on twitter, canada and citm_catalog.

Usage:
  python3 Benchmarks/compare_parse.py [--rounds 3] [--inputs twitter,canada,...]
                                      [--no-build] [--no-save] [--out FILE]
The shared directory is ../shared next to the repository, or $OAV_SHARED_DIR.
Missing peers (yyjson, pysimdjson, orjson) are pip-installed for the current user.
The result is printed and saved as Benchmarks/results/parse-YYYY-MM-DD.md.
"""
import argparse
import datetime
import importlib.util
import os
import pathlib
import platform
import statistics
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
PEERS = ("yyjson.Document", "simdjson.parse", "orjson")
PIP_NAMES = {"yyjson": "yyjson", "simdjson": "pysimdjson", "orjson": "orjson"}
JSON_TARGETS = ("twitter", "canada", "citm_catalog")
DEFAULT_INPUTS = "twitter,canada,citm_catalog,instances-array,instances-lines,yaml-largest"


def shared_dir():
    env = os.environ.get("OAV_SHARED_DIR")
    path = pathlib.Path(env) if env else REPO.parent / "shared"
    if not (path / "bench" / "peers" / "json_parse_bench.py").is_file():
        sys.exit(f"error: shared benchmark data not found at {path} "
                 "(expected ../shared next to the repository; set OAV_SHARED_DIR)")
    return path


def ensure_peers():
    missing = []
    for module, dist in PIP_NAMES.items():
        if importlib.util.find_spec(module) is None:
            missing.append(dist)
    if missing:
        print(f"installing {' '.join(missing)} with pip", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing], check=True)
        importlib.invalidate_caches()


def load_harness(shared):
    path = shared / "bench" / "peers" / "json_parse_bench.py"
    spec = importlib.util.spec_from_file_location("json_parse_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_ours(skip):
    if not skip:
        print("building parse-throughput (swift build -c release)", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "parse-throughput"],
                       cwd=HERE, check=True, stdout=sys.stderr)
    bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=HERE,
                             check=True, capture_output=True, text=True).stdout.strip()
    binary = pathlib.Path(bin_dir) / "parse-throughput"
    if not binary.is_file():
        sys.exit(f"error: {binary} missing; run without --no-build")
    return binary


def run_ours(binary, inputs, shared):
    env = dict(os.environ, OAV_SHARED_DIR=str(shared))
    out = subprocess.run([str(binary), "--rounds", "1", "--inputs", ",".join(inputs)],
                         check=True, capture_output=True, text=True, env=env).stdout
    rows = {}
    for line in out.strip().splitlines()[1:]:
        name, size, median_ns, _ = line.split(",")
        rows[name] = (int(size), float(median_ns))
    return rows


def versions():
    from importlib.metadata import version
    result = {p: version(p) for p in ("yyjson", "pysimdjson", "orjson")}
    result["python"] = platform.python_version()
    try:
        swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout
        result["swift"] = swift.strip().splitlines()[0]
    except OSError:
        result["swift"] = "unknown"
    return result


def machine():
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc), {model}, {platform.system()} {platform.machine()}"


def commit():
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "Sources"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        return head + (" (Sources/ modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def mbps(size, ns):
    return size / (ns / 1e9) / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--inputs", default=DEFAULT_INPUTS)
    ap.add_argument("--no-build", action="store_true", help="use the existing release binary")
    ap.add_argument("--no-save", action="store_true", help="print only")
    ap.add_argument("--out", help="result file (default Benchmarks/results/parse-DATE.md)")
    args = ap.parse_args()
    if args.rounds < 3:
        print("note: fewer than 3 rounds; figures are less stable", file=sys.stderr)

    shared = shared_dir()
    ensure_peers()
    harness = load_harness(shared)
    binary = build_ours(args.no_build)

    wanted = [i for i in args.inputs.split(",") if i]
    all_inputs = harness.load_inputs(shared / "bench" / "json",
                                     shared / "bench" / "jsonschema-benchmark")
    peer_inputs = {name: all_inputs[name] for name in wanted if name in all_inputs}
    parsers = {name: fn for name, fn in harness.make_parsers().items() if name in PEERS}

    ours = {name: [] for name in wanted}
    sizes = {}
    peers = {name: {p: [] for p in parsers} for name in peer_inputs}
    for r in range(args.rounds):
        print(f"round {r + 1}/{args.rounds}: ours", file=sys.stderr)
        for name, (size, ns) in run_ours(binary, wanted, shared).items():
            ours[name].append(ns)
            sizes[name] = size
        for name, (kind, data) in peer_inputs.items():
            size = len(data) if kind == "doc" else sum(len(line) for line in data)
            if size != sizes.get(name):
                sys.exit(f"error: input {name}: {size} bytes for the peers, {sizes.get(name)} for ours")
            for pname, fn in parsers.items():
                print(f"round {r + 1}/{args.rounds}: {pname} {name}", file=sys.stderr)
                peers[name][pname].append(harness.one_round(fn, kind, data))

    table = format_table(wanted, sizes, ours, peers, list(parsers))
    header = [
        f"# Parse throughput, {datetime.date.today().isoformat()}",
        "",
        f"- machine: {machine()}",
        f"- versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()),
        f"- oavalidate commit: {commit()}",
        f"- protocol: shared/bench/peers/json_parse_bench.py (3 warm-up parses; timed parses "
        f"until >= 0.5 s and >= 10; median per round); {args.rounds} rounds, interleaved "
        f"(ours, then each peer, every round); median of round medians. MB/s = bytes / s / 1e6.",
        "- peers: yyjson.Document and simdjson.parse build a native DOM only (the fair "
        "comparison); orjson.loads builds Python objects (reference).",
        "- ratio = ours / peer; target (issue 2): >= 0.5x yyjson.Document on twitter, canada, "
        "citm_catalog.",
        "",
    ]
    text = "\n".join(header + table) + "\n"
    print(text)
    if not args.no_save:
        out = pathlib.Path(args.out) if args.out else \
            HERE / "results" / f"parse-{datetime.date.today().isoformat()}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"saved {out}", file=sys.stderr)
    failed = [n for n in JSON_TARGETS if n in peer_inputs and "yyjson.Document" in parsers
              and statistics.median(ours[n]) > 2 * statistics.median(peers[n]["yyjson.Document"])]
    if failed:
        print(f"below target (0.5x yyjson): {', '.join(failed)}", file=sys.stderr)


def format_table(wanted, sizes, ours, peers, peer_names):
    label = {"orjson": "orjson.loads"}
    cols = ["input", "bytes", "ours MB/s"] + [f"{label.get(p, p)} MB/s" for p in peer_names] + \
        [f"ours/{label.get(p, p)}" for p in peer_names]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join(["---"] + ["---:"] * (len(cols) - 1)) + "|"]
    rounds_lines = []
    for name in wanted:
        size = sizes[name]
        our_mbps = mbps(size, statistics.median(ours[name]))
        cells = [name, f"{size:,}", f"{our_mbps:,.1f}"]
        ratios = []
        for p in peer_names:
            if name in peers:
                peer_mbps = mbps(size, statistics.median(peers[name][p]))
                cells.append(f"{peer_mbps:,.1f}")
                ratio = our_mbps / peer_mbps
                mark = ""
                if p == "yyjson.Document" and name in JSON_TARGETS:
                    mark = " ✓" if ratio >= 0.5 else " ✗"
                ratios.append(f"{ratio:.2f}×{mark}")
            else:
                cells.append("n/a")
                ratios.append("n/a")
        lines.append("| " + " | ".join(cells + ratios) + " |")
        per_round = [f"ours {' '.join(f'{mbps(size, v):.0f}' for v in ours[name])}"]
        for p in peer_names:
            if name in peers:
                per_round.append(f"{label.get(p, p)} {' '.join(f'{mbps(size, v):.0f}' for v in peers[name][p])}")
        rounds_lines.append(f"- {name}: " + "; ".join(per_round))
    notes = [
        "",
        "✓/✗: meets / misses the 0.5× yyjson target. `instances-array` is every line of the "
        "jsonschema-benchmark `instances.jsonl` files joined into one JSON array; "
        "`instances-lines` parses the same lines one document at a time; `yaml-largest` is "
        "our YAML load of the largest YAML file in shared/corpus (no YAML peer here).",
        "",
        "MB/s per round:",
        "",
    ]
    return lines + notes + rounds_lines


if __name__ == "__main__":
    main()

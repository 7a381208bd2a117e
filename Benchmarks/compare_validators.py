#!/usr/bin/env python3
"""Validator benchmark: oavalidate against its peers, measured in one interleaved run.

Follows the jsonschema-benchmark protocol (see ../shared/bench/README.md). For every
runnable schema directory and every run, each implementation runs in a fresh process in
the order run -> schema -> implementation, so all of them see the same machine state:

  oavalidate      our runner, `oavalidate-bench` (release build of this package)
  jsonschema_rs   jsonschema-rs via its Python binding          (pip, installed when missing)
  fastjsonschema  Python code generation                          (pip, installed when missing)
  jsonschema      python-jsonschema                                (pip, installed when missing)
  blaze           when BLAZE_BENCH names a Blaze benchmark binary following the same CLI

The driver is ../shared/bench/peers/py_bench.py (run with --external for our runner and
Blaze). This script adds the summary: per schema the median (over runs) warm ns per
instance and compile ms, our ratio to each peer, and geometric means over the schemas that
every implementation validated correctly. It writes Benchmarks/results/validators-DATE.md
and validators-DATE.svg (a bar chart of the per-schema ratios) and prints the table.

Usage: python3 Benchmarks/compare_validators.py [--runs 3] [--schemas a,b] [--impl ...]
"""
import argparse
import csv
import datetime
import math
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = pathlib.Path(os.environ.get("OAV_SHARED_DIR", ROOT.parent / "shared"))
PEERS = ["jsonschema_rs", "fastjsonschema", "jsonschema"]
PIP_NAMES = {"jsonschema_rs": "jsonschema-rs", "fastjsonschema": "fastjsonschema", "jsonschema": "jsonschema"}


def die(message):
    print(f"compare_validators: {message}", file=sys.stderr)
    sys.exit(2)


def ensure_peers(impls):
    for impl in impls:
        try:
            __import__(impl)
        except ImportError:
            print(f"installing {PIP_NAMES[impl]} ...", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", PIP_NAMES[impl]], check=True)


def build_runner():
    subprocess.run(["swift", "build", "-c", "release", "--product", "oavalidate-bench"], cwd=ROOT, check=True)
    bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
    return str(pathlib.Path(bin_dir) / "oavalidate-bench")


def runnable_schemas(root, only):
    names = []
    for d in sorted(root.iterdir()):
        if (d / "instances.jsonl").exists() and (d / "schema-noformat.json").exists():
            if not only or d.name in only:
                names.append(d.name)
    return names


def gmean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def summarize(rows, impls):
    """{impl: {schema: (warm ns/instance, compile ms)}} medians over runs, ok rows only."""
    by = {}
    for row in rows:
        if row["status"] not in ("ok", "draft-fallback"):
            continue
        n = int(row["instances"] or 0)
        if n == 0:
            continue
        by.setdefault(row["impl"], {}).setdefault(row["schema"], []).append(
            (int(row["warm_ns"]) / n, int(row["compile_ns"]) / 1e6))
    out = {}
    for impl, schemas in by.items():
        out[impl] = {s: (statistics.median(v[0] for v in vals), statistics.median(v[1] for v in vals))
                     for s, vals in schemas.items()}
    return out


def failures(rows):
    bad = {}
    for row in rows:
        if row["status"] not in ("ok", "draft-fallback"):
            bad.setdefault((row["impl"], row["schema"]), row["status"] + (": " + row["detail"] if row["detail"] else ""))
    return bad


def svg_chart(schemas, ratios, peer_names):
    """Horizontal bars: our warm time / peer warm time per schema (log scale, 1.0 marked)."""
    width, left, row_h = 900, 190, 18
    height = 60 + row_h * len(schemas) * len(peer_names) + 20 * len(schemas)
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
    lo, hi = math.log10(0.01), math.log10(10)
    x = lambda r: left + (math.log10(min(max(r, 0.01), 10)) - lo) / (hi - lo) * (width - left - 20)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
             '<text x="10" y="18" font-size="14">oavalidate warm time / peer warm time per schema (log scale; left of 1 = oavalidate faster)</text>']
    for k, name in enumerate(peer_names):
        parts.append(f'<rect x="{left + 150 * k}" y="28" width="10" height="10" fill="{colours[k % 4]}"/>'
                     f'<text x="{left + 150 * k + 14}" y="37">{name}</text>')
    y = 50
    for schema in schemas:
        parts.append(f'<text x="{left - 6}" y="{y + row_h * len(peer_names) / 2 + 4}" text-anchor="end">{schema}</text>')
        for k, name in enumerate(peer_names):
            r = ratios.get((schema, name))
            if r:
                parts.append(f'<rect x="{left}" y="{y}" width="{max(1, x(r) - left):.1f}" height="{row_h - 3}" fill="{colours[k % 4]}"/>'
                             f'<text x="{x(r) + 3:.1f}" y="{y + row_h - 6}">{r:.2f}</text>')
            y += row_h
        y += 20
    one = x(1.0)
    parts.append(f'<line x1="{one:.1f}" y1="45" x2="{one:.1f}" y2="{height - 10}" stroke="black" stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--schemas", default="")
    ap.add_argument("--impl", default=",".join(PEERS))
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--results", default=str(HERE / "results"))
    args = ap.parse_args()

    bench_root = SHARED / "bench" / "jsonschema-benchmark"
    driver = SHARED / "bench" / "peers" / "py_bench.py"
    if not bench_root.is_dir() or not driver.exists():
        die(f"benchmark data not found under {SHARED}/bench: clone beside ../shared or set OAV_SHARED_DIR")
    peers = [p for p in args.impl.split(",") if p]
    ensure_peers(peers)
    runner = build_runner()
    schemas = runnable_schemas(bench_root, set(filter(None, args.schemas.split(","))))

    with tempfile.TemporaryDirectory() as tmp:
        out_csv = pathlib.Path(tmp) / "results.csv"
        cmd = [sys.executable, str(driver), "--root", str(bench_root), "--runs", str(args.runs),
               "--impl", ",".join(peers), "--schemas", ",".join(schemas), "--timeout", str(args.timeout),
               "--out", str(out_csv), "--external", f"oavalidate={runner}"]
        if os.environ.get("BLAZE_BENCH"):
            cmd += ["--external", f"blaze={os.environ['BLAZE_BENCH']}"]
        subprocess.run(cmd, check=True)
        with open(out_csv, newline="") as handle:
            rows = list(csv.DictReader(handle))

    impls = ["oavalidate"] + (["blaze"] if os.environ.get("BLAZE_BENCH") else []) + peers
    medians = summarize(rows, impls)
    bad = failures(rows)
    ours = medians.get("oavalidate", {})
    common = [s for s in schemas if all(s in medians.get(i, {}) for i in impls)]
    others = [i for i in impls if i != "oavalidate"]

    lines = []
    today = datetime.date.today().isoformat()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    versions = {}
    for pkg in ("jsonschema-rs", "fastjsonschema", "jsonschema"):
        try:
            from importlib.metadata import version
            versions[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            versions[pkg] = "not installed"
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    lines.append(f"# Validator benchmark, {today}\n")
    lines.append(f"Machine: {os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}. "
                 f"{swift}; Python {platform.python_version()}; "
                 + ", ".join(f"{k} {v}" for k, v in versions.items())
                 + (f"; Blaze: {os.environ['BLAZE_BENCH']}" if os.environ.get("BLAZE_BENCH") else "") + ".\n")
    lines.append(f"Protocol: jsonschema-benchmark (schema-noformat.json, every instance valid), {args.runs} runs per "
                 "(schema, implementation), fresh process each, interleaved run → schema → implementation; "
                 "medians of the runs. Warm = ns per instance on the timed pass after warm-up. "
                 "Ratio = oavalidate / peer (below 1: oavalidate faster).\n")
    header = "| schema | " + " | ".join(f"{i} warm ns" for i in impls) + " | " + \
             " | ".join(f"ratio vs {i}" for i in others) + " | " + " | ".join(f"{i} compile ms" for i in impls) + " |"
    lines.append(header)
    lines.append("|" + "---|" * (len(impls) * 2 + len(others) + 1))
    ratios = {}
    for s in schemas:
        cells = [s]
        for i in impls:
            v = medians.get(i, {}).get(s)
            cells.append(f"{v[0]:,.0f}" if v else bad.get((i, s), "—").split(":")[0])
        for i in others:
            a, b = ours.get(s), medians.get(i, {}).get(s)
            if a and b:
                ratios[(s, i)] = a[0] / b[0]
                cells.append(f"{a[0] / b[0]:.2f}")
            else:
                cells.append("—")
        for i in impls:
            v = medians.get(i, {}).get(s)
            cells.append(f"{v[1]:.2f}" if v else "—")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(f"Geometric means over the {len(common)} schemas every implementation passed:\n")
    lines.append("| implementation | warm ns/instance | oavalidate ratio | compile ms |")
    lines.append("|---|---:|---:|---:|")
    g_ours = gmean([ours[s][0] for s in common])
    for i in impls:
        g = gmean([medians[i][s][0] for s in common])
        c = gmean([medians[i][s][1] for s in common])
        lines.append(f"| {i} | {g:,.0f} | {g_ours / g:.2f} | {c:.2f} |")
    if bad:
        lines.append("\nFailures (status per implementation and schema):\n")
        for (i, s), why in sorted(bad.items()):
            lines.append(f"- {i} / {s}: {why}")
    if "jsonschema_rs" in others:
        worst = sorted(((ratios[(s, "jsonschema_rs")], s) for s in common if (s, "jsonschema_rs") in ratios), reverse=True)[:3]
        lines.append("\nWeakest schemas against jsonschema-rs: " + ", ".join(f"{s} ({r:.2f}×)" for r, s in worst))
    report = "\n".join(lines) + "\n"
    print(report)
    results = pathlib.Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    (results / f"validators-{today}.md").write_text(report)
    (results / f"validators-{today}.svg").write_text(svg_chart(common, ratios, others))
    print(f"wrote {results}/validators-{today}.md and .svg", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`oavalidate lint` against python openapi-spec-validator on the API-description corpus.

For every OpenAPI entry of the corpus manifest, in the same run:

  * ours_cli   - wall time of `oavalidate lint --format json <entry>` (release build, fresh
                 process: load, resolve every $ref, compile the schemas the rules need, all
                 rules, output). Median of --runs, half run before the peer and half after;
                 peak RSS of the process (GNU time).
  * ours_*     - verdict (error-severity findings or not) and counts by severity.
  * peer       - the shared peer harness (shared/bench/peers/spec_validator_bench.py) run on
                 the same entry just before ours (`--only ID`): openapi-spec-validator's CLI
                 cold time, its warm first-error and validate-all times and its verdict.
  * peer_cli_all - the same CLI with `--validation-errors all` (cold, half as many runs): by
                 default it stops at the first error, while a linter reports every one; on a
                 valid document both modes do the same walk.
  * ours_ff    - `oavalidate lint --fail-fast --format json <entry>`, which stops at the first
                 error as the peer's default does (runs like ours_cli). Like is compared with
                 like: our full lint with the peer's all-errors CLI, our fail-fast lint with
                 its default; the full lint against its default is reported too.

Usage (from the repository root; needs `pip install openapi-spec-validator`):
  python3 Benchmarks/lint-bench.py [--shared ../shared] [--runs 3] [--no-build] \
      [--out Benchmarks/lint-results]
Writes <out>.json and <out>.md.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_ours_fail_fast(binary, entry, runs):
    times, errors = [], None
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run([binary, "lint", "--fail-fast", "--format", "json", entry], capture_output=True)
        times.append(time.perf_counter() - t)
        try:
            errors = json.loads(p.stdout)["summary"]["error"]
        except Exception:
            errors = None
    return {"ours_ff_s_all": times, "ours_ff_errors": errors}


def run_ours(binary, entry, runs):
    times, rss, out = [], 0, None
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.Popen([binary, "lint", "--format", "json", entry], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stdout, stderr = p.communicate()
        times.append(time.perf_counter() - t)
        out = (p.returncode, stdout, stderr)
    # Peak RSS: one more run, measured by GNU time. Not by fork + exec + wait4 from here: Linux
    # carries the forked Python's peak (~12 MB) across exec into ru_maxrss, which hid every
    # figure below that. GNU time's own pre-exec footprint (~1 MB) is still included: an upper bound.
    gnu_time = "/usr/bin/time"
    if os.path.exists(gnu_time):
        p = subprocess.run([gnu_time, "-f", "%M", binary, "lint", "--format", "json", entry],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        rss = int(p.stderr.decode().strip().splitlines()[-1]) * 1024
    else:
        pid = os.fork()
        if pid == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execv(binary, [binary, "lint", "--format", "json", entry])
        _, _, usage = os.wait4(pid, 0)
        rss = usage.ru_maxrss * 1024  # includes this Python process's peak (see above)
    rc, stdout, stderr = out
    res = {"ours_cli_s": statistics.median(times), "ours_cli_s_all": times, "ours_rc": rc, "ours_peak_rss": rss}
    try:
        doc = json.loads(stdout)
        res["ours_summary"] = doc["summary"]
        res["ours_files"] = len(doc["files"])
        res["ours_verdict"] = "invalid" if doc["summary"]["error"] else "valid"
        rules = {}
        for f in doc["files"]:
            for x in f["findings"]:
                if x["severity"] == "error":
                    rules[x["rule"]] = rules.get(x["rule"], 0) + 1
        res["ours_error_rules"] = rules
    except Exception:
        res["ours_verdict"] = "unreadable" if rc == 2 else "crash"
        res["ours_stderr"] = stderr.decode(errors="replace")[:300]
    return res


def run_peer_cli_all(entry, runs, timeout=900):
    """openapi-spec-validator's CLI asked for every error (`--validation-errors all`), cold, in a
    fresh interpreter: the peer doing a linter's job. Its default stops at the first error."""
    times, rc, last = [], None, ""
    for _ in range(runs):
        t = time.perf_counter()
        try:
            p = subprocess.run([sys.executable, "-m", "openapi_spec_validator", "--validation-errors", "all", entry],
                               capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"cli_all_rc": "timeout"}
        times.append(time.perf_counter() - t)
        rc = p.returncode
        lines = (p.stdout or p.stderr).strip().splitlines()
        last = lines[-1].replace(entry, "<entry>")[:300] if lines else ""
    # Exit code 2 with a Python exception as the last line: the walk broke off (DigitalOcean does).
    return {"cli_all_s": statistics.median(times), "cli_all_s_all": times, "cli_all_rc": rc, "cli_all_last_line": last}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.environ.get("OAV_SHARED_DIR", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-peer", action="store_true", help="skip openapi-spec-validator")
    ap.add_argument("--only", action="append", help="restrict to these manifest ids (repeatable)")
    ap.add_argument("--scratch", default=os.path.join(ROOT, ".build-lint"))
    ap.add_argument("--out", default=os.path.join(HERE, "lint-results"))
    a = ap.parse_args()

    manifest = os.path.join(a.shared, "corpus", "MANIFEST.json")
    corpus = os.path.dirname(manifest)
    if not a.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "oavalidate", "--scratch-path", a.scratch],
                       cwd=ROOT, check=True)
    binary = os.path.join(a.scratch, "release", "oavalidate")

    entries = [e for e in json.load(open(manifest))
               if e["kind"] == "openapi" and (not a.only or e["id"] in a.only)]
    peer_env = None
    results = []
    for e in entries:
        # Document by document, the peer and then us: on a shared machine, measurements minutes
        # apart drift more than the differences being measured.
        # Ours runs on both sides of the peer (half the runs before, half after) and takes the
        # median of all: a burst of load from elsewhere then hits both tools alike more often.
        entry = os.path.join(corpus, e["entry"])
        before = run_ours(binary, entry, (a.runs + 1) // 2)
        before_ff = run_ours_fail_fast(binary, entry, (a.runs + 1) // 2)
        p = {}
        if not a.no_peer:
            with tempfile.TemporaryDirectory() as tmp:
                out = os.path.join(tmp, "peer.json")
                cmd = [sys.executable, os.path.join(a.shared, "bench", "peers", "spec_validator_bench.py"),
                       "--manifest", manifest, "--runs", str(a.runs), "--only", e["id"], "--json-out", out]
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                data = json.load(open(out))
                p = next((r for r in data["results"] if r["id"] == e["id"]), {})
                peer_env = data["env"]
            p.update(run_peer_cli_all(entry, (a.runs + 1) // 2))
        r = {"id": e["id"], "entry": e["entry"], "bytes": e["bytes"], "files": e["files"]}
        after_ff = run_ours_fail_fast(binary, entry, max(1, a.runs // 2))
        after = run_ours(binary, entry, max(1, a.runs // 2))
        r["ours_ff_s_all"] = before_ff["ours_ff_s_all"] + after_ff["ours_ff_s_all"]
        r["ours_ff_s"] = statistics.median(r["ours_ff_s_all"])
        r["ours_ff_errors"] = after_ff["ours_ff_errors"]
        r.update(after)
        r["ours_cli_s_all"] = before["ours_cli_s_all"] + after["ours_cli_s_all"]
        r["ours_cli_s"] = statistics.median(r["ours_cli_s_all"])
        r["ours_peak_rss"] = max(before["ours_peak_rss"], after["ours_peak_rss"])
        for k in ("verdict", "cli_s", "validate_s", "validate_all_s", "n_errors", "first_error", "bundled_verdict",
                  "cli_all_s", "cli_all_s_all", "cli_all_rc", "cli_all_last_line"):
            if k in p:
                r["peer_" + k] = p[k]
        if r.get("peer_cli_s"):
            r["speedup_cli"] = r["peer_cli_s"] / r["ours_cli_s"]
        if r.get("peer_validate_all_s"):
            r["speedup_vs_warm_validate_all"] = r["peer_validate_all_s"] / r["ours_cli_s"]
        if r.get("peer_cli_s") and r.get("peer_validate_s") is not None and r.get("peer_validate_all_s") is not None:
            # The CLI stops at the first error; a linter reports all of them. Estimated cold time of
            # `--validation-errors all`: the CLI run with the first-error walk swapped for the full one.
            r["peer_cli_all_est_s"] = r["peer_cli_s"] - r["peer_validate_s"] + r["peer_validate_all_s"]
            r["speedup_cli_all_est"] = r["peer_cli_all_est_s"] / r["ours_cli_s"]
        if r.get("peer_cli_all_s"):
            r["speedup_cli_all"] = r["peer_cli_all_s"] / r["ours_cli_s"]
        if r.get("peer_cli_s"):
            r["speedup_cli_ff"] = r["peer_cli_s"] / r["ours_ff_s"]
        results.append(r)
        print(f"{e['id']:32s} ours {r['ours_cli_s']:.3f}s fail-fast {r['ours_ff_s']:.3f}s rss {r['ours_peak_rss'] / 1e6:6.1f}MB {r['ours_verdict']:8s} "
              f"peer cli {r.get('peer_cli_s') or 0:.3f}s cli-all {r.get('peer_cli_all_s') or 0:.3f}s warm-all {r.get('peer_validate_all_s') or 0:.3f}s {r.get('peer_verdict', '')}",
              flush=True)

    env = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(), "runs": a.runs}
    if peer_env:
        env["peer"] = peer_env
    with open(a.out + ".json", "w") as f:
        json.dump({"env": env, "results": results}, f, indent=1)
    with open(a.out + ".md", "w") as f:
        f.write(render(env, results))


def render(env, results):
    fmt = lambda x: "" if x is None else f"{x:.3f}"
    lines = [
        "| document | KB | files | oavalidate lint s | lint --fail-fast s | peak RSS MB | RSS / size | osv CLI s (first error) | osv CLI s (all errors) | osv warm validate-all s | lint vs osv all errors | --fail-fast vs osv first error | lint vs osv first error | lint vs osv warm | our verdict (errors) | osv verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        s = r.get("ours_summary", {})
        cli = "" if "speedup_cli" not in r else "%.1f×" % r["speedup_cli"]
        warm = "" if "speedup_vs_warm_validate_all" not in r else "%.1f×" % r["speedup_vs_warm_validate_all"]
        cli_all = "" if "speedup_cli_all" not in r else "%.1f×" % r["speedup_cli_all"]
        ff = "" if "speedup_cli_ff" not in r else "%.1f×" % r["speedup_cli_ff"]
        lines.append(
            f"| {r['id']} | {r['bytes'] / 1024:.0f} | {r['files']} | {fmt(r['ours_cli_s'])} | {fmt(r.get('ours_ff_s'))} | "
            f"{r['ours_peak_rss'] / 1e6:.1f} | "
            f"{r['ours_peak_rss'] / max(1, r['bytes']):.1f} | {fmt(r.get('peer_cli_s'))} | {fmt(r.get('peer_cli_all_s'))} | "
            f"{fmt(r.get('peer_validate_all_s'))} | "
            f"{cli_all} | {ff} | {cli} | {warm} | {r['ours_verdict']} ({s.get('error', '')}) | {r.get('peer_verdict', '')} |")
    lines.append("")
    for key, label in (("speedup_cli_all", "our lint vs its CLI with `--validation-errors all` (both report every error)"),
                       ("speedup_cli_ff", "our `lint --fail-fast` vs its default CLI (both stop at the first error)"),
                       ("speedup_cli", "our full lint vs its default CLI, which stops at the first error")):
        ratios = [r[key] for r in results if key in r]
        if ratios:
            lines.append(f"Speed-up, {label}: min {min(ratios):.1f}×, "
                         f"max {max(ratios):.1f}×; {sum(x >= 50 for x in ratios)} of {len(ratios)} documents at 50× or more.")
    lines.append("")
    lines.append("Environment: " + json.dumps(env))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Structure-aware mutation testing of the whole lint: `oavalidate lint` must never crash or hang.

Takes small OpenAPI documents (the corpus's single-file ones under 200 KB and the test fixtures),
and over and over: parses one, applies a few random mutations to its tree, writes it (as JSON or
as YAML), and runs the release binary on it with a random output format. Mutations are the kinds
of mistakes real descriptions make and the kinds the rules must survive: a value of the wrong
type in any place, a deleted or duplicated member, a `$ref` to a random place of the document
(cycles included), to a missing place or file, a subtree moved elsewhere, odd keys and strings.

A failure is an exit code other than 0, 1 or 2, a signal, a Swift runtime error on stderr, an
empty or unparsable JSON report, or no answer within --timeout seconds. Each failing input is
kept in --keep (default Fuzz/.build/lint-crashes/, not committed: the inputs are mutated copies
of corpus documents; turn each into a test with a document of our own) as lint-<sha1>.<ext>.

Usage (from the repository root, after `swift build -c release`):
  python3 Fuzz/lint-mutate.py [--seconds 300] [--seed N] [--shared ../shared]
"""
import argparse
import copy
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

ODD_STRINGS = ["", "#", "#/", "#/components/schemas/", "~", "~1", "%", "%zz", "{", "{id}", "/{a}/{a}",
               "2XX", "default", "999", "x-", "$ref", "\u00e9\u0301", "\ud7ff", "a" * 300, "[", "(?<", "\\",
               "application/json; charset=utf-8", "*/*", "text/*;q=0.5", "../../etc/passwd", "http://example.com/x.yaml"]


def load_seeds(shared):
    seeds = []
    corpus = os.path.join(shared, "corpus")
    import yaml
    try:
        from yaml import CSafeLoader as Loader
    except ImportError:
        from yaml import SafeLoader as Loader
    roots = [os.path.join(corpus, "openapi"), os.path.join(ROOT, "Tests", "OpenAPILinterTests", "Fixtures"),
             os.path.join(ROOT, "Examples")]
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                if not name.endswith((".yaml", ".yml", ".json")):
                    continue
                path = os.path.join(folder, name)
                if os.path.getsize(path) > 200_000:
                    continue
                try:
                    with open(path, encoding="utf-8") as f:
                        doc = yaml.load(f, Loader=Loader)
                except Exception:
                    continue
                if isinstance(doc, dict) and any(k in doc for k in ("openapi", "swagger")):
                    seeds.append(doc)
    return seeds


def nodes(doc):
    """(parent, key, pointer tokens) of every node below the root, up to 20,000. A subtree placed
    inside itself (YAML can write that, as a recursive alias) is entered once."""
    out = []
    stack = [(doc, [], frozenset([id(doc)]))]
    while stack and len(out) < 20_000:
        value, path, above = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for k, v in items:
            out.append((value, k, path + [k]))
            if isinstance(v, (dict, list)) and id(v) not in above:
                stack.append((v, path + [k], above | {id(v)}))
    return out


def pointer(tokens):
    return "#" + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def random_value(rng, doc_nodes):
    choice = rng.randrange(12)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([0, -1, 1.5, 10**30, True, False])
    if choice == 2:
        return rng.choice(ODD_STRINGS)
    if choice == 3:
        return []
    if choice == 4:
        return {}
    if choice in (5, 6) and doc_nodes:
        return {"$ref": pointer(rng.choice(doc_nodes)[2])}
    if choice == 7:
        return {"$ref": rng.choice(["#", "#/nope", "#/paths", "missing.yaml#/x", "#/components/schemas/%7B",
                                    "./" + "a" * 20 + ".json", "#/definitions/x/properties"])}
    if choice == 8:
        return {"type": rng.choice(["object", "array", "string", "integer", "nope", ["null", "string"]]),
                rng.choice(["enum", "default", "example", "pattern", "required", "items", "properties"]):
                    rng.choice([["a"], "(", 3, {"a": {}}, None, ["x", "x"]])}
    if choice == 9 and doc_nodes:
        parent, key, _ = rng.choice(doc_nodes)
        return copy.deepcopy(parent[key]) if rng.random() < 0.5 else parent[key]  # shared subtree too
    if choice == 10:
        return {rng.choice(ODD_STRINGS): rng.choice(ODD_STRINGS)}
    return [rng.choice(ODD_STRINGS), None]


def mutate(rng, doc):
    for _ in range(rng.randint(1, 4)):
        doc_nodes = nodes(doc)
        if not doc_nodes:
            return doc
        parent, key, _ = rng.choice(doc_nodes)
        op = rng.randrange(5)
        if op == 0 and isinstance(parent, dict):
            del parent[key]
        elif op == 1 and isinstance(parent, dict):
            parent[rng.choice(ODD_STRINGS + ["get", "parameters", "responses", "schema", "$ref", "x-lint-ignore"])] = \
                random_value(rng, doc_nodes)
        elif op == 2 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        else:
            parent[key] = random_value(rng, doc_nodes)
    return doc


def dump(rng, doc):
    """JSON text, or YAML; a shared subtree becomes an anchor and aliases in YAML."""
    if rng.random() < 0.5:
        return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode(), "json"
    import yaml
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode(), "yaml"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--shared", default=os.environ.get("OAV_SHARED_DIR", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "oavalidate"))
    ap.add_argument("--keep", default=os.path.join(HERE, ".build", "lint-crashes"))
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, "corpus")):
        sys.exit(f"lint-mutate: no corpus at {a.shared}/corpus (pass --shared DIR)")
    if not os.path.exists(a.binary):
        sys.exit(f"lint-mutate: no binary at {a.binary} (run `swift build -c release` first)")
    seed = a.seed if a.seed is not None else random.randrange(1 << 32)
    rng = random.Random(seed)
    seeds = load_seeds(a.shared)
    print(f"lint-mutate: seed {seed}, {len(seeds)} seed documents, {a.seconds:.0f} s", flush=True)
    deadline = time.time() + a.seconds
    runs = failures = 0
    exits = {}
    with tempfile.TemporaryDirectory() as tmp:
        while time.time() < deadline:
            try:
                doc = mutate(rng, copy.deepcopy(rng.choice(seeds)))
            except RecursionError:  # deepcopy of a subtree placed inside itself
                continue
            try:
                data, ext = dump(rng, doc)
            except (RecursionError, ValueError):  # a subtree placed inside itself cannot be written as JSON
                continue
            path = os.path.join(tmp, "spec." + ext)
            with open(path, "wb") as f:
                f.write(data)
            fmt = rng.choice(["json", "json", "text", "sarif", "github", "junit"])
            problem = None
            try:
                p = subprocess.run([a.binary, "lint", "--format", fmt, path], capture_output=True, timeout=a.timeout)
                exits[p.returncode] = exits.get(p.returncode, 0) + 1
                err = p.stderr.decode(errors="replace")
                if p.returncode not in (0, 1, 2):
                    problem = f"exit {p.returncode}: {err.strip()[-300:]}"
                elif "Fatal error" in err or "Crash" in err:
                    problem = f"runtime error: {err.strip()[-300:]}"
                elif fmt == "json" and p.returncode != 2:
                    try:
                        report = json.loads(p.stdout)
                        assert isinstance(report.get("files"), list) and "summary" in report
                    except Exception as e:
                        problem = f"bad JSON report: {e}"
            except subprocess.TimeoutExpired:
                problem = f"no answer within {a.timeout} s"
            runs += 1
            if problem:
                failures += 1
                os.makedirs(a.keep, exist_ok=True)
                kept = os.path.join(a.keep, f"lint-{hashlib.sha1(data).hexdigest()}.{ext}")
                with open(kept, "wb") as f:
                    f.write(data)
                print(f"FAIL ({fmt}) {problem}\n  input kept: {os.path.relpath(kept, ROOT)}", flush=True)
    print(f"lint-mutate: {runs} runs, {failures} failures; exit codes {dict(sorted(exits.items()))}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

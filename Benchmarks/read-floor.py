#!/usr/bin/env python3
"""How long this machine takes just to read many small files: the floor under a lint of a
description spread over a thousand files (DigitalOcean's references reach 1,001 of its 2,907).

Reads the first COUNT .yaml/.yml files (sorted) under a folder with open, fstat, read and close,
as `oavalidate` does, and prints wall, user and system time of the best of a few passes.

Usage: python3 Benchmarks/read-floor.py [FOLDER] [--count 1000] [--passes 5]
(FOLDER defaults to ../shared/corpus/openapi/digitalocean)
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=os.path.join(HERE, "..", "..", "shared", "corpus", "openapi", "digitalocean"))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    if not os.path.isdir(args.folder):
        sys.exit(f"read-floor: folder not found: {args.folder} (pass the corpus folder)")
    files = []
    for root, _, names in os.walk(args.folder):
        files += [os.path.join(root, n) for n in names if n.endswith((".yaml", ".yml"))]
    files = sorted(files)[: args.count]
    best = None
    for _ in range(args.passes):
        wall, cpu = time.perf_counter(), os.times()
        for path in files:
            fd = os.open(path, os.O_RDONLY)
            size = os.fstat(fd).st_size
            os.read(fd, size)
            os.close(fd)
        after = os.times()
        run = (time.perf_counter() - wall, after.user - cpu.user, after.system - cpu.system)
        best = run if best is None or run[0] < best[0] else best
    print(f"{len(files)} files: best of {args.passes} passes {best[0] * 1000:.1f} ms wall "
          f"(user {best[1] * 1000:.0f} ms, system {best[2] * 1000:.0f} ms; os.times ticks are 10 ms)")


if __name__ == "__main__":
    main()

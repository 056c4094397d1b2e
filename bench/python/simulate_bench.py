#!/usr/bin/env python3
"""rs.simulate on an N-row DataFrame vs `odenek simulate` on the same claims
(docs/performance.md, "Python"). Run from the source tree with the build's
package: PYTHONPATH=build/python /usr/bin/python3 bench/python/simulate_bench.py

Both sides do the same engine work with the same threads; the CLI's time
includes starting the process, loading the rules and reading and writing
files; the Python time starts from a DataFrame already in memory (read with
odenek.read_csv) and ends with the result DataFrame. Each is run --repeat
times, alternating, and the best time is reported (the machine is shared).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time

import odenek


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cli", default=os.environ.get("ODENEK_CLI", "build/bin/odenek"))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="odenek-bench-")
    claims = os.path.join(work, "claims.csv")
    subprocess.run([args.cli, "generate", "--n", str(args.n), "--seed", "1", "--out", claims],
                   check=True)
    rs = odenek.RuleSet.load()
    t = time.perf_counter()
    df = odenek.read_csv(claims)
    print(f"odenek.read_csv of {args.n} claims: {time.perf_counter() - t:.2f} s (not timed below)")
    best: dict = {}
    for _ in range(args.repeat):
        t = time.perf_counter()
        subprocess.run([args.cli, "simulate", claims, "--out", os.path.join(work, "out.csv"),
                        "--threads", str(args.threads)], check=True, stdout=subprocess.DEVNULL)
        best["cli"] = min(best.get("cli", 1e9), time.perf_counter() - t)
        for money in ("str", "float", "decimal"):
            t = time.perf_counter()
            out = rs.simulate(df, threads=args.threads, money=money)
            best[money] = min(best.get(money, 1e9), time.perf_counter() - t)
            assert len(out) == args.n
    print(f"{args.n} claims, {args.threads} engine threads, best of {args.repeat}:")
    print(f"  odenek simulate (CLI, file to file)   {best['cli']:.2f} s")
    for money in ("str", "float", "decimal"):
        print(f"  rs.simulate(df, money={money!r:9})     {best[money]:.2f} s  "
              f"({best[money] / best['cli']:.2f}x the CLI)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""rs.simulate on an N-row DataFrame vs `odenek simulate` on the same claims
(docs/performance.md, "Python"). Run from the source tree with the build's
package: PYTHONPATH=build/python /usr/bin/python3 bench/python/simulate_bench.py

Both sides do the same engine work with the same threads; the CLI's time
includes starting the process, loading the rules and reading and writing
files; the Python time starts from a DataFrame already in memory (read with
odenek.read_csv) and ends with the result DataFrame. Each is run --repeat
times, alternating, and the best wall and CPU times (user + system, all
threads) are reported (the machine is shared: CPU time is the steadier).
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
    cpu: dict = {}
    for _ in range(args.repeat):
        t, c = time.perf_counter(), os.times()
        subprocess.run([args.cli, "simulate", claims, "--out", os.path.join(work, "out.csv"),
                        "--threads", str(args.threads)], check=True, stdout=subprocess.DEVNULL)
        c2 = os.times()
        best["cli"] = min(best.get("cli", 1e9), time.perf_counter() - t)
        cpu["cli"] = min(cpu.get("cli", 1e9), (c2.children_user - c.children_user)
                         + (c2.children_system - c.children_system))
        for money in ("str", "float", "decimal"):
            t, c = time.perf_counter(), time.process_time()  # every thread of this process
            out = rs.simulate(df, threads=args.threads, money=money)
            best[money] = min(best.get(money, 1e9), time.perf_counter() - t)
            cpu[money] = min(cpu.get(money, 1e9), time.process_time() - c)
            assert len(out) == args.n
    print(f"{args.n} claims, {args.threads} engine threads, best of {args.repeat}:")
    print(f"  odenek simulate (CLI, file to file)   {best['cli']:.2f} s wall, "
          f"{cpu['cli']:.2f} s CPU")
    for money in ("str", "float", "decimal"):
        print(f"  rs.simulate(df, money={money!r:9})     {best[money]:.2f} s wall "
              f"({best[money] / best['cli']:.2f}x), {cpu[money]:.2f} s CPU "
              f"({cpu[money] / cpu['cli']:.2f}x)")


if __name__ == "__main__":
    main()

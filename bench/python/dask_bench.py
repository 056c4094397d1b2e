#!/usr/bin/env python3
"""odenek.dask on 1 and 2 local worker processes (docs/performance.md,
"Dask"). Run from the source tree:
PYTHONPATH=build/python /usr/bin/python3 bench/python/dask_bench.py --n 10000000

The claims are a generated CSV that the workers read themselves in
`--blocksize` blocks (as bytes for the engine; with --frame through
dd.read_csv, so pandas parses them first); each run computes
odenek.dask.summary (every claim evaluated, results kept on the workers,
only the per-partition summaries travel) and, with --results, a
count over odenek.dask.simulate's frame. One thread per worker and one
engine thread per task.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time

import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

import odenek
import odenek.dask


def rss_mb() -> float:
    import psutil
    return psutil.Process().memory_info().rss / 2**20


def run(workers: int, path: str, blocksize: str, results: bool, frame: bool) -> tuple:
    with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                      dashboard_address=None, memory_limit="3GiB") as cluster, \
            Client(cluster) as client:
        if frame:  # a Dask DataFrame: pandas parses every block first
            ddf = dd.read_csv(path, dtype=str, keep_default_na=False, blocksize=blocksize)
            parts = ddf.npartitions
        else:  # the files: blocks go to the engine as bytes
            ddf = path
            parts = None
        t = time.perf_counter()
        s = odenek.dask.summary(ddf, blocksize=blocksize)
        elapsed = time.perf_counter() - t
        extra = None
        if results:
            t = time.perf_counter()
            counts = odenek.dask.simulate(ddf, money="str",
                                          blocksize=blocksize).status.value_counts().compute()
            extra = time.perf_counter() - t
            assert counts.sum() == s["records_evaluated"]
        rss = client.run(rss_mb)
        return elapsed, extra, s, parts or s["partitions"], max(rss.values())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4_000_000)
    ap.add_argument("--blocksize", default="16MB")
    ap.add_argument("--results", action="store_true")
    ap.add_argument("--frame", action="store_true",
                    help="read the file as a Dask DataFrame (dd.read_csv) instead of blocks")
    ap.add_argument("--cli", default=os.environ.get("ODENEK_CLI", "build/bin/odenek"))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="odenek-dask-bench-")
    path = os.path.join(work, "claims.csv")
    subprocess.run([args.cli, "generate", "--n", str(args.n), "--seed", "1", "--out", path],
                   check=True)
    times = {}
    for workers in (1, 2):
        elapsed, extra, s, parts, rss = run(workers, path, args.blocksize, args.results,
                                            args.frame)
        times[workers] = elapsed
        print(f"{workers} worker(s): summary of {s['records_evaluated']} claims in "
              f"{elapsed:.1f} s ({s['records_evaluated'] / elapsed:,.0f} claims/s), "
              f"{parts} partitions, engine {s['engine_seconds']:.1f} s, "
              f"worker RSS after {rss:.0f} MiB"
              + (f"; simulate+count {extra:.1f} s" if extra is not None else ""))
    print(f"speed-up 2 workers / 1: {times[1] / times[2]:.2f}x")
    t = time.perf_counter()
    subprocess.run([args.cli, "simulate", path, "--threads", "1"], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"reference: odenek simulate --threads 1 (summary only): {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()

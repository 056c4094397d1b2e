"""One RuleSet shared by 8 Python threads: evaluation releases the GIL and the
rule set is immutable, so every thread gets the serial answers."""
from __future__ import annotations

import concurrent.futures
import threading
import time

import pandas as pd

import odenek
from conftest import read_jsonl


def test_check_from_8_threads(rs, generated):
    claims = read_jsonl(generated / "x.jsonl")[:200]
    serial = [[r.to_json() for r in rs.check_all(c)] for c in claims]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            got = list(pool.map(lambda c: [r.to_json() for r in rs.check_all(c)], claims))
            assert got == serial


def test_simulate_from_8_threads(rs, generated):
    df = odenek.read_csv(generated / "x.csv")
    parts = [df.iloc[k::8] for k in range(8)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        outs = list(pool.map(lambda p: rs.simulate(p, threads=1, money="str"), parts))
    # Put the interleaved rows back in file order (one programme: one row a claim).
    merged = pd.concat(outs)
    merged.index = [i for k in range(8) for i in range(k, len(df), 8)]
    assert odenek.to_csv(merged.sort_index()) == (generated / "out.csv").read_text()


def test_gil_is_released_while_evaluating(rs, generated):
    """Another Python thread keeps running during a bulk run in the engine
    (called directly: no pandas work, which would let the ticker run anyway)."""
    lines = (generated / "x.csv").read_text().splitlines()
    header, rows = lines[0], lines[1:]
    text = "\n".join([header] + [f"R{k}-{row}" for k in range(15) for row in rows]) + "\n"
    ticks = 0
    done = threading.Event()

    def tick() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    start = time.perf_counter()
    _, _, summary, _ = odenek._odenek.simulate(rs._core, [text], "csv", "none", "x", [], None,
                                              [], 1, None, False)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    assert '"records_evaluated": 30000' in summary
    # With the GIL held for the run the ticker would not tick at all.
    assert ticks >= min(10, int(elapsed / 0.01)), (ticks, elapsed)

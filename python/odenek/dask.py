"""odenek.dask: the bulk simulation over a Dask DataFrame, on many processes
or machines (docs/scaling.md).

How the rules travel: the client reads the rule folder's files into a
RulesBundle (name → text, plus each reform's text and the rules hash). The
bundle is one task in the graph, so the scheduler sends it to each worker
once; there every partition asks a per-process cache keyed by the hash, which
loads it (RuleSet::LoadFromTexts) the first time and checks that the hash
comes out the same. Workers need the odenek package, not the rule folder.

Each partition is evaluated by the engine's own Simulate (as
``RuleSet.simulate``) with one engine thread by default: Dask already runs
one task per worker thread.
"""
from __future__ import annotations

import decimal
import re
import threading
from typing import Any, Dict, List, Optional, Tuple

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd

from . import RuleSet, RulesBundle, UsageError, _odenek, _simulate

__all__ = ["simulate", "summary", "rules_for"]

_cache: Dict[str, RuleSet] = {}
_cache_lock = threading.Lock()


def rules_for(bundle: RulesBundle) -> RuleSet:
    """The RuleSet for `bundle` in this process, loaded once (keyed by hash)."""
    with _cache_lock:
        rs = _cache.get(bundle.rules_hash)
        if rs is None:
            rs = RuleSet.from_bundle(bundle)
            _cache[bundle.rules_hash] = rs
        return rs


def _bundles(rules: Any, scenarios: Any) -> Tuple[RulesBundle, Optional[Tuple[str, RulesBundle]]]:
    """The baseline's bundle and the one scenario's (name, bundle)."""
    if rules is None or isinstance(rules, str):
        rs = RuleSet.load(rules)
    elif isinstance(rules, RuleSet):
        rs = rules
    else:
        raise TypeError("rules is None (the built-in rules), a rule folder or a RuleSet")
    spec, _ = _simulate._scenario(rs, scenarios)
    with _cache_lock:  # the client evaluates a sample for the columns: no reload
        _cache.setdefault(rs.rules_hash, rs)
    scenario = (spec[0], spec[1].bundle()) if spec is not None else None
    return rs.bundle(), scenario


def _run_partition(pdf: Any, bundle: RulesBundle,
                   scenario: Optional[Tuple[str, RulesBundle]], program: Any, date: Any,
                   threads: int, money: str, kinds: Optional[Dict[str, str]]
                   ) -> Tuple[pd.DataFrame, pd.DataFrame, Dict[str, Any]]:
    rs = rules_for(bundle)
    scen = {scenario[0]: rules_for(scenario[1])} if scenario else None
    if isinstance(pdf, tuple):  # (format, header, block) from _file_blocks
        fmt, header, block = pdf
        pdf = _simulate.RawText(fmt, [header, block] if header else [block])
    results, errors, summary, _, index = _simulate.run(rs, pdf, program, scen, threads, date)
    df, _ = _simulate.results_frame(results, money, kinds)
    df.attrs["summary"] = summary
    return df, _simulate.errors_frame(errors, index), summary


def _meta(sample: Any, bundle: RulesBundle, scenario: Any, program: Any, date: Any,
          money: str) -> Tuple[pd.DataFrame, Dict[str, str]]:
    """The result's columns and dtypes, from a sample of the input (Dask
    needs them before computing). The column kinds found there are then used
    for every partition, so all have the same dtypes."""
    rs = rules_for(bundle)
    scen = {scenario[0]: rules_for(scenario[1])} if scenario else None
    results, _, _, _, _ = _simulate.run(rs, sample, program, scen, 1, date)
    df, kinds = _simulate.results_frame(results, money)
    return df.iloc[:0], kinds


def _format_of(path: str) -> str:
    if path.endswith(".csv"):
        return "csv"
    if path.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    raise UsageError(f"cannot tell the format of {path}: name it .csv or .jsonl")


def _block(fmt: str, header: bytes, block: bytes) -> Tuple[str, bytes, bytes]:
    return fmt, header, block


def _file_blocks(urlpath: Any, blocksize: Any) -> Tuple[List[Any], Any, List[bool]]:
    """Claim files cut into blocks at line ends (dask.bytes.read_bytes): the
    delayed (format, header, block) of each, a sample to type the columns,
    and for each block whether it got a header line that is not in the file
    (a CSV block after a file's first gets the header again). Blocks
    go to the engine as they are: no pandas parse of the input at all."""
    from dask.bytes import read_bytes
    paths = [urlpath] if isinstance(urlpath, str) else list(urlpath)
    fmt = _format_of(str(paths[0]))
    sample, blocks = read_bytes(paths if len(paths) > 1 else paths[0], delimiter=b"\n",
                                blocksize=blocksize, sample="64 kiB")
    header = sample.split(b"\n", 1)[0] + b"\n" if fmt == "csv" else b""
    parts, added = [], []
    for file_blocks in blocks:
        for i, block in enumerate(file_blocks):
            parts.append(dask.delayed(_block, pure=True)(fmt, header if i > 0 else b"", block))
            added.append(bool(header) and i > 0)
    # The sample up to its last whole line.
    cut = sample.rfind(b"\n")
    head = sample[:cut + 1] if cut >= 0 else sample
    return parts, _simulate.RawText(fmt, [head]), added


def _inputs(data: Any, blocksize: Any) -> Tuple[List[Any], Any, List[bool]]:
    """The partitions as delayed inputs for _run_partition, a sample, and
    for each partition whether the engine will read a CSV header line that
    is not in the input as one text (every DataFrame partition after the
    first is written with its header), so `lines_read` can add up to what
    `odenek simulate` counts for the whole file."""
    if isinstance(data, dd.DataFrame):
        parts = data.to_delayed()
        return (parts, data.get_partition(0).head(500, compute=True),
                [i > 0 for i in range(len(parts))])
    if isinstance(data, (str, list, tuple)):
        return _file_blocks(data, blocksize)
    raise TypeError("data is a dask DataFrame (facts form, one column `id`) or the "
                    "path (or glob, or list) of .csv/.jsonl claim files")


def _parts(data: Any, program: Any, rules: Any, scenarios: Any, date: Any,
           threads: int, money: str, blocksize: Any = "64MiB"):
    bundle, scenario = _bundles(rules, scenarios)
    inputs, sample, _ = _inputs(data, blocksize)
    meta, kinds = _meta(sample, bundle, scenario, program, date, money)
    # One task holds the rules: the scheduler ships it to each worker once.
    bundle_d = dask.delayed(bundle, pure=True)
    scenario_d = dask.delayed(scenario, pure=True)
    run = dask.delayed(_run_partition, pure=True, nout=3)
    outs = [run(part, bundle_d, scenario_d, program, date, threads, money, kinds)
            for part in inputs]
    return outs, meta, data


def simulate(ddf: Any, program: Any = None, rules: Any = None, scenarios: Any = None,
             *, date: Any = None, threads: int = 1, money: str = "decimal",
             with_errors: bool = False, blocksize: Any = "64MiB") -> Any:
    """``RuleSet.simulate`` over every partition of `ddf`: a lazy Dask
    DataFrame with the same columns and dtypes, one row per claim and
    programme, in partition order (within a partition, input order).

    ddf: a Dask DataFrame in the facts form (one column ``id``), or the path,
        glob or list of claim files (.csv or .jsonl, either form) that the
        workers read themselves in ``blocksize`` blocks and hand to the
        engine as they are: no pandas parse of the input, the fastest way.
    rules: None (the built-in rules), a rule folder, or a RuleSet.
    scenarios: as ``RuleSet.simulate`` (one reform scenario).
    threads: engine threads per partition (default 1: Dask runs a task per
        worker thread already).
    with_errors: also return the rejected records as a second lazy frame
        (``(results, errors)``; compute them together, with
        ``dask.compute(results, errors)``, so each partition runs once).
    """
    outs, meta, _ = _parts(ddf, program, rules, scenarios, date, threads, money, blocksize)
    results = dd.from_delayed([o[0] for o in outs], meta=meta, verify_meta=False)
    if not with_errors:
        return results
    # Errors of a frame name its index label; of files, the record in the block.
    index = {"index": pd.Series(dtype=ddf.index.dtype)} if isinstance(ddf, dd.DataFrame) else {}
    err_meta = pd.DataFrame({**index,
                             "record": pd.Series(dtype="int64"),
                             "line": pd.Series(dtype="int64"),
                             **{c: pd.Series(dtype=object)
                                for c in ("id", "scenario", "message")}})
    errors = dd.from_delayed([o[1] for o in outs], meta=err_meta, verify_meta=False)
    return results, errors


# --- The summary, merged exactly ----------------------------------------------

def _kurus(text: str) -> int:
    return int(decimal.Decimal(text) * 100)


def _money(kurus: int) -> str:
    sign = "-" if kurus < 0 else ""
    k = abs(kurus)
    return f"{sign}{k // 100}.{k % 100:02d}"


def _summarize_partition(part: Any, bundle: RulesBundle,
                         scenario: Optional[Tuple[str, RulesBundle]], program: Any, date: Any,
                         threads: int, added_header: bool
                         ) -> Tuple[Dict[str, Any], Dict[str, Dict[str, Dict[int, int]]]]:
    """One partition's engine summary, and per programme and side ("base",
    "reform") each eligible claim's main amount in kuruş → how many claims
    got it. Merged across partitions, the counts give the exact median and
    deciles (as the engine computes them). Only the columns this needs are
    read from the result text (no ids, no other values)."""
    rs = rules_for(bundle)
    scen = {scenario[0]: rules_for(scenario[1])} if scenario else None
    if isinstance(part, tuple):
        fmt, header, block = part
        part = _simulate.RawText(fmt, [header, block] if header else [block])
    results, _, summary, _, _ = _simulate.run(rs, part, program, scen, threads, date)
    if added_header and "lines_read" in summary:
        summary["lines_read"] -= 1  # the header this partition got, not in the input
    amounts = {p["id"]: p["amount"]["output"] for p in summary["programs"] if "amount" in p}
    wanted = {"program": "text", "status": "category", "reform_status": "category"}
    for a in amounts.values():
        wanted[a] = wanted["reform_" + a] = "str"
    header_names = results.split(b"\n", 1)[0].decode().split(",") if results else []
    kinds = {n: wanted.get(n, "skip") for n in header_names}
    categories = {"status": _simulate.STATUS_CATEGORIES,
                  "reform_status": _simulate.REFORM_STATUS_CATEGORIES}
    parsed = _odenek.parse_columns(results, kinds, categories) if results else (0, [])
    cols = {name: _simulate._build(name, kind, payload) for name, kind, payload in parsed[1]
            if kind != "skip"}
    out: Dict[str, Dict[str, Dict[int, int]]] = {}
    for pid, amount in amounts.items():
        sides: Dict[str, Dict[int, int]] = {}
        for side, status, col in (("base", "status", amount),
                                  ("reform", "reform_status", "reform_" + amount)):
            if status not in cols or col not in cols:
                continue
            keep = (cols["program"] == pid) & (np.asarray(cols[status]) == "eligible")
            values = pd.Series(cols[col][keep]).dropna()
            # Count the texts first (hashing in C), then convert the few distinct ones.
            dist: Dict[int, int] = {}
            for text, n in values.value_counts().items():
                k = _kurus(text)
                dist[k] = dist.get(k, 0) + int(n)
            sides[side] = dist
        out[pid] = sides
    return summary, out


def _quantile(dist: Dict[int, int], tenths: int) -> int:
    """Nearest rank, as odenek/summary.h: the ⌈k·n/10⌉-th smallest amount."""
    n = sum(dist.values())
    rank = max(1, (tenths * n + 9) // 10)
    seen = 0
    for amount in sorted(dist):
        seen += dist[amount]
        if seen >= rank:
            return amount
    return 0


_MONEY = re.compile(r"-?\d+\.\d\d")


def _add_up(values: List[Any]) -> Any:
    """One summary field over the partitions: counts and money add up, nested
    objects field by field; texts ("sums", "output") are the same in each."""
    first = values[0]
    if isinstance(first, bool) or first is None:
        return first
    if isinstance(first, int):
        return sum(values)
    if isinstance(first, str) and _MONEY.fullmatch(first):
        return _money(sum(_kurus(v) for v in values))
    if isinstance(first, dict):
        return {k: _add_up([v[k] for v in values]) for k in first}
    return first


def _merge_stats(stats: List[Dict[str, Any]], dist: Dict[int, int]) -> Dict[str, Any]:
    """One side of one programme (claims, verdicts, cost, amount, days) over
    every partition: sums, except what is recomputed from the merged counts."""
    out: Dict[str, Any] = {}
    for key in stats[0]:
        values = [s[key] for s in stats]
        if key == "eligible_share":
            out[key] = round(out["eligible"] / out["claims"], 4) if out["claims"] else 0
        elif key == "amount":
            amount = _add_up([{k: v for k, v in a.items()
                               if k not in ("mean", "median", "deciles", "histogram")}
                              for a in values])
            if "histogram" in values[0]:
                amount["histogram"] = _merge_amount_histograms([a["histogram"] for a in values])
            total, n = _kurus(amount["total"]), sum(dist.values())
            # Mean half-up to the kuruş, as ProgramStats::Mean; nearest-rank
            # median and deciles over the merged amount counts.
            mean = 0 if n == 0 else (abs(total) * 2 + n) // (2 * n) * (1 if total >= 0 else -1)
            amount["mean"] = _money(mean)
            amount["median"] = _money(_quantile(dist, 5) if n else 0)
            amount["deciles"] = [_money(_quantile(dist, k)) for k in range(1, 10)] if n else []
            out[key] = {k: amount[k] for k in values[0]}  # the engine's key order
        elif key in ("ineligible_by_condition", "undetermined_by_missing_input"):
            # Per condition / input: claims add up; most first, then by name,
            # as ProgramStats orders them.
            name = "condition" if key == "ineligible_by_condition" else "input"
            merged: Dict[str, Dict[str, Any]] = {}
            for items in values:
                for item in items:
                    if item[name] in merged:
                        merged[item[name]]["claims"] += item["claims"]
                    else:
                        merged[item[name]] = dict(item)
            out[key] = sorted(merged.values(), key=lambda i: (-i["claims"], i[name]))
        elif key == "outputs":
            # Every money output (the Fund's premiums ...), the same list in each
            # partition: claims and totals add up item by item.
            out[key] = [_add_up(list(items)) for items in zip(*values)]
        elif key == "days":
            hist: Dict[int, int] = {}
            for d in values:
                for h in d["histogram"]:
                    hist[h["days"]] = hist.get(h["days"], 0) + h["claims"]
            days = _add_up([{k: v for k, v in d.items() if k != "histogram"} for d in values])
            days["histogram"] = [{"days": d, "claims": hist[d]} for d in sorted(hist)]
            out[key] = {k: days[k] for k in values[0]}
        else:
            out[key] = _add_up(values)
    return out


# Histograms (odenek/summary.h): bin widths are 1 or 5 × 10^k kuruş and bin
# edges multiples of the width, so each partition's width divides the whole
# run's. Re-binning every partition at the largest width, then widening while
# the bins are more than the engine allows, gives exactly the histogram one
# engine run over all the input writes.
_HISTOGRAM_BINS = 30  # odenek::kHistogramBins


def _wider(width: int) -> int:
    k = width
    while k % 10 == 0:
        k //= 10
    return width * 5 if k == 1 else width * 2


def _merge_amount_histograms(hists: List[Dict[str, Any]]) -> Dict[str, Any]:
    # Bins [from, to) in kuruş; index floor(from / width).
    parts = [(_kurus(h["width"]), [(_kurus(b["from"]), b["claims"]) for b in h["bins"]
                                   if b["claims"]]) for h in hists]
    parts = [(w, bins) for w, bins in parts if w > 0 and bins]
    if not parts:
        return {"width": _money(0), "bins": []}
    width = max(w for w, _ in parts)
    while True:
        counts: Dict[int, int] = {}
        for _, bins in parts:
            for lower, n in bins:
                counts[lower // width] = counts.get(lower // width, 0) + n
        if max(counts) - min(counts) + 1 <= _HISTOGRAM_BINS:
            break
        width = _wider(width)
    return {"width": _money(width),
            "bins": [{"from": _money(i * width), "to": _money((i + 1) * width),
                      "claims": counts.get(i, 0)} for i in range(min(counts), max(counts) + 1)]}


_DIFFERENCE_KINDS = ("eligible_in_both", "newly_eligible", "newly_ineligible")


def _merge_difference_histograms(hists: List[Dict[str, Any]]) -> Dict[str, Any]:
    # Bins never straddle zero: index −k for [−k·w, −(k−1)·w), 0 for exactly
    # zero, +k for ((k−1)·w, k·w].
    parts = []
    for h in hists:
        w = _kurus(h["width"])
        bins = []
        for b in h["bins"]:
            lo, hi = _kurus(b["from"]), _kurus(b["to"])
            signed = hi if lo >= 0 else lo  # the edge farthest from zero
            if any(b[k] for k in _DIFFERENCE_KINDS):
                bins.append((signed, [b[k] for k in _DIFFERENCE_KINDS]))
        if w > 0 and bins:
            parts.append((w, bins))
    out: Dict[str, Any] = {"sums": hists[0]["sums"]}
    if not parts:
        return {**out, "width": _money(0), "bins": []}
    width = max(w for w, _ in parts)

    def index(edge: int, w: int) -> int:
        # ceil(|edge| / w) with edge's sign (edge is a multiple of the part's width).
        return (1 if edge > 0 else -1) * (-(-abs(edge) // w)) if edge else 0

    while True:
        counts: Dict[int, List[int]] = {}
        for _, bins in parts:
            for edge, ns in bins:
                c = counts.setdefault(index(edge, width), [0, 0, 0])
                for k in range(3):
                    c[k] += ns[k]
        below, above = -min(min(counts), 0), max(max(counts), 0)
        if below + above <= _HISTOGRAM_BINS:
            break
        width = _wider(width)
    bins = []
    for i in range(-below, above + 1):
        lo, hi = ((i - 1) * width, i * width) if i > 0 else (i * width, (i + 1) * width if i else 0)
        ns = counts.get(i, [0, 0, 0])
        bins.append({"from": _money(lo), "to": _money(hi),
                     **{k: ns[n] for n, k in enumerate(_DIFFERENCE_KINDS)}})
    return {**out, "width": _money(width), "bins": bins}


def _merge_comparison(comps: List[Dict[str, Any]]) -> Dict[str, Any]:
    out: Dict[str, Any] = {k: _add_up([c[k] for c in comps])
                           for k in comps[0] if k not in ("attribution", "difference_histogram")}
    if "difference_histogram" in comps[0]:
        out["difference_histogram"] = _merge_difference_histograms(
            [c["difference_histogram"] for c in comps])
    rules: Dict[Tuple[str, str], List[int]] = {}
    for c in comps:
        for a in c.get("attribution", []):
            entry = rules.setdefault((a["rule"], a["kind"]), [0, 0])
            entry[0] += a["claims"]
            entry[1] += _kurus(a["difference"])
    ordered = sorted(rules.items(), key=lambda kv: -kv[1][0])  # stable: first seen first
    if "attribution" in comps[0]:
        out["attribution"] = [
            {"rule": r, "kind": k, "claims": v[0], "difference": _money(v[1])}
            for (r, k), v in ordered]
    return out


def merge_summaries(parts: List[Tuple[Dict[str, Any], Dict[str, Any]]],
                    name: str = "<dask>") -> Dict[str, Any]:
    """The partitions' summaries as one, in the engine's summary layout:
    counts, totals and histograms add up; mean, median and deciles are
    recomputed from the merged amount counts, so they are exact (what one
    engine run over the whole input reports)."""
    summaries = [s for s, _ in parts]
    first = summaries[0]
    out: Dict[str, Any] = {"input": name, "reforms": first["reforms"],
                           "partitions": len(parts)}
    if "reform_titles" in first:
        out["reform_titles"] = first["reform_titles"]
    for key in ("lines_read", "records_read", "records_evaluated", "records_rejected",
                "records_with_reform_error"):
        if key in first:
            out[key] = sum(s[key] for s in summaries)
    # Engine seconds summed over partitions (not the wall time of the whole
    # Dask computation, which the client measures).
    out["engine_seconds"] = round(sum(s["wall_seconds"] for s in summaries), 3)
    programs = []
    for i, p in enumerate(first["programs"]):
        per = [s["programs"][i] for s in summaries]
        dists = [a.get(p["id"], {}) for _, a in parts]
        merged = {"id": p["id"], **_merge_stats(per, _sum_dists(d.get("base", {}) for d in dists))}
        if "reform" in p:
            merged["reform"] = _merge_stats([q["reform"] for q in per],
                                            _sum_dists(d.get("reform", {}) for d in dists))
        if "comparison" in p:
            merged["comparison"] = _merge_comparison([q["comparison"] for q in per])
        programs.append(merged)
    out["programs"] = programs
    return out


def _sum_dists(dists: Any) -> Dict[int, int]:
    out: Dict[int, int] = {}
    for d in dists:
        for k, v in d.items():
            out[k] = out.get(k, 0) + v
    return out


def summary(ddf: Any, program: Any = None, rules: Any = None, scenarios: Any = None,
            *, date: Any = None, threads: int = 1, compute: bool = True,
            blocksize: Any = "64MiB") -> Any:
    """The engine's summary (``odenek simulate --summary``) over every
    partition, merged exactly: counts, totals and day histograms add up; the
    mean, median and deciles come from every eligible claim's amount counted
    per distinct kuruş value (small: amounts repeat), so they equal one
    engine run over the whole input. Only `wall_seconds`/`claims_per_second`
    give way to `engine_seconds` (summed over partitions) and `partitions`.
    ``compute=False`` returns the Dask delayed instead of the dict."""
    bundle, scenario = _bundles(rules, scenarios)
    inputs, _, added = _inputs(ddf, blocksize)
    bundle_d = dask.delayed(bundle, pure=True)
    scenario_d = dask.delayed(scenario, pure=True)
    per = [dask.delayed(_summarize_partition, pure=True)(part, bundle_d, scenario_d, program,
                                                         date, threads, header)
           for part, header in zip(inputs, added)]
    merged = dask.delayed(merge_summaries, pure=True)(per)
    return merged.compute() if compute else merged

"""odenek.dask on a LocalCluster of 2 worker processes equals `odenek simulate`
on the same generated file, row for row, and its merged summary equals the
CLI's (counts, totals, mean, median, deciles, histograms)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import odenek
from conftest import strip_run

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
odenek_dask = pytest.importorskip("odenek.dask")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    with cluster, distributed.Client(cluster) as c:
        yield c


def test_dask_simulate_equals_cli(client, generated):
    ddf = dd.from_pandas(odenek.read_csv(generated / "x.csv"), npartitions=5)
    out = odenek_dask.simulate(ddf).compute()
    assert len(out) == 2000
    assert odenek.to_csv(out) == (generated / "out.csv").read_text()
    # Both worker processes took part and each loaded the rules once.
    loaded = client.run(lambda: list(odenek_dask._cache))
    assert len(loaded) == 2 and all(len(v) == 1 for v in loaded.values())


def test_dask_reform_and_summary_equal_cli(client, generated, source):
    ddf = dd.from_pandas(odenek.read_csv(generated / "x.csv"), npartitions=4)
    reform = str(source / "tests/simulate/data/reform_oran_50.yaml")
    out = odenek_dask.simulate(ddf, scenarios=reform, money="str").compute()
    assert odenek.to_csv(out) == (generated / "reform_out.csv").read_text()
    merged = odenek_dask.summary(ddf, scenarios=reform)
    cli = json.loads((generated / "reform_summary.json").read_text())
    assert merged["partitions"] == 4
    assert strip_run(merged) == strip_run(cli)


def test_dask_errors(client, generated):
    df = odenek.read_csv(generated / "x.csv").head(100).copy()
    df.loc[42, "fesih_tarihi"] = "2023-02-30"
    ddf = dd.from_pandas(df, npartitions=3)
    import dask
    results, errors = odenek_dask.simulate(ddf, with_errors=True)
    results, errors = dask.compute(results, errors)
    assert len(results) == 99
    assert list(errors["index"]) == [42]
    assert "invalid date \"2023-02-30\"" in errors["message"].iloc[0]


def test_dask_from_files_equals_cli(client, generated, source):
    """Claim files read by the workers in blocks (a CSV block after the
    first gets the header): the same rows as the CLI, and the summary."""
    out = odenek_dask.simulate(str(generated / "x.csv"), blocksize="20kB")
    assert out.npartitions > 3
    assert odenek.to_csv(out.compute()) == (generated / "out.csv").read_text()
    jsonl = odenek_dask.simulate(str(generated / "x.jsonl"), blocksize="100kB").compute()
    assert odenek.to_csv(jsonl) == (generated / "jsonl_out.csv").read_text()
    reform = str(source / "tests/simulate/data/reform_oran_50.yaml")
    merged = odenek_dask.summary(str(generated / "x.csv"), scenarios=reform, blocksize="20kB")
    cli = json.loads((generated / "reform_summary.json").read_text())
    assert strip_run(merged) == strip_run(cli)


def test_histograms_merge_exactly_across_widths(rs, generated, source):
    """Parts whose values span different ranges get different bin widths
    (1 or 5 × 10^k kuruş); re-binned at the widest and widened while too many,
    they give exactly the whole run's bins (docs/simulate.md)."""
    df = odenek.read_csv(generated / "x.csv")
    order = pd.to_numeric(df["kazanc_son_4_ay"].astype(str), errors="coerce").argsort(kind="stable")
    df = df.iloc[order].reset_index(drop=True)
    reform = str(source / "tests/simulate/data/reform_oran_50.yaml")

    def summary(part):
        return rs.simulate(part, scenarios=reform).attrs["summary"]["programs"][0]

    whole = summary(df)
    parts = [summary(df.iloc[:60]), summary(df.iloc[60:])]
    for get, merge in ((lambda p: p["amount"]["histogram"], odenek_dask._merge_amount_histograms),
                       (lambda p: p["reform"]["amount"]["histogram"],
                        odenek_dask._merge_amount_histograms),
                       (lambda p: p["comparison"]["difference_histogram"],
                        odenek_dask._merge_difference_histograms)):
        assert len({get(p)["width"] for p in parts}) == 2  # the merge has work to do
        assert merge([get(p) for p in parts]) == get(whole)
    bins = whole["comparison"]["difference_histogram"]["bins"]
    c = whole["comparison"]
    assert sum(b["eligible_in_both"] + b["newly_eligible"] + b["newly_ineligible"]
               for b in bins) == (c["gainers"] + c["losers"] + c["unchanged"]
                                  + c["newly_eligible"] + c["newly_ineligible"])

"""rs.simulate equals `odenek simulate` on the same claims, row for row."""
from __future__ import annotations

import datetime
import decimal
import json

import pandas as pd
import pytest

import odenek
from conftest import read_jsonl, strip_run

REFORM = "tests/simulate/data/reform_oran_50.yaml"


def test_frame_equals_cli(rs, generated):
    df = odenek.read_csv(generated / "x.csv")
    out = rs.simulate(df)
    assert odenek.to_csv(out) == (generated / "out.csv").read_text()
    assert list(out["id"]) == list(df["id"])  # input order, one programme here
    cli_summary = json.loads((generated / "summary.json").read_text())
    assert strip_run(out.attrs["summary"]) == strip_run(cli_summary)


def test_dicts_equal_cli(rs, generated):
    """History-form claims as dicts (a generator): the CLI's results for the .jsonl."""
    records = (r for r in read_jsonl(generated / "x.jsonl"))
    out = rs.simulate(records, money="str")
    assert odenek.to_csv(out) == (generated / "jsonl_out.csv").read_text()
    with open(generated / "x.jsonl") as lines:
        assert odenek.to_csv(rs.simulate(lines)) == (generated / "jsonl_out.csv").read_text()


def test_reform_scenario_equals_cli(rs, generated, source):
    df = odenek.read_csv(generated / "x.csv")
    expected = (generated / "reform_out.csv").read_text()
    cli_summary = strip_run(json.loads((generated / "reform_summary.json").read_text()))
    reform = str(source / REFORM)
    for scenarios in (reform, [reform], {"oran_50": reform}, rs.with_reforms(reform)):
        out = rs.simulate(df, scenarios=scenarios, threads=2)
        assert odenek.to_csv(out) == expected
        assert strip_run(out.attrs["summary"]) == cli_summary
    assert out.attrs["summary"]["reforms"] == [reform]


def test_column_types(rs, generated, source):
    df = odenek.read_csv(generated / "x.csv")
    out = rs.simulate(df, scenarios=str(source / REFORM))
    assert isinstance(out["status"].dtype, pd.CategoricalDtype)
    assert list(out["status"].cat.categories) == ["eligible", "ineligible", "undetermined"]
    assert str(out["eligible"].dtype) == "boolean"
    assert str(out["sure_gun"].dtype) == "Int64"
    assert str(out["reform_sure_gun"].dtype) == "Int64"
    eligible = out[out["eligible"]]
    assert all(isinstance(v, decimal.Decimal) for v in eligible["aylik_net"])
    assert out["aylik_net"][~out["eligible"]].isna().all()
    # Exact: the Decimal sum is the summary's total, to the kuruş.
    total = out.attrs["summary"]["programs"][0]["amount"]["total"]
    assert sum(eligible["aylik_net"]) == decimal.Decimal(total)
    as_str = rs.simulate(df, money="str")
    assert as_str["aylik_net"].dropna().str.fullmatch(r"\d+\.\d\d").all()
    as_float = rs.simulate(df, money="float")
    assert as_float["aylik_net"].dtype == "float64"
    assert as_float["aylik_net"].sum() == pytest.approx(float(total))


def test_dates_become_datetime64(rs):
    """A date output (here none in the built-in CSV columns) or input columns
    of datetime64 in the input frame are written as YYYY-MM-DD."""
    df = pd.DataFrame({
        "id": ["A", "B"],
        "fesih_tarihi": pd.to_datetime(["2023-03-31", "2023-06-30"]),
        "fesih_neden_kodu": [4, 4],
        "basvuru_tarihi": pd.to_datetime(["2023-04-05", "2023-07-05"]),
        "son_120_gun_hizmet_akdi": [True, True],
        "prim_gun_3_yil": [720.0, 900.0],  # whole floats are written as integers
        "kazanc_son_4_ay": ["40032.00", "53658.00"],
        "gun_son_4_ay": [120, 120],
    })
    out = rs.simulate(df)
    assert list(out["status"]) == ["eligible", "eligible"]
    assert out["aylik_net"][0] == decimal.Decimal("3972.82")
    kinds = odenek._simulate.infer_kinds(pd.DataFrame({"x_tarihi": ["2023-01-02", ""]}))
    assert kinds == {"x_tarihi": "date"}
    col = odenek._simulate._convert("x_tarihi", pd.Series(["2023-01-02", ""]), "date", "str")
    assert str(col.dtype).startswith("datetime64")


def test_empty_inputs(rs, generated):
    df = odenek.read_csv(generated / "x.csv").head(0)
    out = rs.simulate(df)
    assert len(out) == 0 and out.attrs["summary"]["records_read"] == 0
    assert len(rs.simulate([])) == 0


def test_program_option(rs, generated):
    out = rs.simulate(read_jsonl(generated / "x.jsonl"), program="issizlik_odenegi")
    assert set(out["program"]) == {"issizlik_odenegi"}
    with pytest.raises(odenek.UsageError):
        rs.simulate(read_jsonl(generated / "x.jsonl"), program="no_such_programme")


def test_iterator_errors_propagate(rs):
    def broken():
        yield {"id": "A", "fesih_tarihi": "2023-03-31"}
        raise RuntimeError("the source broke")
    with pytest.raises(RuntimeError, match="the source broke"):
        rs.simulate(broken())


def test_quoted_ids_and_fallback(rs, generated, tmp_path, source):
    """Ids with commas, quotes and non-ASCII letters survive both ways (the
    binding's CSV writer and reader quote as the engine does), and the
    pandas fallback reads the same frame when a column's sampled kind is
    wrong."""
    df = odenek.read_csv(generated / "x.csv").head(50).copy()
    df.loc[0, "id"] = 'A,1'
    df.loc[1, "id"] = 'B"2'
    df.loc[2, "id"] = "Çağrı-ş"
    path = tmp_path / "quoted.csv"
    df.to_csv(path, index=False)
    from conftest import run_cli
    run_cli("simulate", str(path), "--out", str(tmp_path / "out.csv"))
    out = rs.simulate(df)
    assert list(out["id"][:3]) == ['A,1', 'B"2', "Çağrı-ş"]
    expected = (tmp_path / "out.csv").read_text()
    assert odenek.to_csv(out) == expected
    text = expected.encode()
    wrong = dict(odenek._simulate.infer_kinds(out.astype(str)), sure_gun="date")
    fallback, kinds = odenek._simulate.results_frame(text, "decimal", wrong)
    assert kinds["sure_gun"] == "int"
    assert odenek.to_csv(fallback) == expected


def test_input_cells(rs):
    """Cells the binding writes: None/NaN/NA empty, bools true/false, whole
    floats as integers, Decimal and dates as text."""
    df = pd.DataFrame({
        "id": ["A", "B"],
        "fesih_tarihi": [datetime.date(2023, 3, 31), None],
        "fesih_neden_kodu": pd.array([4, None], dtype="Int64"),
        "son_120_gun_hizmet_akdi": pd.array([True, None], dtype="boolean"),
        "prim_gun_3_yil": [720.0, float("nan")],
        "kazanc_son_4_ay": [decimal.Decimal("40032.00"), None],
    })
    text = "".join(odenek._simulate.csv_chunks(df))
    assert text == ("id,fesih_tarihi,fesih_neden_kodu,son_120_gun_hizmet_akdi,prim_gun_3_yil,"
                    "kazanc_son_4_ay\nA,2023-03-31,4,true,720,40032.00\nB,,,,,\n")


def test_ctrl_c_stops_a_run(rs, generated):
    """SIGINT during a run (Ctrl-C in a notebook) stops the engine and raises
    KeyboardInterrupt, instead of running to the end."""
    import os
    import signal
    lines = (generated / "x.csv").read_text().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    sent = []

    def pieces():
        yield header
        for k in range(2000):  # 4M claims if nothing stopped it
            if k == 3:
                os.kill(os.getpid(), signal.SIGINT)
                sent.append(k)
            yield "".join(f"K{k}-{row}" for row in rows)

    with pytest.raises(KeyboardInterrupt):
        odenek._odenek.simulate(rs._core, pieces(), "csv", "none", "x", [], None, [], 1, None,
                                False)
    assert sent == [3]

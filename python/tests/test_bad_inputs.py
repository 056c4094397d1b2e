"""Bad claims raise ClaimError with the engine's message (as the CLI's), bad
arguments UsageError or TypeError; in bulk, bad records raise nothing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import odenek
from conftest import run_cli
from test_api import MINIMUM_WAGE

BAD_CLAIMS = sorted((Path(__file__).resolve().parents[2] / "tests/bad/claims").iterdir())


@pytest.mark.parametrize("path", BAD_CLAIMS, ids=lambda p: p.name)
def test_bad_claim_files_as_cli(rs, path):
    """Every file of the bad-claim corpus: the CLI's verdict or its message,
    the file's name read as <text>."""
    cli = run_cli("check", str(path), "--format", "json", check=False)
    text = path.read_bytes()
    if cli.returncode == 0:
        assert [r.to_dict() for r in rs.check_all(text)] == json.loads(cli.stdout)
        return
    with pytest.raises(odenek.OdenekError) as e:
        rs.check_all(text)
    expected = cli.stderr.strip().replace(str(path), "<text>")
    assert str(e.value) == expected
    kind = odenek.UsageError if cli.returncode == 2 else odenek.ClaimError
    assert isinstance(e.value, kind)


@pytest.mark.parametrize("change, message", [
    ({"prim_gun_3_yil": "abc"}, 'prim_gun_3_yil: expected a whole number, found "abc"'),
    ({"prim_gun_3_yil": 1.5}, "prim_gun_3_yil: expected a whole number"),
    ({"son_120_gun_hizmet_akdi": "evet"}, "son_120_gun_hizmet_akdi"),
    ({"kazanc_son_4_ay": "40032.001"}, "kazanc_son_4_ay"),
    ({"kazanc_son_4_ay": [1, 2]}, "kazanc_son_4_ay"),
    ({"fesih_tarihx": "2023-03-31"}, "fesih_tarihx: unknown key"),
    ({"fesih_tarihi": "2023-02-30"}, 'fesih_tarihi: invalid date "2023-02-30": February 2023 has 28 days'),
    ({"fesih_tarihi": "31.03.2023"}, "fesih_tarihi"),
    ({"basvuru_tarihi": 20230405}, "basvuru_tarihi"),
])
def test_bad_values_in_dicts(rs, change, message):
    with pytest.raises(odenek.ClaimError) as e:
        rs.check(dict(MINIMUM_WAGE, **change))
    assert message in str(e.value)
    assert str(e.value).startswith("<dict>:1:")
    assert isinstance(e.value, ValueError)


def test_ids(rs):
    """The engine's id rule (Claim::CheckId), as `odenek check` applies it."""
    claim = {k: v for k, v in MINIMUM_WAGE.items() if k != "id"}
    expected = r"id: expected a non-empty claim id, found none \(the claim has no \"id\" key\)"
    with pytest.raises(odenek.ClaimError, match=r"^<dict>:\d+:\d+: " + expected):
        rs.check(claim)
    with pytest.raises(odenek.ClaimError, match=r"^<text>:\d+:\d+: " + expected):
        rs.check(json.dumps(claim))
    for bad in ("", "B\t1", None):  # a number is accepted as its text, as by the CLI
        with pytest.raises(odenek.ClaimError, match=r"^<dict>:\d+:\d+: id: expected a"):
            rs.check(dict(MINIMUM_WAGE, id=bad))


def test_claim_size_limit(rs):
    text = json.dumps(MINIMUM_WAGE)
    padded = text[:-1] + ", " + " " * (odenek._odenek.MAX_CLAIM_BYTES) + "}"
    with pytest.raises(odenek.ClaimError, match=r"bytes \(1 MiB\) are allowed in one claim"):
        rs.check(padded)
    assert rs.check(text).status == "eligible"


def test_syntax_errors_name_line_and_column(rs):
    with pytest.raises(odenek.ClaimError, match=r"^<text>:2:"):
        rs.check('{"id": "B-1",\n "fesih_tarihi": "2023-03-31"')
    with pytest.raises(odenek.ClaimError, match=r"<text>:\d+:\d+"):
        rs.check("id: B-1\nfesih_tarihi: [\n")


def test_wrong_argument_types(rs):
    with pytest.raises(TypeError):
        rs.check(42)
    with pytest.raises(TypeError):
        rs.check(["id", "B-1"])
    with pytest.raises(TypeError):
        rs.check({"id": "B-1", "fesih_tarihi": object()})
    with pytest.raises(TypeError):
        rs.simulate("claims.csv")


def test_bad_options(rs):
    with pytest.raises(odenek.UsageError, match="date"):
        rs.check(MINIMUM_WAGE, date="2023-13-01")
    with pytest.raises(odenek.UsageError, match="no_such_programme"):
        rs.check(MINIMUM_WAGE, program="no_such_programme")
    with pytest.raises(odenek.UsageError):
        rs.simulate([MINIMUM_WAGE], money="cents")
    with pytest.raises(odenek.UsageError, match="one scenario"):
        rs.simulate([MINIMUM_WAGE], scenarios={"a": [], "b": []})


def test_bulk_bad_records_as_cli(rs, source, tmp_path):
    """Bad lines of a JSONL file: the same errors as the CLI's --errors file,
    the good ones in the results; nothing raises."""
    path = source / "tests/bad/bulk/bad_lines.jsonl"
    run_cli("simulate", str(path), "--errors", str(tmp_path / "e.jsonl"),
            "--out", str(tmp_path / "o.csv"), "--max-errors", "100%")
    expected = [json.loads(l) for l in (tmp_path / "e.jsonl").read_text().splitlines()]
    # An open JSONL file: its lines go to the engine as they are.
    with open(path, encoding="utf-8", errors="surrogateescape") as records:
        res = rs.simulate(records, errors="return", name=str(path))
    got = res.errors.to_dict("records")
    assert [(e["record"], e["message"]) for e in got] == \
        [(e["record"], e["message"]) for e in expected]
    assert odenek.to_csv(res.results) == (tmp_path / "o.csv").read_text()


def test_bulk_bad_rows_in_a_frame(rs, generated, tmp_path):
    df = odenek.read_csv(generated / "x.csv").head(20).copy()
    df.loc[3, "fesih_tarihi"] = "2023-02-30"
    df.loc[7, "prim_gun_3_yil"] = "x"
    df.loc[9, "id"] = df.loc[8, "id"]  # a duplicate id
    df.index = [f"row{i}" for i in range(len(df))]
    bad_csv = tmp_path / "bad.csv"
    df.to_csv(bad_csv, index=False)
    run_cli("simulate", str(bad_csv), "--errors", str(tmp_path / "e.jsonl"),
            "--out", str(tmp_path / "o.csv"), "--max-errors", "100%")
    expected = [json.loads(l) for l in (tmp_path / "e.jsonl").read_text().splitlines()]
    res = rs.simulate(df, errors="return", name=str(bad_csv))
    assert list(res.errors["record"]) == [e["record"] for e in expected]
    assert list(res.errors["message"]) == [e["message"] for e in expected]
    assert list(res.errors["index"]) == ["row3", "row7", "row9"]
    assert odenek.to_csv(res.results) == (tmp_path / "o.csv").read_text()
    assert res.summary["records_rejected"] == 3
    with pytest.warns(UserWarning, match="3 records were rejected"):
        rs.simulate(df)

"""The API against the CLI: one claim at a time, programmes, parameters."""
from __future__ import annotations

import datetime
import decimal
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import odenek
from conftest import run_cli

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))

MINIMUM_WAGE = {
    "id": "B-000001", "fesih_tarihi": "2023-03-31", "fesih_neden_kodu": 4,
    "basvuru_tarihi": "2023-04-05", "son_120_gun_hizmet_akdi": True,
    "prim_gun_3_yil": 720, "kazanc_son_4_ay": "40032.00", "gun_son_4_ay": 120,
}


def test_load_and_hash(rs):
    cli = json.loads(run_cli("check", "examples/issizlik_asgari_ucret.yaml",
                             "--format", "json").stdout)
    assert rs.rules_hash == cli[0]["rules_hash"]
    assert rs.rules_hash.startswith("sha256:")
    assert odenek.RuleSet.load(rs.path).rules_hash == rs.rules_hash


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_check_equals_cli(rs, example):
    """Every example: check_all's to_dict() is the CLI's JSON, object for object."""
    cli = json.loads(run_cli("check", str(example), "--format", "json").stdout)
    results = rs.check_all(example.read_text())
    assert [r.to_dict() for r in results] == cli
    assert [json.loads(r.to_json()) for r in results] == cli


def test_result_attributes(rs):
    r = rs.check(MINIMUM_WAGE)
    assert (r.id, r.program, r.status, r.eligible) == (
        "B-000001", "issizlik_odenegi", "eligible", True)
    assert r.values["aylik_net"] == decimal.Decimal("3972.82")
    assert isinstance(r.values["aylik_net"], decimal.Decimal)
    assert r.values["sure_gun"] == 180
    assert r.payments[0]["net"] == decimal.Decimal("3972.82")
    assert r.reasons == [] and r.missing == [] and r.warnings == []
    d = r.to_dict()
    assert d["values"]["aylik_net"] == "3972.82"  # money as strings
    assert d["payments"][0]["gross"] == "4003.20"
    assert r.why_not is None


def test_warnings_for_dates_after_known_values(rs):
    """A 2027 claim is priced with the 2026 minimum wage, and says so (known_until)."""
    late = dict(MINIMUM_WAGE, fesih_tarihi="2027-01-15", basvuru_tarihi="2027-01-20")
    r = rs.check(late)
    assert len(r.warnings) == 1
    assert r.warnings[0].startswith("asgari_ucret.brut: read on 2027-01-15, after 2026-12-31")
    assert r.to_dict()["warnings"] == r.warnings
    assert "warnings" not in rs.check(MINIMUM_WAGE).to_dict()


def test_check_dict_yaml_json_agree(rs):
    as_json = json.dumps(MINIMUM_WAGE)
    as_yaml = "\n".join(f"{k}: {json.dumps(v)}" for k, v in MINIMUM_WAGE.items())
    dicts = [rs.check(c).to_dict() for c in (MINIMUM_WAGE, as_json, as_yaml,
                                              as_json.encode())]
    assert all(d == dicts[0] for d in dicts)


def test_decimal_and_date_values_in_dicts(rs):
    claim = dict(MINIMUM_WAGE, kazanc_son_4_ay=decimal.Decimal("40032.00"),
                 fesih_tarihi=datetime.date(2023, 3, 31))
    assert rs.check(claim).to_dict() == rs.check(MINIMUM_WAGE).to_dict()


def test_ineligible_reasons_and_why_not(rs, source):
    text = (source / "examples/issizlik_red.yaml").read_text()
    r = rs.check(text, program="issizlik_odenegi", why_not=True)
    assert r.status == "ineligible" and not r.eligible
    assert r.reasons and {"rule", "message", "reference"} <= set(r.reasons[0])
    assert r.why_not and r.why_not[0]["change"]["name"] == "fesih_neden_kodu"


def test_explain_equals_cli(rs, source):
    for name in ("issizlik_asgari_ucret.yaml", "issizlik_red.yaml"):
        path = source / "examples" / name
        cli = json.loads(run_cli("explain", str(path), "--program", "issizlik_odenegi",
                                 "--format", "json").stdout)
        assert [rs.explain(path.read_text(), program="issizlik_odenegi")] == cli


def test_date_option_equals_cli(rs, source):
    path = source / "examples/issizlik_odenegi.yaml"
    cli = json.loads(run_cli("check", str(path), "--date", "2026-01-01",
                             "--format", "json").stdout)
    assert [r.to_dict() for r in rs.check_all(path.read_text(), date="2026-01-01")] == cli
    assert [r.to_dict() for r in
            rs.check_all(path.read_text(), date=datetime.date(2026, 1, 1))] == cli


def test_several_programmes(rs, generated):
    """A history claim can carry several programmes' inputs: check wants one."""
    claim = json.loads((generated / "x.jsonl").read_text().splitlines()[0])
    claim.get("basvuru", {}).pop("program", None)  # else only the programme applied for
    results = rs.check_all(claim)
    if len(results) > 1:
        with pytest.raises(odenek.UsageError, match="pass program="):
            rs.check(claim)
    assert rs.check(claim, program=results[0].program).to_dict() == results[0].to_dict()


def test_programs_equal_cli(rs):
    programs = rs.programs()
    ids = [p["id"] for p in programs]
    assert "issizlik_odenegi" in ids
    issizlik = programs[ids.index("issizlik_odenegi")]
    assert "aylik_net" in issizlik["outputs"]
    assert any(i["name"] == "fesih_tarihi" and i["type"] == "date" for i in issizlik["inputs"])
    assert issizlik["conditions"] and issizlik["reference"]


def test_parameters(rs):
    all_params = rs.parameters()
    assert any(p["name"] == "asgari_ucret.brut" for p in all_params)
    p = rs.parameters("asgari_ucret.brut", date="2023-08-01")
    assert p["value"] == "13414.5" and p["value_from"] == "2023-07-01"
    assert p["unit"] == "TL"
    # The CLI's JSON gives the same exact text; its officer-facing text the Turkish form.
    out = run_cli("--format", "json", "params", "asgari_ucret.brut", "--date", "2023-08-01").stdout
    assert json.loads(out)["in_force"]["value"] == p["value"]
    out = run_cli("params", "asgari_ucret.brut", "--date", "2023-08-01").stdout
    assert "13.414,50 TL" in out
    assert rs.parameters("asgari_ucret.brut", date="2019-01-01")["value"] is None
    with pytest.raises(odenek.UsageError):
        rs.parameters("no.such.parameter")


def test_reforms_change_the_hash(rs, source):
    reform = source / "tests/simulate/data/reform_oran_50.yaml"
    reformed = odenek.RuleSet.load(reforms=[reform])
    assert reformed.rules_hash != rs.rules_hash
    assert reformed.reforms == (str(reform),)
    cli = json.loads(run_cli("check", "examples/issizlik_asgari_ucret.yaml", "--reform",
                             str(reform), "--format", "json").stdout)
    assert [r.to_dict() for r in reformed.check_all(
        (source / "examples/issizlik_asgari_ucret.yaml").read_text())] == cli


def test_bundle_round_trip(rs):
    b = rs.bundle()
    again = odenek.RuleSet.from_bundle(b)
    assert again.rules_hash == rs.rules_hash
    assert again.check(MINIMUM_WAGE).to_dict() == rs.check(MINIMUM_WAGE).to_dict()
    tampered = odenek.RulesBundle(b.files[:-1] + ((b.files[-1][0], b.files[-1][1] + "\n# x\n"),),
                                  b.reforms, b.rules_hash)
    with pytest.raises(odenek.RulesError, match="hash"):
        odenek.RuleSet.from_bundle(tampered)


def test_rules_env_var(source, tmp_path):
    """ODENEK_RULES picks the rule folder of RuleSet.load(), as for the CLI."""
    code = "import odenek; print(odenek.RuleSet.load().path)"
    env = dict(os.environ, ODENEK_RULES=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "RulesError" in out.stderr or out.stdout.strip() == str(tmp_path)
    env["ODENEK_RULES"] = str(source / "rules")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == str(source / "rules")


def test_rules_errors_name_file_line_column(source):
    bad = source / "tests/bad/rules/condition_not_bool"
    with pytest.raises(odenek.RulesError) as e:
        odenek.RuleSet.load(bad)
    assert isinstance(e.value, ValueError)
    assert "program.yaml:14:11: error: condition prim_600 must be bool" in str(e.value)
    with pytest.raises(odenek.RulesError, match="rule directory not found"):
        odenek.RuleSet.load(source / "no-such-folder")
    with pytest.raises(odenek.RulesError, match="reform file not found"):
        odenek.RuleSet.load(reforms=[source / "no-such-reform.yaml"])

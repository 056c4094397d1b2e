"""Shared fixtures: the source tree, the CLI of the same build, one rule set,
and a generated claim file with the CLI's results for it."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List

import pytest

import odenek

SOURCE = Path(os.environ.get("ODENEK_SOURCE_DIR", Path(__file__).resolve().parents[2]))


def _cli() -> str:
    cli = os.environ.get("ODENEK_CLI") or str(SOURCE / "build" / "bin" / "odenek")
    if not Path(cli).exists():
        pytest.skip(f"the odenek CLI is not built ({cli})")
    return cli


@pytest.fixture(scope="session")
def source() -> Path:
    return SOURCE


@pytest.fixture(scope="session")
def cli() -> str:
    return _cli()


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The CLI with the built-in rules (ODENEK_RULES unset, as in ctest)."""
    env = {k: v for k, v in os.environ.items() if k != "ODENEK_RULES"}
    return subprocess.run([_cli(), *args], capture_output=True, text=True, check=check,
                          env=env, cwd=SOURCE)


@pytest.fixture(scope="session")
def rs() -> odenek.RuleSet:
    return odenek.RuleSet.load()


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """2000 generated claims (seed 1), as the issue's test names them, and
    the CLI's results for them (out.csv, errors.jsonl, summary.json), with
    and without the 50% reform (reform_*)."""
    d = tmp_path_factory.mktemp("generated")
    run_cli("generate", "--n", "2000", "--seed", "1", "--out", str(d / "x.csv"))
    run_cli("generate", "--n", "500", "--seed", "2", "--out", str(d / "x.jsonl"))
    run_cli("simulate", str(d / "x.csv"), "--out", str(d / "out.csv"),
            "--summary", str(d / "summary.json"))
    run_cli("simulate", str(d / "x.csv"), "--out", str(d / "reform_out.csv"),
            "--summary", str(d / "reform_summary.json"),
            "--reform", str(SOURCE / "tests/simulate/data/reform_oran_50.yaml"))
    run_cli("simulate", str(d / "x.jsonl"), "--out", str(d / "jsonl_out.csv"))
    return d


def strip_run(summary: dict) -> dict:
    """A summary without what differs between two runs of the same input
    (where the input came from, threads, timing)."""
    return {k: v for k, v in summary.items()
            if k not in ("input", "threads", "wall_seconds", "claims_per_second",
                         "engine_seconds", "partitions", "reforms")}


def read_jsonl(path: Path) -> List[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line]

"""`cmake --install` puts a working package under the prefix: it imports
with the installed rules as its default."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_cmake_install(tmp_path):
    build = os.environ.get("ODENEK_BUILD_DIR")
    if not build:
        pytest.skip("ODENEK_BUILD_DIR not set (ctest sets it)")
    subprocess.run(["cmake", "--install", build, "--prefix", str(tmp_path)], check=True,
                   capture_output=True)
    site = next(tmp_path.glob("lib/python3*/dist-packages"))
    code = ("import odenek; rs = odenek.RuleSet.load(); print(odenek.__file__); print(rs.path); "
            "print(rs.check(open(sys.argv[1]).read()).status)")
    env = {k: v for k, v in os.environ.items() if k not in ("ODENEK_RULES", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    example = Path(__file__).resolve().parents[2] / "examples/issizlik_asgari_ucret.yaml"
    out = subprocess.run([sys.executable, "-c", "import sys; " + code, str(example)], env=env,
                         capture_output=True, text=True, check=True, cwd=tmp_path)
    module, rules, status = out.stdout.split()
    assert module.startswith(str(site))
    assert rules == str(tmp_path / "share/odenek/rules")
    assert status == "eligible"

"""The docs' examples run: every ```python block of docs/python.md in order, in
one namespace, from the source tree; and the README's one-line example."""
from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2]


def python_blocks(path: Path) -> list:
    return re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.S)


def test_python_md_runs(monkeypatch):
    blocks = python_blocks(SOURCE / "docs/python.md")
    assert len(blocks) >= 8
    monkeypatch.chdir(SOURCE)
    monkeypatch.delenv("ODENEK_RULES", raising=False)
    namespace: dict = {"__name__": "__docs__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # tornado, in dask.distributed
        for i, block in enumerate(blocks):
            try:
                exec(compile(block, f"docs/python.md block {i + 1}", "exec"), namespace)
            except Exception as e:  # name the block that failed
                raise AssertionError(f"docs/python.md block {i + 1} failed: {e!r}\n{block}") from e
    text = out.getvalue()
    assert "eligible 180 days, 3972.82 TL a month" in text
    assert 'fesih_tarihi: invalid date "2023-02-30"' in text
    assert ("wrote" in text) or ("apt-get install python3-matplotlib" in text)


def one_liners(path: Path) -> list:
    return [l.strip() for l in path.read_text().splitlines()
            if l.strip().startswith("PYTHONPATH=build/python /usr/bin/python3 -c")]


@pytest.mark.parametrize("doc", ["README.md", "docs/python.md"])
def test_one_line_example(doc):
    lines = one_liners(SOURCE / doc)
    assert lines, f"{doc} has no `PYTHONPATH=build/python /usr/bin/python3 -c` line"
    # The build tree ctest runs from, and this interpreter (the one the module is for).
    pythonpath = os.environ.get("PYTHONPATH", str(SOURCE / "build/python")).split(os.pathsep)[0]
    for line in lines:
        command = line.replace("PYTHONPATH=build/python", f"PYTHONPATH={pythonpath}", 1)
        command = command.replace("/usr/bin/python3", sys.executable, 1)
        env = {k: v for k, v in os.environ.items() if k != "ODENEK_RULES"}
        out = subprocess.run(["bash", "-c", command], cwd=SOURCE, env=env,
                             capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "eligible"

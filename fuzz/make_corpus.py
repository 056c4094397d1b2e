#!/usr/bin/env python3
"""Regenerates the seed corpora in fuzz/corpus/<target>/ from the repository.

  expression_fuzz   every expression of rules/ (expr, when, input, then, default)
  rule_loader_fuzz  each programme folded into one self-contained rule file
                    (its parameters, the shared ones, the programme), the shared
                    parameter files, and the small rule files of tests/bad/rules/
  claim_fuzz        examples/, the test cases' inputs (as JSON and YAML), and
                    the small claim files of tests/bad/claims/

Seeds are named by content hash, so reruns are idempotent; the corpus stays
small (at most 200 files) because libFuzzer grows it on its own. Run from
anywhere: python3 fuzz/make_corpus.py
"""
import hashlib
import json
import os
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX_SEED_BYTES = 16 * 1024


def put(target, data, limit):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_SEED_BYTES:
        return
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    if len(list(d.iterdir())) >= limit:
        return
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def expressions(node):
    """Yields every expression text in a loaded rule document."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("expr", "when", "input", "then", "default") and isinstance(v, str):
                yield v
            else:
                yield from expressions(v)
    elif isinstance(node, list):
        for v in node:
            yield from expressions(v)


def body(path):
    """A parameter file's entries (the lines under `parameters:`)."""
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, l in enumerate(lines) if l.startswith("parameters:"))
    return "".join(lines[start + 1:])


def main():
    rules = ROOT / "rules"
    shared = sorted((rules / "parametreler").glob("*.yaml"))

    seen = set()
    for f in sorted(rules.rglob("*.yaml")):
        if "tests" in f.parts:
            continue
        for e in expressions(yaml.safe_load(f.read_text())):
            if e not in seen:
                seen.add(e)
                put("expression_fuzz", e, 70)

    for prog in sorted(rules.glob("*/program.yaml")):
        text = "parameters:\n" + body(prog.parent / "parametreler.yaml")
        text += "".join(body(s) for s in shared) + prog.read_text()
        put("rule_loader_fuzz", text, 55)
    for s in shared:
        put("rule_loader_fuzz", s.read_text(), 55)
    for f in sorted((ROOT / "tests" / "bad" / "rules").glob("*/program.yaml")):
        put("rule_loader_fuzz", f.read_bytes(), 55)

    for f in sorted((ROOT / "examples").glob("*.yaml")):
        put("claim_fuzz", f.read_bytes(), 80)
    for f in sorted(rules.glob("*/tests/*.yaml")):
        # The first case of each file as JSON, the second as YAML.
        cases = (yaml.safe_load(f.read_text()) or {}).get("tests", [])[:2]
        for i, case in enumerate(cases):
            doc = dict(case.get("input") or {})
            doc.setdefault("id", case.get("name", "t"))
            text = (json.dumps(doc, default=str, ensure_ascii=False) if i == 0
                    else yaml.safe_dump(doc, allow_unicode=True))
            put("claim_fuzz", text, 80)
    for f in sorted((ROOT / "tests" / "bad" / "claims").iterdir()):
        if f.stat().st_size <= 2048:
            put("claim_fuzz", f.read_bytes(), 80)

    for d in sorted(CORPUS.iterdir()):
        print(f"{d.name}: {len(list(d.iterdir()))} seeds")


if __name__ == "__main__":
    main()

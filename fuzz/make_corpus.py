#!/usr/bin/env python3
"""Regenerates the seed corpora in fuzz/corpus/<target>/ from the repository.

  expression_fuzz   every expression of rules/ (expr, when, input, then, default)
  rule_loader_fuzz  each programme folded into one self-contained rule file
                    (its parameters, the shared ones, the programme), the shared
                    parameter files, and the small rule files of tests/bad/rules/
  claim_fuzz        examples/, the test cases' inputs (as JSON and YAML), and
                    the small claim files of tests/bad/claims/
  csv_row_fuzz      one knob byte (see fuzz/reader_util.h KnobsFrom) + a CSV
                    file: tests/simulate/data/*.csv, tests/bad/bulk/*.csv, each
                    programme's flat test inputs as a CSV with a header, and
                    data rows for the fixed header (knob bit 7)
  jsonl_line_fuzz   one knob byte + a JSONL file: tests/simulate/data/*.jsonl
                    (first lines), tests/bad/bulk/*.jsonl, examples/ and the
                    test cases' inputs as JSON lines

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


# Knob bytes for the bulk targets (fuzz/reader_util.h KnobsFrom): bits 0-2
# block size (6: 4096, 0: 1 byte), bits 3-4 record limit (3: 1 MiB, 1: 64),
# bit 6 allow unknown columns, bit 7 (CSV) rows under the fixed header.
KNOBS_PLAIN = 0x1E   # 4096-byte blocks, 1 MiB records
KNOBS_SMALL = 0x08   # 1-byte blocks, 64-byte records
KNOB_FIXED_HEADER = 0x80


def bulk(target, knobs, text, limit):
    if isinstance(text, str):
        text = text.encode()
    put(target, bytes([knobs]) + text, limit)


def csv_field(v):
    v = "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
    if any(c in v for c in ',"\r\n'):
        v = '"' + v.replace('"', '""') + '"'
    return v


def flat_inputs(rules):
    """Input names a CSV column can carry, in the order the fuzz target's
    fixed header most likely has them (programmes in path order)."""
    names = []
    for prog in sorted(rules.glob("*/program.yaml")):
        doc = yaml.safe_load(prog.read_text()) or {}
        for name, spec in (doc.get("inputs") or {}).items():
            if isinstance(spec, dict) and spec.get("type") != "list" and name not in names:
                names.append(name)
    return names


def test_inputs(rules):
    """(programme folder, input document) of every test case."""
    for f in sorted(rules.glob("*/tests/*.yaml")):
        for case in (yaml.safe_load(f.read_text()) or {}).get("tests", []):
            doc = dict(case.get("input") or {})
            doc.setdefault("id", case.get("name", "t"))
            yield f.parent.parent.name, doc


def bulk_seeds(rules):
    data = ROOT / "tests" / "simulate" / "data"
    bad = ROOT / "tests" / "bad" / "bulk"
    for f in sorted(data.glob("*.csv")) + sorted(bad.glob("*.csv")):
        bulk("csv_row_fuzz", KNOBS_PLAIN, f.read_bytes(), 60)
    for f in sorted(data.glob("*.jsonl")) + sorted(bad.glob("*.jsonl")):
        text = b""
        for line in f.read_bytes().splitlines(keepends=True):
            if len(text) + len(line) > MAX_SEED_BYTES - 1:
                break
            text += line
        if text:
            bulk("jsonl_line_fuzz", KNOBS_PLAIN, text, 60)

    # Test inputs without lists, nested objects as dotted columns, grouped by
    # programme: one CSV with a header each.
    def dotted(doc, prefix=""):
        out = {}
        for k, v in doc.items():
            if isinstance(v, dict):
                out.update(dotted(v, prefix + k + "."))
            else:
                out[prefix + k] = v
        return out

    by_prog = {}
    for prog, doc in test_inputs(rules):
        doc = dotted(doc)
        if all(not isinstance(v, list) for v in doc.values()):
            by_prog.setdefault(prog, []).append(doc)
    fixed = ["id"] + flat_inputs(rules)
    for i, (prog, docs) in enumerate(sorted(by_prog.items())):
        docs = docs[:8]
        header = ["id"] + sorted({k for d in docs for k in d if k != "id"})
        rows = [",".join(csv_field(d.get(k)) for k in header) for d in docs]
        text = ",".join(header) + "\n" + "\n".join(rows) + "\n"
        bulk("csv_row_fuzz", KNOBS_PLAIN if i % 2 == 0 else KNOBS_SMALL | 0x10, text, 60)
        fixed_rows = [",".join(csv_field(d.get(k)) for k in fixed) for d in docs[:3]]
        bulk("csv_row_fuzz", KNOBS_PLAIN | KNOB_FIXED_HEADER, "\n".join(fixed_rows) + "\n", 60)

    # JSON lines: every example, then the test inputs a few to a file.
    for f in sorted((ROOT / "examples").glob("*.yaml")):
        doc = yaml.safe_load(f.read_text())
        bulk("jsonl_line_fuzz", KNOBS_PLAIN,
             json.dumps(doc, default=str, ensure_ascii=False) + "\n", 60)
    docs = [d for _, d in test_inputs(rules)]
    for i in range(0, min(len(docs), 60), 3):
        lines = [json.dumps(d, default=str, ensure_ascii=False) for d in docs[i:i + 3]]
        knobs = KNOBS_PLAIN if i % 2 == 0 else KNOBS_SMALL | 0x18
        bulk("jsonl_line_fuzz", knobs, "\n".join(lines) + "\n", 60)


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

    bulk_seeds(rules)

    for d in sorted(CORPUS.iterdir()):
        print(f"{d.name}: {len(list(d.iterdir()))} seeds")


if __name__ == "__main__":
    main()

"""RuleSet.simulate: many claims through the engine's bulk pipeline.

The input goes to the library's Simulate (odenek/simulate.h) as the text the
CLI would read: a DataFrame as CSV (the facts form, one column an input), an
iterable of dicts as JSONL (either form), in pieces, so the whole file is never
in memory as text. The result comes back as the CLI's CSV text and is read with
pandas, so columns, values and messages are the CLI's, row for row.
"""
from __future__ import annotations

import decimal
import io
import json
import os
import warnings
from typing import (Any, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional,
                    Sequence, Tuple)

import numpy as np
import pandas as pd

from . import _odenek
from . import RuleSet, SimulateResult, UsageError, _json_default, _date_text

# Rows per CSV piece handed to the engine: big enough that pandas' to_csv
# overhead is amortised, small enough to keep one piece's text a few MB.
CHUNK_ROWS = 50_000

STATUS_CATEGORIES = ["eligible", "ineligible", "undetermined"]
# A reform's runtime error keeps the baseline row; its side says "error".
REFORM_STATUS_CATEGORIES = STATUS_CATEGORIES + ["error"]
TEXT_COLUMNS = {"id", "program", "reasons", "reform_reasons"}

# Value column kinds (see infer_kinds): how the CSV's text becomes a column.
Kinds = Dict[str, str]


# --- Input -------------------------------------------------------------------

def _cells(col: pd.Series) -> List[Any]:
    """A column as a list of Python values the engine's CSV cell writer
    (_odenek.rows_to_csv) turns into claim text: None for missing, bools as
    true/false, whole floats as integers (a day count read into a float
    column because of NaN), datetimes as YYYY-MM-DD, the rest as str()."""
    if col.dtype.kind == "M":
        days = col.to_numpy().astype("datetime64[D]")
        text = np.datetime_as_string(days).astype(object)
        text[np.isnat(days)] = None
        return text.tolist()
    if col.dtype == object and not col.hasnans:
        return col.tolist()
    return col.astype(object).where(col.notna(), None).tolist()


def csv_chunks(df: pd.DataFrame, rows: int = CHUNK_ROWS) -> Iterator[str]:
    """The frame as CSV text (header first), `rows` records a piece. The
    text is written by the binding (pandas' to_csv costs more than the
    engine's whole run)."""
    if "id" not in df.columns and df.index.name == "id":
        df = df.reset_index()
    header = [str(c) for c in df.columns]
    columns = [_cells(df[c]) for c in df.columns]
    n = len(df)
    if n == 0:
        yield _odenek.rows_to_csv(columns, 0, 0, header)
        return
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        yield _odenek.rows_to_csv(columns, start, stop, header if start == 0 else None)


def jsonl_chunks(records: Iterable[Any], per_piece: int = 10_000) -> Iterator[str]:
    """Claims (dicts, either form, or JSONL lines as text) as JSON lines,
    `per_piece` a piece."""
    lines: List[str] = []
    for r in records:
        if isinstance(r, bytes):
            r = r.decode("utf-8", errors="surrogateescape")
        if isinstance(r, str):
            # A line of JSONL as written (an open .jsonl file iterates so):
            # the engine reads it, and says what is wrong with it.
            lines.append(r.rstrip("\r\n"))
        else:
            lines.append(json.dumps(r, default=_json_default, ensure_ascii=False))
        if len(lines) >= per_piece:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


# --- Output ------------------------------------------------------------------

def _base_name(column: str) -> str:
    for prefix in ("reform_", "diff_"):
        if column.startswith(prefix):
            return column[len(prefix):]
    return column


def _kind_by_name(name: str) -> str:
    """For a column no row filled (no claim eligible): guess from the name,
    so the dtype stays stable across partitions. Day counts end in `gun`."""
    base = _base_name(name)
    if base.endswith("gun"):
        return "int"
    if "tarih" in base:
        return "date"
    return "money"


def _infer_kind(name: str, col: pd.Series, sample: int = 20_000) -> str:
    """A value column's kind from its text (the public API does not give
    output types; the engine writes money with exactly 2 decimals, days as
    whole numbers, dates as YYYY-MM-DD): int, money, decimal, date or str."""
    filled = col[col != ""]
    if filled.empty:
        return _kind_by_name(name)
    s = filled.iloc[:sample]
    if s.str.fullmatch(r"-?\d+").all():
        return "int"
    if s.str.fullmatch(r"-?\d+\.\d\d").all():
        return "money"
    if s.str.fullmatch(r"-?\d+(\.\d+)?").all():
        return "decimal"
    if s.str.fullmatch(r"\d{4}-\d\d-\d\d").all():
        return "date"
    return "str"


def infer_kinds(raw: pd.DataFrame) -> Kinds:
    kinds: Kinds = {}
    for name in raw.columns:
        if name in TEXT_COLUMNS:
            kinds[name] = "str"
        elif name in ("status", "reform_status"):
            kinds[name] = "status"
        elif name in ("eligible", "reform_eligible"):
            kinds[name] = "bool"
        else:
            kinds[name] = _infer_kind(name, raw[name])
    return kinds


def _decimal_column(col: pd.Series) -> pd.Series:
    d = decimal.Decimal
    return pd.Series([d(x) if x else None for x in col], index=col.index, dtype=object)


def _convert(name: str, col: pd.Series, kind: str, money: str) -> pd.Series:
    missing = col == ""
    if kind == "str":
        # Empty text is "nothing" for reasons; keep it as "" (the CSV's value).
        return col
    if kind == "status":
        cats = REFORM_STATUS_CATEGORIES if name == "reform_status" else STATUS_CATEGORIES
        return pd.Categorical(col.where(~missing, None), categories=cats)
    if kind == "bool":
        return col.map({"true": True, "false": False}).astype("boolean")
    if kind == "int":
        return pd.to_numeric(col.where(~missing, None)).astype("Int64")
    if kind == "date":
        return pd.to_datetime(col.where(~missing, None), format="%Y-%m-%d")
    # money and other decimals
    if money == "float":
        return pd.to_numeric(col.where(~missing, None)).astype("float64")
    if money == "str":
        return col.where(~missing, None)
    return _decimal_column(col)


def _engine_kind(kind: str, money: str) -> str:
    """How _odenek.parse_columns builds a column of this kind."""
    if kind in ("money", "decimal"):
        return money  # decimal, str or float
    return {"str": "text", "status": "category"}.get(kind, kind)


def _sample_kinds(text: bytes, rows: int = 5000) -> Kinds:
    """Column kinds from the first `rows` result lines (a cut inside a quoted
    field only makes pandas fail here, and then every line is read)."""
    cut = -1
    for _ in range(rows + 1):
        cut = text.find(b"\n", cut + 1)
        if cut < 0:
            break
    head = text if cut < 0 else text[:cut + 1]
    return infer_kinds(pd.read_csv(io.BytesIO(head), dtype=str, keep_default_na=False,
                                   na_values=[]))


def _build(name: str, kind: str, payload: Any) -> Any:
    if kind == "int":
        values, mask = payload
        return pd.arrays.IntegerArray(values, mask.astype(bool))
    if kind == "bool":
        values, mask = payload
        return pd.arrays.BooleanArray(values.astype(bool), mask.astype(bool))
    if kind == "date":
        values, mask = payload
        days = values.astype("datetime64[D]")
        days[mask.astype(bool)] = np.datetime64("NaT")
        return days.astype("datetime64[ns]")
    if kind == "category":
        cats = REFORM_STATUS_CATEGORIES if name == "reform_status" else STATUS_CATEGORIES
        return pd.Categorical.from_codes(payload, categories=cats)
    if kind == "float":
        return payload
    return payload  # a numpy object array


def results_frame(text: bytes, money: str, kinds: Optional[Kinds] = None
                  ) -> Tuple[pd.DataFrame, Kinds]:
    """The engine's CSV results as typed columns (see simulate's docstring).

    Fast path: kinds from a sample (or given), then the binding splits the
    whole text into arrays. If any value does not fit its column's kind (a
    column empty in the sample), pandas reads it all as text and every
    column's kind comes from all its values."""
    if not text:
        return pd.DataFrame(), {}
    try:
        kinds = kinds if kinds is not None else _sample_kinds(text)
    except (ValueError, pd.errors.ParserError):
        kinds = None
    if kinds is not None:
        engine_kinds = {n: _engine_kind(k, money) for n, k in kinds.items()}
        categories = {"status": STATUS_CATEGORIES, "reform_status": REFORM_STATUS_CATEGORIES}
        parsed = _odenek.parse_columns(text, engine_kinds, categories)
        if parsed is not None:
            rows, columns = parsed
            df = pd.DataFrame({name: _build(name, kind, payload)
                               for name, kind, payload in columns},
                              index=pd.RangeIndex(rows), copy=False)
            return df, kinds
    raw = pd.read_csv(io.BytesIO(text), dtype=str, keep_default_na=False, na_values=[])
    kinds = infer_kinds(raw)
    cols = {}
    for name in raw.columns:
        try:
            cols[name] = _convert(name, raw[name], kinds[name], money)
        except (ValueError, TypeError, decimal.InvalidOperation):
            cols[name] = raw[name]  # a value that does not fit: keep the exact text
    return pd.DataFrame(cols, index=pd.RangeIndex(len(raw))), kinds


ERROR_COLUMNS = ["record", "line", "id", "scenario", "message"]


def errors_frame(text: bytes, index: Optional[pd.Index]) -> pd.DataFrame:
    """The CLI's --errors lines as a DataFrame; `index`: the input frame's
    label of each bad record (record n is the frame's row n-1)."""
    rows = [json.loads(line) for line in text.decode("utf-8").splitlines() if line]
    df = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    df["scenario"] = df["scenario"].fillna("")
    df["id"] = df["id"].fillna("")
    df = df.astype({"record": "int64", "line": "int64"})
    if index is not None and len(df):
        df.insert(0, "index", index[df["record"].to_numpy() - 1])
    return df


# --- Scenarios ---------------------------------------------------------------

def _scenario(rs: RuleSet, scenarios: Any) -> Tuple[Optional[Tuple[str, RuleSet]], List[str]]:
    """(name, rule set) of the one scenario, and its reform paths (the
    summary's `reforms`). The library compares one scenario per run."""
    if scenarios is None:
        return None, []
    name: Optional[str] = None
    spec = scenarios
    if isinstance(scenarios, Mapping):
        if len(scenarios) != 1:
            raise UsageError(f"one scenario per run (got {len(scenarios)}): the engine compares "
                             "a baseline with one reform; call simulate once per scenario")
        (name, spec), = scenarios.items()
    if isinstance(spec, RuleSet):
        reforms = list(spec.reforms[len(rs.reforms):]) or list(spec.reforms)
        scenario_rs = spec
    else:
        if isinstance(spec, (str, os.PathLike)):
            spec = [spec]
        reforms = [os.fspath(p) for p in spec]
        if not reforms:
            return None, []
        scenario_rs = rs.with_reforms(reforms)
    if name is None:
        name = " + ".join(reforms) or "scenario"
    return (name, scenario_rs), reforms


# --- The run -----------------------------------------------------------------

class RawText(NamedTuple):
    """Claim file text for the engine as it is: `format` "csv" or "jsonl",
    `pieces` its bytes in order (a CSV header first). odenek.dask reads file
    blocks this way, with no pandas in between."""

    format: str
    pieces: Sequence[bytes]


def run(rs: RuleSet, data: Any, program: Any = None, scenarios: Any = None,
        threads: Optional[int] = None, date: Any = None, allow_unknown: bool = False,
        name: Optional[str] = None) -> Tuple[bytes, bytes, Dict[str, Any], List[str],
                                             Optional[pd.Index]]:
    """The engine's run over `data`: (results CSV, errors JSONL, summary,
    ignored columns, the input frame's index or None)."""
    if isinstance(program, str):
        programs = [program]
    else:
        programs = list(program or [])
    scenario, reforms = _scenario(rs, scenarios)
    if isinstance(data, RawText):
        fmt, chunks, index = data.format, data.pieces, None
        name = name or "<text>"
    elif isinstance(data, pd.DataFrame):
        fmt, chunks, index = "csv", csv_chunks(data), data.index
        name = name or "<DataFrame>"
    elif isinstance(data, (str, bytes, Mapping)):
        raise TypeError("data is a DataFrame or an iterable of claim dicts "
                        "(for one claim use RuleSet.check)")
    else:
        fmt, chunks, index = "jsonl", jsonl_chunks(data), None
        name = name or "<records>"
    results, errors, summary, ignored = _odenek.simulate(
        rs._core, chunks, fmt, "csv", name, programs,
        (scenario[0], scenario[1]._core) if scenario else None, reforms,
        int(threads or 0), _date_text(date), allow_unknown)
    return results, errors, json.loads(summary), ignored, index


def simulate(rs: RuleSet, data: Any, program: Any = None, scenarios: Any = None,
             threads: Optional[int] = None, date: Any = None, money: str = "decimal",
             errors: str = "warn", allow_unknown: bool = False,
             kinds: Optional[Kinds] = None, name: Optional[str] = None) -> Any:
    """Evaluates many claims; returns a DataFrame (or a SimulateResult).

    data: a DataFrame in the facts form (columns = input names, one `id`;
        read files with ``odenek.read_csv`` to keep their text exact), or an
        iterable of claim dicts in either form (a list, a generator).
    program: a programme id or a list of them; default: the programmes whose
        inputs the columns (or the first record's keys) name.
    scenarios: one reform to compare with the baseline: a reform file path,
        a list of paths (applied in order), a RuleSet, or {name: any of
        those}. Adds the CLI's reform_* and diff_* columns.
    threads: engine threads (default: every core).
    date: read every parameter as in force on this date (``--date``).
    money: "decimal" (default): money columns hold decimal.Decimal (exact;
        .sum() is exact); "str": the engine's text ("4003.20"); "float":
        float64, for plotting.
    errors: bad records never raise. "warn" (default): a warning says how
        many were rejected; "return": return SimulateResult(results, errors,
        summary) with the bad records (record, line, id, scenario, message:
        the CLI's --errors lines; plus the input frame's index label);
        "ignore": say nothing (the summary still counts them).

    Columns: id, program (text); status (categorical); eligible (boolean);
    the programmes' outputs: day counts Int64, money as `money` says, dates
    datetime64; reasons (text, the failed conditions); with a scenario the
    same with reform_ and diff_<amount>. ``.attrs["summary"]`` is the
    engine's summary (``--summary``) as a dict.
    """
    if money not in ("decimal", "str", "float"):
        raise UsageError(f'money must be "decimal", "str" or "float", not {money!r}')
    if errors not in ("warn", "return", "ignore"):
        raise UsageError(f'errors must be "warn", "return" or "ignore", not {errors!r}')
    results, errs, summary, ignored, index = run(rs, data, program, scenarios, threads, date,
                                                 allow_unknown, name)
    for c in ignored:
        warnings.warn(f'column "{c}" is not an input of any programme; ignored (allow_unknown)',
                      stacklevel=3)
    df, _ = results_frame(results, money, kinds)
    df.attrs["summary"] = summary
    bad = errors_frame(errs, index)
    if errors == "return":
        return SimulateResult(df, bad, summary)
    if errors == "warn" and len(bad):
        first = bad.iloc[0]
        warnings.warn(f"{len(bad)} records were rejected (first: record {first['record']}: "
                      f"{first['message']}); pass errors=\"return\" to get them all",
                      stacklevel=3)
    return df


def to_csv(df: pd.DataFrame) -> str:
    """A results DataFrame back as the CLI's CSV text (`odenek simulate --out
    x.csv`), byte for byte when money is "decimal" or "str" (a float column
    is written with 2 decimals, which may differ in the last kuruş)."""
    def text(col: pd.Series) -> pd.Series:
        if str(col.dtype) == "boolean" or col.dtype.kind == "b":
            return col.map({True: "true", False: "false"}).astype(object).where(col.notna(), "")
        if col.dtype.kind == "M":
            return col.dt.strftime("%Y-%m-%d").where(col.notna(), "")
        if col.dtype.kind == "f":
            return col.map(lambda v: f"{v:.2f}").where(col.notna(), "")
        return col.astype(object).where(col.notna(), "").astype(str)
    out = pd.DataFrame({c: text(df[c]) for c in df.columns})
    return out.to_csv(index=False, lineterminator="\n")

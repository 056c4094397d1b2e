"""odenek: Turkish unemployment-insurance benefit rules, from Python.

A thin front end over the C++ engine (``odenek._odenek``): the results, the
messages and the CSV columns are the engine's own, exactly as the ``odenek``
command line prints them. docs/python.md is the walkthrough.

    >>> import odenek
    >>> rs = odenek.RuleSet.load()
    >>> rs.check({"id": "B-1", "fesih_tarihi": "2023-03-31", ...}).status
    'eligible'
"""
from __future__ import annotations

import datetime as _dt
import decimal
import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import (Any, Dict, List, Literal, Mapping, NamedTuple, Optional, Sequence, Tuple,
                    Union)

from . import _odenek
from ._odenek import ClaimError, OdenekError, RulesError, UsageError
from ._paths import DEFAULT_RULES_DIR

__version__: str = _odenek.__version__

__all__ = [
    "RuleSet", "Result", "SimulateResult", "RulesBundle", "OdenekError", "RulesError",
    "ClaimError", "UsageError", "default_rules_dir", "read_csv", "to_csv", "__version__",
]

ClaimLike = Union[Mapping[str, Any], str, bytes]
DateLike = Union[str, _dt.date, None]
MoneyMode = Literal["decimal", "str", "float"]


def default_rules_dir() -> str:
    """The rule folder ``RuleSet.load()`` reads: $ODENEK_RULES if set, else the
    built-in rules (the source tree's ``rules/`` from a build tree, the installed
    copy after ``cmake --install``), as the CLI does."""
    env = os.environ.get("ODENEK_RULES")
    return env if env else DEFAULT_RULES_DIR


def _date_text(date: DateLike) -> Optional[str]:
    if date is None:
        return None
    if isinstance(date, _dt.datetime):  # also pandas.Timestamp
        return date.date().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    return str(date)


def _json_default(value: Any) -> Any:
    """json.dumps for what claims built in Python hold: Decimal money stays
    exact (as a string, which CONTRACT §3 allows), dates become YYYY-MM-DD,
    numpy scalars become Python numbers."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    raise TypeError(f"cannot write a {type(value).__name__} into a claim: {value!r}")


# --- Results -----------------------------------------------------------------

def _convert_value(kind: str, value: Any) -> Any:
    """A result value as Python holds it best: money and decimals as Decimal
    (exact), dates as datetime.date; the JSON's text is kept in to_dict()."""
    if value is None:
        return None
    if kind in ("money", "number"):
        return decimal.Decimal(str(value))
    if kind == "integer":
        return int(value)
    if kind == "date":
        return _dt.date.fromisoformat(value)
    return value


_PAYMENT_MONEY = ("gross", "stamp_tax", "net")


@dataclass(frozen=True)
class Result:
    """What one programme decided for one claim (CONTRACT §4).

    ``values`` maps each output to a Python value (money ``Decimal``, days
    ``int``, dates ``datetime.date``); ``payments`` is the month-by-month
    schedule with money as ``Decimal``; ``to_dict()`` is the engine's JSON
    object exactly as ``odenek check --format json`` prints it (money as
    strings).
    """

    id: str
    program: str
    status: str  # "eligible", "ineligible" or "undetermined"
    eligible: bool
    values: Dict[str, Any]
    payments: List[Dict[str, Any]]
    reasons: List[Dict[str, str]]
    missing: List[str]
    rules_hash: str
    # What the figures rest on that the reader must know: a parameter read
    # after the last day its values are known (Result::warnings); [] if none.
    warnings: List[str] = field(default_factory=list)
    # Filled with why_not=True (each failed condition and the single change
    # that would flip it); None when not asked for.
    why_not: Optional[List[Dict[str, Any]]] = None
    _json: str = field(default="", repr=False, compare=False)

    @classmethod
    def _from_engine(cls, text: str, kinds: Sequence[Tuple[str, str]]) -> "Result":
        d = json.loads(text)
        kind_of = dict(kinds)
        values = {k: _convert_value(kind_of.get(k, "string"), v) for k, v in d["values"].items()}
        payments = []
        for p in d.get("payments", []):
            p = dict(p)
            for k in _PAYMENT_MONEY:
                if k in p:
                    p[k] = decimal.Decimal(p[k])
            payments.append(p)
        return cls(id=d["id"], program=d["program"], status=d["status"],
                   eligible=d["eligible"], values=values, payments=payments,
                   reasons=d["reasons"], missing=d["missing"], rules_hash=d["rules_hash"],
                   warnings=d.get("warnings", []), why_not=d.get("why_not"), _json=text)

    def to_dict(self) -> Dict[str, Any]:
        """The result as the CLI's JSON object (a fresh dict each call)."""
        return json.loads(self._json)

    def to_json(self) -> str:
        """The engine's JSON text, byte for byte (one line)."""
        return self._json


# --- Rules -------------------------------------------------------------------

def _is_test_file(relative: str) -> bool:
    # The loader's rule (engine/src/load): test cases are not rules, and not hashed.
    return relative.startswith("tests/") or "/tests/" in relative


@dataclass(frozen=True)
class RulesBundle:
    """A rule set as plain data, to ship to another process (Dask workers):
    every rule file's text by its name relative to the rule folder, each
    reform's text, and the hash the engine computed here, which the receiver
    checks after loading (same files and reforms, same hash)."""

    files: Tuple[Tuple[str, str], ...]
    reforms: Tuple[Tuple[str, str], ...]
    rules_hash: str


class RuleSet:
    """A loaded, checked and compiled rule set (immutable; share it between
    threads freely: evaluation releases the GIL)."""

    def __init__(self, core: "_odenek.RuleSet", path: Optional[str],
                 reforms: Sequence[str], bundle: Optional[RulesBundle] = None) -> None:
        self._core = core
        self.path = path
        self.reforms: Tuple[str, ...] = tuple(reforms)
        self._bundle = bundle

    # -- Loading --

    @classmethod
    def load(cls, path: Optional[Union[str, os.PathLike]] = None,
             reforms: Sequence[Union[str, os.PathLike]] = ()) -> "RuleSet":
        """Loads the rule folder ``path`` (default: ``default_rules_dir()``)
        with the reform files applied in order. Raises RulesError listing every
        problem as file:line:column."""
        if isinstance(reforms, (str, os.PathLike)):
            reforms = [reforms]
        folder = os.fspath(path) if path is not None else default_rules_dir()
        paths = [os.fspath(r) for r in reforms]
        return cls(_odenek.RuleSet.load(folder, paths), folder, paths)

    @classmethod
    def from_bundle(cls, bundle: RulesBundle) -> "RuleSet":
        """Loads a RulesBundle (see ``bundle()``); RulesError unless the hash
        comes out as the sender's."""
        with tempfile.TemporaryDirectory(prefix="odenek-reforms-") as tmp:
            # Reforms load from files (LoadOptions::reforms are paths); their
            # hash is their text's, so the name and folder do not matter.
            paths = []
            for i, (name, text) in enumerate(bundle.reforms):
                p = os.path.join(tmp, f"{i}-{os.path.basename(name)}")
                with open(p, "w", encoding="utf-8") as f:
                    f.write(text)
                paths.append(p)
            core = _odenek.RuleSet.load_from_texts(list(bundle.files), paths)
        if core.hash != bundle.rules_hash:
            raise RulesError(f"the rules loaded here hash to {core.hash}, the sender's to "
                             f"{bundle.rules_hash}: the bundle was changed on the way")
        return cls(core, None, [n for n, _ in bundle.reforms], bundle)

    def bundle(self) -> RulesBundle:
        """This rule set as data (rule files and reforms read now), for
        ``from_bundle`` in another process. Raises RulesError if the files
        changed since loading (the hash would differ)."""
        if self._bundle is not None:
            return self._bundle
        assert self.path is not None
        files = []
        for root, dirs, names in os.walk(self.path):
            dirs.sort()
            for n in sorted(names):
                if not n.endswith((".yaml", ".yml")):
                    continue
                full = os.path.join(root, n)
                rel = os.path.relpath(full, self.path).replace(os.sep, "/")
                if _is_test_file(rel):
                    continue
                with open(full, encoding="utf-8") as f:
                    files.append((rel, f.read()))
        reforms = []
        for r in self.reforms:
            with open(r, encoding="utf-8") as f:
                reforms.append((r, f.read()))
        b = RulesBundle(tuple(files), tuple(reforms), self.rules_hash)
        # Check now, not on every worker: a file edited since load() shows here.
        check = _odenek.RuleSet.load_from_texts(list(b.files), list(self.reforms)).hash
        if check != self.rules_hash:
            raise RulesError(f"{self.path}: the rule files changed since they were loaded "
                             f"({self.rules_hash} then, {check} now); load them again")
        self._bundle = b
        return b

    def with_reforms(self, reforms: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]]
                     ) -> "RuleSet":
        """This rule set with more reform files applied (a scenario)."""
        if isinstance(reforms, (str, os.PathLike)):
            reforms = [reforms]
        paths = [os.fspath(r) for r in reforms]
        if self.path is not None:
            return RuleSet.load(self.path, list(self.reforms) + paths)
        assert self._bundle is not None
        extra = []
        for p in paths:
            with open(p, encoding="utf-8") as f:
                extra.append((p, f.read()))
        b = self._bundle
        core = _odenek.RuleSet.load_from_texts(list(b.files), list(self.reforms) + paths)
        return RuleSet(core, None, list(self.reforms) + paths,
                       RulesBundle(b.files, b.reforms + tuple(extra), core.hash))

    # -- Describing --

    @property
    def rules_hash(self) -> str:
        """"sha256:…": identifies the rule files and reforms (every result carries it)."""
        return self._core.hash

    @property
    def warnings(self) -> List[str]:
        """The rule set's warnings, "file:line:col: warning: ..."."""
        return self._core.warnings()

    def programs(self) -> List[Dict[str, Any]]:
        """Programmes as ``odenek programs`` lists them: id, title, reference,
        description, inputs (name, type, description, derived, fields),
        conditions (id, message, reference) and outputs."""
        return self._core.programs()

    def parameters(self, name: Optional[str] = None,
                   date: DateLike = None) -> Union[List[Dict[str, Any]], Dict[str, Any]]:
        """Parameters and their value histories (values are exact text).

        With ``name``: that parameter's dict (UsageError if there is none);
        without: a list of them. With ``date``: each dict also has ``value``
        and ``value_from``, the value in force on that date (None when none is:
        before the first value or after the parameter's ``end``), as
        ``odenek params NAME --date D``."""
        on = None
        if date is not None:
            on = _odenek_date(date)
        params = self._core.parameters()
        if on is not None:
            for p in params:
                current = None
                if p["end"] is None or on <= p["end"]:
                    for v in p["values"]:
                        if v["from"] <= on:  # ISO dates compare as text
                            current = v
                p["value"] = current["value"] if current else None
                p["value_from"] = current["from"] if current else None
        if name is None:
            return params
        for p in params:
            if p["name"] == name:
                return p
        raise UsageError(f"unknown parameter \"{name}\" (rs.parameters() lists them)")

    def __repr__(self) -> str:
        where = self.path if self.path is not None else "<bundle>"
        reforms = f", reforms={list(self.reforms)!r}" if self.reforms else ""
        return f"odenek.RuleSet({where!r}{reforms}, {self.rules_hash[:19]}…)"

    # -- One claim --

    def _claim(self, claim: Any) -> "_odenek.Claim":
        """A claim for the engine: a dict is written as JSON and parsed by the
        engine, so every message about it is the engine's own, as are the
        size limit and the id rule of `odenek check`."""
        if isinstance(claim, Mapping):
            text: Union[str, bytes] = json.dumps(claim, default=_json_default,
                                                 ensure_ascii=False)
            name = "<dict>"
        elif isinstance(claim, (str, bytes)):
            # Bytes go to the engine as they are: its messages say what is
            # wrong with them (a BOM, binary garbage), not Python's decoder.
            text, name = claim, "<text>"
        else:
            raise TypeError(f"a claim is a dict or a JSON/YAML string, not {type(claim).__name__}")
        size = len(text.encode("utf-8")) if isinstance(text, str) else len(text)
        if size > _odenek.MAX_CLAIM_BYTES:
            raise ClaimError(f"{name}: {size} bytes; at most {_odenek.MAX_CLAIM_BYTES} bytes "
                             "(1 MiB) are allowed in one claim (the limit of one bulk record)")
        parsed = _odenek.Claim.parse(text, name)
        parsed.check_id()
        return parsed

    def check_all(self, claim: ClaimLike, program: Optional[str] = None, date: DateLike = None,
                  why_not: bool = False) -> List[Result]:
        """Every result for ``claim``: for ``program``, else the programme its
        ``basvuru.program`` names, else every programme whose inputs it carries
        (``odenek check``); [] when it carries none."""
        c = self._claim(claim)
        raw = self._core.evaluate(c, program or "", _odenek_date(date), why_not, False)
        return [Result._from_engine(text, kinds) for text, kinds in raw]

    def check(self, claim: ClaimLike, program: Optional[str] = None, date: DateLike = None,
              why_not: bool = False) -> Result:
        """Evaluates one claim for one programme and returns its Result.

        ``claim``: a dict (either form, CONTRACT §3), or JSON/YAML text.
        ``date``: read every parameter as in force on that date (``--date``).
        ``why_not``: fill ``Result.why_not`` for an ineligible claim.

        A claim that yields several programmes' results (it carries several
        programmes' inputs) raises UsageError naming them: pass ``program=``,
        or call ``check_all`` for the list. One that yields none raises
        ClaimError. Bad claims raise ClaimError with the engine's message."""
        results = self.check_all(claim, program, date, why_not)
        if len(results) == 1:
            return results[0]
        if not results:
            raise ClaimError("the claim carries no programme's inputs (odenek programs "
                             "lists them); nothing was evaluated")
        ids = ", ".join(r.program for r in results)
        raise UsageError(f"the claim is evaluated for {len(results)} programmes ({ids}): "
                         "pass program=... for one, or use check_all() for every result")

    def explain(self, claim: ClaimLike, program: Optional[str] = None,
                date: DateLike = None) -> Dict[str, Any]:
        """The result with every step (``odenek explain --format json``): the
        §4 object plus ``explanation`` and ``why_not``. One programme, as
        ``check``."""
        c = self._claim(claim)
        raw = self._core.evaluate(c, program or "", _odenek_date(date), True, True)
        if len(raw) != 1:
            if not raw:
                raise ClaimError("the claim carries no programme's inputs; nothing to explain")
            ids = ", ".join(json.loads(t)["program"] for t, _ in raw)
            raise UsageError(f"the claim is evaluated for {len(raw)} programmes ({ids}): "
                             "pass program=...")
        return json.loads(raw[0][0])

    # -- Many claims --

    def simulate(self, data: Any, program: Union[str, Sequence[str], None] = None,
                 scenarios: Any = None, threads: Optional[int] = None, *,
                 date: DateLike = None, money: MoneyMode = "decimal",
                 errors: Literal["warn", "return", "ignore"] = "warn",
                 allow_unknown: bool = False, name: Optional[str] = None) -> Any:
        """Evaluates many claims with the engine's bulk pipeline (as
        ``odenek simulate``); returns a DataFrame, one row per claim and
        programme, in input order, with the CLI's CSV columns.

        data: a DataFrame in the facts form (columns = input names, one
            ``id``; read files with ``odenek.read_csv`` to keep their text
            exact), or an iterable of claims in either form: dicts, or lines
            of JSONL text (an open .jsonl file), which go to the engine as
            they are.
        program: a programme id or a list of them; default: those whose
            inputs the columns (or the first record's keys) name.
        scenarios: one reform to compare with the baseline: a reform file,
            a list of them (applied in order), a RuleSet, or {name: any of
            those}; adds the CLI's reform_* and diff_* columns. The engine
            compares one scenario per run: call simulate once per scenario.
        threads: engine threads (default: every core).
        date: read every parameter as in force on this date (``--date``).
        money: "decimal" (default, exact ``Decimal``; ``.sum()`` is exact),
            "str" (the engine's text, "4003.20") or "float" (float64, for
            plotting).
        errors: bad records never raise. "warn": one warning with the count;
            "return": return ``SimulateResult(results, errors, summary)``,
            errors holding the CLI's --errors lines (record, line, id,
            scenario, message) and the input frame's index label; "ignore".
        name: how messages name the input (default "<DataFrame>" or
            "<records>"; pass the file's name to get the CLI's messages).

        Column types: id, program, reasons text; status categorical;
        eligible boolean; day counts Int64; money as ``money`` says; dates
        datetime64 (a column no claim filled is typed by its name: ``*gun``
        Int64, ``*tarih*`` datetime64, else money). ``.attrs["summary"]``
        is the engine's summary (``--summary``) as a dict."""
        from . import _simulate
        return _simulate.simulate(self, data, program=program, scenarios=scenarios,
                                  threads=threads, date=date, money=money, errors=errors,
                                  allow_unknown=allow_unknown, name=name)


def _odenek_date(date: DateLike) -> Optional[str]:
    """A date argument as text; the engine checks it (UsageError with its message)."""
    return _date_text(date)


class SimulateResult(NamedTuple):
    """``rs.simulate(..., errors="return")``: the results, the records that
    are not in them (record, line, id, scenario, message, as the CLI's
    ``--errors`` file) and the summary (``--summary``)."""

    results: Any  # pandas.DataFrame
    errors: Any  # pandas.DataFrame
    summary: Dict[str, Any]


def to_csv(results: Any) -> str:
    """A ``simulate`` result DataFrame as the CLI's CSV text (``--out x.csv``)."""
    from . import _simulate
    return _simulate.to_csv(results)


def read_csv(path: Union[str, os.PathLike], **kwargs: Any) -> Any:
    """Reads a claim CSV (facts form) into a DataFrame of exact text, so money
    and dates reach the engine as written (pandas' own inference would turn
    ``40032.10`` into a float and ``true`` into a bool)."""
    import pandas as pd
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)

"""Evaluate a parsed trigger for one territory, keeping every figure it read.

Logic is three-valued: a trigger that needs a figure the data do not hold is *undecided*
(``fired is None``) with the missing figure named, never silently false.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from aimaq.errors import ValidationError
from aimaq.strategy.rules import (
    Arith,
    BoolOp,
    Call,
    Compare,
    Name,
    Neg,
    Node,
    Not,
    Num,
    Str,
    subject_of,
)

Scalar = float | str | bool | None
_CALL = re.compile(r"(srs_gap|srs_provision)\((.*)\)")
#: how :class:`Fact.what` names each kind of figure (the formats of the facts' sources)
_PREFIXES = (
    ("national ", "national"),
    ("peer mean ", "peer"),
    ("trend ", "trend"),
    ("units tagged ", "tagged"),
    ("tag ", "tag"),
    ("kpi ", "kpi"),
    ("rank in ", "rank"),
    ("score in ", "score"),
)


@dataclass(frozen=True)
class Fact:
    """One figure a trigger read: what, for which territory, its value, year and source."""

    what: str
    kato: str
    value: Scalar
    year: int | None = None
    source: str = ""
    note: str = ""

    def parts(self) -> tuple[str, str, dict[str, str]]:
        """``(kind, subject, arguments)`` of :attr:`what`, for labels in other languages.

        Examples
        --------
        >>> Fact("national poverty_rate", "000000000", 5.0).parts()
        ('national', 'poverty_rate', {})
        >>> Fact("srs_gap(sphere=engineering, area=rural)", "R", 30.0).parts()
        ('srs_gap', '', {'sphere': 'engineering', 'area': 'rural'})
        >>> Fact("unemployment_rate", "R", 5.0).parts()
        ('indicator', 'unemployment_rate', {})
        """
        m = _CALL.fullmatch(self.what)
        if m:
            args = dict(a.split("=", 1) for a in m.group(2).split(", ") if "=" in a)
            return m.group(1), "", args
        for prefix, kind in _PREFIXES:
            if self.what.startswith(prefix):
                return kind, self.what[len(prefix) :], {}
        return "indicator", self.what, {}

    def as_dict(self) -> dict[str, object]:
        return {
            "what": self.what,
            "kato": self.kato,
            "value": self.value,
            "year": self.year,
            "source": self.source,
            "note": self.note,
        }


class Facts(Protocol):
    """Where a trigger's figures come from (the store, or a table in tests)."""

    def indicator(self, indicator: str) -> Fact: ...
    def national(self, indicator: str, year: int | None) -> Fact: ...
    def peer(self, indicator: str, year: int | None) -> Fact: ...
    def trend(self, indicator: str, years: int) -> Fact: ...
    def srs_gap(self, sphere: str | None, area: str | None) -> Fact: ...
    def srs_provision(self, area: str | None) -> Fact: ...
    def tag(self, tag: str) -> Fact: ...
    def tagged(self, tag: str) -> Fact: ...
    def kpi(self, target: str) -> Fact: ...
    def index_rank(self, index: str, pillar: str | None) -> Fact: ...
    def index_score(self, index: str, pillar: str | None) -> Fact: ...


@dataclass(frozen=True)
class Outcome:
    """The result of a trigger: fired (True), not fired (False) or undecided (None)."""

    fired: bool | None
    evidence: tuple[Fact, ...] = ()
    margin: float = 0.0
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Val:
    value: Scalar
    facts: tuple[Fact, ...]
    missing: tuple[str, ...] = ()


def _word(node: Node, func: str) -> str:
    if isinstance(node, Str):
        return node.value
    raise ValidationError(f"{func}() takes a name here, not an expression")


def _kw(call: Call, key: str) -> str | None:
    for k, v in call.kwargs:
        if k == key:
            return _word(v, call.func)
    return None


class _Evaluator:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts

    def value(self, node: Node, subject: str | None, year: int | None) -> _Val:
        if isinstance(node, Num):
            return _Val(node.value, ())
        if isinstance(node, Str):
            return _Val(node.value, ())
        if isinstance(node, Name):
            if node.name == "national":
                return self._fact(self.facts.national(str(subject), year))
            if node.name == "peer":
                return self._fact(self.facts.peer(str(subject), year))
            return self._fact(self.facts.indicator(node.name))
        if isinstance(node, Neg):
            inner = self.value(node.operand, subject, year)
            if not isinstance(inner.value, float | int) or isinstance(inner.value, bool):
                return _Val(None, inner.facts, inner.missing)
            return _Val(-float(inner.value), inner.facts, inner.missing)
        if isinstance(node, Arith):
            return self._arith(node, subject, year)
        if isinstance(node, Call):
            return self._call(node)
        out = self.outcome(node)
        return _Val(out.fired, out.evidence, out.missing)

    def _fact(self, fact: Fact) -> _Val:
        missing = () if fact.value is not None else (f"{fact.what}: {fact.note or 'no data'}",)
        return _Val(fact.value, (fact,), missing)

    def _arith(self, node: Arith, subject: str | None, year: int | None) -> _Val:
        left = self.value(node.left, subject, year)
        right = self.value(node.right, subject, year)
        facts = left.facts + right.facts
        missing = left.missing + right.missing
        a, b = left.value, right.value
        if not _numeric(a) or not _numeric(b):
            return _Val(None, facts, missing)
        x, y = float(a), float(b)  # type: ignore[arg-type]
        if node.op == "/" and y == 0:
            return _Val(None, facts, (*missing, "division by zero"))
        result = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else 0.0}[node.op]
        return _Val(result, facts, missing)

    def _call(self, call: Call) -> _Val:
        f = self.facts
        first = _word(call.args[0], call.func) if call.args else None
        if call.func == "srs_gap":
            return self._fact(f.srs_gap(_kw(call, "sphere"), _kw(call, "area")))
        if call.func == "srs_provision":
            return self._fact(f.srs_provision(_kw(call, "area")))
        if first is None:
            raise ValidationError(f"{call.func}() needs a name: {call.func}(NAME)")
        if call.func == "tag":
            return self._fact(f.tag(first))
        if call.func == "tagged":
            return self._fact(f.tagged(first))
        if call.func == "kpi":
            return self._fact(f.kpi(first))
        if call.func == "index_rank":
            return self._fact(f.index_rank(first, _kw(call, "pillar")))
        if call.func == "index_score":
            return self._fact(f.index_score(first, _kw(call, "pillar")))
        if call.func == "trend":
            years = _kw(call, "years")
            return self._fact(f.trend(first, int(float(years)) if years else 5))
        if call.func == "national":
            return self._fact(f.national(first, None))
        if call.func == "peer":
            return self._fact(f.peer(first, None))
        return self._fact(f.indicator(first))

    def outcome(self, node: Node) -> Outcome:
        if isinstance(node, BoolOp):
            parts = [self.outcome(i) for i in node.items]
            return _combine(node.op, parts)
        if isinstance(node, Not):
            inner = self.outcome(node.operand)
            fired = None if inner.fired is None else not inner.fired
            return Outcome(fired, inner.evidence, 0.0, inner.missing)
        if isinstance(node, Compare):
            return self._compare(node)
        val = self.value(node, None, None)
        if val.value is None:
            return Outcome(None, val.facts, 0.0, val.missing)
        if not isinstance(val.value, bool):
            raise ValidationError(
                "a trigger must be true or false: compare a figure with '<', '>' or '=='"
            )
        return Outcome(val.value, val.facts, 0.0, val.missing)

    def _compare(self, node: Compare) -> Outcome:
        subject = subject_of(node.left) or subject_of(node.right)
        left = self.value(node.left, subject, None)
        year = _year_of(left.facts, subject)
        right = self.value(node.right, subject, year)
        facts = left.facts + right.facts
        missing = left.missing + right.missing
        a, b = left.value, right.value
        if a is None or b is None:
            return Outcome(None, facts, 0.0, missing or ("a figure is missing",))
        if node.op in {"==", "!="}:
            equal = str(a) == str(b) if not (_numeric(a) and _numeric(b)) else float(a) == float(b)  # type: ignore[arg-type]
            return Outcome(equal if node.op == "==" else not equal, facts, 0.0, ())
        if not _numeric(a) or not _numeric(b):
            raise ValidationError(f"{node.op!r} compares numbers; got {a!r} and {b!r}")
        x, y = float(a), float(b)  # type: ignore[arg-type]
        fired = {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[node.op]
        scale = abs(y) if y else (abs(x) or 1.0)
        margin = (x - y) / scale if node.op in {">", ">="} else (y - x) / scale
        return Outcome(fired, facts, max(0.0, margin) if fired else 0.0, ())


def _numeric(v: Scalar) -> bool:
    return isinstance(v, float | int) and not isinstance(v, bool)


def _year_of(facts: tuple[Fact, ...], subject: str | None) -> int | None:
    for fact in facts:
        if fact.what == subject and fact.year is not None:
            return fact.year
    return None


def _combine(op: str, parts: list[Outcome]) -> Outcome:
    missing = tuple(m for p in parts for m in p.missing)
    if op == "and":
        if any(p.fired is False for p in parts):
            return Outcome(False, (), 0.0, ())
        if any(p.fired is None for p in parts):
            return Outcome(None, tuple(f for p in parts for f in p.evidence), 0.0, missing)
        return Outcome(
            True, tuple(f for p in parts for f in p.evidence), min(p.margin for p in parts), ()
        )
    true = [p for p in parts if p.fired]
    if true:
        return Outcome(
            True, tuple(f for p in true for f in p.evidence), max(p.margin for p in true), ()
        )
    if any(p.fired is None for p in parts):
        return Outcome(None, tuple(f for p in parts for f in p.evidence), 0.0, missing)
    return Outcome(False, (), 0.0, ())


def evaluate(node: Node, facts: Facts) -> Outcome:
    """Evaluate a trigger against one territory's facts.

    ``margin`` is the relative amount by which the binding comparison holds (0 for a tag):
    the severity of the finding.

    Examples
    --------
    >>> from aimaq.strategy.rules import parse
    >>> from aimaq.strategy.table_facts import TableFacts
    >>> facts = TableFacts("R", {"u": (12.0, 2023)}, nation={"u": (8.0, 2023)})
    >>> out = evaluate(parse("u > 1.2 * national"), facts)
    >>> out.fired, round(out.margin, 3), [f.what for f in out.evidence]
    (True, 0.25, ['u', 'national u'])
    >>> evaluate(parse("v > 1"), facts).fired is None
    True
    """
    return _Evaluator(facts).outcome(node)

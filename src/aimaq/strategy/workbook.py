"""Recommendations as an Excel workbook: a summary sheet and one sheet a territory."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from aimaq.strategy.recommend import SYNTHETIC_NOTE, Strategy, recommendations_frame


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text)[:28].strip() or "territory"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def write_workbook(strategies: list[Strategy], path: str | Path) -> Path:
    """Write the workbook; returns its path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    used: set[str] = {"summary"}
    with pd.ExcelWriter(out, engine="openpyxl") as xl:
        recommendations_frame(strategies).to_excel(xl, sheet_name="summary", index=False)
        for s in strategies:
            rows = []
            for f in (*s.diagnosis.weaknesses, *s.diagnosis.strengths):
                rows.append(
                    {
                        "part": f"diagnosis: {f.verdict}",
                        "item": f.name,
                        "value": f.value,
                        "year": f.year,
                        "national": f.national,
                        "peer": f.peer,
                        "trend": f.trend,
                        "source": f.source,
                    }
                )
            for rank, r in enumerate(s.recommendations, start=1):
                for fact in r.evidence:
                    rows.append(
                        {
                            "part": f"measure {rank}: {r.name}",
                            "item": fact.what,
                            "value": fact.value,
                            "year": fact.year,
                            "source": fact.source,
                            "note": "; ".join(
                                x for x in (fact.note, SYNTHETIC_NOTE if r.synthetic else "") if x
                            ),
                        }
                    )
            if not s.recommendations:
                rows.append({"part": "no measure triggered", "item": s.no_measure_reason})
            pd.DataFrame(rows).to_excel(xl, sheet_name=_sheet_name(s.name, used), index=False)
    return out

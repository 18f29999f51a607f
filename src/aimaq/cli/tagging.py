"""``--tag`` and ``--by-tag`` of the analysis, index, SRS and KPI commands, said once.

The options themselves are :data:`aimaq.cli.options.TagOpt` and ``ByTagOpt``; the library
behind both is :mod:`aimaq.analysis.groups`. This module holds what every command does the
same way with them: refusing both at once, and printing a comparison.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aimaq.cli.options import OutputFormat
from aimaq.cli.output import emit
from aimaq.errors import ValidationError

if TYPE_CHECKING:
    import pandas as pd

    from aimaq.data.store import Store

#: The measures of a comparison, in the order a table prints them.
COMPARISON_KEYS = (
    "n_tagged", "n_rest", "mean_tagged", "mean_rest", "gap", "ratio", "p_value",
    "theil_total", "theil_between", "theil_within", "between_share",
)  # fmt: skip


def one_of(tag: str | None, by_tag: str | None, *, csv: object = None) -> None:
    """Refuse ``--tag`` with ``--by-tag``, and either with a table read from ``--csv``."""
    if tag is not None and by_tag is not None:
        raise ValidationError(
            "give --tag (only the tagged units) or --by-tag (them against the rest), not both"
        )
    if csv is not None and (tag is not None or by_tag is not None):
        raise ValidationError(
            "--tag and --by-tag read the territory tags of the database; not with --csv"
        )


def comparison_rows(result: dict[str, Any], **label: Any) -> list[dict[str, Any]]:
    """One row per measure of a comparison, each with ``label`` in front (a target, ...)."""
    return [{**label, "measure": k, "value": result.get(k)} for k in COMPARISON_KEYS]


def emit_comparison(result: dict[str, Any], fmt: OutputFormat, title: str) -> None:
    """A comparison as JSON (the whole document) or as a table of its measures."""
    if fmt is OutputFormat.json:
        emit(result, fmt)
        return
    rows = comparison_rows(result)
    if result.get("theil_note"):
        rows.append({"measure": "note", "value": result["theil_note"]})
    emit(rows, fmt, title=f"{title}: {result['tag']} against the rest ({result['weight']})")


def compare(
    store: Store, values: pd.Series, tag: str, period: str, *, level: str, seed: int | None = None
) -> dict[str, Any]:
    """The tagged units against the rest, weighted by population where every unit has one
    stored for the year, else unweighted (``weight`` then says why)."""
    from aimaq.analysis.groups import tag_comparison
    from aimaq.analysis.population import MissingPopulation

    try:
        return tag_comparison(store, values, tag, period, level=level, seed=seed)
    except MissingPopulation:
        pass
    result = tag_comparison(store, values, tag, period, level=level, weight="none", seed=seed)
    result["weight"] = f"none (no population stored for every unit in {period[:4]})"
    return result

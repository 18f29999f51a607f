"""The sector classifier: OKED 2 sections A-U and the BNS broad groups, as a hierarchy.

OKED (the general classifier of economic activities of Kazakhstan, GK RK 03-2019) is
harmonised with NACE Rev. 2 and so, at the level of the 21 sections A-U, with ISIC Rev. 4
(United Nations, *International Standard Industrial Classification of All Economic
Activities, Revision 4*, Statistical Papers M/4/Rev.4, 2008). English section titles are
ISIC Rev. 4's; Russian and Kazakh ones are those of the BNS SDG reporting platform
(``ACTIVITY`` translations) where it has them, and left empty (unknown) where it does not.
BNS labour force tables group the sections in three broad groups: A (agriculture),
B-F (industry and construction) and G-U (services); their codes here are the ``sector``
values that the embedded employment series carries.

The hierarchy is ``total > group > section``; values of sections add up to their group,
groups to the total.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from aimaq.errors import ValidationError

__all__ = [
    "GROUPS",
    "SECTIONS",
    "Sector",
    "classifier",
    "group_of",
    "sector",
    "sector_name",
    "validate_codes",
]

SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRSTU")
GROUPS: tuple[str, ...] = ("agriculture", "industry_construction", "services")
_LANGS = ("kk", "ru", "en")


@dataclass(frozen=True)
class Sector:
    """One entry of the classifier.

    Attributes
    ----------
    code
        ``A``-``U`` for a section, a group code (``agriculture``, ``industry_construction``,
        ``services``) or ``total``.
    level
        ``section``, ``group`` or ``total``.
    parent
        The code one level up (``None`` for the total).
    sections
        The sections covered, as printed (``"B-F"``).
    names
        Title by language (``kk``, ``ru``, ``en``); an unknown title is absent.
    name_source
        Where the titles come from.
    """

    code: str
    level: str
    parent: str | None
    sections: str
    names: Mapping[str, str]
    name_source: str

    def name(self, lang: str = "en") -> str:
        """Title in ``lang``, falling back to English where that title is unknown."""
        return self.names.get(lang) or self.names["en"]


@cache
def _entries() -> dict[str, Sector]:
    text = (resources.files("aimaq.economy") / "sectors.csv").read_text(encoding="utf-8")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    out: dict[str, Sector] = {}
    for rec in frame.to_dict("records"):
        names = {lang: str(rec[f"name_{lang}"]) for lang in _LANGS if rec[f"name_{lang}"]}
        out[str(rec["code"])] = Sector(
            code=str(rec["code"]),
            level=str(rec["level"]),
            parent=str(rec["parent"]) or None,
            sections=str(rec["sections"]),
            names=names,
            name_source=str(rec["name_source"]),
        )
    return out


def classifier() -> pd.DataFrame:
    """The classifier as a table: ``code, level, parent, sections, name_en, name_ru, name_kk``.

    Examples
    --------
    >>> table = classifier()
    >>> int((table.level == "section").sum()), int((table.level == "group").sum())
    (21, 3)
    >>> table.set_index("code").loc["C", "parent"]
    'industry_construction'
    """
    rows = []
    for entry in _entries().values():
        row = {
            "code": entry.code,
            "level": entry.level,
            "parent": entry.parent,
            "sections": entry.sections,
        }
        row.update({f"name_{lang}": entry.names.get(lang) for lang in ("en", "ru", "kk")})
        row["name_source"] = entry.name_source
        rows.append(row)
    return pd.DataFrame(rows)


def sector(code: str) -> Sector:
    """One classifier entry; a ValidationError names an unknown code.

    Examples
    --------
    >>> sector("B").parent
    'industry_construction'
    >>> sector("Z")
    Traceback (most recent call last):
    ...
    aimaq.errors.ValidationError: unknown sector code 'Z'; known: sections A-U, groups agriculture, industry_construction, services, and total
    """
    entry = _entries().get(str(code))
    if entry is None:
        raise ValidationError(
            f"unknown sector code {code!r}; known: sections A-U, groups "
            f"{', '.join(GROUPS)}, and total"
        )
    return entry


def sector_name(code: str, lang: str = "en") -> str:
    """Title of a sector in ``lang`` (English where the title in ``lang`` is unknown).

    Examples
    --------
    >>> sector_name("F", "ru")
    'Строительство'
    >>> sector_name("B", "kk")  # no Kazakh title in the sources at hand
    'Mining and quarrying'
    """
    return sector(code).name(lang)


def group_of(code: str) -> str:
    """The broad group of a section (a group is its own group).

    Examples
    --------
    >>> [group_of(c) for c in ("A", "D", "Q", "services")]
    ['agriculture', 'industry_construction', 'services', 'services']
    """
    entry = sector(code)
    if entry.level == "total":
        raise ValidationError("the total has no broad group")
    return entry.code if entry.level == "group" else str(entry.parent)


def validate_codes(
    codes: Iterable[object], *, where: str = "sector values", refs: Sequence[str] | None = None
) -> list[str]:
    """Check every code against the classifier; returns them as strings.

    Raises
    ------
    ValidationError
        Naming the first unknown code, its position (``refs[i]`` where given, else
        ``row i + 1``) and ``where`` it was read.

    Examples
    --------
    >>> validate_codes(["A", "services"])
    ['A', 'services']
    >>> validate_codes(["A", "X1"], where="file e.csv, column 'sector'")
    Traceback (most recent call last):
    ...
    aimaq.errors.ValidationError: file e.csv, column 'sector': unknown sector code 'X1' at row 2; known: sections A-U, groups agriculture, industry_construction, services, and total
    """
    known = _entries()
    out = [str(c) for c in codes]
    for i, code in enumerate(out):
        if code not in known:
            at = refs[i] if refs is not None else f"row {i + 1}"
            raise ValidationError(
                f"{where}: unknown sector code {code!r} at {at}; known: sections A-U, "
                f"groups {', '.join(GROUPS)}, and total"
            )
    return out

"""Latin spellings of Kazakh and Russian names, for English names and lookups.

:func:`latin` transliterates Cyrillic Kazakh (and Russian) letter by letter with the
table below, which follows the usual English practice for Kazakh place names (BGN/PCGN
style: ж zh, ш sh, ч ch, щ shch, х kh, ц ts, ю yu, я ya; the Kazakh letters ә a, ғ g,
қ k, ң n, ө o, ұ u, ү u, һ h, і i; й and и i) and drops the kind words (ауданы, қ.ә.).
It is a lookup aid and the fallback English name of a unit without a published one,
never a claim of an official spelling.

Examples
--------
>>> latin("Бәйдібек ауданы")
'Baidibek'
>>> latin("Жаңасемей")
'Zhanasemei'
"""

from __future__ import annotations

import re

__all__ = ["district_name_en", "latin"]

_TABLE = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya", "ќ": "k", "ў": "u", "ї": "i",
}  # fmt: skip
_KIND = re.compile(
    r"\s*(\bауданы\b|\bрайон\b|қ\.ә\.|г\.а\.|\bқаласы\b|\bоблысы\b)\s*", re.IGNORECASE
)


def latin(name: str) -> str:
    """Transliterate a Cyrillic name, without its kind words, capitalised by word.

    Examples
    --------
    >>> latin("Төле би ауданы"), latin("Шымкент Қ.Ә.")
    ('Tole Bi', 'Shymkent')
    """
    core = _KIND.sub(" ", name).strip()
    out = "".join(_TABLE.get(c, _TABLE.get(c.lower(), c)) for c in core)
    return " ".join(w[:1].upper() + w[1:] for w in out.split())


def district_name_en(name: str, unit_type: str) -> str:
    """The English name of a district-level unit: " District" after a district's name.

    Examples
    --------
    >>> district_name_en("Ordabasy", "district"), district_name_en("Arys", "city_regional_significance")
    ('Ordabasy District', 'Arys')
    """
    return f"{name} District" if unit_type in ("district", "city_district") else name

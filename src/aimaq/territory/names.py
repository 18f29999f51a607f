"""Name normalisation: one lookup key for every way a source spells a territory.

A key is the name case-folded, with Kazakh letters folded onto their Russian base letters,
the stray letters of old Kazakh fonts repaired, punctuation dropped and the words that only
say *what kind* of unit it is (облысы, область, ауданы, район, г., қ.ә., ...) replaced by
one marker: ``#city`` for a city (г., город, қаласы, қ., city), ``#ga`` for a city
administration (Г.А., қ.ә.), ``#district`` for a district (ауданы, район), ``#okrug`` for a
rural okrug or another third-tier administration (а.о., с.о., а.ә.), ``#village`` for a
village (а., с., ауыл). Region words are dropped, because a bare name of a region is how
BNS and Taldau print regions.
"""

from __future__ import annotations

import re

__all__ = ["KIND_MARKERS", "core", "kind", "names_region", "normalise"]

# Kazakh letters and the stray glyphs of old Kazakh fonts (ќ ў ї ј) onto Russian base letters,
# so that Kazakh and Russian spellings of one name meet ("Қостанай" and "Костанай").
_FOLD = str.maketrans(
    {
        "ё": "е",
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ќ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ў": "у",
        "ү": "у",
        "ї": "у",
        "һ": "х",
        "і": "и",
        "ј": "и",
        "ъ": "",
        "ь": "",
    }
)

# Words (after folding) that say which kind of unit a name is, and the marker they become.
_MARKER_WORDS: dict[str, str] = {
    # region words (_REGION_WORDS): dropped, a bare name means the region
    # city administration (a city of regional significance with its territory)
    "га": "#ga",
    "ка": "#ga",
    # city
    "г": "#city",
    "город": "#city",
    "города": "#city",
    "каласы": "#city",
    "кала": "#city",
    "к": "#city",
    "city": "#city",
    "kalasy": "#city",
    # district
    "ауданы": "#district",
    "аудан": "#district",
    "район": "#district",
    "района": "#district",
    "р": "#district",
    "рн": "#district",
    "district": "#district",
    "rayon": "#district",
    "raion": "#district",
    "ра": "#district",  # р.а., district administration of a city (Karaganda)
    "audany": "#district",
    # rural okrug and other third-tier administrations (а.о., с.о., а.ә., с.а., п.а.)
    "ао": "#okrug",
    "со": "#okrug",
    "аа": "#okrug",
    "са": "#okrug",
    "па": "#okrug",
    "округ": "#okrug",
    "округи": "#okrug",
    "okrug": "#okrug",
    # village (а., с., ауыл, село); "п." (посёлок) is the Russian of "к." (кент)
    "а": "#village",
    "с": "#village",
    "ауыл": "#village",
    "ауылы": "#village",
    "село": "#village",
    "п": "#city",
    "пос": "#city",
    "поселок": "#city",
    # honorifics: dropped
    "им": "",
    "имени": "",
    "атын": "",
    "атындагы": "",
}

# the words that say a name is a region: the key drops them, see names_region()
_REGION_WORDS = frozenset(
    w.translate(_FOLD)
    for w in ("облысы", "облысынын", "область", "обл", "region", "oblast", "oblysy")
)
_MARKER_WORDS.update(dict.fromkeys(_REGION_WORDS, ""))

# the table is written in plain spelling; lookups happen after folding ("область" -> "област")
_MARKER_WORDS = {word.translate(_FOLD): marker for word, marker in _MARKER_WORDS.items()}

#: The markers a key may carry, in the order they are written.
KIND_MARKERS: tuple[str, ...] = ("#ga", "#city", "#district", "#okrug", "#village")

_SPLIT = re.compile(r"[^0-9a-zа-я#]+")
_PAREN = re.compile(r"\(([^)]*)\)")
_PAIR = re.compile(r"(?<![а-я])([а-я])\s*[./]\s*([а-я])(?:\s*\.|(?![а-я]))")
_RN = re.compile(r"\bр\s*-\s*н\b")


def _tokens(name: str) -> list[str]:
    text = name.casefold().translate(_FOLD)
    # two-letter abbreviations ("Г.А.", "Қ.Ә.", "а.о.", "с/о") and "р-н" are one word each
    if "." in text or "/" in text:
        text = _PAIR.sub(r" \1\2 ", text)
    if "-" in text:
        text = _RN.sub(" рн ", text)

    # a parenthesised qualifier such as "(city)" is kept; "(до 2018)" or "(incl. ...)" is not
    def _keep_marker(match: re.Match[str]) -> str:
        inner = [t for t in _SPLIT.split(match.group(1)) if t]
        return (
            " " + " ".join(inner) + " " if inner and all(t in _MARKER_WORDS for t in inner) else " "
        )

    if "(" in text:
        text = _PAREN.sub(_keep_marker, text)
    return [t for t in _SPLIT.split(text) if t]


def normalise(name: str) -> str:
    """Return the lookup key of a territory name.

    Parameters
    ----------
    name : str
        A name or code as a source prints it.

    Returns
    -------
    str
        The name words joined by single spaces, followed by at most one kind marker.

    Examples
    --------
    >>> normalise("АКТЮБИНСКАЯ ОБЛАСТЬ")
    'актюбинская'
    >>> normalise("Ақтөбе облысы")
    'актобе'
    >>> normalise("Г.А.АЛАТАУ")
    'алатау #ga'
    >>> normalise("Астана қаласы") == normalise("г.Астана") == "астана #city"
    True
    >>> normalise("Astana (city)")
    'astana #city'
    """
    words: list[str] = []
    markers: set[str] = set()
    tokens = _tokens(name)
    for token in tokens:
        marker = _MARKER_WORDS.get(token)
        if marker is None:
            words.append(token)
        elif marker:
            markers.add(marker)
    if not words:
        # a name made only of kind words ("Район", "город") is its own key
        return " ".join(tokens)
    chosen = next((m for m in KIND_MARKERS if m in markers), None)
    return " ".join(words) + (f" {chosen}" if chosen else "")


def core(key: str) -> str:
    """Return a key without its kind marker.

    Examples
    --------
    >>> core("алатау #ga")
    'алатау'
    """
    head, _, tail = key.rpartition(" ")
    return head if tail in KIND_MARKERS else key


def kind(key: str) -> str | None:
    """Return the kind marker of a key, or None.

    Examples
    --------
    >>> kind("абай #district")
    '#district'
    >>> kind("абай") is None
    True
    """
    tail = key.rpartition(" ")[2]
    return tail if tail in KIND_MARKERS else None


def names_region(name: str) -> bool:
    """Whether a name says it is a region (облысы, область, oblast, region).

    The key of a region name drops these words (a bare name means the region), so the
    kind of unit asked for is read from the name as written.

    Examples
    --------
    >>> names_region("Нарния область"), names_region("Aktobe Region"), names_region("Абай")
    (True, True, False)
    """
    return any(token in _REGION_WORDS for token in _tokens(name))

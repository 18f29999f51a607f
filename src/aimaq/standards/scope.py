"""One territory of the registry: a region, district, okrug or settlement named by code or name."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from aimaq.errors import AimaqError
from aimaq.territory import Resolver

#: Columns of a settlement frame that hold the units a settlement lies in, itself first.
WITHIN_COLUMNS = ("kato", "okrug_kato", "district_kato", "region_kato")
_NAME_ORDER = {"en": ("en", "ru", "kk"), "ru": ("ru", "en", "kk"), "kk": ("kk", "ru", "en")}


def resolve_territory(text: str) -> str:
    """The KATO code of a territory given by code or by name (any form BNS, Taldau or
    English print); a name fitting units at several levels means the highest. A 9-digit
    code is taken as it is.

    Examples
    --------
    >>> resolve_territory("610000000"), resolve_territory("Turkestan")
    ('610000000', '610000000')
    >>> resolve_territory("Туркестанская область")
    '610000000'
    """
    code = str(text).strip()
    if code.isdigit() and len(code) == 9:  # a registry may hold codes the tree does not
        return code
    return Resolver.default().resolve(code)


def inside(frame: pd.DataFrame, kato: str) -> NDArray[np.bool_]:
    """Rows of a settlement frame that lie in ``kato`` (or are it).

    Examples
    --------
    >>> f = pd.DataFrame({"kato": ["611010000", "711110000"],
    ...     "district_kato": ["611000000", "710000000"], "region_kato": ["610000000", "710000000"]})
    >>> inside(f, "610000000").tolist()
    [True, False]
    """
    columns = [c for c in WITHIN_COLUMNS if c in frame.columns]
    return np.asarray((frame[columns].astype(str) == str(kato)).any(axis=1).to_numpy(), dtype=bool)


def within(frame: pd.DataFrame, kato: str, what: str = "settlement") -> pd.DataFrame:
    """The rows of ``frame`` that lie in ``kato``; an error naming the territory when none do."""
    rows = frame[inside(frame, kato)]
    if rows.empty:
        raise AimaqError(f"no {what} of the registry lies in {describe(kato)}")
    return rows


def name_of(kato: str, lang: str = "en") -> str | None:
    """The name of a unit in ``lang`` (another language when that one is missing).

    Examples
    --------
    >>> name_of("610000000"), name_of("610000000", "ru")
    ('Turkestan Region', 'Туркестанская область')
    """
    try:
        info = Resolver.default().info(str(kato))
    except AimaqError:
        return None
    for code in _NAME_ORDER.get(lang, _NAME_ORDER["en"]):
        name = info.get(f"name_{code}")
        if name:
            return str(name)
    return None


def names_of(codes: Iterable[str], lang: str = "en") -> dict[str, str | None]:
    """``{kato: name}`` for each distinct code."""
    return {str(k): name_of(str(k), lang) for k in dict.fromkeys(codes)}


def describe(kato: str, lang: str = "en") -> str:
    """``"Turkestan Region (610000000)"``, or the code alone when the tree does not know it."""
    name = name_of(kato, lang)
    return f"{name} ({kato})" if name else str(kato)

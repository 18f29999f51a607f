"""Message catalogues: every label of reports and the dashboard in kk, ru and en.

The catalogues are YAML files in ``locales/`` (``kk.yaml``, ``ru.yaml``, ``en.yaml``),
nested mappings flattened to dotted keys. Code never holds a user-facing string; it asks
a :class:`Messages` for a key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from aimaq.errors import ValidationError

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of :data:`LANGUAGES`, else raise.

    Examples
    --------
    >>> check_lang("kk")
    'kk'
    """
    if lang not in LANGUAGES:
        raise ValidationError(
            f"must be one of {', '.join(LANGUAGES)}; got {lang!r}", argument="lang"
        )
    return lang


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The flattened message catalogue of one language (cached).

    Examples
    --------
    >>> catalogue("en")["report.title"]
    'Regional development of Kazakhstan'
    """
    check_lang(lang)
    text = (resources.files("aimaq.reporting") / "locales" / f"{lang}.yaml").read_text("utf-8")
    # libyaml's parser when present: the three catalogues parse 25 times faster
    tree = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(tree, dict):
        raise ValidationError(f"locales/{lang}.yaml: expected a mapping at the top level")
    return _flatten(tree)


@dataclass(frozen=True)
class Messages:
    """The labels of one language.

    Examples
    --------
    >>> t = Messages("ru")
    >>> t("section.maps")
    'Карты регионов'
    >>> Messages("en").number(1234567.891, 1)
    '1,234,567.9'
    >>> Messages("kk").number(1234567.891, 1)
    '1 234 567,9'
    """

    lang: str

    def __post_init__(self) -> None:
        check_lang(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        table = catalogue(self.lang)
        if key not in table:
            raise KeyError(f"no message {key!r} in locales/{self.lang}.yaml")
        text = table[key]
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """The message for ``key``, or ``default`` when the catalogue has none."""
        return catalogue(self.lang).get(key, default)

    def has(self, key: str) -> bool:
        return key in catalogue(self.lang)

    def number(self, value: float | None, digits: int = 1) -> str:
        """A number in the language's convention; missing values print as a dash."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        text = f"{value:,.{digits}f}"
        if self.lang == "en":
            return text
        # kk and ru: a space between thousands and a comma as the decimal mark
        return text.replace(",", " ").replace(".", ",")

    def unit(self, unit: str) -> str:
        """A unit label (catalogue key ``unit.<unit>``), else the unit as stored."""
        return self.get(f"unit.{unit}", unit)

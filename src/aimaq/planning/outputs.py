"""Writing a roadmap or a scenario comparison: Excel (one sheet per view), JSON or CSV."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from aimaq._plain import plain as _plain
from aimaq.errors import ValidationError

FORMATS = (".xlsx", ".json", ".csv")
#: Code columns of the plan views, and the name column put beside each.
NAMED = {"region_kato": "region", "district_kato": "district"}


def with_names(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``frame`` with a name column (in ``lang``) right after each region and district code.

    Examples
    --------
    >>> with_names(pd.DataFrame({"region_kato": ["610000000"], "projects": [3]})).columns.tolist()
    ['region_kato', 'region', 'projects']
    >>> with_names(pd.DataFrame({"region_kato": ["610000000"]}), "ru")["region"].iloc[0]
    'Туркестанская область'
    """
    from aimaq.standards.scope import names_of

    out = frame.copy()
    for column, name in NAMED.items():
        if column in out.columns and name not in out.columns:
            names = names_of(out[column].astype(str), lang)
            at = list(out.columns).index(column) + 1
            out.insert(at, name, out[column].astype(str).map(names))
    return out


def write_views(
    path: str | Path, views: Mapping[str, pd.DataFrame], meta: Mapping[str, Any]
) -> Path:
    """Write named tables to ``path``; the suffix chooses the format.

    ``.xlsx``: a sheet ``about`` with ``meta`` and one sheet per view. ``.json``: an
    object with ``meta`` and every view as a list of records. ``.csv``: the first view.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> p = write_views(os.path.join(d, "plan.json"), {"plan": pd.DataFrame({"a": [1]})}, {"x": 1})
    >>> json.loads(p.read_text())["plan"]
    [{'a': 1}]
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(f"{out}: the file must end in {', '.join(FORMATS)}", argument="path")
    if not out.parent.exists():
        raise ValidationError(f"{out}: folder {out.parent} does not exist", argument="path")
    if suffix == ".csv":
        next(iter(views.values())).to_csv(out, index=False)
    elif suffix == ".json":
        payload: dict[str, Any] = {"meta": _plain(dict(meta))}
        for name, frame in views.items():
            payload[name] = _plain(frame.to_dict(orient="records"))
        out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        about = pd.DataFrame(
            {
                "item": list(meta),
                "value": [
                    json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, list | dict) else v
                    for v in meta.values()
                ],
            }
        )
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            about.to_excel(writer, sheet_name="about", index=False)
            for name, frame in views.items():
                frame.to_excel(writer, sheet_name=name[:31], index=False)
    return out

"""Reports in Kazakh, Russian and English: the regional assessment as HTML, PDF and Excel.

A report is a list of sections (:mod:`aimaq.reporting.sections`), each built from a
:class:`ReportContext` or left out when its capability or data is absent.

Examples
--------
>>> from aimaq.data.store import Store
>>> from aimaq.reporting import build_report, render_html
>>> store = Store(":memory:"); _ = store.migrate()
>>> "<html" in render_html(build_report(store, "kk"))
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aimaq.reporting.build import build_report
    from aimaq.reporting.classify import Classes, palette, quantile_breaks
    from aimaq.reporting.context import ReportContext, RoadmapSettings
    from aimaq.reporting.excel import write_xlsx
    from aimaq.reporting.geometry import region_shapes, regions_geojson
    from aimaq.reporting.html import render_html, write_html
    from aimaq.reporting.i18n import LANGUAGES, Messages, check_lang
    from aimaq.reporting.maps import choropleth_svg
    from aimaq.reporting.model import Card, Figure, Paragraph, Report, Section, Table
    from aimaq.reporting.pdf import write_pdf

# each name is imported when first asked for: a module that needs only the message
# catalogue (the dashboard's first answer) does not load every report section
_HOMES = {
    "build_report": "build",
    "Classes": "classify",
    "palette": "classify",
    "quantile_breaks": "classify",
    "ReportContext": "context",
    "RoadmapSettings": "context",
    "write_xlsx": "excel",
    "region_shapes": "geometry",
    "regions_geojson": "geometry",
    "render_html": "html",
    "write_html": "html",
    "LANGUAGES": "i18n",
    "Messages": "i18n",
    "check_lang": "i18n",
    "choropleth_svg": "maps",
    "Card": "model",
    "Figure": "model",
    "Paragraph": "model",
    "Report": "model",
    "Section": "model",
    "Table": "model",
    "write_pdf": "pdf",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'aimaq.reporting' has no attribute {name!r}")
    value = getattr(import_module(f"aimaq.reporting.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = [
    "LANGUAGES",
    "Card",
    "Classes",
    "Figure",
    "Messages",
    "Paragraph",
    "Report",
    "ReportContext",
    "RoadmapSettings",
    "Section",
    "Table",
    "build_report",
    "check_lang",
    "choropleth_svg",
    "palette",
    "quantile_breaks",
    "region_shapes",
    "regions_geojson",
    "render_html",
    "write_html",
    "write_pdf",
    "write_xlsx",
]

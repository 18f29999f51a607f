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

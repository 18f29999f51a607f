"""Importers: official files and services in, one checked batch of observations out.

Every importer turns its input into the long observation frame (``kato, indicator_id,
period, value, dims`` plus ``ref`` and ``flag``) and writes it through
:meth:`aimaq.data.store.Store.write_observations` in one transaction; re-importing the
same bytes is a no-op.
"""

from __future__ import annotations

from aimaq.data.importers.formats import batch_key, fetch_taldau, import_file, money_scale
from aimaq.data.importers.markers import Cell, parse_cell
from aimaq.data.importers.observations import ImportReport, Unmatched
from aimaq.data.importers.periods import normalise_period, period_span, taldau_period
from aimaq.data.importers.pipeline import ParsedFile, write_parsed
from aimaq.data.importers.registry import (
    ImporterFormat,
    ParseRequest,
    detect_format,
    format_names,
    formats,
    get_format,
    register_format,
)
from aimaq.data.importers.source import Limits, SourceFile, open_source
from aimaq.data.importers.taldau_client import DEFAULT_BASE_URL, RetryPolicy, fetch, taldau_url
from aimaq.data.importers.territories import TerritoryMatcher

__all__ = [
    "DEFAULT_BASE_URL",
    "Cell",
    "ImportReport",
    "ImporterFormat",
    "Limits",
    "ParseRequest",
    "ParsedFile",
    "RetryPolicy",
    "SourceFile",
    "TerritoryMatcher",
    "Unmatched",
    "batch_key",
    "detect_format",
    "fetch",
    "fetch_taldau",
    "format_names",
    "formats",
    "get_format",
    "import_file",
    "money_scale",
    "normalise_period",
    "open_source",
    "parse_cell",
    "period_span",
    "register_format",
    "taldau_period",
    "taldau_url",
    "write_parsed",
]

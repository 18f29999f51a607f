"""The examples in the docstrings of reporting and serving run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "aimaq.reporting",
    "aimaq.reporting.i18n",
    "aimaq.reporting.classify",
    "aimaq.reporting.maps",
    "aimaq.reporting.charts",
    "aimaq.reporting.geometry",
    "aimaq.reporting.context",
    "aimaq.reporting.build",
    "aimaq.reporting.html",
    "aimaq.reporting.excel",
    "aimaq.reporting.sections.summary",
    "aimaq.serving.app",
    "aimaq.serving.figures",
    "aimaq.serving.components",
    "aimaq.serving.data",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0

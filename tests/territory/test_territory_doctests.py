"""The examples in the docstrings run and give what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "aimaq.territory",
    "aimaq.territory.names",
    "aimaq.territory.periods",
    "aimaq.territory.frames",
    "aimaq.territory.crosswalks",
    "aimaq.territory.resolver",
    "aimaq.territory.tree",
    "aimaq.territory.similar",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0

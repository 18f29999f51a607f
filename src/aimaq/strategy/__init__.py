"""Strategy for each territory: diagnosis, measures with the evidence that triggers them,
the institutions that carry them, and policy packages tested before adoption.

The measures catalogue (``measures.yaml``) names each measure's policy source; triggers are
written in a small rule language (:mod:`aimaq.strategy.rules`), parsed and checked, never
evaluated as Python.
"""

from __future__ import annotations

from aimaq.strategy.catalogue import Catalogue, Measure, load_catalogue
from aimaq.strategy.diagnosis import Diagnosis, diagnose
from aimaq.strategy.evaluate import Fact, Outcome, evaluate
from aimaq.strategy.recommend import Recommendation, Strategy, recommend
from aimaq.strategy.rules import parse

__all__ = [
    "Catalogue",
    "Diagnosis",
    "Fact",
    "Measure",
    "Outcome",
    "Recommendation",
    "Strategy",
    "diagnose",
    "evaluate",
    "load_catalogue",
    "parse",
    "recommend",
]

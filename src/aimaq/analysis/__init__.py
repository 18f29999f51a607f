"""Disparities between territories: inequality measures, nested decomposition, permutation
inference, convergence and spatial clusters.

Measures are pure functions of values and optional population weights; the functions in
:mod:`aimaq.analysis.stored` read stored indicators and call them. Spatial functions
(:mod:`aimaq.analysis.spatial`) import geopandas, libpysal and esda on first use.
"""

from __future__ import annotations

from aimaq.analysis.borders import (
    KNOWN_REGION_CHANGES,
    BorderChange,
    affected_codes,
    consistent_panel,
    harmonise_panel,
)
from aimaq.analysis.convergence import (
    BetaConvergence,
    MarkovChain,
    SigmaConvergence,
    beta_convergence,
    markov_transitions,
    sigma_convergence,
)
from aimaq.analysis.decomposition import LevelSplit, TheilDecomposition, theil_decomposition
from aimaq.analysis.inequality import (
    Disparity,
    Lorenz,
    atkinson,
    cv,
    disparity,
    gini,
    hoover,
    lorenz,
    max_min_ratio,
    theil_l,
    theil_t,
    top_bottom_ratio,
    williamson,
)
from aimaq.analysis.permutation import PermutationTest, between_share_test
from aimaq.analysis.report import disparity_report, table_report

__all__ = [
    "KNOWN_REGION_CHANGES",
    "BetaConvergence",
    "BorderChange",
    "Disparity",
    "LevelSplit",
    "Lorenz",
    "MarkovChain",
    "PermutationTest",
    "SigmaConvergence",
    "TheilDecomposition",
    "affected_codes",
    "atkinson",
    "beta_convergence",
    "between_share_test",
    "consistent_panel",
    "cv",
    "disparity",
    "disparity_report",
    "gini",
    "harmonise_panel",
    "hoover",
    "lorenz",
    "markov_transitions",
    "max_min_ratio",
    "sigma_convergence",
    "table_report",
    "theil_decomposition",
    "theil_l",
    "theil_t",
    "top_bottom_ratio",
    "williamson",
]

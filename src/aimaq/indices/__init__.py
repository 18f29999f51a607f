"""Composite indices and ratings with uncertainty, after the OECD/JRC Handbook (2008).

Index files (YAML) are validated into :class:`IndexDefinition`; :func:`build_index` runs
the pipeline (denomination, imputation, outliers, normalisation, weighting, aggregation);
:func:`rank_uncertainty` gives rank intervals and Sobol indices; :func:`typology` clusters
territories on their pillar scores.
"""

from __future__ import annotations

from aimaq.indices.aggregate import aggregate, arithmetic, copeland, geometric, mazziotta_pareto
from aimaq.indices.builtins import builtin_names, builtin_path, list_builtins, resolve_definition
from aimaq.indices.definition import IndexDefinition, load_definition, parse_definition
from aimaq.indices.impute import Imputation, Imputed, impute
from aimaq.indices.normalise import normalise
from aimaq.indices.outliers import treat_outliers
from aimaq.indices.pipeline import IndexResult, build_index, ranks_of
from aimaq.indices.sobol import SobolIndices, sobol_indices
from aimaq.indices.stored import IndexData, load_history, load_index_data
from aimaq.indices.tabular import read_indicator_csv
from aimaq.indices.typology import Typology, typology
from aimaq.indices.uncertainty import UncertaintyResult, rank_uncertainty
from aimaq.indices.weights import benefit_of_the_doubt, equal_weights, pca_weights

__all__ = [
    "Imputation",
    "Imputed",
    "IndexData",
    "IndexDefinition",
    "IndexResult",
    "SobolIndices",
    "Typology",
    "UncertaintyResult",
    "aggregate",
    "arithmetic",
    "benefit_of_the_doubt",
    "build_index",
    "builtin_names",
    "builtin_path",
    "copeland",
    "equal_weights",
    "geometric",
    "impute",
    "list_builtins",
    "load_definition",
    "load_history",
    "load_index_data",
    "mazziotta_pareto",
    "normalise",
    "parse_definition",
    "pca_weights",
    "rank_uncertainty",
    "ranks_of",
    "read_indicator_csv",
    "resolve_definition",
    "sobol_indices",
    "treat_outliers",
    "typology",
]

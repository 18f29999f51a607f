"""The System of Regional Standards (SRS): catalogue of norms, settlement registry,
provision levels and gaps, and a calibrated synthetic registry.

Examples
--------
>>> from aimaq.standards import load_catalogue
>>> len(load_catalogue().areas)
12
"""

from __future__ import annotations

from aimaq.standards.catalogue import Catalogue, Norm, load_catalogue
from aimaq.standards.provision import norm_table, rollup, settlement_provision, unmet_norms
from aimaq.standards.registry import SYNTHETIC_LABEL, Registry
from aimaq.standards.targets import (
    PROVISION_TARGETS,
    ProvisionTarget,
    national_levels,
    target_gaps,
    trend,
)

__all__ = [
    "PROVISION_TARGETS",
    "SYNTHETIC_LABEL",
    "Catalogue",
    "Norm",
    "ProvisionTarget",
    "Registry",
    "load_catalogue",
    "national_levels",
    "norm_table",
    "rollup",
    "settlement_provision",
    "target_gaps",
    "trend",
    "unmet_norms",
]

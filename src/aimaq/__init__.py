"""aimaq: regional development analysis and planning for Kazakhstan.

The public API is curated here (docs/api.md); everything else is reached through its
subpackage and may change. Names load on first use, so ``import aimaq`` stays light.

>>> import aimaq
>>> sorted(aimaq.__all__)[:3]
['AimaqError', 'Database', 'ImportError_']
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from aimaq.errors import AimaqError, ImportError_, ValidationError


def _version() -> str:
    # importlib.metadata costs about 30 ms to import: read only when asked
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("aimaq")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


#: public name -> the module that defines it (imported on first use)
_LAZY = {
    "open": "aimaq.api",
    "Database": "aimaq.api",
    "gini": "aimaq.analysis.inequality",
    "theil_t": "aimaq.analysis.inequality",
    "theil_l": "aimaq.analysis.inequality",
    "cv": "aimaq.analysis.inequality",
    "williamson": "aimaq.analysis.inequality",
    "atkinson": "aimaq.analysis.inequality",
    "disparity": "aimaq.analysis.inequality",
    "theil_decomposition": "aimaq.analysis.decomposition",
    "sigma_convergence": "aimaq.analysis.convergence",
    "beta_convergence": "aimaq.analysis.convergence",
    "build_index": "aimaq.indices",
    "rank_uncertainty": "aimaq.indices",
    "load_definition": "aimaq.indices",
    "typology": "aimaq.indices",
}

__all__ = ["AimaqError", "ImportError_", "ValidationError", "__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'aimaq' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})

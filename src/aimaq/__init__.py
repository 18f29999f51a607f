"""aimaq: regional development analysis and planning for Kazakhstan.

The public API is curated here; everything else is reached through its subpackage.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from aimaq.errors import AimaqError, ImportError_, ValidationError

try:
    __version__ = version("aimaq")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["AimaqError", "ImportError_", "ValidationError", "__version__"]

"""The local dashboard (Dash): a map of the regions with drill-down, the index builder,
the SRS gaps explorer, in three languages, fully offline.

``aimaq serve`` runs :func:`create_app` on 127.0.0.1:8050.
"""

from __future__ import annotations

from aimaq.serving.app import create_app
from aimaq.serving.data import DashboardData, load_dashboard_data, open_dashboard_data
from aimaq.serving.server import RunningServer, start_in_thread

__all__ = [
    "DashboardData",
    "RunningServer",
    "create_app",
    "load_dashboard_data",
    "open_dashboard_data",
    "start_in_thread",
]

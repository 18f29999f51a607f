"""The source's marks behind a stored value (``observation.flag``), and how they print.

BNS prints a mark instead of a figure where there is none (the legend "Условные
обозначения" of every bulletin): ``-`` the phenomenon is absent (stored as 0),
``х`` confidential and ``...`` no data (both stored as NULL). The flag keeps a stored 0
from a dash apart from a printed 0, and says why a value is missing.
"""

from __future__ import annotations

ABSENT = "absent"
CONFIDENTIAL = "confidential"
NO_DATA = "no_data"

#: Flag -> the mark as BNS prints it (what ``aimaq show`` and reports print in its place).
MARKS = {ABSENT: "-", CONFIDENTIAL: "х", NO_DATA: "..."}
#: Flag -> why a computation leaves the value out.
REASONS = {
    ABSENT: "the phenomenon is absent (source mark '-')",
    CONFIDENTIAL: "confidential (source mark 'х')",
    NO_DATA: "no data (source mark '...')",
}

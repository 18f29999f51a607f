"""The report section "Target territories": built from the territory tags, in every language."""

from __future__ import annotations

import pandas as pd
import pytest

from aimaq.data.store import Store
from aimaq.reporting.context import ReportContext
from aimaq.reporting.model import Paragraph, SectionUnavailable, Table
from aimaq.reporting.sections import SECTIONS, targets


def _insert(store: Store, row: pd.DataFrame) -> None:
    with store.transaction() as con:
        con.register("_t", row)
        con.execute("insert into territory_tag (kato, tag, value, source, method) select * from _t")
        con.unregister("_t")


def test_no_tags_says_why(sample_store: Store) -> None:
    with pytest.raises(SectionUnavailable, match="no territory tags"):
        targets.build(ReportContext(sample_store, "en"))
    assert ("targets", targets.build) in SECTIONS


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_section_lists_border_districts_and_says_what_is_unknown(
    sample_store: Store, lang: str
) -> None:
    _insert(sample_store, pd.DataFrame({"kato": ["113200000"], "tag": ["border_district"],
            "value": ["Russia"], "source": ["test"], "method": ["derived: test"]}))  # fmt: skip
    section = targets.build(ReportContext(sample_store, lang))
    assert section is not None and section.key == "targets"
    tables = [b for b in section.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].frame.iloc[0, 2] == "Russia"
    notes = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.kind == "note"]
    # no single-industry towns and no lagging index in this store: both said, not hidden
    assert len(notes) == 3
    assert all("{" not in b.text for b in section.blocks if isinstance(b, Paragraph))

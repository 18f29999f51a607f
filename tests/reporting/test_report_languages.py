"""Each report language is rendered and read back as a reader would: no template string of
the English catalogue and no English prose may appear in the Kazakh or Russian report,
except where the report says it quotes a technical text as it is (a solver's log, the
reason a library gave, a source's citation in the lineage tables)."""

from __future__ import annotations

import html
import re
import string
from pathlib import Path

import pytest
from sample_store import build_sample_store

from aimaq.data.build import init_database
from aimaq.data.store import Store
from aimaq.reporting.build import build_report
from aimaq.reporting.html import render_html
from aimaq.reporting.i18n import Messages, catalogue

# function words that make a run of Latin words English prose rather than a code or name
_ENGLISH = {"the", "of", "and", "in", "to", "for", "with", "no", "is", "by", "from", "on", "not"}
_QUOTED_COLUMNS = ("col.source", "col.attribution", "col.importer")


def _literal_fragments(template: str) -> list[str]:
    """The literal runs of a template that are English prose (2+ words, 10+ letters)."""
    parts = [lit for lit, _, _, _ in string.Formatter().parse(template) if lit]
    return [
        p.strip(" :;,.()")
        for p in parts
        if len(re.findall(r"[A-Za-z]+", p)) >= 2 and len(p.strip()) >= 10
    ]


def _reason_prefixes(lang: str) -> list[str]:
    """The texts that introduce a quoted reason or source (``...: {reason}``) in ``lang``."""
    out = []
    for text in catalogue(lang).values():
        for quoted in ("{reason}", "{source}"):  # a library's reason, a source's citation
            if quoted in text:
                head = text.split(quoted)[0]
                out.append(re.sub(r"\{[a-z_]+\}", "", head).strip().split(": ")[-1] or head)
    return [p for p in out if p]


def _visible_text(page: str, lang: str) -> list[str]:
    """Text nodes a reader sees, without solver logs and without the lineage columns
    that quote sources as published."""
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    page = re.sub(r'<pre class="log">.*?</pre>', "", page, flags=re.S)
    t = Messages(lang)
    quoted = {t(k) for k in _QUOTED_COLUMNS}
    out: list[str] = []
    for table in re.findall(r"<table class=\"data\">.*?</table>", page, flags=re.S):
        heads = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", table, flags=re.S)]
        skip = {i for i, h in enumerate(heads) if h in quoted}
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
            out.extend(html.unescape(c) for i, c in enumerate(cells) if i not in skip)
        out.extend(heads)
    page = re.sub(r"<table class=\"data\">.*?</table>", "", page, flags=re.S)
    out.extend(html.unescape(x).strip() for x in re.split(r"<[^>]+>", page))
    return [x for x in out if x.strip()]


def untranslated(page: str, lang: str) -> list[str]:
    """Every piece of the rendered report that is left in English."""
    own = "\n".join(catalogue(lang).values())
    fragments = {f for v in catalogue("en").values() for f in _literal_fragments(v) if f not in own}
    prefixes = _reason_prefixes(lang)
    found: list[str] = []
    for text in _visible_text(page, lang):
        if "CC BY" in text:
            continue  # a licence's attribution notice is quoted as the licence asks
        found.extend(f"template {f!r} in {text[:80]!r}" for f in fragments if f in text)
        for prefix in prefixes:  # a reason quoted from a library follows its prefix
            if prefix in text:
                text = text.split(prefix)[0]
        # paths, file names, identifiers and commands are not prose
        text = re.sub(r"\S*[/_.\\`'\[\]-]\S*", " | ", text)
        for run in re.findall(r"(?:[A-Za-z]+[ ,]+){3,}[A-Za-z]+", text):
            if sum(w.lower() in _ENGLISH for w in re.findall(r"[A-Za-z]+", run)):
                found.append(f"English prose: {run[:120]!r}")
    return found


def test_the_check_finds_an_english_template_string_and_english_prose() -> None:
    english = catalogue("en")["report.section_unavailable"].format(reason="x")
    page = f"<html><body><p>{english}</p><p>the figures of the regions are shown</p></body></html>"
    found = untranslated(page, "ru")
    assert any("template 'This section could not be built'" in f for f in found), found
    assert any("English prose: 'the figures of the regions are shown'" in f for f in found)
    assert untranslated("<p>Этот раздел не удалось построить: the reason as given</p>", "ru") == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_sample_report_has_no_untranslated_string(lang: str) -> None:
    store = Store(":memory:")
    store.migrate()
    page = render_html(build_report(build_sample_store(store), lang))
    assert untranslated(page, lang) == []


@pytest.fixture(scope="module")
def kz_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded official dataset (``aimaq init``)."""
    path = tmp_path_factory.mktemp("report-languages") / "kz.duckdb"
    with Store(path) as store:
        init_database(store)
    return path


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_report_of_the_embedded_dataset_in_each_language(kz_db: Path, lang: str) -> None:
    with Store(kz_db, read_only=True) as store:
        report = build_report(store, lang)
    page = render_html(report)
    if lang != "en":
        assert untranslated(page, lang) == []
    # the cover names the year of every section whose figures are of another year: the
    # ratings of this dataset are of 2022 while the report year is 2023
    t = Messages(lang)
    note = re.escape(t("indices.year_note", year="@")).replace("@", r"(\d{4})")
    rating_years = set(re.findall(note, html.unescape(page)))
    assert rating_years, "the embedded dataset builds the ratings"
    for year in rating_years - {str(report_year(report, lang))}:
        assert f"{t('section.ratings')}: {year}" in report.subtitle, report.subtitle


def report_year(report: object, lang: str) -> int:
    """The year the subtitle gives the report."""
    head = Messages(lang)("report.subtitle", year="@").split("@")[0]
    found = re.search(re.escape(head) + r"(\d{4})", report.subtitle)  # type: ignore[attr-defined]
    assert found, report.subtitle  # type: ignore[attr-defined]
    return int(found.group(1))

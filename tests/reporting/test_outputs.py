from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from aimaq.data.store import Store
from aimaq.reporting.build import build_report
from aimaq.reporting.excel import write_xlsx
from aimaq.reporting.html import render_html, write_html
from aimaq.reporting.pdf import KAZAKH_LETTERS, write_pdf


def test_html_is_self_contained(sample_store: Store, tmp_path: Path) -> None:
    path = write_html(build_report(sample_store, "kk"), tmp_path / "r.html")
    html = path.read_text("utf-8")
    assert "<script" not in html and "<link" not in html and "<img" not in html
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls
    for key in ("summary", "profiles", "maps", "disparities", "kpi", "methods"):
        assert f'<section id="{key}"' in html
    assert "Өңірлер картасы" in html and '<html lang="kk">' in html


def test_html_escapes_names() -> None:
    from aimaq.reporting.model import Paragraph, Report, Section

    report = Report("en", "<b>x</b>", "s", "g", (Section("s1", "A & B", (Paragraph("<script>"),)),))
    html = render_html(report)
    assert "<b>x</b>" not in html and "&lt;script&gt;" in html and "A &amp; B" in html


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return out


def _to_unicode(streams: list[bytes]) -> set[str]:
    """Characters mapped by the PDF's ToUnicode CMaps (bfchar and bfrange entries)."""
    chars: set[str] = set()
    for s in streams:
        if b"begincmap" not in s:
            continue
        text = s.decode("latin-1")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for dst in re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block):
                chars.add(bytes.fromhex(dst).decode("utf-16-be"))
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
            ):
                start = int(dst, 16)
                chars.update(chr(start + i) for i in range(int(hi, 16) - int(lo, 16) + 1))
    return chars


def test_pdf_embeds_dejavu_with_every_kazakh_letter(sample_store: Store, tmp_path: Path) -> None:
    report = build_report(sample_store, "kk")
    path = write_pdf(report, tmp_path / "r.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    streams = _streams(data)
    objects = b"\n".join([data, *streams])
    fonts = set(re.findall(rb"/FontName\s*/([A-Z]{6}\+[A-Za-z-]+)", objects))
    assert fonts and all(b"DejaVu" in f for f in fonts), fonts
    assert re.search(rb"/FontFile2", objects)  # the fonts are embedded, not referenced
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", objects))
    assert pages >= 5  # cover, summary, profiles (2+), maps, methods
    # the Kazakh letters of the labels are drawn with real glyphs mapped back to Unicode
    assert set("әғқңөұүі") <= _to_unicode(streams)


def test_pdf_renders_all_eighteen_kazakh_letters(tmp_path: Path) -> None:
    from aimaq.reporting.model import Paragraph, Report, Section

    text = " ".join(KAZAKH_LETTERS)
    report = Report("kk", "Әліппе", text, "", (Section("letters", "Һ", (Paragraph(text),)),))
    streams = _streams(write_pdf(report, tmp_path / "letters.pdf").read_bytes())
    assert set(KAZAKH_LETTERS) <= _to_unicode(streams)


def test_xlsx_holds_every_table(sample_store: Store, tmp_path: Path) -> None:
    report = build_report(sample_store, "ru")
    path = write_xlsx(report, tmp_path / "r.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "report",
        "summary",
        "profiles",
        "disparities",
        "convergence",
        "kpi",
        "indicators",
        "sources",
    ]
    ws = wb["summary"]
    frame = report.sections[0].tables()[0].frame
    assert [c.value for c in ws[1]] == list(frame.columns)
    assert ws.max_row == len(frame) + 1
    assert ws.cell(2, 4).value == pytest.approx(float(frame.iloc[0, 3]))
    assert wb["report"]["A1"].value == "Региональное развитие Казахстана"

"""The measure of how full a page is."""

from __future__ import annotations

from ap4report.layout import page_fill


def test_page_fill_sees_an_empty_page(tmp_path):
    """The measure itself: a page with one line at the top is nearly empty, a page of
    text is nearly full."""
    from weasyprint import HTML

    short = tmp_path / "short.pdf"
    HTML(string="<style>@page{size:A4;margin:22mm 20mm 20mm}</style><p>One line.</p>").write_pdf(
        short
    )
    full = tmp_path / "full.pdf"
    lines = "".join(f"<p>Line {i}</p>" for i in range(200))
    HTML(string=f"<style>@page{{size:A4;margin:22mm 20mm 20mm}}</style>{lines}").write_pdf(full)
    assert page_fill(short)[0] < 0.1
    assert page_fill(full)[0] > 0.9

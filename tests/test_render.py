"""Rendering: data cannot become markup, the renderer reads nothing outside the project,
WeasyPrint errors fail the build, and cross-references are numbered and checked."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from ap4report.render import (
    Floats,
    RenderError,
    escape_markdown,
    markdown_to_html,
    project_url_fetcher,
    render_content,
    write_pdf,
)

from conftest import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"
STRINGS = {"figure": "Figure", "table": "Table"}


def test_markdown_in_data_stays_text():
    hostile = "[click](file:///etc/passwd) ![x](http://127.0.0.1:9/x.png) <b>bold</b> *em*"
    html = markdown_to_html(escape_markdown(hostile))
    assert "<a" not in html and "<img" not in html and "<b>" not in html and "<em>" not in html
    assert "file:///etc/passwd" in html  # still readable as text


@pytest.mark.parametrize(
    "text", ['it\'s "quoted" & <ok>', "# not a heading", "1. not a list", "a_b_c *d* `e` ~f~ #1"]
)
def test_escaped_text_renders_back_to_itself(text):
    import html

    rendered = markdown_to_html(f"x {escape_markdown(text)}")
    assert html.unescape(rendered.removeprefix("<p>x ").removesuffix("</p>\n")) == text


def content_file(tmp_path, text: str):
    path = tmp_path / "content.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_expressions_are_escaped_but_figures_are_markup(tmp_path):
    floats = Floats({"f": {"src": "x.svg", "alt": "alt", "source": "S."}}, {}, TEMPLATES, STRINGS)
    path = content_file(
        tmp_path, 'See {{ fig("f") }}: {{ value }}.\n\n{{ figure("f", "Cap <b>") }}\n'
    )
    html = render_content(path, {"value": "<script>alert(1)</script> {{ 7*7 }}"}, floats)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html.replace("\\", "")  # template syntax in data is not evaluated
    # A no-break space ties "Figure" to its number (never parted at a line end).
    assert '<a class="xref" href="#figure-f">Figure\u00a01</a>' in html
    assert "Cap &lt;b&gt;" in html


def test_references_before_placement_get_numbers(tmp_path):
    items = {name: {"src": f"{name}.svg", "alt": "a", "source": "S."} for name in ("a", "b")}
    floats = Floats(items, {}, TEMPLATES, STRINGS)
    text = '{{ fig("b") }} {{ fig("a") }}\n\n{{ figure("a", "A") }}\n\n{{ figure("b", "B") }}\n'
    html = render_content(content_file(tmp_path, text), {}, floats)
    assert ">Figure\u00a02</a> <a" in html and ">Figure\u00a01</a>" in html
    assert "Figure&nbsp;1.</span> A" in html and "Figure&nbsp;2.</span> B" in html


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{{ fig("nope") }}', "unknown figure"),
        ('{{ figure("f", "C") }}', "never referenced"),
        ('{{ fig("f") }}', "not placed"),
    ],
)
def test_broken_cross_references_fail(tmp_path, text, problem):
    floats = Floats({"f": {"src": "f.svg", "alt": "a", "source": "S."}}, {}, TEMPLATES, STRINGS)
    with pytest.raises((KeyError, ValueError), match=problem):
        render_content(content_file(tmp_path, text + "\n"), {}, floats)


def test_fetcher_serves_project_files_and_data_urls_only(tmp_path):
    inside = tmp_path / "inside.txt"
    inside.write_text("ok", encoding="utf-8")
    fetcher = project_url_fetcher(tmp_path)
    assert fetcher.fetch(inside.as_uri()).read() == b"ok"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in (
        "file:///etc/passwd",
        (tmp_path / ".." / "escape.txt").as_uri(),
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError, match="blocked"):
            fetcher.fetch(url)


def test_symlink_out_of_the_project_is_blocked(tmp_path):
    (tmp_path / "link.txt").symlink_to("/etc/hostname")
    with pytest.raises(ValueError, match="blocked"):
        project_url_fetcher(tmp_path).fetch((tmp_path / "link.txt").as_uri())


def test_pdf_renders_and_an_attachment_outside_the_project_fails(tmp_path):
    output = tmp_path / "ok.pdf"
    write_pdf('<html lang="en"><h1>Heading</h1><p>Text</p>', output, base_dir=tmp_path)
    assert "Heading" in PdfReader(output).pages[0].extract_text()
    hostile = '<html lang="en"><link rel="attachment" href="file:///etc/passwd"><p>x</p>'
    with pytest.raises(RenderError, match="etc/passwd"):
        write_pdf(hostile, tmp_path / "bad.pdf", base_dir=tmp_path)


def test_missing_image_fails_the_render(tmp_path):
    with pytest.raises(RenderError):
        write_pdf(
            '<html lang="en"><img src="missing.svg" alt="x">', tmp_path / "x.pdf", base_dir=tmp_path
        )

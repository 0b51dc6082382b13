"""Hostile input from a stranger's pull request (issue 14): confined reads, inert output,
safe formatting, sane values. Each case is refused with a clear message that quotes no
file and no environment, or is rendered inert. The data-value cases are in the broken
corpus (tests/broken/, project/test_broken_inputs.py); the publishing cases in
test_publish.py and project/test_robustness.py."""

from __future__ import annotations

import copy
import http.server
import json
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from ap4report import archival, i18n
from ap4report.datapackage import DataPackage, MetadataError, load_yaml
from ap4report.paths import UnsafePath, check_config_paths
from ap4report.render import Floats, RenderError, check_links, render_content, write_pdf
from ap4report.urls import UnsafeURL, safe_url
from ap4report.validation import ValidationFailed, validate_package
from ap4report.web import CONTENT_SECURITY_POLICY, build_web_edition, web_edition_problems

from conftest import PROJECT_ROOT, SMALL_PACKAGE

TEMPLATES = PROJECT_ROOT / "templates"
CHROMIUM = Path("/usr/bin/chromium")
SECRET = f"secret-{uuid.uuid4().hex}"


@pytest.fixture
def secret_file(tmp_path_factory):
    """A file outside the project holding a secret (like .git/config's token)."""
    path = tmp_path_factory.mktemp("outside") / "config"
    path.write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    return path


# 3. Reads outside the project ------------------------------------------------------------


def package_with_path(small_package, path: str) -> DataPackage:
    descriptor = copy.deepcopy(SMALL_PACKAGE)
    descriptor["resources"][1]["path"] = path
    (small_package.root / "datapackage.yaml").write_text(yaml.safe_dump(descriptor))
    return DataPackage.load(small_package.root / "datapackage.yaml")


def test_a_symlink_out_of_data_is_refused_without_its_content(small_package, secret_file):
    (small_package.root / "spending.csv").unlink()
    (small_package.root / "spending.csv").symlink_to(secret_file)
    with pytest.raises(ValidationFailed) as raised:
        validate_package(DataPackage.load(small_package.root / "datapackage.yaml"))
    message = str(raised.value)
    assert "datapackage.yaml, line" in message and "a file inside" in message
    assert SECRET not in message and "extraheader" not in message


@pytest.mark.parametrize("path", ["/proc/self/environ", "../../../../../proc/self/environ"])
def test_the_environment_is_never_printed(small_package, monkeypatch, path):
    monkeypatch.setenv("AP4_CANARY_TOKEN", SECRET)
    with pytest.raises(ValidationFailed) as raised:
        validate_package(package_with_path(small_package, path))
    assert SECRET not in str(raised.value) and "AP4_CANARY_TOKEN" not in str(raised.value)
    assert "datapackage.yaml, line" in str(raised.value)


def test_an_absolute_resource_path_is_refused_where_the_workflow_starts(small_package):
    with pytest.raises(UnsafePath, match="not inside"):
        _ = package_with_path(small_package, "/etc/passwd")["spending"].path


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("references", "../.git/config"),
        ("references", "/etc/passwd"),
        ("package", "../etc/datapackage.yaml"),
    ],
)
def test_config_paths_stay_in_their_folders(key, value, monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)
    config = {
        "report": {"references": "content/references.json"},
        "data": {"package": "data/datapackage.yaml"},
    }
    check_config_paths(config)
    config["report" if key == "references" else "data"][key] = value
    with pytest.raises(UnsafePath, match=f"config .*{key}"):
        check_config_paths(config)


def test_content_cannot_include_a_file_outside_its_folder(tmp_path, secret_file):
    (tmp_path / "x.md").symlink_to(secret_file)
    (tmp_path / "report.md").write_text('Before {% include "x.md" %} after.\n')
    floats = Floats({}, {}, TEMPLATES, {"figure": "Figure", "table": "Table"})
    with pytest.raises(UnsafePath, match=r"x\.md") as raised:
        render_content(tmp_path / "report.md", {}, floats)
    assert SECRET not in str(raised.value)
    (tmp_path / "report.md").write_text('{% include "../config" %}\n')
    with pytest.raises(Exception, match="config") as raised:
        render_content(tmp_path / "report.md", {}, floats)
    assert SECRET not in str(raised.value)


# 2. Secrets in the published PDF ----------------------------------------------------------


def test_an_attachment_link_in_the_content_is_refused(tmp_path, secret_file):
    for html in (
        '<p><a rel="attachment" href=".git/config">notes</a></p>',
        f'<link rel="attachment" href="{secret_file.as_uri()}">',
    ):
        with pytest.raises(RenderError, match="attachment"):
            check_links(f'<html lang="en"><body>{html}</body></html>')


def test_the_renderer_reads_only_the_files_it_is_given(tmp_path):
    """Even past the HTML check, WeasyPrint cannot attach a project file it was not given."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/config").write_text(f"token = {SECRET}\n")
    html = '<html lang="en"><a rel="attachment" href=".git/config">x</a><p>Text</p></html>'
    with pytest.raises(RenderError, match="blocked"):
        write_pdf(html, tmp_path / "x.pdf", base_dir=tmp_path, allowed=[])
    assert not (tmp_path / "x.pdf").exists()


# 4. Markup injection and network loads ----------------------------------------------------

INJECTED_URL = 'https://example.org/"ping="http://127.0.0.1:9/p" style="position:fixed;inset:0'


@pytest.mark.parametrize(
    "url",
    [
        INJECTED_URL,
        "javascript:alert(1)",
        "https://example.org/a b",
        "//example.org/x",
        "file:///etc/passwd",
        "data:text/html,<script>1</script>",
        "https://exa<mple.org/",
        "https://example.org/\u202etxt.exe",
    ],
)
def test_only_plain_http_urls_pass(url):
    with pytest.raises(UnsafeURL):
        safe_url(url)
    assert safe_url("https://example.org/a?b=c&d=e#f") == "https://example.org/a?b=c&d=e#f"


def reference(**fields) -> dict:
    return {
        "id": "x",
        "type": "webpage",
        "title": "A title",
        "author": [{"literal": "An Author"}],
        "issued": {"date-parts": [[2024]]},
        **fields,
    }


def test_a_quote_in_a_reference_url_is_refused(tmp_path):
    from ap4report.citations import Bibliography

    path = tmp_path / "references.json"
    path.write_text(json.dumps([reference(URL=INJECTED_URL)]), encoding="utf-8")
    with pytest.raises(UnsafeURL, match=r"references\.json: reference 'x', URL"):
        Bibliography(path)


def test_a_url_like_text_in_a_reference_stays_text(tmp_path):
    from lxml import html

    from ap4report.citations import Bibliography

    path = tmp_path / "references.json"
    path.write_text(json.dumps([reference(title=f"See {INJECTED_URL}")]), encoding="utf-8")
    bibliography = Bibliography(path)
    bibliography.cite("x")
    [(_, entry)] = bibliography.entries()
    fragment = html.fragment_fromstring(f"<li>{entry}</li>")
    for element in fragment.iter():
        assert set(element.attrib) <= {"href"}, element.attrib
        assert "ping" not in element.attrib and "style" not in element.attrib
    check_links(f'<html lang="en"><body><ol><li>{entry}</li></ol></body></html>')


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">', "not allowed"),
        (
            '<div style="background: image-set(&quot;http://127.0.0.1:9/a&quot; 1x)">x</div>',
            "style",
        ),
        ('<img src="x.svg" srcset="http://127.0.0.1:9/a 2x" alt="">', "srcset"),
        ('<svg><use href="http://127.0.0.1:9/s.svg#a"/></svg>', "loads"),
        ("<style>@import 'http://127.0.0.1:9/c.css';</style>", "not allowed"),
        ('<p style="background: u\\72l(http://127.0.0.1:9/e)">x</p>', "style"),
        ('<a href="javascript:alert(1)">x</a>', "links to"),
        ('<a href="https://e.org/" ping="http://127.0.0.1:9/">x</a>', "ping"),
        ('<img src="/etc/passwd" alt="">', "not a file of this build"),
    ],
)
def test_the_report_html_is_checked_for_loads_and_links(html, problem):
    with pytest.raises(RenderError, match=problem):
        check_links(f'<html lang="en"><body>{html}</body></html>', files=["x.svg"])


HOSTILE_PAGE_PARTS = {
    "image-set": '<div style="height:9px;background-image:image-set('
    '&quot;http://127.0.0.1:{port}/image-set.png&quot; 1x)">x</div>',
    "escaped url()": '<div style="height:9px;background:u\\72l(http://127.0.0.1:{port}/escaped)">x</div>',
    "srcset": '<img alt="" srcset="http://127.0.0.1:{port}/srcset.png 1x">',
    "img": '<img alt="" src="http://127.0.0.1:{port}/img.png">',
    "svg use": '<svg><use href="http://127.0.0.1:{port}/use.svg#a"/></svg>',
    "css @import": "<style>@import url(http://127.0.0.1:{port}/import.css);</style>",
    "stylesheet": '<link rel="stylesheet" href="http://127.0.0.1:{port}/link.css">',
    "prefetch": '<link rel="prefetch" href="http://127.0.0.1:{port}/prefetch">',
    "iframe": '<iframe src="http://127.0.0.1:{port}/frame"></iframe>',
    "ping": '<a id="p" href="#p" ping="http://127.0.0.1:{port}/ping">p</a>',
}


def test_the_web_edition_check_finds_every_kind_of_load():
    page = web_page()
    assert web_edition_problems(page) == []
    # Text that merely mentions CSS words is no load (alt texts come from the data).
    text = '<p title="an image (2024), @import, image-set(x)">image-set(x)</p>'
    assert web_edition_problems(page.replace("</main>", text + "</main>")) == []
    for name, part in HOSTILE_PAGE_PARTS.items():
        hostile = page.replace("</main>", part.format(port=9) + "</main>")
        assert web_edition_problems(hostile), f"{name} was not found"
    refresh = page.replace("<title>", '<meta http-equiv="refresh" content="0;url=http://e.org/">')
    assert any("http-equiv" in p for p in web_edition_problems(refresh + "<title>"))
    assert any(
        "Content-Security-Policy" in p
        for p in web_edition_problems(
            page.replace(CONTENT_SECURITY_POLICY.replace("'", "&#39;"), "default-src *")
        )
    )


def test_a_refresh_in_the_print_html_never_reaches_the_web_edition():
    print_html = PRINT_HTML.replace(
        "<main>", '<main><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">'
    )
    with pytest.raises(ValueError, match="http-equiv"):
        web_page(print_html)


PRINT_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>T</title></head>
<body><header class="title-block"><h1>T</h1></header>
<main><p>Text <a href="https://example.org/">a source</a>.</p></main></body></html>
"""


def web_page(print_html: str = PRINT_HTML) -> str:
    return build_web_edition(
        print_html,
        svg_files={},
        data_files={},
        fonts=[],
        css=TEMPLATES / "web.css",
        pdf_name="report.pdf",
    )


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):
        Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian: chromium)")
def test_the_policy_stops_every_load_in_chromium(tmp_path):
    """Every kind of load injected into a finished web edition, past its checks: the
    page's Content-Security-Policy lets Chromium make no request at all. (A refresh is
    navigation, which a policy cannot stop: the checks above refuse it.)"""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    Recorder.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        parts = "".join(part.format(port=port) for part in HOSTILE_PAGE_PARTS.values())
        page = web_page().replace("</main>", parts + "</main>")
        path = tmp_path / "hostile.html"
        path.write_text(page, encoding="utf-8")
        # The same page without its policy does load: the listener can see requests.
        unprotected = tmp_path / "unprotected.html"
        unprotected.write_text(page.replace("Content-Security-Policy", "x-none"), encoding="utf-8")
        for page_path, expect_requests in ((unprotected, True), (path, False)):
            Recorder.requests = []
            subprocess.run(
                [
                    str(CHROMIUM),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    f"--user-data-dir={tmp_path / 'profile'}",
                    "--virtual-time-budget=3000",
                    "--dump-dom",
                    page_path.as_uri(),
                ],
                capture_output=True,
                timeout=120,
            )
            time.sleep(0.3)
            assert bool(Recorder.requests) == expect_requests, Recorder.requests
    finally:
        server.shutdown()


# 5. Format strings --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "{date.__class__.__mro__[1].__subclasses__}",
        "{date.year}",
        "{date[0]}",
        "{date!r}",
        "{date:>999999999}",
        "{0}",
    ],
)
def test_texts_are_formatted_without_attribute_or_index_access(text):
    import datetime

    with pytest.raises(i18n.UnsafeFormat, match=r"strings\.yaml, date: expected"):
        i18n.safe_format(text, "strings.yaml, date", date=datetime.date(2026, 1, 1))
    assert i18n.safe_format("{date}.", "x", date="1 May") == "1 May."


def test_a_catalog_cannot_reach_into_objects(tmp_path):
    catalog = tmp_path / "figures.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "{n} areas"\nmsgstr "{n.__class__.__mro__} obszary"\n',
        encoding="utf-8",
    )
    with pytest.raises(i18n.UnsafeFormat, match=r"figures.po, line 5"):
        i18n.load("pl", "pl_PL", [catalog])


def test_a_brief_title_cannot_reach_into_objects():
    from ap4report.assemble import document_info

    words = {"series": "S", "keywords": [], "brief_title": "{partner.__class__}"}
    words |= {"brief_subtitle": "{partner}", "brief_series": "B"}
    with pytest.raises(i18n.UnsafeFormat, match="brief_title"):
        document_info(
            {},
            {"kind": "brief", "partner": "JPN", "language": "en"},
            words,
            {"partner": {"JPN": {"name": "Japan"}}},
            {"authors": []},
        )


# 6. Values, metadata and environment ---------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_within_a_second(tmp_path):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    path = tmp_path / "datapackage.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(MetadataError, match=r"datapackage.yaml, line \d+: expected YAML that"):
        load_yaml(path)
    assert time.perf_counter() - started < 1.0


def test_a_yaml_file_too_large_is_refused(tmp_path, monkeypatch):
    from ap4report import datapackage

    path = tmp_path / "strings.yaml"
    path.write_text("title: " + "x" * 1000 + "\n", encoding="utf-8")
    monkeypatch.setattr(datapackage, "MAX_YAML_BYTES", 500)
    with pytest.raises(MetadataError, match=r"strings\.yaml: expected a YAML file of at most 500"):
        load_yaml(path)


@pytest.mark.parametrize("problem", ["duplicate", "missing"])
def test_resource_names_must_be_present_and_unique(small_package, problem):
    descriptor = copy.deepcopy(SMALL_PACKAGE)
    if problem == "duplicate":
        descriptor["resources"][1]["name"] = "countries"
        expected = r"line \d+: expected a name used by one resource only \('countries'"
    else:
        del descriptor["resources"][1]["name"]
        expected = r"line \d+: expected a `name:`"
    (small_package.root / "datapackage.yaml").write_text(yaml.safe_dump(descriptor))
    with pytest.raises(MetadataError, match=expected):
        _ = DataPackage.load(small_package.root / "datapackage.yaml").resources


@pytest.mark.parametrize("value", ["abc", "-1", "１２３", "1e9", "99999999999999999999", " 12"])
def test_source_date_epoch_is_checked(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH: expected whole seconds"):
        archival.source_date_epoch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert archival.build_date("2026-11-27").year == 2023


def test_formula_cells_are_neutralised_in_attached_csvs(tmp_path, monkeypatch):
    text = 'name,value\n=HYPERLINK("http://e.org"),-3.5\n@SUM(A1),+1\n"-2+3",ok\nplain,1\n'
    safe = archival.spreadsheet_safe_csv(text)
    assert "'=HYPERLINK" in safe and "'@SUM(A1)" in safe and "'-2+3" in safe
    assert ",-3.5\n" in safe and ",+1\n" in safe and "plain,1\n" in safe
    clean = "name,value\nPoland,4.15\nJapan,-1.0\n"
    assert archival.spreadsheet_safe_csv(clean) == clean  # byte for byte
    path = tmp_path / "figure.csv"
    path.write_text(text, encoding="utf-8")
    import weasyprint

    monkeypatch.setattr(weasyprint, "Attachment", lambda **kwargs: kwargs)
    attachment = archival.data_attachment(
        path, "figure-x.csv", "d", archival.build_date("2026-11-27")
    )
    assert attachment["string"] == safe


def test_an_error_quotes_short_excerpts_never_the_lines(small_package):
    """A file of long garbage lines: at most 25 problems, each one short line."""
    garbage = "\n".join(f"{'x' * 5000},{SECRET},{n},z" for n in range(200))
    small_package("spending.csv", "iso3,year,share_gdp_pct,signed\n" + garbage + "\n")
    with pytest.raises(ValidationFailed) as raised:
        validate_package(DataPackage.load(small_package.root / "datapackage.yaml"))
    lines = str(raised.value).splitlines()
    assert len(lines) <= 27 and all(len(line) < 400 for line in lines)


def test_bidi_controls_in_metadata_content_and_references_are_refused(tmp_path):
    from ap4report.citations import Bibliography

    metadata = tmp_path / "datapackage.yaml"
    metadata.write_text("name: x\ntitle: Japan \u202espent\nresources: []\n", encoding="utf-8")
    with pytest.raises(MetadataError, match=r"line 2: expected text without bidi.*column 14"):
        load_yaml(metadata)
    (tmp_path / "report.md").write_text("Fine.\n\nJapan spent \u200b2%.\n", encoding="utf-8")
    floats = Floats({}, {}, TEMPLATES, {"figure": "Figure", "table": "Table"})
    with pytest.raises(ValueError, match=r"report\.md, line 3, column 13: expected text without"):
        render_content(tmp_path / "report.md", {}, floats)
    references = tmp_path / "references.json"
    references.write_text(json.dumps([reference(title="A\u2066B")]), encoding="utf-8")
    with pytest.raises(ValueError, match=r"reference 'x': expected text without bidi.*U\+2066"):
        Bibliography(references)


def test_strings_and_catalogs_are_read_from_content_only(tmp_path, monkeypatch, secret_file):
    from ap4report.paths import content_files

    monkeypatch.chdir(tmp_path)
    (tmp_path / "content/pl").mkdir(parents=True)
    (tmp_path / "content/pl/strings.yaml").symlink_to(secret_file)
    content_files("content/pl/x.po")
    with pytest.raises(UnsafePath, match=r"strings\.yaml"):
        content_files("content/pl/strings.yaml")


def test_a_resource_path_out_of_data_stops_the_workflow_at_start_up(small_package):
    from ap4report.validation import resource_files

    package_with_path(small_package, "../../etc/passwd")
    with pytest.raises(
        ValidationFailed, match=r"datapackage\.yaml, line \d+: found '\.\./\.\./etc"
    ):
        resource_files(small_package.root / "datapackage.yaml")


@pytest.mark.parametrize("expression", ["{{ fig }}", "{{ cite }}", "{{ [fig] }}", "{{ n.f }}"])
def test_content_cannot_print_a_python_object(tmp_path, expression):
    """A helper's repr carries a memory address; the content may print values only."""
    (tmp_path / "report.md").write_text(f"Value {{{{ n.x }}}}; {expression}\n", encoding="utf-8")
    floats = Floats({}, {}, TEMPLATES, {"figure": "Figure", "table": "Table"})
    context = {"n": {"x": 1.5, "f": object()}}
    with pytest.raises(ValueError, match="the content prints a"):
        render_content(tmp_path / "report.md", {**context, "cite": print}, floats)


@pytest.mark.parametrize(
    "payload",
    [
        "<noscript><!-- </noscript>"
        '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/x"> --></noscript>',
        '<template><img src="http://127.0.0.1:9/x"></template>',
        '<p>text</p><!-- <meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/x"> -->',
    ],
)
def test_markup_that_parsers_read_differently_is_refused(payload):
    """lxml and a browser disagree on what <noscript>, <template> and comments hold: a
    payload hidden there would pass the check and run in the browser."""
    from ap4report.render import RenderError, check_links

    with pytest.raises(RenderError, match="not inert"):
        check_links(f"<html><body>{payload}</body></html>")

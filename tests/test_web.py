"""The web edition: one self-contained HTML file with inline SVG figures, embedded fonts
and CSV downloads; checked on synthetic inputs and, in headless Chromium, on the real
report at phone width."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest

from ap4report.web import (
    CONTENT_SECURITY_POLICY,
    WebEditionError,
    build_web_edition,
    font_faces,
    inline_svg,
    web_edition_problems,
)

from conftest import MAIN_EDITION, PROJECT_ROOT, build_copy

TEMPLATES = PROJECT_ROOT / "templates"
FONTS = sorted((PROJECT_ROOT / "fonts").glob("*.ttf"))
CHROMIUM = Path("/usr/bin/chromium")
NAME = MAIN_EDITION

# Two SVGs as matplotlib writes them: the same element and clip-path ids in both.
SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="200pt" height="100pt"
     viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
 <defs><style type="text/css">*{{stroke-linejoin: round; stroke-linecap: butt}}</style></defs>
 <g id="figure_1">
  <defs><path id="m1" d="M 0 0 L 0 3.5"/></defs>
  <g clip-path="url(#clip1)"><use xlink:href="#m1" x="10" y="20"/></g>
  <rect x="0" y="0" width="5" height="5" style="fill: url(#h1)"/>
  <text style="font-family: 'Noto Sans'" x="5" y="90">{label}</text>
 </g>
 <defs>
  <clipPath id="clip1"><rect x="0" y="0" width="200" height="100"/></clipPath>
  <pattern id="h1" width="4" height="4"><path d="M 0 0 L 4 4"/></pattern>
 </defs>
</svg>
"""
PRINT_HTML = """<!DOCTYPE html>
<html lang="pl">
<head>
<meta charset="utf-8">
<title>Bulletin &amp; data</title>
<meta name="author" content="Team">
<link rel="stylesheet" href="templates/report.css">
</head>
<body>
<header class="title-block"><h1>Bulletin &lt;one&gt;</h1></header>
<main>
<p>See <a class="xref" href="#figure-alpha">Figure 1</a>, <a class="xref"
href="#figure-beta">Figure 2</a> and <a class="xref" href="#table-alpha">Table 1</a>.
Data: <code>&lt;script&gt;alert(1)&lt;/script&gt;</code>; a source:
<a href="https://example.org/data">example.org</a>.</p>
<figure class="figure" id="figure-alpha">
  <img src="figures/alpha.svg" alt="Alpha &amp; &quot;quoted&quot; bars">
  <figcaption><span class="label">Figure 1.</span> Alpha.</figcaption>
</figure>
<figure class="figure" id="figure-beta">
  <img src="figures/beta.svg" alt="Beta line">
  <figcaption><span class="label">Figure 2.</span> Beta.</figcaption>
</figure>
<figure class="table" id="table-alpha">
  <figcaption><span class="label">Table 1.</span> Alpha, tabulated.</figcaption>
  <table><thead><tr><th scope="col">Country</th><th scope="col" class="num">Value</th></tr></thead>
  <tbody><tr><th scope="row">Poland</th><td class="num">4.15</td></tr></tbody></table>
  <p class="source">Source: us.</p>
</figure>
</main>
<section class="appendix"><h2 id="appendix">Appendix</h2></section>
</body>
</html>
"""
CSVS = {
    "figure-alpha.csv": "country,value\nPoland,4.15\nJapan,1.37\n",
    "figure-beta.csv": 'year,value,note\n2024,1.0,"a, quoted ""note"""\n2025,2.0,zażółć\n',
    "table-alpha.csv": "Country,Value\nPoland,4.15\n",
}


@pytest.fixture
def inputs(tmp_path):
    svgs = {}
    for figure_id in ("alpha", "beta"):
        svgs[figure_id] = tmp_path / f"{figure_id}.svg"
        svgs[figure_id].write_text(SVG.format(label=figure_id.title()), encoding="utf-8")
    data = {}
    for name, text in CSVS.items():
        data[name] = tmp_path / name
        data[name].write_bytes(text.encode("utf-8"))
    return {
        "svg_files": svgs,
        "data_files": data,
        "fonts": FONTS,
        "css": TEMPLATES / "web.css",
        "pdf_name": "bulletin.pdf",
    }


def parse(page: str):
    from lxml import html

    return html.document_fromstring(page)


def decode_data_url(url: str) -> tuple[str, bytes]:
    header, _, payload = url.removeprefix("data:").partition(",")
    if header.endswith(";base64"):
        return header.removesuffix(";base64"), base64.b64decode(payload, validate=True)
    return header, unquote_to_bytes(payload)


def test_ids_are_unique_and_every_reference_resolves(inputs):
    page = build_web_edition(PRINT_HTML, **inputs)
    document = parse(page)
    ids = [element.get("id") for element in document.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    assert {"svg-alpha-figure_1", "svg-beta-figure_1", "svg-alpha-clip1", "svg-beta-clip1"} <= set(
        ids
    )
    fragments = re.findall(r'href="#([^"]+)"', page) + re.findall(r"url\(#([^)]+)\)", page)
    assert fragments and set(fragments) <= set(ids)
    # each figure's references point into its own SVG
    assert 'clip-path="url(#svg-alpha-clip1)"' in page and 'xlink:href="#svg-beta-m1"' in page
    assert "fill: url(#svg-beta-h1)" in page
    assert web_edition_problems(page) == []


def test_figures_are_inline_scalable_labelled_svg_with_text(inputs):
    page = build_web_edition(PRINT_HTML, **inputs)
    assert "<img" not in page and "<?xml" not in page and "DOCTYPE svg" not in page
    assert "<metadata" not in page and "rdf:" not in page
    svgs = re.findall(r"<svg\b[^>]*>", page)
    assert len(svgs) == 2
    for tag in svgs:
        assert 'role="img"' in tag and 'viewBox="0 0 200 100"' in tag and 'width="100%"' in tag
        assert "height=" not in tag and "200pt" not in tag
        # never narrower than drawn (200 pt = 267 px): its box scrolls instead
        assert 'style="min-width: 267px"' in tag
    document = parse(page)
    figure = document.get_element_by_id("figure-alpha")
    title = document.get_element_by_id("svg-alpha-title")
    assert figure.find(".//svg").get("aria-labelledby") == "svg-alpha-title"
    assert title.text_content() == 'Alpha & "quoted" bars'  # the alt text, escaped once
    assert 'Alpha &amp; "quoted" bars</title>' in page and "&amp;amp;" not in page
    assert document.get_element_by_id("svg-beta-title").text_content() == "Beta line"
    assert [t.text_content() for t in document.iter("text")] == ["Alpha", "Beta"]
    # the SVG's own `*{…}` rule is scoped to that SVG, not to the page
    assert "#svg-alpha * {stroke-linejoin: round; stroke-linecap: butt}" in page
    assert "*{stroke-linejoin" not in page


def test_csv_links_embed_the_exact_bytes(inputs):
    page = build_web_edition(PRINT_HTML, **inputs)
    document = parse(page)
    links = {a.get("download"): a for a in document.iter("a") if a.get("download")}
    assert set(links) == set(CSVS)
    for name, link in links.items():
        media_type, data = decode_data_url(link.get("href"))
        assert media_type == "text/csv;charset=utf-8"
        assert data == inputs["data_files"][name].read_bytes()
        owner = link.getparent().getparent()  # <p class="download"> inside the float
        assert f"{owner.get('id')}.csv" == name
    assert links["figure-beta.csv"].text_content().startswith("Download the data for Figure 2 (")
    assert links["table-alpha.csv"].text_content().startswith("Download the data for Table 1 (")
    table = document.get_element_by_id("table-alpha")
    wrapper = table.find(".//table").getparent()
    assert wrapper.get("class") == "table-scroll" and wrapper.get("tabindex") == "0"


def test_fonts_and_styles_are_embedded_and_nothing_is_loaded(inputs):
    page = build_web_edition(PRINT_HTML, **inputs)
    document = parse(page)
    assert document.get("lang") == "pl"
    assert document.find(".//title").text == "Bulletin & data"
    assert document.find('.//meta[@name="author"]').get("content") == "Team"
    viewport = document.find('.//meta[@name="viewport"]')
    assert viewport.get("content") == "width=device-width, initial-scale=1"
    assert document.find(".//link") is None and document.find(".//script") is None
    styles = document.findall(".//style")
    assert len(styles) == 1 + 2  # the page's, and one per SVG
    sources = re.findall(r"src: url\(\"([^\"]+)\"\) format\(\"truetype\"\)", styles[0].text)
    assert len(sources) == len(FONTS)
    for url in sources:
        media_type, data = decode_data_url(url)
        assert media_type == "font/ttf" and data[:4] == b"\x00\x01\x00\x00"
    assert '"Noto Serif"; font-weight: 700; font-style: italic' in styles[0].text
    assert "@page" not in styles[0].text
    for element in document.iter():
        for name in ("src", "srcset", "href", "xlink:href"):
            value = element.get(name) or ""
            if element.tag != "a":
                assert not re.match(r"(https?:)?//", value), (element.tag, name, value)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    nav = document.find(".//nav[@class='downloads']")
    assert [a.get("href") for a in nav.iter("a")] == ["bulletin.pdf", "#appendix"]
    # external citation links stay; the print text stays escaped
    assert 'href="https://example.org/data"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Bulletin &lt;one&gt;" in page


def test_figures_sit_in_a_named_box_that_scrolls_sideways(inputs):
    document = parse(build_web_edition(PRINT_HTML, **inputs))
    for figure_id, label in (("alpha", "Figure 1"), ("beta", "Figure 2")):
        svg = document.get_element_by_id(f"svg-{figure_id}")
        box = svg.getparent()
        assert box.tag == "div" and box.get("class") == "figure-scroll"
        assert box.get("role") == "region" and box.get("tabindex") == "0"
        assert box.get("aria-label") == label
        assert box.getparent().get("id") == f"figure-{figure_id}"
    css = (TEMPLATES / "web.css").read_text(encoding="utf-8")
    assert re.search(r"\.figure-scroll \{ overflow-x: auto;", css)


def test_the_manifest_is_not_shown_to_readers_but_has_a_hook(inputs):
    from ap4report.web import manifest_link

    page = build_web_edition(PRINT_HTML, **inputs, manifest_name="manifest.json")
    assert "manifest.json" not in page and "Build manifest" not in page
    link = manifest_link("manifest.json")
    assert link.get("href") == "manifest.json" and link.text == "Build manifest (JSON)"
    assert link.get("type") == "application/json"
    with pytest.raises(WebEditionError):
        manifest_link("https://example.org/manifest.json")


def test_the_language_switch_links_the_sibling_editions(inputs):
    page = build_web_edition(PRINT_HTML, **inputs, translations={"pl": "nato-ap4-bulletin-pl.html"})
    document = parse(page)
    nav = document.find(".//nav[@class='languages']")
    assert nav is not None and nav.get("aria-label") == "Other languages"
    (link,) = nav.iter("a")
    assert link.get("href") == "nato-ap4-bulletin-pl.html" and link.text == "Polski"
    assert link.get("hreflang") == "pl" and link.get("lang") == "pl"
    assert link.get("rel") == "alternate"
    assert web_edition_problems(page) == []
    english = build_web_edition(
        PRINT_HTML,
        **inputs,
        translations={"en": "nato-ap4-brief-jpn.html"},
        labels={"languages": "Inne wersje językowe"},
    )
    nav = parse(english).find(".//nav[@class='languages']")
    assert nav.get("aria-label") == "Inne wersje językowe"
    assert [(a.get("href"), a.text) for a in nav.iter("a")] == [
        ("nato-ap4-brief-jpn.html", "English")
    ]
    assert parse(build_web_edition(PRINT_HTML, **inputs)).find(".//nav[@class='languages']") is None
    with pytest.raises(WebEditionError):
        build_web_edition(PRINT_HTML, **inputs, translations={"pl": "../other/page.html"})


def test_translations_name_the_same_edition_in_the_other_languages():
    from ap4report.editions import editions, translations

    config = {
        "report": {
            "name": "nato-ap4-bulletin",
            "annex_name": "nato-ap4-annex",
            "brief_name": "nato-ap4-brief",
        },
        "languages": {"en": {"locale": "en"}, "pl": {"locale": "pl_PL"}},
        "editions": {"languages": ["en", "pl"], "main": True, "briefs": ["JPN"]},
        "analysis": {"partners": ["AUS", "JPN", "KOR", "NZL"]},
    }
    built = editions(config)
    assert translations(config, built["nato-ap4-bulletin"]) == {"pl": "nato-ap4-bulletin-pl"}
    assert translations(config, built["nato-ap4-bulletin-pl"]) == {"en": "nato-ap4-bulletin"}
    assert translations(config, built["nato-ap4-brief-jpn"]) == {"pl": "nato-ap4-brief-jpn-pl"}
    assert translations(config, built["nato-ap4-brief-jpn-pl"]) == {"en": "nato-ap4-brief-jpn"}
    # Only languages the build makes: no link to a page that is not published.
    english_only = {**config, "editions": {**config["editions"], "languages": ["en"]}}
    assert translations(english_only, built["nato-ap4-bulletin"]) == {}


def test_the_edition_is_deterministic(inputs):
    assert build_web_edition(PRINT_HTML, **inputs) == build_web_edition(PRINT_HTML, **inputs)


def test_missing_or_unused_files_fail(inputs):
    with pytest.raises(WebEditionError, match="no SVG given for figure 'beta'"):
        build_web_edition(
            PRINT_HTML, **{**inputs, "svg_files": {"alpha": inputs["svg_files"]["alpha"]}}
        )
    data = dict(inputs["data_files"])
    del data["table-alpha.csv"]
    with pytest.raises(WebEditionError, match="no CSV given for table-alpha"):
        build_web_edition(PRINT_HTML, **{**inputs, "data_files": data})
    data = {**inputs["data_files"], "figure-gamma.csv": inputs["data_files"]["table-alpha.csv"]}
    with pytest.raises(WebEditionError, match=r"figure-gamma\.csv"):
        build_web_edition(PRINT_HTML, **{**inputs, "data_files": data})
    for name in ("https://example.org/x.pdf", "../x.pdf", "/x.pdf"):
        with pytest.raises(WebEditionError, match="plain file name"):
            build_web_edition(PRINT_HTML, **{**inputs, "pdf_name": name})
    scripted = PRINT_HTML.replace("</main>", "<script>alert(1)</script></main>")
    with pytest.raises(WebEditionError, match="script"):
        build_web_edition(scripted, **inputs)


def test_a_broken_svg_reference_fails(inputs):
    broken = SVG.format(label="x").replace('xlink:href="#m1"', 'xlink:href="#nowhere"')
    with pytest.raises(WebEditionError, match="#nowhere"):
        inline_svg(broken.encode(), "svg-x", "alt")


def test_problems_are_found_in_a_page_that_is_not_self_contained():
    page = """<!DOCTYPE html><html><head><link rel="stylesheet" href="https://e.org/a.css">
    <style>@import "b.css"; body { background: url(http://e.org/b.png) }</style></head>
    <body><p id="a">x</p><p id="a">y</p><a href="#nowhere">z</a><img src="//e.org/c.png">
    <svg><use xlink:href="#missing"/></svg><script>1</script><p onclick="x()">w</p>
    <a href="https://example.org/ok">a source is fine</a></body></html>"""
    problems = "\n".join(web_edition_problems(page))
    for expected in (
        "<link href> loads 'https://e.org/a.css'",
        "imports a style sheet",
        "loads 'http://e.org/b.png'",
        "the id 'a' occurs 2 times",
        "refers to #nowhere",
        "refers to #missing",
        "<img src> loads '//e.org/c.png'",
        "<script> is not allowed",
        "event handler onclick",
    ):
        assert expected in problems
    assert "example.org/ok" not in problems


def test_font_faces_name_each_bundled_face():
    rules = font_faces(FONTS)
    assert rules.count("@font-face") == 8
    for family in ("Noto Sans", "Noto Serif"):
        for weight, style in ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic")):
            assert f'font-family: "{family}"; font-weight: {weight}; font-style: {style}' in rules


# --- the real report in headless Chromium ---------------------------------------------

# Appended to a copy of the edition (a file:// page cannot read another file:// page in
# an <iframe>: each file is its own origin). Writes "OK" or the problems into the page.
CHECK_SCRIPT = r"""
<script>
(async () => {
  const problems = [];
  const details = { svgs: 0, images: 0, internalReferences: 0, downloads: {}, fonts: {} };
  try {
    await Promise.allSettled([...document.fonts].map((face) => face.load()));
    await document.fonts.ready;
    for (const face of document.fonts) {
      const name = `${face.family.replaceAll('"', "")} ${face.weight} ${face.style}`;
      details.fonts[name] = face.status;
      if (face.status !== "loaded") problems.push(`font ${name} did not load: ${face.status}`);
    }
    const viewport = document.documentElement.clientWidth;
    details.viewport = viewport;
    for (const svg of document.querySelectorAll("svg")) {
      details.svgs += 1;
      const box = svg.getBoundingClientRect();
      if (!(box.width > 0 && box.height > 0)) problems.push(`svg#${svg.id} has an empty box`);
      // A figure never shrinks below its drawn size: where the screen is narrower, its
      // box scrolls sideways (and that box stays on the screen).
      const scroller = svg.closest(".figure-scroll");
      const frame = scroller ? scroller.getBoundingClientRect() : box;
      if (frame.left < -0.5 || frame.right > viewport + 0.5) {
        problems.push(`svg#${svg.id} is wider than the screen (${frame.left}-${frame.right})`);
      }
      if (box.width > frame.width + 0.5
          && !(scroller && getComputedStyle(scroller).overflowX === "auto"
               && scroller.scrollWidth > scroller.clientWidth)) {
        problems.push(`svg#${svg.id} is cut: its box does not scroll`);
      }
      // The smallest text as shown: its font size times the SVG's scale on the screen.
      const scale = box.width / svg.viewBox.baseVal.width;
      let smallest = Infinity;
      for (const text of svg.querySelectorAll("text")) {
        if (!text.textContent.trim()) continue;
        smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
      }
      details.smallestFigureText = Math.min(details.smallestFigureText ?? Infinity, smallest);
      if (smallest < 9) problems.push(`svg#${svg.id} shows text at ${smallest.toFixed(1)}px`);
      const view = svg.viewBox.baseVal;
      if (!view || !view.width) problems.push(`svg#${svg.id} has no viewBox`);
      else if (Math.abs(box.height / box.width - view.height / view.width) > 0.02) {
        problems.push(`svg#${svg.id} is distorted: ${box.width}x${box.height}`);
      }
      const texts = [...svg.querySelectorAll("text")];
      if (!texts.length || !texts.some((t) => t.getComputedTextLength() > 0)) {
        problems.push(`svg#${svg.id} shows no text`);
      }
      const label = svg.getAttribute("aria-labelledby");
      if (svg.getAttribute("role") !== "img" || !label
          || !(document.getElementById(label)?.textContent || "").trim()) {
        problems.push(`svg#${svg.id} has no accessible name`);
      }
    }
    for (const image of document.images) {
      details.images += 1;
      if (!image.complete || image.naturalWidth === 0) problems.push(`img ${image.src} is broken`);
    }
    const ids = new Map();
    for (const element of document.querySelectorAll("[id]")) {
      ids.set(element.id, (ids.get(element.id) || 0) + 1);
    }
    for (const [id, count] of ids) if (count > 1) problems.push(`id ${id} occurs ${count} times`);
    const resolve = (id, where) => {
      details.internalReferences += 1;
      if (!document.getElementById(id)) problems.push(`${where} refers to missing #${id}`);
    };
    for (const element of document.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        const where = `<${element.localName} ${attribute.name}>`;
        if (attribute.localName === "href" && attribute.value.startsWith("#")) {
          resolve(decodeURIComponent(attribute.value.slice(1)), where);
        }
        for (const match of attribute.value.matchAll(/url\(\s*['"]?#([^'")\s]+)/g)) {
          resolve(match[1], where);
        }
        if (attribute.name === "aria-labelledby" || attribute.name === "aria-describedby") {
          for (const id of attribute.value.split(/\s+/)) resolve(id, where);
        }
      }
    }
    for (const link of document.querySelectorAll('a[href^="data:"]')) {
      const response = await fetch(link.href);
      const bytes = await response.arrayBuffer();
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
        .map((b) => b.toString(16).padStart(2, "0")).join("");
      details.downloads[link.download] = {
        type: response.headers.get("content-type"), bytes: bytes.byteLength, sha256: digest,
      };
      if (!link.download.endsWith(".csv") || !bytes.byteLength || !text.includes("\n")) {
        problems.push(`data link ${link.download || "(no download name)"} is not a CSV`);
      }
    }
    if (!Object.keys(details.downloads).length) problems.push("no data links");
    if (document.documentElement.scrollWidth > window.innerWidth) {
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px`);
    }
    for (const wrapper of document.querySelectorAll(".table-scroll")) {
      if (wrapper.getBoundingClientRect().right > viewport + 0.5) {
        problems.push(`a table box overflows: ${wrapper.getBoundingClientRect().right}px`);
      }
    }
    const bodySize = parseFloat(getComputedStyle(document.querySelector("main p")).fontSize);
    details.bodyFontSize = bodySize;
    if (bodySize < 16) problems.push(`body text is ${bodySize}px`);
    for (const selector of ["main p", "figcaption", "td", "ol.references li"]) {
      const element = document.querySelector(selector);
      if (!element) continue;  // the bulletin has no table
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (size < 12) problems.push(`${selector} text is ${size}px`);
    }
    if (!document.fonts.check('16px "Noto Serif"') || !document.fonts.check('8px "Noto Sans"')) {
      problems.push("the Noto fonts are not available");
    }
  } catch (error) {
    problems.push(`the check failed: ${error}`);
  }
  const verdict = document.createElement("pre");
  verdict.id = "verdict";
  verdict.textContent = problems.length ? problems.join("\n") : "OK";
  const report = document.createElement("pre");
  report.id = "details";
  report.textContent = JSON.stringify(details);
  document.body.append(verdict, report);
})();
</script>
"""


@pytest.fixture(scope="module")
def real_build(tmp_path_factory, snakemake_env):
    """A fresh copy of the project, built (never this checkout's possibly stale build)."""
    return build_copy(tmp_path_factory, snakemake_env)


def real_edition(root: Path) -> tuple[str, dict[str, Path]]:
    """The web edition of a built report, and the CSV files it embeds."""
    print_html = (root / "results" / NAME / "report.html").read_text(encoding="utf-8")
    figures = re.findall(rf'<img src="figures/{NAME}/([^"/]+)\.svg"', print_html)
    data = {
        f"figure-{figure}.csv": root / "results" / NAME / "figures" / f"{figure}.csv"
        for figure in figures
    }
    for path in sorted((root / "results" / NAME / "tables").glob("*.csv")):
        data[f"table-{path.stem}.csv"] = path
    page = build_web_edition(
        print_html,
        svg_files={figure: root / "figures" / NAME / f"{figure}.svg" for figure in figures},
        data_files=data,
        fonts=sorted((root / "fonts").glob("*.ttf")),
        css=TEMPLATES / "web.css",
        pdf_name=f"{NAME}.pdf",
    )
    return page, data


def chromium(user_data: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={user_data}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian: chromium)")
def test_the_real_edition_works_in_chromium_at_phone_width(real_build, tmp_path):
    from PIL import Image

    page, data = real_edition(real_build)
    edition = tmp_path / f"{NAME}.html"
    edition.write_text(page, encoding="utf-8")
    assert web_edition_problems(page) == []
    assert page.count("<svg") == len([name for name in data if name.startswith("figure-")])
    print(f"web edition: {edition} ({len(page.encode())} bytes)")

    # (a) a phone-width screenshot: the page draws, with text, figures and colour
    screenshot = tmp_path / "web.png"
    result = chromium(
        tmp_path / "profile-a",
        f"--screenshot={screenshot}",
        "--window-size=390,2400",
        edition.as_uri(),
    )
    assert screenshot.is_file(), result.stderr[-2000:]
    print(f"phone screenshot: {screenshot}")
    with Image.open(screenshot) as image:
        assert image.size == (390, 2400)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 50  # None: more colours than that

    # (b) the check script, run in a copy of the edition at the same width
    checked = tmp_path / "checked.html"
    assert page.count("</body>") == 1
    # The page's policy forbids scripts: allow this one script (by its hash) and its
    # fetches of the page's own data: downloads, nothing else.
    script = re.search(r"<script>(.*)</script>", CHECK_SCRIPT, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = f"{CONTENT_SECURITY_POLICY}; script-src 'sha256-{digest}'; connect-src data:"
    assert page.count(CONTENT_SECURITY_POLICY.replace("'", "&#39;")) == 1
    checked_page = page.replace(CONTENT_SECURITY_POLICY.replace("'", "&#39;"), policy)
    checked.write_text(checked_page.replace("</body>", CHECK_SCRIPT + "</body>"), encoding="utf-8")
    result = chromium(
        tmp_path / "profile-b",
        "--window-size=390,2400",
        "--virtual-time-budget=5000",
        "--dump-dom",
        checked.as_uri(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    from lxml import html

    dom = html.document_fromstring(result.stdout)
    verdict = dom.get_element_by_id("verdict", None)
    assert verdict is not None, "the check script did not finish:\n" + result.stderr[-2000:]
    assert verdict.text_content() == "OK"
    details = json.loads(dom.get_element_by_id("details").text_content())
    assert details["svgs"] == page.count("<svg") and details["images"] == 0
    assert details["smallestFigureText"] >= 9  # CSS px, at phone width
    assert details["internalReferences"] > 50  # the bulletin: figures, citations, notes
    assert len(details["fonts"]) == 8 and set(details["fonts"].values()) == {"loaded"}
    assert details["downloads"].keys() == data.keys()
    for name, download in details["downloads"].items():
        expected = data[name].read_bytes()
        assert download["bytes"] == len(expected)
        assert download["sha256"] == hashlib.sha256(expected).hexdigest()
        assert download["type"].startswith("text/csv")


def test_real_edition_is_self_contained(real_build):
    page, data = real_edition(real_build)
    assert web_edition_problems(page) == []
    assert not re.search(r"<(img|link|script)\b", page)
    assert len(re.findall(r'download="[^"]+\.csv"', page)) == len(data)
    assert f'href="{NAME}.pdf"' in page and 'href="manifest.json"' not in page

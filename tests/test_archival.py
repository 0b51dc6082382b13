"""The distributed PDF: PDF/A-3a and PDF/UA-1, carries its data, honest metadata, embedded
fonts, vector figures, working links, a size budget, and byte-identical rebuilds."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
import yaml
from pypdf import PdfReader

from conftest import MAIN_EDITION, PROJECT_ROOT, build_copy

pytestmark = pytest.mark.slow
PDF = f"reports/{MAIN_EDITION}.pdf"
OUT = f"results/{MAIN_EDITION}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory, snakemake_env):
    """Two clean builds of the same inputs in two folders."""
    return [
        build_copy(tmp_path_factory, snakemake_env, name, fresh=True)
        for name in ("first", "second")
    ]


@pytest.fixture(scope="module")
def built(builds):
    return builds[0]


@pytest.mark.parametrize("profile", ["PDF_A_3A", "PDF_UA_1"])
def test_pdf_passes_the_archival_and_accessibility_validator(built, profile):
    page = pytest.importorskip("page")
    report = page.validate_pdf(str(built / PDF), profile=getattr(page.ValidationProfile, profile))
    problems = [str(getattr(f, "rule_id", f)) for f in report.failures]
    assert report.is_compliant, problems


def test_the_data_behind_every_figure_and_table_is_attached(built):
    reader = PdfReader(built / PDF)
    attached = {name: contents[0] for name, contents in reader.attachments.items()}
    expected = {
        f"figure-{path.stem}.csv": path for path in (built / OUT / "figures").glob("*.csv")
    } | {f"table-{path.stem}.csv": path for path in (built / OUT / "tables").glob("*.csv")}
    assert set(attached) == set(expected)
    for name, path in expected.items():
        assert attached[name] == path.read_bytes(), name
        assert list(csv.reader(io.StringIO(attached[name].decode("utf-8"))))[1:], name
    files = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    specs = [files[i + 1].get_object() for i in range(0, len(files), 2)]
    assert {spec["/AFRelationship"] for spec in specs} == {"/Data"}
    assert all(spec.get("/Desc") for spec in specs)


def test_metadata_is_complete_and_dated_from_the_config(built):
    reader = PdfReader(built / PDF)
    info = reader.metadata
    words = yaml.safe_load((PROJECT_ROOT / "content/en/strings.yaml").read_text("utf-8"))
    assert info["/Title"] in (words["title"], words["title_leaders_stay_away"])
    assert info["/Author"] and info["/Subject"] and "Japan" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:20261206")  # config: report.date
    assert info["/ModDate"] == info["/CreationDate"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "April 2025 release" in info["/dataeditionmilex"]


def test_fonts_are_embedded_subsets_and_none_is_type3(built):
    fonts = {}
    for page in PdfReader(built / PDF).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        # Only the bundled fonts: a fallback from the system would differ between machines.
        assert "+Noto-" in name, f"{name} is not a bundled font: a character lacks a glyph"
        assert font["/Subtype"] != "/Type3", name
        assert "+" in name, f"{name} is not a subset"
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_figures_are_vector_and_the_pdf_fits_the_budget(built):
    reader = PdfReader(built / PDF)
    images = [image for page in reader.pages for image in page.images]
    assert images == [], "figures should be vector drawings, not images"
    assert (built / PDF).stat().st_size <= 1.5e6


def test_links_are_clickable(built):
    reader = PdfReader(built / PDF)
    uris, internal = [], 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            action = annotation.get("/A", {})
            if action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            elif "/Dest" in annotation or action.get("/S") == "/GoTo":
                internal += 1
    assert any(uri.startswith("https://www.sipri.org") for uri in uris)
    assert internal >= 10, "cross-references and citations should jump to their targets"


def test_two_clean_builds_are_byte_identical(builds):
    first = builds[0]
    compared = [PDF, "reports/manifest.json"]
    compared += [str(p.relative_to(first)) for p in (first / "figures").glob("*/*.svg")]
    assert len(compared) > 8
    for name in compared:
        digests = [hashlib.sha256((folder / name).read_bytes()).hexdigest() for folder in builds]
        assert digests[0] == digests[1], name


def test_no_stream_ends_in_a_carriage_return():
    """A Flate stream whose last byte is CR would read as CRLF before `endstream`."""
    import zlib

    import pikepdf

    from ap4report.archival import without_cr_before_endstream

    data = next(
        payload
        for seed in range(100_000)
        if zlib.compress(payload := f"q {seed} 0 0 1 re f Q".encode(), 9).endswith(b"\r")
    )
    document = pikepdf.new()
    stream = document.make_stream(b"")
    stream.write(zlib.compress(data, 9), filter=pikepdf.Name.FlateDecode)
    document.Root.Extra = stream
    original = io.BytesIO()
    document.save(original)
    fixed = pikepdf.open(io.BytesIO(without_cr_before_endstream(original.getvalue())))
    assert not fixed.Root.Extra.read_raw_bytes().endswith(b"\r")
    assert fixed.Root.Extra.read_bytes() == data + b"\n"  # content ignores the newline


def test_a_font_stream_ending_in_a_carriage_return_is_stored_uncompressed():
    """Zero padding leaves the checksum's last byte as it is, so a TrueType font whose
    compressed data end in CR is stored uncompressed, its bytes unchanged."""
    import zlib

    import pikepdf

    from ap4report.archival import without_cr_before_endstream

    data = next(
        payload
        for seed in range(100_000)
        if zlib.compress(payload := b"\0\1\0\0" + seed.to_bytes(4, "big") + b"\0" * 8, 9).endswith(
            b"\r"
        )
    )
    document = pikepdf.new()
    font = document.make_stream(b"")
    font.write(zlib.compress(data, 9), filter=pikepdf.Name.FlateDecode)
    font.Length1 = len(data)
    document.Root.Descriptor = document.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontFile2=font)
    )
    original = io.BytesIO()
    document.save(original)
    fixed = pikepdf.open(io.BytesIO(without_cr_before_endstream(original.getvalue())))
    stream = fixed.Root.Descriptor.FontFile2
    assert stream.get("/Filter") is None and stream.read_raw_bytes() == data

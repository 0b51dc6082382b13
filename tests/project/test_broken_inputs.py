"""The broken-input corpus (tests/broken/): every broken file is rejected with its place.

Each case of `tests/broken/cases.yaml` is put in place in a copy of `data/` (a broken
file instead of a real one, and/or an edit of `datapackage.yaml`); validation must fail
with a message naming the file, the line and column where the case has them, and a
phrase of the expectation, and it must blame no other file.
"""

from __future__ import annotations

import csv
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from ap4report.datapackage import DataPackage
from ap4report.validation import ValidationFailed, validate_package, validate_resources

from conftest import DATA, copy_project, run_snakemake

BROKEN = Path(__file__).resolve().parents[1] / "broken"
CASES = yaml.safe_load((BROKEN / "cases.yaml").read_text(encoding="utf-8"))
LARGE_ROWS = 100_000
LARGE_SECONDS = 10.0


def resource_entry(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def load_yaml(path: Path):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def dump_yaml(document, path: Path) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def apply_case(case: dict, data: Path) -> Path:
    """Put a case in place in a copy of data/; return the path of datapackage.yaml."""
    metadata = data / "datapackage.yaml"
    descriptor = load_yaml(metadata)
    resource = resource_entry(descriptor, case["dataset"])
    if "file" in case:
        shutil.copyfile(BROKEN / case["file"], data / resource["path"])
    if "metadata" in case:
        edit = case["metadata"]
        target = resource
        if "field" in edit:
            target = next(f for f in resource["schema"]["fields"] if f["name"] == edit["field"])
        target.update(edit["set"])
        dump_yaml(descriptor, metadata)
    return metadata


@pytest.fixture
def data_copy(tmp_path):
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def test_the_corpus_has_every_required_case():
    ids = {case["id"] for case in CASES}
    required = {
        "latin1_encoding",
        "utf8_bom",
        "invalid_utf8",
        "delimiter_semicolon",
        "delimiter_tab",
        "missing_column",
        "extra_column",
        "text_in_number",
        "decimal_in_integer",
        "required_empty",
        "negative_amount",
        "percentage_above_100",
        "duplicate_primary_key",
        "iso_code_nonexistent",
        "iso_code_not_in_countries",
        "impossible_date",
        "future_date",
        "header_only",
        "empty_file",
        "whitespace_only",
        "ragged_row",
        "unterminated_quote",
        "metadata_integer_but_text",
        "metadata_column_renamed_in_csv",
        "metadata_missing_file",
    }
    assert required <= ids, required - ids
    assert len(ids) == len(CASES) >= 25
    for case in CASES:
        if "file" in case:
            assert (BROKEN / case["file"]).is_file(), case["file"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_broken_input_is_rejected_with_its_place(case, data_copy):
    package = DataPackage.load(apply_case(case, data_copy))
    with pytest.raises(ValidationFailed) as caught:
        validate_package(package)
    message = str(caught.value)
    names = case.get("names") or Path(package[case["dataset"]].descriptor["path"]).name
    # Only the broken file is blamed: the cut copies are otherwise valid.
    assert {Path(p.path).name for p in caught.value.problems} == {names}, message
    matching = [
        problem
        for problem in caught.value.problems
        if (case["line"] is None or problem.line == case["line"])
        and problem.column == case["column"]
        and case["phrase"] in str(problem)
    ]
    assert matching, f"no problem at line {case['line']}, column {case['column']!r}:\n{message}"
    shown = str(matching[0])
    assert shown in message
    where = f"{names}, line {case['line']}" if case["line"] is not None else names
    assert where in shown
    if case["column"] is not None:
        assert f'column "{case["column"]}"' in shown
    for problem in caught.value.problems:
        assert Path(problem.path).name in str(problem)
        if problem.path.endswith("datapackage.yaml"):  # the line holds the faulty entry
            assert problem.line, str(problem)
            text = Path(problem.path).read_text(encoding="utf-8").splitlines()[problem.line - 1]
            assert problem.value in text, (str(problem), text)


def test_a_long_value_is_shown_shortened(data_copy):
    """A 20,000-character cell is one problem, shown on one short line."""
    case = next(case for case in CASES if case["id"] == "very_long_field")
    with pytest.raises(ValidationFailed) as caught:
        validate_package(DataPackage.load(apply_case(case, data_copy)))
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert len(lines[1]) < 400
    assert "(20000 characters)" in lines[1]


def test_a_cell_beyond_the_csv_modules_limit_is_named(data_copy):
    """Longer than the csv module reads (131,072 characters): reported, not a crash."""
    path = data_copy / "milex.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",Australia,", "," + "x" * 200_000 + ",", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        validate_resources(DataPackage.load(data_copy / "datapackage.yaml"), ["milex"])
    assert 'milex.csv, line 4, column "sipri_country"' in str(caught.value)
    # The csv module's limit is process-global (frictionless, imported by other tests,
    # raises it); either the reader's limit or the validator's cell limit names the cell.
    assert re.search(r"at most (131072|10000) characters", str(caught.value))


def test_the_future_is_the_day_of_the_run(data_copy, monkeypatch):
    """`not_after: today` compares with the date the validation runs on."""
    import datetime

    from ap4report import validation

    case = next(case for case in CASES if case["id"] == "future_partial_date")
    package = DataPackage.load(apply_case(case, data_copy))
    monkeypatch.setattr(validation, "today", lambda: datetime.date(2099, 7, 1))
    validate_package(package)  # July 2099 is no longer in the future
    monkeypatch.setattr(validation, "today", lambda: datetime.date(2099, 6, 30))
    with pytest.raises(ValidationFailed, match=r"not after today \(2099-06-30\)"):
        validate_package(package)


@pytest.mark.slow
def test_the_workflow_stops_on_a_broken_file_and_leaves_no_output(tmp_path, snakemake_env):
    """`snakemake results/validated.json`: a valid run writes it; after a file breaks, the
    run fails naming the place, and removes the old output, so the next run retries."""
    workdir = copy_project(tmp_path / "project")
    validated = workdir / "results/validated.json"
    first = run_snakemake(workdir, snakemake_env, "--cores", "1", "results/validated.json")
    assert validated.exists(), first.stderr[-3000:]

    case = next(case for case in CASES if case["id"] == "latin1_encoding")
    apply_case(case, workdir / "data")
    result = run_snakemake(workdir, snakemake_env, "--cores", "1", "results/validated.json")
    assert result.returncode != 0
    expected = f'countries.csv, line {case["line"]}, column "{case["column"]}"'
    assert expected in result.stderr, result.stderr[-3000:]
    assert case["phrase"] in result.stderr
    assert not validated.exists()
    again = run_snakemake(workdir, snakemake_env, "--dry-run", "results/validated.json")
    assert "validate_data" in again.stdout, again.stdout[-2000:]


def write_large_milex(data: Path, rows: int) -> None:
    """A valid milex.csv of `rows` rows: real ISO codes not in the file, many years.

    The key (iso3, year, indicator) must stay unique, but 249 ISO codes x 82 allowed
    years (1949-2030) x 3 indicators make only 61,254 keys; the copy's metadata lets
    years start in 1800 (a change of one bound; every other constraint is kept).
    """
    import pycountry

    metadata = data / "datapackage.yaml"
    descriptor = load_yaml(metadata)
    milex = resource_entry(descriptor, "milex")
    year = next(f for f in milex["schema"]["fields"] if f["name"] == "year")
    year["constraints"]["minimum"] = 1800
    dump_yaml(descriptor, metadata)

    with open(data / "milex.csv", encoding="utf-8", newline="") as handle:
        header, *real = csv.reader(handle)
    in_file = {row[0] for row in real}
    units = dict(sorted({row[3]: row[5] for row in real}.items()))
    countries = sorted((c.alpha_3, c.name) for c in pycountry.countries if c.alpha_3 not in in_file)
    keys = (
        (code, name, year, indicator, unit)
        for code, name in countries
        for year in range(2030, 1799, -1)
        for indicator, unit in units.items()
    )
    with open(data / "milex.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for n, (code, name, year, indicator, unit) in zip(range(rows), keys, strict=False):
            flag = "estimate" if n % 7 == 0 else ""
            writer.writerow([code, name, year, indicator, f"{(n % 9973) / 7:.2f}", unit, flag, ""])


@pytest.mark.slow
def test_a_100k_row_file_is_accepted_quickly(data_copy, capsys):
    write_large_milex(data_copy, LARGE_ROWS)
    package = DataPackage.load(data_copy / "datapackage.yaml")
    started = time.perf_counter()
    frames = validate_resources(package, ["milex"])
    seconds = time.perf_counter() - started
    assert len(frames["milex"]) == LARGE_ROWS
    with capsys.disabled():
        print(f"\n  validated {LARGE_ROWS:,} rows of milex.csv in {seconds:.2f} s")
    assert seconds < LARGE_SECONDS

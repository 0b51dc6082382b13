"""The build manifest: what a build read, what it wrote, and with which software.

`build_manifest` records, for every output, its path, SHA-256 and size; for every dataset
of the data package (and `datapackage.yaml` itself), its path, SHA-256, size, edition and
retrieval date; the Python version and the versions of the packages that can change the
report; and the report's name and date from the config.

The manifest holds no wall-clock time and only paths relative to the project root, and
`write_manifest` writes it with sorted keys: two identical builds give identical bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from ap4report.datapackage import DataPackage

MANIFEST_VERSION = 1
# Distributions (as pip names them) whose versions can change the bytes or the look of the
# report: the workflow engine, the PDF renderer, the analysis and plotting stack, the
# validation, the templating and Markdown, locale formatting and citations.
KEY_PACKAGES = (
    "snakemake",
    "weasyprint",
    "pandas",
    "matplotlib",
    "pandera",
    "jinja2",
    "markdown-it-py",
    "babel",
    "citeproc-py",
)
# The settings of `report:` in config/config.yaml that identify a build.
REPORT_KEYS = ("name", "date")


def sha256_of(path: Path | str) -> str:
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def file_entry(path: Path | str) -> dict:
    """SHA-256 and size in bytes of one file."""
    path = Path(path)
    return {"sha256": sha256_of(path), "size": path.stat().st_size}


def relative_name(path: Path | str, root: Path | str = ".") -> str:
    """`path` as a POSIX path relative to `root` (so that the manifest does not depend on
    where the project is checked out); a path outside `root` is kept as it is."""
    path, root = Path(path), Path(root)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _text(value):
    """A metadata value as JSON: YAML may parse an unquoted date as a `date`."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def package_versions(packages: Iterable[str] = KEY_PACKAGES) -> dict[str, str | None]:
    """Installed version of each distribution; None for one that is not installed."""
    versions = {}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _expand(outputs: Iterable[Path | str]) -> list[Path]:
    """The files named, with a folder standing for every file inside it."""
    files = []
    for output in outputs:
        output = Path(output)
        if output.is_dir():
            files.extend(sorted(p for p in output.rglob("*") if p.is_file()))
        elif output.is_file():
            files.append(output)
        else:
            raise FileNotFoundError(f"build output not found: {output}")
    return files


def build_manifest(
    outputs: Iterable[Path | str] | Mapping[str, Path | str],
    package: DataPackage | Path | str,
    packages: Iterable[str] = KEY_PACKAGES,
    *,
    report: Mapping | None = None,
    root: Path | str = ".",
) -> dict:
    """The manifest of a build, as a JSON-ready dict.

    outputs: the files the build wrote (a folder stands for every file in it); or a
        mapping of the name to record (relative to `root`) → the file to read.
    package: the data package the build read (a `DataPackage` or the path of its YAML).
    packages: the distributions whose versions to record.
    report: the `report:` settings of the config; its name and date are recorded.
    root: the project root; every path is recorded relative to it.
    """
    if isinstance(package, DataPackage):
        package_file = package.base_dir / "datapackage.yaml"
    else:
        package_file = Path(package)
        package = DataPackage.load(package_file)
    inputs = {}
    for name, resource in package.resources.items():
        descriptor = resource.descriptor
        inputs[name] = {
            "path": relative_name(resource.path, root),
            **file_entry(resource.path),
            "edition": _text(descriptor.get("edition")),
            "retrieved": _text(descriptor.get("retrieved", package.descriptor.get("retrieved"))),
        }
    output_entries = {}
    if isinstance(outputs, Mapping):
        for name, path in outputs.items():
            output_entries[Path(name).as_posix()] = file_entry(path)
    else:
        for path in _expand(outputs):
            output_entries[relative_name(path, root)] = file_entry(path)
    output_entries = dict(sorted(output_entries.items()))
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "report": {key: _text((report or {}).get(key)) for key in REPORT_KEYS},
        "python": platform.python_version(),
        "packages": package_versions(packages),
        "inputs": inputs,
        "outputs": output_entries,
    }
    if package_file.is_file():
        manifest["data_package"] = {
            "path": relative_name(package_file, root),
            **file_entry(package_file),
            "name": package.descriptor.get("name"),
            "retrieved": _text(package.descriptor.get("retrieved")),
        }
    return manifest


def manifest_text(manifest: Mapping) -> str:
    """The manifest as JSON: sorted keys, two-space indent, a final newline."""
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_manifest(
    path: Path | str,
    outputs: Iterable[Path | str],
    package: DataPackage | Path | str,
    packages: Iterable[str] = KEY_PACKAGES,
    *,
    report: Mapping | None = None,
    root: Path | str = ".",
) -> dict:
    """Write the manifest of a build to `path` (JSON); return it.

    The manifest cannot describe itself: `path` must not be among the outputs.
    """
    path = Path(path)
    outputs = list(outputs)
    for output in outputs:
        output = Path(output)
        if output.resolve() == path.resolve() or (
            output.is_dir() and path.resolve().is_relative_to(output.resolve())
        ):
            raise ValueError(f"the manifest {path} cannot list itself as an output")
    manifest = build_manifest(outputs, package, packages, report=report, root=root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(manifest_text(manifest), encoding="utf-8")
    return manifest

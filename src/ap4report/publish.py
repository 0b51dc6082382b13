"""Publish a finished build into reports/: all or nothing, and self-healing.

Layout of reports/:

    reports/.builds/<id>/          one complete build: every PDF, web edition and manifest.json
    reports/current -> .builds/<id>
    reports/<edition>.pdf -> current/<edition>.pdf     (and .html, manifest.json)

A build is copied into a new folder under `.builds/`, checked against its manifest and
synced to disk; then one rename switches `current` to it. Readers therefore see the whole
previous build or the whole new one, never a mix: a full disk, an error or a kill before the
switch leaves the previous build in place, and one after it leaves the new one.
`<id>` is a digest of the manifest, so an identical build publishes nothing.

Every run that builds starts (the Snakefile's `onstart`) by taking the project lock and
calling `heal`, which checks reports/ against the manifest of `current`, falls back to the
previous build if the current one does not match, and repairs the links. The `all` rule
publishes with `publish_build` and records the build it published (`PUBLISHED_RECORD`);
when Snakemake reads the workflow, `forget_publication_unless_shown` removes that record if
reports/ no longer shows that build, so that the run publishes again, and a run with
nothing to do does nothing. A build of some editions only keeps the
other editions of the published build, files and manifest entries.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path

REPORTS = Path("reports")
BUILDS = ".builds"
CURRENT = "current"
MANIFEST = "manifest.json"
# Kept in reports/ besides the published files (git keeps the folder with .gitkeep).
KEPT = {".gitkeep", BUILDS, CURRENT}
LOCK_FILE = Path(".snakemake/project.lock")
_held_locks: dict[str, int] = {}


class PublishError(RuntimeError):
    """A build that cannot be published whole (a missing file, a file changed while copied)."""


class ProjectLocked(RuntimeError):
    """Another run of the workflow holds the project lock."""


def project_lock(path: Path | str = LOCK_FILE) -> None:
    """Take the project-wide lock for the rest of this process, or raise ProjectLocked.

    One lock for every run, whatever editions it selects. It is an advisory lock on an
    open file (fcntl.flock): the kernel releases it when the process ends, so a killed run
    leaves no stale lock behind."""
    path = Path(path)
    if str(path.resolve()) in _held_locks:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise ProjectLocked(
            f"The project cannot be locked: another snakemake run in this folder holds {path}."
            " Wait for it to end; a killed run releases the lock by itself."
        ) from None
    _held_locks[str(path.resolve())] = descriptor


def release_lock(path: Path | str = LOCK_FILE) -> None:
    descriptor = _held_locks.pop(str(Path(path).resolve()), None)
    if descriptor is not None:
        os.close(descriptor)


def start_run(reports: Path | str = REPORTS, lock: Path | str = LOCK_FILE) -> list[str]:
    """What every run does first: take the project lock, then heal reports/."""
    project_lock(lock)
    return heal(reports)


# What the `all` rule makes: a record of the build it published (written last, so a
# publish cut short leaves none and the next run publishes again).
PUBLISHED_RECORD = Path("results/published.json")


def write_published_record(record: Path | str, reports: Path | str = REPORTS) -> None:
    """Record which build reports/ shows (the name of its folder in .builds/)."""
    current = _current_build(Path(reports))
    text = json.dumps({"build": current.name if current else None}) + "\n"
    # Written beside and renamed over: a link at `record` (a results/ committed by a pull
    # request) is replaced, never followed out of the project.
    record = Path(record)
    temporary = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, record)


def forget_publication_unless_shown(
    record: Path | str = PUBLISHED_RECORD, reports: Path | str = REPORTS
) -> bool:
    """Remove the `all` rule's record if reports/ no longer shows the build it records
    (damaged, changed by hand, or never finished), so that this run publishes again;
    True if it was removed. Milliseconds: it reads links and hashes the published files."""
    record, reports = Path(record), Path(reports)
    if not record.is_file():
        return False
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))["build"]
    except (OSError, ValueError, KeyError, TypeError):
        recorded = None
    current = _current_build(reports) if reports.is_dir() else None
    shown = recorded and current is not None and current.name == recorded
    if shown and not published_problems(reports):
        return False
    record.unlink()
    return True


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _published_entries(manifest: dict) -> dict[str, dict]:
    """The manifest's outputs that are published: file name in reports/ → sha256 and size."""
    prefix = f"{REPORTS.name}/"
    return {
        path.removeprefix(prefix): entry
        for path, entry in manifest.get("outputs", {}).items()
        if path.startswith(prefix)
    }


def build_problems(folder: Path) -> list[str]:
    """Why a build folder is not one complete build: a file missing, extra or different
    from its manifest.json. Empty when the folder matches its manifest byte for byte."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"{folder.name}: no readable {MANIFEST} ({type(error).__name__})"]
    expected = _published_entries(manifest)
    problems = []
    present = {path.name for path in folder.iterdir()} - {MANIFEST}
    for name in sorted(present - set(expected)):
        problems.append(f"{folder.name}/{name}: not in the manifest")
    for name, entry in sorted(expected.items()):
        path = folder / name
        if "/" in name or not path.is_file() or path.is_symlink():
            problems.append(f"{folder.name}/{name}: missing")
        elif path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            problems.append(f"{folder.name}/{name}: differs from the manifest")
    return problems


def _current_build(reports: Path) -> Path | None:
    """The folder `current` links to, if it is a folder of `.builds/`."""
    link = reports / CURRENT
    target = os.readlink(link) if link.is_symlink() else ""
    name = target.removeprefix(f"{BUILDS}/")
    if target.startswith(f"{BUILDS}/") and "/" not in name and (reports / BUILDS / name).is_dir():
        return reports / BUILDS / name
    return None


def published_problems(reports: Path | str = REPORTS) -> list[str]:
    """Why reports/ does not show one complete build: `current` missing or not a complete
    build, a published name missing, not a link into it, or a file that is not part of it.
    Empty when every file in reports/ matches the manifest byte for byte."""
    reports = Path(reports)
    current = _current_build(reports)
    if current is None:
        return [f"{reports / CURRENT}: not a link to a build in {BUILDS}/"]
    problems = build_problems(current)
    names = {path.name for path in current.iterdir()}
    for name in sorted(names):
        link = reports / name
        if not link.is_symlink() or os.readlink(link) != f"{CURRENT}/{name}":
            problems.append(f"{link}: not a link to {CURRENT}/{name}")
    for path in sorted(reports.iterdir()):
        if path.name not in KEPT and path.name not in names:
            problems.append(f"{path}: not part of the published build")
    for path in sorted((reports / BUILDS).iterdir()):
        if path.name.startswith("."):
            problems.append(f"{path}: left over from a publish that was cut short")
    return problems


def _builds(reports: Path) -> list[Path]:
    """The complete build folders, newest first."""
    folder = reports / BUILDS
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _symlink(target: str, link: Path) -> None:
    """Point `link` at `target` in one rename (a reader sees the old link or the new)."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    temporary = link.with_name(f".{link.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _switch(reports: Path, build: Path, keep_previous: bool = True) -> None:
    """Make `build` the published one: switch `current`, then the links of its names,
    then drop names it does not have, leftovers, and every older build but the one before
    (kept as a fallback for `heal`, unless `keep_previous` is false)."""
    current = _current_build(reports)
    previous = current.resolve() if keep_previous and current is not None else None
    _symlink(f"{BUILDS}/{build.name}", reports / CURRENT)
    _sync_folder(reports)
    names = {path.name for path in build.iterdir()}
    for name in sorted(names):
        _symlink(f"{CURRENT}/{name}", reports / name)
    for path in reports.iterdir():
        if path.name not in KEPT and path.name not in names:
            _remove(path)
    keep = {build.resolve()}
    if keep_previous:
        others = [b.resolve() for b in _builds(reports) if b.resolve() != build.resolve()]
        keep.add(previous if previous in others else next(iter(others), None))
    for folder in (reports / BUILDS).iterdir():
        if folder.resolve() not in keep:
            _remove(folder)


def heal(reports: Path | str = REPORTS) -> list[str]:
    """Make reports/ show one complete build again; return what was repaired.

    The current build is kept if it matches its manifest; otherwise the newest complete
    build folder takes its place; if there is none, nothing is published until the next
    build. Links are repaired, and stray files (a legacy copy, a temporary file) removed."""
    reports = Path(reports)
    problems = published_problems(reports) if reports.is_dir() else []
    if not problems:
        return []
    current = _current_build(reports)
    intact = current is not None and not build_problems(current)
    complete = (build for build in _builds(reports) if not build_problems(build))
    good = current if intact else next(complete, None)
    if good is not None:
        _switch(reports, good, keep_previous=intact)
    else:  # nothing complete to show: show nothing rather than a mix
        for path in reports.iterdir():
            if path.name != ".gitkeep":
                _remove(path)
    return problems


def _edition_of(path: str) -> str | None:
    """The edition a manifest output belongs to: reports/<edition>.<ext>,
    figures/<edition>/…, results/<edition>/…; None for anything else."""
    parts = path.split("/")
    if len(parts) == 2 and parts[0] == REPORTS.name:
        return parts[1].rsplit(".", 1)[0]
    if len(parts) > 2 and parts[0] in ("figures", "results"):
        return parts[1]
    return None


def _copy_synced(source: Path, destination: Path) -> None:
    shutil.copyfile(source, destination)
    with destination.open("rb") as handle:
        os.fsync(handle.fileno())


def publish_build(
    published: dict[str, str],
    outputs: list[str],
    package: str,
    report: dict,
    editions: list[str] | None = None,
    reports: Path | str = REPORTS,
) -> list[str]:
    """Publish the built files (key: built path, value: its name in reports/) with a
    manifest of the build, all or nothing; return the published names that changed.

    `outputs`: the other files the build wrote (figures, tables), recorded in the manifest.
    `editions`: every edition the config can make; the published editions among them that
    this build did not make are kept, with their manifest entries. Others are dropped.
    """
    from ap4report.manifest import build_manifest, manifest_text

    reports = Path(reports)
    missing = [path for path in [*published, *outputs] if not Path(path).is_file()]
    if missing:
        raise PublishError(f"cannot publish: the build did not produce {', '.join(missing)}")
    heal(reports)
    current = _current_build(reports)
    previous = {}
    if current is not None:
        previous = json.loads((current / MANIFEST).read_text(encoding="utf-8"))
    names = {destination: Path(source) for source, destination in published.items()}
    manifest = build_manifest({**names, **{path: path for path in outputs}}, package, report=report)
    built = {_edition_of(path) for path in manifest["outputs"]}
    kept = {}
    for path, entry in previous.get("outputs", {}).items():
        edition = _edition_of(path)
        if edition not in built and edition in (editions or []):
            kept[path] = entry
            if path.startswith(f"{REPORTS.name}/"):
                names[path] = current / path.split("/", 1)[1]
    manifest["outputs"] = dict(sorted({**manifest["outputs"], **kept}.items()))
    text = manifest_text(manifest)
    build_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    build = reports / BUILDS / build_id
    if current is not None and current.name == build.name:
        return []
    changed = sorted(
        name
        for name, entry in _published_entries(manifest).items()
        if _published_entries(previous).get(name) != entry
    )
    if not (build.is_dir() and not build_problems(build)):
        _write_build(build, names, text)
    _switch(reports, build)
    return [f"{REPORTS.name}/{name}" for name in changed]


def _write_build(build: Path, files: dict[str, Path], manifest: str) -> None:
    """Copy every file into a temporary folder beside `build`, check it against the
    manifest, sync it and rename it into place. On any error the temporary folder is
    removed; an error while removing it is attached to the first error, never raised
    in its place."""
    temporary = build.with_name(f".{build.name}.{os.getpid()}.tmp")
    if temporary.exists():
        _remove(temporary)
    try:
        temporary.mkdir(parents=True)
        for name, source in sorted(files.items()):
            _copy_synced(source, temporary / name.split("/", 1)[1])
        (temporary / MANIFEST).write_text(manifest, encoding="utf-8")
        with (temporary / MANIFEST).open("rb") as handle:
            os.fsync(handle.fileno())
        problems = build_problems(temporary)
        if problems:  # a file changed while it was copied
            raise PublishError(
                "the copied build does not match its manifest: " + "; ".join(problems)
            )
        _sync_folder(temporary)
        if build.exists():
            _remove(build)
        os.rename(temporary, build)
        _sync_folder(build.parent)
    except BaseException as error:
        try:
            if temporary.exists():
                _remove(temporary)
        except OSError as cleanup:
            error.add_note(f"(also could not remove {temporary}: {cleanup.strerror or cleanup})")
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            error.add_note("reports/ is full; the previous build stays published")
        raise

"""Publish a finished build into reports/: atomically, and only after every job succeeded.

Snakemake deletes a job's outputs before the job runs, so a published file must not be a
job output: the build writes into results/, and the Snakefile's `onsuccess` handler calls
`publish`, which copies each file into place with a rename. A failed or killed build never
reaches it, so the previous PDF stays whole.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_atomically(source: Path, destination: Path) -> None:
    """Copy `source` over `destination` so that readers see the old file or the new one,
    never a partial one (a temporary file in the same folder, then a rename)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


def publish(files: dict[str, str]) -> list[str]:
    """Copy each built file (key) to its published place (value) where it differs.

    Returns the published paths that changed. Every source must exist: publishing is
    called only after a successful build of all of them.
    """
    changed = []
    for source, destination in files.items():
        source_path, destination_path = Path(source), Path(destination)
        if not source_path.is_file():
            raise FileNotFoundError(f"cannot publish {source}: the build did not produce it")
        if destination_path.is_file() and (
            destination_path.read_bytes() == source_path.read_bytes()
        ):
            continue
        replace_atomically(source_path, destination_path)
        changed.append(destination)
    return changed


def publish_build(published: dict[str, str], outputs: list[str], package: str, report: dict):
    """Publish the built files, then a manifest of the build (outputs and inputs with their
    sha256, dataset editions, package versions) as reports/manifest.json.

    A run that built only part of the workflow (e.g. `snakemake results/validated.json`)
    has nothing whole to publish, and publishes nothing."""
    from ap4report.manifest import write_manifest

    if not all(Path(path).is_file() for path in [*published, *outputs]):
        return []
    changed = publish(published)
    manifest = Path("results/manifest.json")
    write_manifest(manifest, [*published.values(), *outputs], package, report=report)
    changed += publish({str(manifest): "reports/manifest.json"})
    return changed

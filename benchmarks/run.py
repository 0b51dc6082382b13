"""Benchmark of the build: floor, clean, no-op and incremental runs, memory, PDF size, scale.

Run from anywhere: `python benchmarks/run.py` (repeats 3, everything), `--quick` (for CI:
one repeat, and of the scale measures only the dry run of 64) or `--scale` (the scale
measures only, with the floor they are compared with; combine with --quick for its short
form). The tracked files are copied once into a temporary folder (`--source worktree`, as
they are in the working tree, or `--source head`, as committed), and each measurement runs
in a fresh copy of that snapshot, with the snapshot's own src/ first on PYTHONPATH (the
editable install would import the working tree's), so the working tree is never touched
and edits made to it during a run do not leak in. The copy's config/config.yaml selects the
editions built. Prints a Markdown table (times are medians) and writes it, with every
run's numbers, to benchmarks/results/<UTC time>-<mode>.md and .json.

One edition, the English main report (editions: {languages: [en], main: true, briefs: []}):

  (a) floor        one Python process doing all the work of it (benchmarks/floor.py)
  (b) clean        `snakemake --cores N` from nothing
  (c) no-op        `snakemake --cores N` with everything up to date, side by side with
                   (c0) the no-op of a one-rule Snakefile in the same environment
                   (Snakemake's own start-up: the floor of any no-op)
  (d) incremental  after one dataset that feeds one figure changes (trade_china.csv)
  (e) peak memory  the largest resident set of any process of the clean builds (b)
  (f) PDF size     the published PDF

Scale: N synthetic editions, copies of the English main report under numbered names, each
doing all of its own work (editions: {..., copies: N}, a benchmark-only setting):

  (g) clean        `snakemake --cores N` from nothing: wall time, per edition, and per
                   edition against the floor (a) of the same run; its peak memory
  (h) no-op        of the largest N, once built
  (i) dry run      `snakemake --dry-run --quiet` from nothing, for N editions: Snakemake's
                   start-up, parsing the workflow (which imports the package's modules),
                   building the DAG of every job and checking that no output exists; it
                   runs no job and writes no metadata
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = "snapshot"
RESULTS = ROOT / "benchmarks" / "results"
PDF = "reports/nato-ap4-bulletin.pdf"
CHANGED_DATASET = "data/trade_china.csv"
# The one edition the measures (a) to (f) build: the English main report.
ONE_EDITION = {"languages": ["en"], "main": True, "briefs": []}
SCALE_SIZES, DAG_SIZES = (4, 16, 64), (64, 256)
QUICK_SCALE_SIZES, QUICK_DAG_SIZES = (), (64,)  # CI: no scale build, one dry run


def tracked_files() -> list[str]:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [
        name
        for name in filter(None, files.split("\0"))
        if not name.startswith(("tests/", "benchmarks/results"))
    ]


def snapshot(destination: Path, source: str) -> Path:
    """The project to benchmark, taken once so that every measure of a run builds the same
    files even while the working tree is being edited: the tracked files as they are in the
    working tree (`worktree`) or as committed (`head`). The benchmark's own floor.py is
    always the working tree's."""
    if source == "head":
        destination.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(destination)], input=archive, check=True)
        for folder in ("tests", "benchmarks/results"):
            shutil.rmtree(destination / folder, ignore_errors=True)
    else:
        for name in tracked_files():
            if (ROOT / name).exists():
                (destination / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, destination / name)
    shutil.copy2(ROOT / "benchmarks" / "floor.py", destination / "benchmarks" / "floor.py")
    return destination


def jobs_per_edition(project: Path) -> int:
    """Jobs of one main report: its figures and tables, the numbers, the PDF and the web
    edition (the validation job is shared by all editions)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from floor import report_floats

    with contextlib.chdir(project):
        figures, tables = report_floats()
    return len(figures) + len(tables) + 3


def select_editions(workdir: Path, copies: int = 1) -> None:
    """Make the copy's config build the English main report only, `copies` times."""
    path = workdir / "config" / "config.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["editions"] = {**ONE_EDITION, **({"copies": copies} if copies > 1 else {})}
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def fresh_copy(scratch: Path, name: str, copies: int = 1) -> Path:
    """A copy of the snapshot to build in, selecting the English main report `copies` times."""
    work = scratch / name
    shutil.copytree(scratch / SNAPSHOT, work, symlinks=True)
    select_editions(work, copies)
    return work


PROBE = """
import resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(result.stderr[-3000:] if result.returncode else "")
print(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
sys.exit(result.returncode)
"""


def run_measured(command: list[str], cwd: Path) -> dict:
    """Run a command in a child of its own, so that only its processes count: its wall
    time, the CPU time of all its processes (less sensitive than the wall time to other
    work on the machine) and the largest resident set among them (MB)."""
    output = subprocess.run(
        [sys.executable, "-c", PROBE, *command],
        cwd=cwd,
        env=environment(cwd),
        capture_output=True,
        text=True,
    )
    if output.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{output.stderr[-3000:]}")
    wall, cpu, kilobytes = output.stdout.split()
    return {"wall_s": float(wall), "cpu_s": float(cpu), "peak_rss_mb": int(kilobytes) / 1024}


def timed(command: list[str], cwd: Path) -> float:
    return run_measured(command, cwd)["wall_s"]


ONE_RULE = """rule all:
    input:
        "done.txt",


rule done:
    output:
        "done.txt",
    shell:
        "touch {output}"
"""


def one_rule_workflow(scratch: Path) -> Path:
    """A one-rule Snakefile, built once: its no-op is Snakemake's own start-up."""
    work = scratch / "one-rule"
    work.mkdir()
    (work / "Snakefile").write_text(ONE_RULE, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "1", "--quiet"],
        cwd=work,
        check=True,
        capture_output=True,
    )
    return work


def change_dataset(workdir: Path, round_number: int) -> None:
    """A real-looking edit: one share in the trade table moves by a thousandth."""
    path = workdir / CHANGED_DATASET
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("share_pct")
    cells = lines[1].split(",")
    cells[column] = f"{float(cells[column]) + 0.001 * (round_number + 1):.3f}"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def environment(work: Path) -> dict:
    """The copy's own package first on the path: the editable install points at the
    working tree's src/, which may be mid-edit."""
    pythonpath = [str(work / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {
        **os.environ,
        "MPLCONFIGDIR": str(work.parent / "mpl"),
        "XDG_CACHE_HOME": str(work.parent / "cache"),
        "PYTHONPATH": os.pathsep.join(pythonpath),
    }


def snakemake_command(cores: int) -> list[str]:
    return [sys.executable, "-m", "snakemake", "--cores", str(cores)]


def measure_floor(work: Path) -> dict:
    return run_measured([sys.executable, "benchmarks/floor.py", "floor-build"], work)


def measure(repeats: int, cores: int, scratch: Path) -> dict:
    """(a) to (f): one edition, the English main report."""
    snakemake = snakemake_command(cores)
    times: dict[str, list[float]] = {
        "floor": [],
        "clean": [],
        "noop": [],
        "noop_one_rule": [],
        "incremental": [],
    }
    one_rule = one_rule_workflow(scratch)
    floor_cpu, peaks = [], []
    for round_number in range(repeats):
        work = fresh_copy(scratch, f"round{round_number}")
        floor = measure_floor(work)
        times["floor"].append(floor["wall_s"])
        floor_cpu.append(floor["cpu_s"])
        clean = run_measured(snakemake, work)
        times["clean"].append(clean["wall_s"])
        peaks.append(clean["peak_rss_mb"])
        times["noop"].append(timed(snakemake, work))
        times["noop_one_rule"].append(timed(snakemake, one_rule))
        change_dataset(work, round_number)
        times["incremental"].append(timed(snakemake, work))
        size = (work / PDF).stat().st_size
    peak = max(peaks)  # of the clean builds
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        **medians,
        "floor_cpu": statistics.median(floor_cpu),
        "peak_rss_mb": peak,
        "pdf_mb": size / 1e6,
        "runs": {**times, "floor_cpu": floor_cpu},
    }


def published(work: Path) -> int:
    return len(list((work / "reports").glob("*.pdf")))


def measure_scale(
    sizes: tuple[int, ...],
    dag_sizes: tuple[int, ...],
    cores: int,
    repeats: int,
    scratch: Path,
    floor_runs: dict[str, list[float]] | None = None,
) -> dict:
    """(g) to (i): N copies of the English main report. Each build runs once (the largest
    takes minutes); the floor is the one measured in this run, or measured here."""
    snakemake = snakemake_command(cores)
    if not floor_runs:
        floor_work = fresh_copy(scratch, "scale-floor")
        measured = [measure_floor(floor_work) for _ in range(repeats)]
        floor_runs = {
            "wall_s": [run["wall_s"] for run in measured],
            "cpu_s": [run["cpu_s"] for run in measured],
        }
    floor, floor_cpu = (statistics.median(floor_runs[key]) for key in ("wall_s", "cpu_s"))
    per_edition = jobs_per_edition(scratch / SNAPSHOT)
    builds = {}
    for size in sizes:
        work = fresh_copy(scratch, f"scale{size}", copies=size)
        build = run_measured(snakemake, work)
        # Each copy of the main report is a bulletin and its data annex: two PDFs.
        if published(work) != 2 * size:
            sys.exit(f"scale {size}: published {published(work)} PDFs, expected {2 * size}")
        builds[size] = {
            **build,
            "per_edition_s": build["wall_s"] / size,
            "per_edition_over_floor": build["wall_s"] / size / floor,
            "cpu_per_edition_over_floor_cpu": build["cpu_s"] / size / floor_cpu,
            "jobs": 1 + per_edition * size,
        }
        if size == max(sizes):
            builds[size]["noop_s"] = timed(snakemake, work)
        shutil.rmtree(work, ignore_errors=True)
    dry_runs = {}
    dag_work = fresh_copy(scratch, "dag")
    for size in dag_sizes:
        select_editions(dag_work, copies=size)
        runs = [timed([*snakemake, "--dry-run", "--quiet"], dag_work) for _ in range(repeats)]
        dry_runs[size] = {
            "median_s": statistics.median(runs),
            "runs": runs,
            "jobs": 1 + per_edition * size,
        }
    return {
        "floor": floor,
        "floor_cpu": floor_cpu,
        "floor_runs": floor_runs,
        "builds": builds,
        "dry_runs": dry_runs,
    }


TARGETS = {
    "clean/floor": 1.25,
    "noop/one_rule": 1.15,
    "incremental/clean": 0.5,
    "peak_rss_mb": 500,
    "pdf_mb": 1.5,
    "scale/floor": 1.3,  # per edition, at 64 editions
}
SCALE_TARGET_SIZE = 64


def header(repeats: int) -> str:
    return (
        f"Machine: {os.cpu_count()} cores; {repeats} repeat(s), medians; Python "
        f"{sys.version.split()[0]}"
    )


def markdown(rows: list[tuple[str, str, str]]) -> list[str]:
    return [
        "| measure | value | target |",
        "|---|---|---|",
        *(f"| {name} | {value} | {target} |" for name, value, target in rows),
    ]


def table(result: dict, cores: int, repeats: int) -> str:
    clean_ratio = result["clean"] / result["floor"]
    incremental_ratio = result["incremental"] / result["clean"]
    rows = [
        ("(a) floor: one process, all the work", f"{result['floor']:.2f} s", ""),
        (f"(b) clean `snakemake --cores {cores}`", f"{result['clean']:.2f} s", ""),
        ("(b)/(a)", f"{clean_ratio:.2f}", f"≤ {TARGETS['clean/floor']}"),
        ("(c) no-op", f"{result['noop']:.2f} s", ""),
        ("(c0) no-op of a one-rule Snakefile", f"{result['noop_one_rule']:.2f} s", ""),
        (
            "(c)/(c0)",
            f"{result['noop'] / result['noop_one_rule']:.2f}",
            f"≤ {TARGETS['noop/one_rule']}",
        ),
        ("(d) incremental: one dataset, one figure", f"{result['incremental']:.2f} s", ""),
        ("(d)/(b)", f"{incremental_ratio:.2f}", f"≤ {TARGETS['incremental/clean']}"),
        ("(e) peak memory (largest process)", f"{result['peak_rss_mb']:.0f} MB", "≤ 500 MB"),
        ("(f) PDF size", f"{result['pdf_mb']:.2f} MB", "≤ 1.5 MB"),
    ]
    return "\n".join([header(repeats), "", *markdown(rows)])


def scale_table(result: dict, cores: int, repeats: int) -> str:
    rows = [
        (
            "(a) floor: one process, all the work of one edition",
            f"{result['floor']:.2f} s (CPU {result['floor_cpu']:.2f} s)",
            "",
        )
    ]
    for size, build in result["builds"].items():
        target = f"≤ {TARGETS['scale/floor']}" if size == SCALE_TARGET_SIZE else ""
        rows += [
            (
                f"(g) clean `snakemake --cores {cores}`, {size} editions ({build['jobs']} jobs)",
                f"{build['wall_s']:.1f} s (CPU {build['cpu_s']:.1f} s)",
                "",
            ),
            (f"(g) per edition, {size} editions", f"{build['per_edition_s']:.2f} s", ""),
            (
                f"(g) per edition / (a), {size} editions",
                f"{build['per_edition_over_floor']:.2f} (CPU: "
                f"{build['cpu_per_edition_over_floor_cpu']:.2f})",
                target,
            ),
            (f"(g) peak memory, {size} editions", f"{build['peak_rss_mb']:.0f} MB", ""),
        ]
        if "noop_s" in build:
            rows.append((f"(h) no-op, {size} editions", f"{build['noop_s']:.2f} s", ""))
    for size, dry_run in result["dry_runs"].items():
        rows.append(
            (
                f"(i) dry run (start-up, parse, DAG), {size} editions ({dry_run['jobs']} jobs)",
                f"{dry_run['median_s']:.2f} s",
                "",
            )
        )
    note = (
        f"Scale: each build runs once; dry runs and the floor {repeats} time(s), medians. "
        "Timings on a shared machine are noisy; CPU times (of all the build's processes) "
        "less so."
    )
    return "\n".join([header(repeats), note, "", *markdown(rows)])


def write_results(mode: str, payload: dict, text: str) -> Path:
    """benchmarks/results/<UTC time>-<mode>.json (every run's numbers) and .md (the table)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    record = {
        "mode": mode,
        "time": stamp,
        "commit": commit,
        "uncommitted_changes": dirty,
        "machine": {
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        **payload,
    }
    base = RESULTS / f"{stamp}-{mode}"
    base.with_suffix(".json").write_text(
        json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8"
    )
    base.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
    return base.with_suffix(".json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one repeat; no scale build, one dry run (for CI)",
    )
    parser.add_argument(
        "--scale", action="store_true", help="only the scale measures and their floor"
    )
    parser.add_argument(
        "--source",
        choices=("worktree", "head"),
        default="worktree",
        help="benchmark the tracked files as in the working tree (default) or as committed",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    repeats = 1 if args.quick else args.repeats
    sizes, dag_sizes = (
        (QUICK_SCALE_SIZES, QUICK_DAG_SIZES) if args.quick else (SCALE_SIZES, DAG_SIZES)
    )
    if args.scale and args.quick:  # the scale measures' short form: one small build
        sizes = (4,)
    mode = {(False, False): "full", (False, True): "quick", (True, False): "scale"}.get(
        (args.scale, args.quick), "scale-quick"
    )
    started, load_before = time.perf_counter(), os.getloadavg()
    scratch = Path(tempfile.mkdtemp(prefix="ap4-bench-"))
    payload: dict = {"repeats": repeats, "cores": args.cores, "source": args.source}
    sections = []
    try:
        snapshot(scratch / SNAPSHOT, args.source)
        floor_runs = None
        if not args.scale:
            result = measure(repeats, args.cores, scratch)
            payload["one_edition"] = result
            sections.append(table(result, args.cores, repeats))
            floor_runs = {"wall_s": result["runs"]["floor"], "cpu_s": result["runs"]["floor_cpu"]}
            print(sections[-1], flush=True)
        scale = measure_scale(sizes, dag_sizes, args.cores, repeats, scratch, floor_runs)
        payload["scale"] = scale
        sections.append(scale_table(scale, args.cores, repeats))
        print(("\n" if len(sections) > 1 else "") + sections[-1], flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    payload["total_s"] = time.perf_counter() - started
    payload["load_average"] = {"before": load_before, "after": os.getloadavg()}
    path = write_results(mode, payload, "\n\n".join(sections))
    print(
        f"\nTotal {payload['total_s']:.0f} s; load average (1 min) "
        f"{load_before[0]:.2f} before, {payload['load_average']['after'][0]:.2f} after. "
        f"Results: {path.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()

"""Benchmark of the build: floor, clean, no-op and incremental runs, memory and PDF size.

Run from anywhere: `python benchmarks/run.py` (repeats 3) or `--quick` (repeats 1). Each
measurement runs in a fresh copy of the tracked project in a temporary folder, so the
working tree is never touched. Prints a Markdown table; times are medians.

  (a) floor        one Python process doing all the work of one edition (benchmarks/floor.py)
  (b) clean        `snakemake --cores N` from nothing
  (c) no-op        `snakemake --cores N` with everything up to date
  (d) incremental  after one dataset that feeds one figure changes (trade_china.csv)
  (e) peak memory  the largest resident set of any process of a clean build
  (f) PDF size     the published PDF
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = "reports/nato-ap4-bulletin.pdf"
CHANGED_DATASET = "data/trade_china.csv"


def copy_tracked(destination: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, files.split("\0")):
        if name.startswith(("tests/", "benchmarks/results")) or not (ROOT / name).exists():
            continue
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    return destination


def timed(command: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-3000:]}")
    return elapsed


def peak_rss_mb(command: list[str], cwd: Path, env: dict) -> float:
    """Largest resident set among the command's processes (run in a child of its own)."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=cwd, env=env, capture_output=True, text=True
    )
    if output.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{output.stderr[-3000:]}")
    return int(output.stdout.strip()) / 1024


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


def measure(repeats: int, cores: int) -> dict:
    env = {**os.environ}
    scratch = Path(tempfile.mkdtemp(prefix="ap4-bench-"))
    env["MPLCONFIGDIR"] = str(scratch / "mpl")
    env["XDG_CACHE_HOME"] = str(scratch / "cache")
    snakemake = [sys.executable, "-m", "snakemake", "--cores", str(cores)]
    times: dict[str, list[float]] = {"floor": [], "clean": [], "noop": [], "incremental": []}
    try:
        for round_number in range(repeats):
            work = copy_tracked(scratch / f"round{round_number}")
            times["floor"].append(
                timed([sys.executable, "benchmarks/floor.py", "floor-build"], work, env)
            )
            times["clean"].append(timed(snakemake, work, env))
            times["noop"].append(timed(snakemake, work, env))
            change_dataset(work, round_number)
            times["incremental"].append(timed(snakemake, work, env))
            size = (work / PDF).stat().st_size
        memory_work = copy_tracked(scratch / "memory")
        peak = peak_rss_mb(snakemake, memory_work, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {**medians, "peak_rss_mb": peak, "pdf_mb": size / 1e6, "runs": times}


TARGETS = {
    "clean/floor": 1.25,
    "noop": 1.0,
    "incremental/clean": 0.5,
    "peak_rss_mb": 500,
    "pdf_mb": 1.5,
}


def table(result: dict, cores: int, repeats: int) -> str:
    clean_ratio = result["clean"] / result["floor"]
    incremental_ratio = result["incremental"] / result["clean"]
    rows = [
        ("(a) floor: one process, all the work", f"{result['floor']:.2f} s", ""),
        (f"(b) clean `snakemake --cores {cores}`", f"{result['clean']:.2f} s", ""),
        ("(b)/(a)", f"{clean_ratio:.2f}", f"≤ {TARGETS['clean/floor']}"),
        ("(c) no-op", f"{result['noop']:.2f} s", f"≤ {TARGETS['noop']} s"),
        ("(d) incremental: one dataset, one figure", f"{result['incremental']:.2f} s", ""),
        ("(d)/(b)", f"{incremental_ratio:.2f}", f"≤ {TARGETS['incremental/clean']}"),
        ("(e) peak memory (largest process)", f"{result['peak_rss_mb']:.0f} MB", "≤ 500 MB"),
        ("(f) PDF size", f"{result['pdf_mb']:.2f} MB", "≤ 1.5 MB"),
    ]
    lines = [
        f"Machine: {os.cpu_count()} cores; {repeats} repeat(s), medians; Python "
        f"{sys.version.split()[0]}",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        *(f"| {name} | {value} | {target} |" for name, value, target in rows),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat (for CI)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    repeats = 1 if args.quick else args.repeats
    result = measure(repeats, args.cores)
    print(table(result, args.cores, repeats))


if __name__ == "__main__":
    main()

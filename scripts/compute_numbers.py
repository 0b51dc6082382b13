"""Snakemake wrapper: see ap4report.steps.compute_numbers."""

from ap4report.steps import compute_numbers, run_step

run_step(snakemake, compute_numbers)  # noqa: F821 (snakemake is injected by the script directive)

"""Snakemake wrapper: see ap4report.steps.tabulate_milex_comparison."""

from ap4report.steps import run_step, tabulate_milex_comparison

run_step(snakemake, tabulate_milex_comparison)  # noqa: F821 (snakemake is injected by the script directive)

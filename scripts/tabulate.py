"""Snakemake wrapper: see ap4report.steps.tabulate."""

from ap4report.steps import run_step, tabulate

run_step(snakemake, tabulate)  # noqa: F821 (snakemake is injected by the script directive)

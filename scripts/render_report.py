"""Snakemake wrapper: see ap4report.steps.render_report."""

from ap4report.steps import render_report, run_step

run_step(snakemake, render_report)  # noqa: F821 (snakemake is injected by the script directive)

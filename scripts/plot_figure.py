"""Snakemake wrapper: see ap4report.steps.plot_figure."""

from ap4report.steps import plot_figure, run_step

run_step(snakemake, plot_figure)  # noqa: F821 (snakemake is injected by the script directive)

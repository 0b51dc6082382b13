"""Snakemake wrapper: see ap4report.steps.plot_milex_share."""

from ap4report.steps import plot_milex_share, run_step

run_step(snakemake, plot_milex_share)  # noqa: F821 (snakemake is injected by the script directive)

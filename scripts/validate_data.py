"""Snakemake wrapper: see ap4report.steps.validate_data."""

from ap4report.steps import run_step, validate_data

run_step(snakemake, validate_data)  # noqa: F821 (snakemake is injected by the script directive)

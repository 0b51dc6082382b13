"""Build the NATO–AP4 bulletin: validate data → figures, tables, numbers → PDF.

Run `snakemake --cores all`. Settings are in config/config.yaml.
"""

from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "config/schema.yaml")


include: "rules/common.smk"
include: "rules/validate.smk"
include: "rules/figures.smk"
include: "rules/tables.smk"
include: "rules/numbers.smk"
include: "rules/report.smk"


rule all:
    default_target: True
    input:
        REPORT_PDF,

"""Build the NATO–AP4 bulletin: validate data → figures, tables, numbers → PDF.

Run `snakemake --cores all`. Settings are in config/config.yaml. The build writes into
results/; only a run in which every job succeeded publishes into reports/.
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
        BUILT_PDF,
        BUILT_WEB,


onsuccess:
    from ap4report.publish import publish_build

    built = [
        *rules.render_report.input.figure_svgs,
        *rules.render_report.input.table_csvs,
    ]
    for path in publish_build(PUBLISHED, built, DATAPACKAGE, config["report"]):
        print(f"Published {path}")

"""Build the NATO–AP4 bulletin and its briefs: validate data → figures, tables, numbers →
PDF and web edition, for every edition (report or brief, English or Polish).

Run `snakemake --cores all`. Settings are in config/config.yaml; its `editions` section
selects the editions. The build writes into results/; only a run in which every job
succeeded publishes into reports/.
"""

from snakemake.utils import min_version, validate

from ap4report.editions import typed_selection

min_version("9.0")


configfile: "config/config.yaml"


config["editions"] = typed_selection(config["editions"])


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
        list(PUBLISHED),


onsuccess:
    from ap4report.publish import publish_build

    for path in publish_build(
        PUBLISHED, built_floats(), DATAPACKAGE, config["report"]
    ):
        print(f"Published {path}")

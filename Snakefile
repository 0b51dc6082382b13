"""Build the NATO–AP4 bulletin and its briefs: validate data → figures, tables, numbers →
PDF and web edition, for every edition (report or brief, English or Polish).

Run `snakemake --cores all`. Settings are in config/config.yaml; its `editions` section
selects the editions. The build writes into results/; only a run in which every job
succeeded publishes into reports/, all at once (ap4report.publish).
"""

import sys
from datetime import date
from pathlib import Path

# Jobs run this checkout's package, the code their inputs track (ap4report.codedeps),
# whatever copy of it is installed.
sys.path.insert(0, str(Path(workflow.basedir, "src")))

from snakemake.logging import logger
from snakemake.utils import min_version, validate

from ap4report.archival import source_date_epoch
from ap4report.datapackage import load_yaml
from ap4report.editions import typed_selection
from ap4report.freshness import overdue_warnings
from ap4report.paths import check_config_paths
from ap4report.publish import PUBLISHED_RECORD, forget_publication_unless_shown

min_version("9.0")
# The config is YAML from the repository: refuse an alias bomb or hidden characters in it
# before Snakemake reads it (ap4report.datapackage.load_yaml; milliseconds).
load_yaml("config/config.yaml")


configfile: "config/config.yaml"


config["editions"] = typed_selection(config["editions"])


validate(config, "config/schema.yaml")
check_config_paths(config)
source_date_epoch()  # a value that is not whole seconds stops here, with a clear message
# Datasets past their publisher's next expected release: a warning, not a failure.
for warning in overdue_warnings(date.today()):
    logger.warning(warning)


include: "rules/common.smk"
include: "rules/validate.smk"
include: "rules/figures.smk"
include: "rules/tables.smk"
include: "rules/numbers.smk"
include: "rules/report.smk"


onstart:
    from ap4report.publish import start_run

    for problem in start_run():
        print(f"Repaired reports/: {problem}")


# The `all` rule records the build it published. A record that reports/ no longer shows
# (damaged, edited by hand) is false and is removed, so this run (a dry run shows it)
# publishes again; a publish cut short leaves no record, so the next run publishes too.
if workflow.is_main_process:
    forget_publication_unless_shown(PUBLISHED_RECORD)


rule all:
    """Publish the build into reports/, all at once, when every job has succeeded."""
    default_target: True
    input:
        list(PUBLISHED),
        built_floats(),
        data(*_RESOURCES),
    output:
        record=str(PUBLISHED_RECORD),
    log:
        "logs/publish.log",
    localrule: True
    run:
        steps.publish(
            PUBLISHED, built_floats(), DATAPACKAGE, config, output.record, log
        )

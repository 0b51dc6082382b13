# Shared paths and input functions of the rule files. What each edition places comes from
# the catalog of figures and tables (ap4report.catalog: each module declares it); each
# job's code inputs and arguments file come from ap4report.workflow.
from ap4report import steps
from ap4report.catalog import catalog, placed
from ap4report.codedeps import use_disk_cache
from ap4report.editions import editions
from ap4report.freshness import snapshot_files
from ap4report.steps import run_step
from ap4report.validation import resource_files
from ap4report.workflow import (
    arguments_path,
    check_declarations,
    code,
    float_inputs,
    fonts,
    numbers_datasets,
    write_arguments,
)

DATAPACKAGE = config["data"]["package"]
# The editions selected by the config (name -> Edition); the rules build any of them
# through the {edition} wildcard.
EDITIONS = editions(config)
CATALOG = catalog()
# The build writes into results/; the `all` rule in the Snakefile publishes into reports/.
BUILT_PDF = "results/report/{edition}.pdf"
BUILT_WEB = "results/web/{edition}.html"
PUBLISHED = {
    built.format(edition=name): f"reports/{name}{Path(built).suffix}"
    for name in EDITIONS
    for built in (BUILT_PDF, BUILT_WEB)
}
VALIDATED = "results/validated.json"
FONTS = fonts()
# Each resource's file, inside data/ (a path out of it is refused here, at start-up).
_RESOURCES = resource_files(DATAPACKAGE)
# Each module reads datasets of the package and settings of the config.
check_declarations(config, _RESOURCES)
# Each job's edition and settings, in results/arguments/ (rewritten only when they change).
write_arguments(config, EDITIONS)
# What each module imports, kept between runs (a module is parsed again when it changes).
use_disk_cache(".snakemake/ap4report/imports.json")


wildcard_constraints:
    edition="|".join(EDITIONS),
    figure="|".join(CATALOG["figures"]),
    table="|".join(CATALOG["tables"]),


def data(*names):
    """The metadata and files of the named datasets.

    A step validates what it reads (ap4report.datapackage.DataPackage.read_tables), so it
    depends on its own datasets only: changing one dataset reruns only its dependants.
    """
    return [DATAPACKAGE, *(_RESOURCES[name] for name in names)]


def arguments(job):
    """An input function: the job's arguments file (its edition, settings, ...)."""
    return lambda wildcards: arguments_path(wildcards.edition, job.format(**wildcards))


def catalogs(wildcards):
    """The translation catalogs of the edition's language (none for English)."""
    return EDITIONS[wildcards.edition].catalogs()


def figure_inputs(wildcards):
    """A figure's datasets, code, translations, arguments and the house style."""
    edition = EDITIONS[wildcards.edition]
    return float_inputs("figures", wildcards.figure, edition, DATAPACKAGE, _RESOURCES)


def table_inputs(wildcards):
    """A table's datasets, code, translations and arguments."""
    edition = EDITIONS[wildcards.edition]
    return float_inputs("tables", wildcards.table, edition, DATAPACKAGE, _RESOURCES)


def float_paths(name, pattern, kind):
    """The paths of edition `name`'s figures or tables, from a pattern with {edition}, {id}."""
    ids = placed(EDITIONS[name].kind)[kind]
    return [pattern.format(edition=name, id=item) for item in ids]


def floats(pattern, kind):
    """An input function: the paths of the job's edition's figures or tables."""
    return lambda wildcards: float_paths(wildcards.edition, pattern, kind)


def built_floats():
    """Every edition's figures (SVG) and tables (CSV), for the build's manifest."""
    return [
        path
        for name in EDITIONS
        for kind, pattern in (
            ("figures", "figures/{edition}/{id}.svg"),
            ("tables", "results/{edition}/tables/{id}.csv"),
        )
        for path in float_paths(name, pattern, kind)
    ]


def bulletin_claims(wildcards):
    """An annex lists the claims of its bulletin; other editions need none."""
    bulletin = EDITIONS[wildcards.edition].bulletin
    return [f"results/{bulletin}/claims.json"] if bulletin else []


def content(wildcards):
    return EDITIONS[wildcards.edition].content


def prose_files(wildcards):
    """Every prose file of the edition's language, so that a file the content includes
    reruns the render when it changes."""
    return sorted(map(str, Path(EDITIONS[wildcards.edition].content_dir).glob("*.md")))


def strings(wildcards):
    return EDITIONS[wildcards.edition].strings

# Shared paths and helpers for the rule files.
import importlib

from ap4report import steps
from ap4report.validation import resource_files
from ap4report.editions import editions, translations
from ap4report.steps import run_step

DATAPACKAGE = config["data"]["package"]
# The editions selected by the config (name -> Edition); the rules build any of them
# through the {edition} wildcard.
EDITIONS = editions(config)
# The build writes into results/; the `all` rule in the Snakefile publishes into reports/.
BUILT_PDF = "results/report/{edition}.pdf"
BUILT_WEB = "results/web/{edition}.html"
PUBLISHED = {
    built.format(edition=name): f"reports/{name}{Path(built).suffix}"
    for name in EDITIONS
    for built in (BUILT_PDF, BUILT_WEB)
}
VALIDATED = "results/validated.json"
STYLE = "style/house.mplstyle"
FONTS = sorted(map(str, Path("fonts").glob("*.ttf")))


wildcard_constraints:
    edition="|".join(EDITIONS),


def edition(wildcards):
    """What a job needs to know about its edition: kind, language, locale, partner."""
    return EDITIONS[wildcards.edition].as_dict()


def sibling_editions(wildcards):
    """The same edition in the other languages built (language -> edition name), for the
    web edition's language switch."""
    return translations(config, EDITIONS[wildcards.edition])


def catalogs(wildcards):
    """The translation catalogs of the edition's language (none for English)."""
    return EDITIONS[wildcards.edition].catalogs()


# Each resource's file, inside data/ (a path out of it is refused here, at start-up).
_RESOURCES = resource_files(DATAPACKAGE)


def data(*names):
    """The metadata and files of the named datasets.

    A step validates what it reads (ap4report.datapackage.DataPackage.read_tables), so it
    depends on its own datasets only: changing one dataset reruns only its dependants.
    """
    return [DATAPACKAGE, *(_RESOURCES[name] for name in names)]


def _module(kind, name):
    return importlib.import_module(f"ap4report.{kind}.{name}")


def settings_for(module):
    """The analysis settings a module uses (its SETTINGS), so that a change reruns only
    the jobs that use it."""
    return {key: config["analysis"][key] for key in module.SETTINGS}


def settings(kind, name):
    return settings_for(_module(kind, name))


def code_files(*names):
    """The source files of modules of the package, so that editing them reruns a step."""
    return [importlib.import_module(f"ap4report.{name}").__file__ for name in names]


def code_inputs(module, *shared):
    """Inputs of a step whose code is `module` (and the shared modules it relies on):
    its datasets and the code itself."""
    return {
        "datasets": data(*module.DATASETS),
        "package": DATAPACKAGE,
        "code": [module.__file__, *code_files(*shared)],
    }


def figure_inputs(name):
    """Inputs of a figure rule: its datasets (from the module), code and house style."""
    inputs = code_inputs(
        _module("figures", name),
        "figures",
        "figures.labels",
        "style",
        "formatting",
        "i18n",
    )
    return {**inputs, "catalogs": catalogs, "style": STYLE, "fonts": FONTS}


def table_inputs(name):
    inputs = code_inputs(_module("tables", name), "tables", "formatting", "i18n")
    return {**inputs, "catalogs": catalogs}


def numbers_inputs():
    # numbers.py reuses the figure modules' functions (the summit grid, the Kiel sums, …).
    figures = [
        f"figures.{path.stem}"
        for path in Path(code_files("figures")[0]).parent.glob("*.py")
    ]
    inputs = code_inputs(
        importlib.import_module("ap4report.numbers"), "formatting", "i18n", *figures
    )
    return {**inputs, "catalogs": catalogs}


# The figures and tables each kind of edition places; each has its own rule in
# figures.smk or tables.smk. The content must place and reference every one of them.
FLOATS = {
    # The bulletin: the figures that carry its argument.
    "report": {
        "figures": ["summit_representation", "rok_poland_contracts", "milex_share"],
        "tables": [],
    },
    # Its data annex: every figure and table.
    "annex": {
        "figures": [
            "partner_map",
            "milestones_timeline",
            "summit_representation",
            "itpp_areas",
            "milex_share",
            "ukraine_support",
            "rok_poland_contracts",
            "china_trade",
        ],
        "tables": [
            "itpp",
            "milex_comparison",
            "ukraine_support",
            "rok_poland_contracts",
        ],
    },
    # A brief shows its partner highlighted in the figures it shares with the bulletin.
    "brief": {
        "figures": ["milex_share", "ukraine_support"],
        "tables": [],
    },
}


def float_paths(name, pattern, kind):
    """The paths of edition `name`'s figures or tables, from a pattern with {edition}, {id}."""
    ids = FLOATS[EDITIONS[name].kind][kind]
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

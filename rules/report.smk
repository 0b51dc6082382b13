# The figures and tables each kind of edition places; each has its own rule in
# figures.smk or tables.smk. The content must place and reference every one of them.
FLOATS = {
    "report": {
        "figures": [
            "partner_map",
            "milestones_timeline",
            "milex_share",
            "itpp_areas",
            "ukraine_support",
            "rok_poland_contracts",
            "china_trade",
            "summit_representation",
        ],
        "tables": ["milex_comparison", "itpp", "ukraine_support", "rok_poland_contracts"],
    },
    # A brief shows its partner highlighted in the figures it shares with the report.
    "brief": {
        "figures": ["milex_share", "summit_representation", "ukraine_support"],
        "tables": ["milex_comparison"],
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


def content(wildcards):
    return EDITIONS[wildcards.edition].content


def strings(wildcards):
    return EDITIONS[wildcards.edition].strings


rule render_report:
    """Assemble content, figures and tables into HTML and render the PDF."""
    input:
        FONTS,
        "templates/figure.html.j2",
        "templates/table.html.j2",
        content=content,
        strings=strings,
        references=config["report"]["references"],
        package=DATAPACKAGE,
        validated=VALIDATED,
        numbers="results/{edition}/numbers.json",
        figure_svgs=floats("figures/{edition}/{id}.svg", "figures"),
        figure_metas=floats("results/{edition}/figures/{id}.json", "figures"),
        figure_data=floats("results/{edition}/figures/{id}.csv", "figures"),
        table_csvs=floats("results/{edition}/tables/{id}.csv", "tables"),
        table_metas=floats("results/{edition}/tables/{id}.json", "tables"),
        template="templates/report.html.j2",
        css="templates/report.css",
        code=code_files("steps", "render", "citations", "archival", "formatting"),
    output:
        html="results/{edition}/report.html",
        pdf=report(BUILT_PDF, caption="../report/pdf.rst", category="Report"),
    log:
        "logs/{edition}/render_report.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=10,
    params:
        report=config["report"],
        edition=edition,
    run:
        run_step(steps.render_report, input, output, params, log)


rule web_edition:
    """The one-file web edition: inline SVG figures, embedded fonts and data."""
    input:
        html="results/{edition}/report.html",
        figure_svgs=floats("figures/{edition}/{id}.svg", "figures"),
        figure_csvs=floats("results/{edition}/figures/{id}.csv", "figures"),
        table_csvs=floats("results/{edition}/tables/{id}.csv", "tables"),
        fonts=FONTS,
        css="templates/web.css",
        template="templates/web.html.j2",
        code="src/ap4report/web.py",
    output:
        web=report(BUILT_WEB, caption="../report/web.rst", category="Report"),
    log:
        "logs/{edition}/web_edition.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        edition=edition,
    run:
        run_step(steps.web_edition, input, output, params, log)

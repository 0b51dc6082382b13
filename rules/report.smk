# The figures and tables the report places; each has its own rule in figures.smk or
# tables.smk. The content must place and reference every one of them.
FIGURES = [
    "partner_map",
    "milestones_timeline",
    "milex_share",
    "itpp_areas",
    "ukraine_support",
    "rok_poland_contracts",
    "china_trade",
    "summit_representation",
]
TABLES = ["milex_comparison", "itpp", "ukraine_support", "rok_poland_contracts"]


rule render_report:
    """Assemble content, figures and tables into HTML and render the PDF."""
    input:
        FONTS,
        "templates/figure.html.j2",
        "templates/table.html.j2",
        content=config["report"]["content"],
        strings=config["report"]["strings"],
        references=config["report"]["references"],
        package=DATAPACKAGE,
        validated=VALIDATED,
        numbers="results/numbers.json",
        figure_svgs=expand("figures/{figure}.svg", figure=FIGURES),
        figure_metas=expand("results/figures/{figure}.json", figure=FIGURES),
        figure_data=expand("results/figures/{figure}.csv", figure=FIGURES),
        table_csvs=expand("results/tables/{table}.csv", table=TABLES),
        table_metas=expand("results/tables/{table}.json", table=TABLES),
        template="templates/report.html.j2",
        css="templates/report.css",
        code=code_files("steps", "render", "citations", "archival", "formatting"),
    output:
        html=f"results/html/{NAME}.html",
        pdf=report(BUILT_PDF, caption="../report/pdf.rst", category="Report"),
    log:
        f"logs/render_report/{NAME}.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=10,
    params:
        report=config["report"],
    run:
        run_step(steps.render_report, input, output, params, log)


rule web_edition:
    """The one-file web edition: inline SVG figures, embedded fonts and data."""
    input:
        html=f"results/html/{NAME}.html",
        figure_svgs=expand("figures/{figure}.svg", figure=FIGURES),
        figure_csvs=expand("results/figures/{figure}.csv", figure=FIGURES),
        table_csvs=expand("results/tables/{table}.csv", table=TABLES),
        fonts=FONTS,
        css="templates/web.css",
        template="templates/web.html.j2",
        code="src/ap4report/web.py",
    output:
        web=report(BUILT_WEB, caption="../report/web.rst", category="Report"),
    log:
        f"logs/web_edition/{NAME}.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        report=config["report"],
    run:
        run_step(steps.web_edition, input, output, params, log)

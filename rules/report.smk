FIGURES = ["milex_share"]
TABLES = ["milex_comparison"]


rule render_report:
    """Assemble content, figures and tables into HTML and render the PDF."""
    input:
        FONTS,
        "templates/figure.html.j2",
        "templates/table.html.j2",
        VALIDATED,
        content=config["report"]["content"],
        package=DATAPACKAGE,
        numbers="results/numbers.json",
        figure_svgs=expand("figures/{figure}.svg", figure=FIGURES),
        figure_metas=expand("results/figures/{figure}.json", figure=FIGURES),
        table_csvs=expand("results/tables/{table}.csv", table=TABLES),
        table_metas=expand("results/tables/{table}.json", table=TABLES),
        template="templates/report.html.j2",
        css="templates/report.css",
    output:
        html=f"results/html/{config['report']['name']}.html",
        pdf=REPORT_PDF,
    log:
        f"logs/render_report/{config['report']['name']}.log",
    conda:
        "../environment.yml"
    params:
        report=config["report"],
    script:
        "../scripts/render_report.py"

# The report and web edition of every edition; what each kind of edition places is
# FLOATS in common.smk.


rule render_report:
    """Assemble content, figures and tables into HTML and render the PDF."""
    input:
        FONTS,
        "templates/figure.html.j2",
        "templates/table.html.j2",
        content=content,
        prose=prose_files,
        strings=strings,
        references=config["report"]["references"],
        package=DATAPACKAGE,
        validated=VALIDATED,
        numbers="results/{edition}/numbers.json",
        bulletin_claims=bulletin_claims,
        figure_svgs=floats("figures/{edition}/{id}.svg", "figures"),
        figure_metas=floats("results/{edition}/figures/{id}.json", "figures"),
        figure_data=floats("results/{edition}/figures/{id}.csv", "figures"),
        table_csvs=floats("results/{edition}/tables/{id}.csv", "tables"),
        table_metas=floats("results/{edition}/tables/{id}.json", "tables"),
        template="templates/report.html.j2",
        css="templates/report.css",
        code=code_files(
            "steps",
            "render",
            "claims",
            "provenance",
            "citations",
            "archival",
            "formatting",
            "urls",
            "paths",
        ),
    output:
        html="results/{edition}/report.html",
        claims="results/{edition}/claims.json",
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
        publication=config["publication"],
        edition=edition,
    run:
        run_step(steps.render_report, input, output, params, log)


rule web_edition:
    """The one-file web edition: inline SVG figures, embedded fonts and data."""
    input:
        html="results/{edition}/report.html",
        strings=strings,
        figure_svgs=floats("figures/{edition}/{id}.svg", "figures"),
        figure_csvs=floats("results/{edition}/figures/{id}.csv", "figures"),
        table_csvs=floats("results/{edition}/tables/{id}.csv", "tables"),
        fonts=FONTS,
        css="templates/web.css",
        template="templates/web.html.j2",
        code=code_files("web", "urls", "archival"),
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
        translations=sibling_editions,
    run:
        run_step(steps.web_edition, input, output, params, log)

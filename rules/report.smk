# The report and web edition of every edition; what each kind of edition places comes
# from the catalog (each figure and table module's PLACED_IN).


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
        snapshots=snapshot_files(),
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
        code=code("render_report"),
        arguments=arguments("render_report"),
    output:
        html="results/{edition}/report.html",
        claims="results/{edition}/claims.json",
        pdf=report(BUILT_PDF, caption="../report/pdf.rst", category="Report"),
    log:
        "logs/{edition}/render_report.log",
    threads: 1
    resources:
        mem_mb=1024,
        runtime=10,
    run:
        run_step(steps.render_report, input, output, log)


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
        code=code("web_edition"),
        arguments=arguments("web_edition"),
    output:
        web=report(BUILT_WEB, caption="../report/web.rst", category="Report"),
    log:
        "logs/{edition}/web_edition.log",
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    run:
        run_step(steps.web_edition, input, output, log)

# Every figure in the catalog (ap4report.figures.<figure>): figures/<edition>/<figure>.svg
# in the edition's language, with the numbers plotted (CSV) and the alt text (JSON) in
# results/<edition>/figures/.


rule plot:
    """Draw one figure of one edition."""
    input:
        unpack(figure_inputs),
    output:
        svg=report(
            "figures/{edition}/{figure}.svg",
            caption="../report/figure.rst",
            category="Figures",
            labels={"edition": "{edition}", "figure": "{figure}"},
        ),
        data="results/{edition}/figures/{figure}.csv",
        meta="results/{edition}/figures/{figure}.json",
    log:
        "logs/{edition}/plot_{figure}.log",
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    run:
        run_step(steps.plot_figure, input, output, log)

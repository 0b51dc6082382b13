# One rule per figure. Each draws figures/<id>.svg with ap4report.figures.<id>, and writes
# the numbers plotted (CSV) and the alt text (JSON) beside it.


rule plot_milex_share:
    """Military expenditure as % of GDP, AP4 partners against NATO comparators."""
    input:
        **figure_inputs("milex_share"),
    output:
        svg="figures/milex_share.svg",
        data="results/figures/milex_share.csv",
        meta="results/figures/milex_share.json",
    log:
        "logs/plot_milex_share.log",
    conda:
        "../environment.yml"
    params:
        figure="milex_share",
        settings=settings("figures", "milex_share"),
    script:
        "../scripts/plot_figure.py"

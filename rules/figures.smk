rule plot_milex_share:
    """Figure: military expenditure as % of GDP, AP4 partners against NATO comparators."""
    input:
        data("milex", "countries"),
        package=DATAPACKAGE,
        style=STYLE,
        fonts=FONTS,
    output:
        svg="figures/milex_share.svg",
        data="results/figures/milex_share.csv",
        meta="results/figures/milex_share.json",
    log:
        "logs/plot_milex_share.log",
    conda:
        "../environment.yml"
    params:
        partners=PARTNERS,
        comparators=COMPARATORS,
        guideline_pct=config["defence_spending"]["guideline_pct_gdp"],
    script:
        "../scripts/plot_milex_share.py"

rule tabulate_milex_comparison:
    """Table: defence spending of partners and comparators, base year against latest."""
    input:
        data("milex", "countries"),
        package=DATAPACKAGE,
    output:
        csv="results/tables/milex_comparison.csv",
        meta="results/tables/milex_comparison.json",
    log:
        "logs/tabulate_milex_comparison.log",
    conda:
        "../environment.yml"
    params:
        partners=PARTNERS,
        comparators=COMPARATORS,
        base_year=config["defence_spending"]["base_year"],
    script:
        "../scripts/tabulate_milex_comparison.py"

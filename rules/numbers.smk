rule compute_numbers:
    """Every number quoted in the prose, computed from the data."""
    input:
        data("milex", "countries"),
        package=DATAPACKAGE,
    output:
        numbers="results/numbers.json",
    params:
        partners=PARTNERS,
        guideline_pct=config["defence_spending"]["guideline_pct_gdp"],
    log:
        "logs/compute_numbers.log",
    script:
        "../scripts/compute_numbers.py"

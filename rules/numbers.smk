rule compute_numbers:
    """Every number quoted in the prose, computed from the data."""
    input:
        data("milex", "countries"),
        package=DATAPACKAGE,
    output:
        numbers="results/numbers.json",
    log:
        "logs/compute_numbers.log",
    conda:
        "../environment.yml"
    params:
        partners=PARTNERS,
        guideline_pct=config["defence_spending"]["guideline_pct_gdp"],
    script:
        "../scripts/compute_numbers.py"

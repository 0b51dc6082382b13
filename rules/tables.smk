# One rule per table. Each computes results/tables/<id>.csv with ap4report.tables.<id>,
# and writes its display layout (JSON) beside it.


rule tabulate_milex_comparison:
    """Defence spending of partners and comparators, base year against latest."""
    input:
        **table_inputs("milex_comparison"),
    output:
        csv="results/tables/milex_comparison.csv",
        meta="results/tables/milex_comparison.json",
    log:
        "logs/tabulate_milex_comparison.log",
    conda:
        "../environment.yml"
    params:
        table="milex_comparison",
        settings=settings("tables", "milex_comparison"),
    script:
        "../scripts/tabulate.py"

# One rule per table. Each computes results/<edition>/tables/<id>.csv with ap4report.tables.<id>,
# and writes its display layout (JSON) beside it.


rule tabulate_milex_comparison:
    """Defence spending of partners and comparators, base year against latest."""
    input:
        **table_inputs("milex_comparison"),
    output:
        csv=report(
            "results/{edition}/tables/milex_comparison.csv",
            caption="../report/table.rst",
            category="Tables",
        ),
        meta="results/{edition}/tables/milex_comparison.json",
    log:
        "logs/{edition}/tabulate_milex_comparison.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        table="milex_comparison",
        settings=settings("tables", "milex_comparison"),
        edition=edition,
    run:
        run_step(steps.tabulate, input, output, params, log)


rule tabulate_itpp:
    """The partners' ITPPs: date, period and number of areas."""
    input:
        **table_inputs("itpp"),
    output:
        csv=report(
            "results/{edition}/tables/itpp.csv",
            caption="../report/table.rst",
            category="Tables",
        ),
        meta="results/{edition}/tables/itpp.json",
    log:
        "logs/{edition}/tabulate_itpp.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        table="itpp",
        settings=settings("tables", "itpp"),
        edition=edition,
    run:
        run_step(steps.tabulate, input, output, params, log)


rule tabulate_ukraine_support:
    """The partners' support to Ukraine by type (Kiel)."""
    input:
        **table_inputs("ukraine_support"),
    output:
        csv=report(
            "results/{edition}/tables/ukraine_support.csv",
            caption="../report/table.rst",
            category="Tables",
        ),
        meta="results/{edition}/tables/ukraine_support.json",
    log:
        "logs/{edition}/tabulate_ukraine_support.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        table="ukraine_support",
        settings=settings("tables", "ukraine_support"),
        edition=edition,
    run:
        run_step(steps.tabulate, input, output, params, log)


rule tabulate_rok_poland_contracts:
    """South Korea–Poland arms contracts."""
    input:
        **table_inputs("rok_poland_contracts"),
    output:
        csv=report(
            "results/{edition}/tables/rok_poland_contracts.csv",
            caption="../report/table.rst",
            category="Tables",
        ),
        meta="results/{edition}/tables/rok_poland_contracts.json",
    log:
        "logs/{edition}/tabulate_rok_poland_contracts.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        table="rok_poland_contracts",
        settings=settings("tables", "rok_poland_contracts"),
        edition=edition,
    run:
        run_step(steps.tabulate, input, output, params, log)

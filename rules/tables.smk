# Every table in the catalog (ap4report.tables.<table>): results/<edition>/tables/<table>.csv
# in the edition's language, with its display layout (JSON) beside it.


rule tabulate:
    """Compute one table of one edition."""
    input:
        unpack(table_inputs),
    output:
        csv=report(
            "results/{edition}/tables/{table}.csv",
            caption="../report/table.rst",
            category="Tables",
            labels={"edition": "{edition}", "table": "{table}"},
        ),
        meta="results/{edition}/tables/{table}.json",
    log:
        "logs/{edition}/tabulate_{table}.log",
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    run:
        run_step(steps.tabulate, input, output, log)

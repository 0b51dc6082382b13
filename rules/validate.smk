rule validate_data:
    """Check every dataset against its Table Schema; the report needs this to pass."""
    input:
        list(_RESOURCES.values()),
        package=DATAPACKAGE,
    output:
        report=VALIDATED,
    log:
        "logs/validate_data.log",
    priority: 100
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    run:
        run_step(steps.validate_data, input, output, params, log)

rule validate_data:
    """Check every dataset against its Table Schema; the report needs this to pass."""
    input:
        list(_RESOURCES.values()),
        package=DATAPACKAGE,
        code=code("validate_data"),
    output:
        report=VALIDATED,
    log:
        "logs/validate_data.log",
    priority: 100
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    run:
        run_step(steps.validate_data, input, output, log)

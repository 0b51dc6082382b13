rule validate_data:
    """Check every dataset against its Table Schema; nothing downstream runs on failure."""
    input:
        package=DATAPACKAGE,
        files=list(_RESOURCES.values()),
    output:
        report=VALIDATED,
    log:
        "logs/validate_data.log",
    script:
        "../scripts/validate_data.py"

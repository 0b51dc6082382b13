rule compute_numbers:
    """Every number and data-dependent claim quoted in the prose (results/<edition>/numbers.json),
    in the edition's language."""
    input:
        datasets=data(*numbers_datasets()),
        package=DATAPACKAGE,
        catalogs=catalogs,
        code=code("compute_numbers"),
        arguments=arguments("compute_numbers"),
    output:
        numbers="results/{edition}/numbers.json",
    log:
        "logs/{edition}/compute_numbers.log",
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    run:
        run_step(steps.compute_numbers, input, output, log)

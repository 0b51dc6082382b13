rule compute_numbers:
    """Every number and data-dependent claim quoted in the prose (results/<edition>/numbers.json),
    in the edition's language."""
    input:
        **numbers_inputs(),
    output:
        numbers="results/{edition}/numbers.json",
    log:
        "logs/{edition}/compute_numbers.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        settings=settings_for(importlib.import_module("ap4report.numbers")),
        edition=edition,
        date=config["report"]["date"],
    run:
        run_step(steps.compute_numbers, input, output, params, log)

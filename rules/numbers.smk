rule compute_numbers:
    """Every number and data-dependent claim quoted in the prose (results/numbers.json)."""
    input:
        **numbers_inputs(),
    output:
        numbers="results/numbers.json",
    log:
        "logs/compute_numbers.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        settings=settings_for(importlib.import_module("ap4report.numbers")),
    run:
        run_step(steps.compute_numbers, input, output, params, log)

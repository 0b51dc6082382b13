# One rule per figure. Each draws figures/<edition>/<id>.svg with ap4report.figures.<id>
# in the edition's language, and writes the numbers plotted (CSV) and the alt text (JSON)
# into results/<edition>/figures/.


rule plot_partner_map:
    """NATO members and the four Indo-Pacific partners on a world map."""
    input:
        **figure_inputs("partner_map"),
    output:
        svg=report(
            "figures/{edition}/partner_map.svg",
            caption="../report/figure.rst",
            category="Figures",
        ),
        data="results/{edition}/figures/partner_map.csv",
        meta="results/{edition}/figures/partner_map.json",
    log:
        "logs/{edition}/plot_partner_map.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        figure="partner_map",
        settings=settings("figures", "partner_map"),
        edition=edition,
    run:
        run_step(steps.plot_figure, input, output, params, log)


rule plot_milestones_timeline:
    """Timeline of milestones in NATO–AP4 relations."""
    input:
        **figure_inputs("milestones_timeline"),
    output:
        svg=report(
            "figures/{edition}/milestones_timeline.svg",
            caption="../report/figure.rst",
            category="Figures",
        ),
        data="results/{edition}/figures/milestones_timeline.csv",
        meta="results/{edition}/figures/milestones_timeline.json",
    log:
        "logs/{edition}/plot_milestones_timeline.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        figure="milestones_timeline",
        settings=settings("figures", "milestones_timeline"),
        edition=edition,
    run:
        run_step(steps.plot_figure, input, output, params, log)


rule plot_milex_share:
    """Military expenditure as % of GDP, AP4 partners against NATO comparators."""
    input:
        **figure_inputs("milex_share"),
    output:
        svg=report(
            "figures/{edition}/milex_share.svg",
            caption="../report/figure.rst",
            category="Figures",
        ),
        data="results/{edition}/figures/milex_share.csv",
        meta="results/{edition}/figures/milex_share.json",
    log:
        "logs/{edition}/plot_milex_share.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        figure="milex_share",
        settings=settings("figures", "milex_share"),
        edition=edition,
    run:
        run_step(steps.plot_figure, input, output, params, log)


rule plot_itpp_areas:
    """Cooperation areas of the partners' programmes (ITPPs), unknown cells shown as unknown."""
    input:
        **figure_inputs("itpp_areas"),
    output:
        svg=report(
            "figures/{edition}/itpp_areas.svg",
            caption="../report/figure.rst",
            category="Figures",
        ),
        data="results/{edition}/figures/itpp_areas.csv",
        meta="results/{edition}/figures/itpp_areas.json",
    log:
        "logs/{edition}/plot_itpp_areas.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        figure="itpp_areas",
        settings=settings("figures", "itpp_areas"),
        edition=edition,
    run:
        run_step(steps.plot_figure, input, output, params, log)


rule plot_ukraine_support:
    """Support to Ukraine by donor and type (Kiel), and as % of GDP."""
    input:
        **figure_inputs("ukraine_support"),
    output:
        svg=report(
            "figures/{edition}/ukraine_support.svg",
            caption="../report/figure.rst",
            category="Figures",
        ),
        data="results/{edition}/figures/ukraine_support.csv",
        meta="results/{edition}/figures/ukraine_support.json",
    log:
        "logs/{edition}/plot_ukraine_support.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        figure="ukraine_support",
        settings=settings("figures", "ukraine_support"),
        edition=edition,
    run:
        run_step(steps.plot_figure, input, output, params, log)


rule plot_rok_poland_contracts:
    """South Korea–Poland arms contracts: framework against executed, and values."""
    input:
        **figure_inputs("rok_poland_contracts"),
    output:
        svg=report(
            "figures/{edition}/rok_poland_contracts.svg",
            caption="../report/figure.rst",
            category="Figures",
        ),
        data="results/{edition}/figures/rok_poland_contracts.csv",
        meta="results/{edition}/figures/rok_poland_contracts.json",
    log:
        "logs/{edition}/plot_rok_poland_contracts.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        figure="rok_poland_contracts",
        settings=settings("figures", "rok_poland_contracts"),
        edition=edition,
    run:
        run_step(steps.plot_figure, input, output, params, log)


rule plot_china_trade:
    """Goods trade with China as a share of total trade."""
    input:
        **figure_inputs("china_trade"),
    output:
        svg=report(
            "figures/{edition}/china_trade.svg",
            caption="../report/figure.rst",
            category="Figures",
        ),
        data="results/{edition}/figures/china_trade.csv",
        meta="results/{edition}/figures/china_trade.json",
    log:
        "logs/{edition}/plot_china_trade.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        figure="china_trade",
        settings=settings("figures", "china_trade"),
        edition=edition,
    run:
        run_step(steps.plot_figure, input, output, params, log)


rule plot_summit_representation:
    """Representation of each partner at NATO summits since 2022."""
    input:
        **figure_inputs("summit_representation"),
    output:
        svg=report(
            "figures/{edition}/summit_representation.svg",
            caption="../report/figure.rst",
            category="Figures",
        ),
        data="results/{edition}/figures/summit_representation.csv",
        meta="results/{edition}/figures/summit_representation.json",
    log:
        "logs/{edition}/plot_summit_representation.log",
    conda:
        "../environment.yml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=5,
    params:
        figure="summit_representation",
        settings=settings("figures", "summit_representation"),
        edition=edition,
    run:
        run_step(steps.plot_figure, input, output, params, log)

"""Trade data: the sources' short names."""

from __future__ import annotations

from ap4report.analysis.trade import short_source


def test_source_names_are_shortened():
    assert (
        short_source("IMF Direction of Trade Statistics (DOTS), reporter-reported goods trade")
        == "IMF DOTS"
    )
    assert (
        short_source(
            "UN Comtrade (UN Statistics Division), reporter-reported annual goods trade, HS TOTAL"
        )
        == "UN Comtrade"
    )

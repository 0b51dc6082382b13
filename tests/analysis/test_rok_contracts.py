"""Reading the South Korea–Poland contracts: system families and munitions."""

from __future__ import annotations

from ap4report.analysis.rok_contracts import families_in, munition_in


def test_families_are_recognised_from_the_system_text():
    assert families_in("K239 Chunmoo MRL (Homar-K)") == ["K239"]
    assert families_in("K2 MBT (116 K2GF + 64 K2PL)") == ["K2"]
    assert families_in("K9A1 SPH") == ["K9"]
    assert families_in("Framework package (K2+K9+FA-50)") == [
        "K2",
        "K9",
        "FA-50",
    ]
    assert munition_in("Chunmoo guided rockets CGR-080") == "rockets"
    assert munition_in("K239 Chunmoo MRL (Homar-K)") is None

"""The package's layers, read from the imports of its modules (with `ast`, nothing run):

- analysis/ shapes the data; it imports no figure or table module, and no matplotlib;
- figures/ draw it: a figure imports no other figure (the shared helpers of
  figures/labels.py and the package's own figures/__init__.py excepted);
- tables/ format it and import no figure module;
- numbers.py quotes it and imports no figure or table module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "ap4report"
FIGURE_HELPERS = {"ap4report.figures", "ap4report.figures.labels"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function: `import a.b` gives
    a.b; `from a import b` gives a.b where b is a module of the package, else a."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the file's package
                anchor = (package or module_name(path)).split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if is_package_module(candidate) else base)
    return found


def is_package_module(name: str) -> bool:
    if not name.startswith("ap4report."):
        return False
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative).is_dir()


MODULES = {module_name(path): imported(path) for path in sorted(PACKAGE.rglob("*.py"))}


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def in_layer(package: str) -> list[str]:
    return [name for name in MODULES if within(name, package)]


def test_the_layers_are_found():
    assert {"ap4report.numbers", "ap4report.figures.milex_share"} <= set(MODULES)
    assert len(in_layer("ap4report.analysis")) > 3
    assert "ap4report.analysis.milex" in MODULES["ap4report.numbers"]
    assert "ap4report.figures.labels" in MODULES["ap4report.figures.milex_share"]


@pytest.mark.parametrize("module", in_layer("ap4report.figures"))
def test_no_figure_imports_another_figure(module):
    others = {
        name
        for name in MODULES[module]
        if within(name, "ap4report.figures") and name not in FIGURE_HELPERS and name != module
    }
    assert not others, f"{module} imports the figure modules {sorted(others)}"


@pytest.mark.parametrize("module", in_layer("ap4report.tables"))
def test_no_table_imports_a_figure(module):
    figures = {name for name in MODULES[module] if within(name, "ap4report.figures")}
    assert not figures, f"{module} imports {sorted(figures)}"


@pytest.mark.parametrize("module", ["ap4report.numbers", *in_layer("ap4report.analysis")])
def test_numbers_and_analysis_import_no_figure_or_table(module):
    above = {
        name
        for name in MODULES[module]
        if within(name, "ap4report.figures") or within(name, "ap4report.tables")
    }
    assert not above, f"{module} imports {sorted(above)}"


@pytest.mark.parametrize("module", in_layer("ap4report.analysis"))
def test_analysis_draws_nothing(module):
    drawing = {name for name in MODULES[module] if within(name, "matplotlib")}
    assert not drawing, f"{module} imports {sorted(drawing)}"

"""The catalog of figures and tables: what each module in figures/ and tables/ declares.

A module declares, as literals at its top:

    DATASETS = ("milex", "countries")      # the datasets it reads
    SOURCES = ("milex",)                   # optional: the datasets its source line credits
    SETTINGS = ("partners",)               # keys of `analysis` in config/config.yaml
    PLACED_IN = ("report", "annex")        # the kinds of edition that place it

and its docstring's first line says what it shows. A module that declares none of these
(a helper, such as figures/labels.py) is not in the catalog. The workflow's rules, the documents'
lists of floats and the floor benchmark all come from here. The declarations are read with
`ast`, without importing the module, so that Snakemake starts without pandas or matplotlib.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ap4report.editions import KINDS as EDITION_KINDS
from ap4report.errors import AuthorError, did_you_mean

PACKAGE_DIR = Path(__file__).parent
FLOAT_KINDS = ("figures", "tables")
REQUIRED = ("DATASETS", "SETTINGS", "PLACED_IN")
OPTIONAL = ("SOURCES",)


class CatalogError(AuthorError, ValueError):
    """A figure or table module whose declarations cannot be read."""


@dataclass(frozen=True)
class Entry:
    kind: str  # "figures" or "tables"
    id: str  # the module's name: milex_share
    title: str  # the first line of its docstring
    datasets: tuple[str, ...]
    sources: tuple[str, ...]  # the datasets credited in its source line
    settings: tuple[str, ...]
    placed_in: tuple[str, ...]  # edition kinds

    @property
    def module(self) -> str:
        return f"ap4report.{self.kind}.{self.id}"


def _declarations(path: Path) -> tuple[ast.Module, dict[str, tuple[str, ...]]]:
    """A module's tree and its declared tuples of names, or CatalogError naming the line;
    parsed once per version of the file."""
    status = path.stat()
    return _parsed_declarations(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=64)
def _parsed_declarations(path: Path, _mtime_ns: int, _size: int):
    where = path.as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=where)
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = getattr(node.targets[0], "id", None)
            if name in REQUIRED + OPTIONAL:
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    value = None
                if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
                    raise CatalogError(
                        f"{where}:{node.lineno}: {name} must be a literal tuple of names"
                    )
                found[name] = value
    return tree, found


def declared(path: Path, name: str) -> tuple[str, ...]:
    """One declaration of a module (SETTINGS of numbers.py, ...), read without importing it."""
    found = _declarations(path)[1]
    if name not in found:
        raise CatalogError(f"{path.as_posix()}: declare {name} at the top of the module")
    return found[name]


def read_entry(path: Path, kind: str) -> Entry | None:
    """The declarations of one module (None for a helper module, which declares none of
    them), or CatalogError naming the file and line."""
    where = path.as_posix()
    tree, found = _declarations(path)
    missing = [name for name in REQUIRED if name not in found]
    if len(missing) == len(REQUIRED):
        return None
    if missing:
        raise CatalogError(f"{where}: declare {', '.join(missing)} at the top of the module")
    unknown = sorted(set(found["PLACED_IN"]) - set(EDITION_KINDS))
    if unknown:
        raise CatalogError(
            f"{where}: PLACED_IN names {', '.join(unknown)}; the kinds of edition are "
            f"{', '.join(EDITION_KINDS)}"
        )
    docstring = ast.get_docstring(tree) or ""
    return Entry(
        kind=kind,
        id=path.stem,
        title=docstring.strip().splitlines()[0] if docstring.strip() else path.stem,
        datasets=found["DATASETS"],
        sources=found.get("SOURCES", found["DATASETS"]),
        settings=found["SETTINGS"],
        placed_in=found["PLACED_IN"],
    )


@cache
def catalog(package_dir: Path = PACKAGE_DIR) -> dict[str, dict[str, Entry]]:
    """Every figure and table: kind ("figures", "tables") → id → Entry, ids sorted."""
    found = {kind: {} for kind in FLOAT_KINDS}
    for kind in FLOAT_KINDS:
        for path in sorted((package_dir / kind).glob("*.py")):
            declared = read_entry(path, kind)
            if declared and not path.name.startswith("_"):
                found[kind][path.stem] = declared
    return found


def placed(edition_kind: str, package_dir: Path = PACKAGE_DIR) -> dict[str, list[str]]:
    """The figures and tables that an edition of this kind places, by kind of float."""
    return {
        kind: [item for item, entry in entries.items() if edition_kind in entry.placed_in]
        for kind, entries in catalog(package_dir).items()
    }


def entry(kind: str, item_id: str, package_dir: Path = PACKAGE_DIR) -> Entry:
    """One figure's or table's entry; an unknown id is refused with the closest known one."""
    entries = catalog(package_dir)[kind]
    if item_id not in entries:
        raise CatalogError(f"unknown {kind[:-1]} {item_id!r}{did_you_mean(item_id, entries)}")
    return entries[item_id]

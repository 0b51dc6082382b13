"""The code a job runs: the package files its step imports, directly or not.

Each job depends on the files in the import closure of what it runs within the package,
so editing a module reruns exactly the jobs that run it. A job runs one function of
ap4report.steps (`ap4report.steps:plot_figure`): its closure starts from the imports of
that function, of the functions of steps.py it calls, and of steps.py's top level, so a
figure's job does not depend on the PDF renderer. Imports are read with `ast` (also those
inside functions), without importing anything. Paths are the checkout's own files,
relative to the workflow (`src/ap4report/...`), so a copy of the project tracks its own
code wherever the package is installed.
"""

from __future__ import annotations

import ast
import atexit
import json
import os
from functools import cache
from pathlib import Path

PACKAGE = "ap4report"


def module_path(name: str, src: Path) -> Path | None:
    """The file of a module of the package (a package's __init__.py), or None."""
    base = src.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _parents(name: str) -> list[str]:
    """ap4report.figures.milex_share → ap4report, ap4report.figures (run on import)."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _tree(name: str, src: Path) -> tuple[ast.Module, bool]:
    path = module_path(name, src)
    return ast.parse(
        path.read_text(encoding="utf-8"), filename=str(path)
    ), path.name == "__init__.py"


class ImportCache:
    """What each file imports, kept on disk between runs (a JSON file keyed by the file's
    path, modification time and size), so that Snakemake does not parse the package at
    every start."""

    def __init__(self, path: Path):
        self.path, self.changed = path, False
        try:
            self.entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        if not isinstance(self.entries, dict):  # not this cache's shape: start afresh
            self.entries = {}

    def get(self, key: str, file: Path, compute):
        status = file.stat()
        stamp = [status.st_mtime_ns, status.st_size]
        entry = self.entries.get(key)
        if not _valid_entry(entry) or entry["stamp"] != stamp:
            entry = {"stamp": stamp, "imports": sorted(compute())}
            self.entries[key], self.changed = entry, True
        return frozenset(entry["imports"])

    def save(self) -> None:
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.entries, sort_keys=True), encoding="utf-8")
            temporary.replace(self.path)
            self.changed = False


def _valid_entry(entry) -> bool:
    """An entry as ImportCache writes it (a damaged or edited cache is recomputed)."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("stamp"), list)
        and isinstance(entry.get("imports"), list)
        and all(isinstance(name, str) for name in entry["imports"])
    )


_disk_cache: ImportCache | None = None


def use_disk_cache(path: Path | str) -> None:
    """Keep what each file imports in `path` between runs (saved when the process ends)."""
    global _disk_cache
    _disk_cache = ImportCache(Path(path))
    atexit.register(_disk_cache.save)


@cache
def direct_imports(name: str, src: Path) -> frozenset[str]:
    """The package's modules that module `name` imports anywhere in its body, or, for
    `module:function`, at its top level and in that function and the module's functions
    it calls."""
    module, _, function = name.partition(":")

    def compute():
        tree, is_package = _tree(module, src)
        nodes = _function_nodes(tree, function) if function else [tree]
        return _imports(nodes, module, is_package, src)

    if _disk_cache is None:
        return compute()
    return _disk_cache.get(f"{src.resolve()}::{name}", module_path(module, src), compute)


def _function_nodes(tree: ast.Module, function: str) -> list[ast.AST]:
    """The module's top-level statements other than functions and classes, the function
    and, transitively, the module's functions it names."""
    functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    if function not in functions:
        raise ValueError(f"no function {function!r} at the top level of the module")
    nodes = [
        node
        for node in tree.body
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]
    todo, seen = [function], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        nodes.append(functions[current])
        todo += [
            node.id
            for node in ast.walk(functions[current])
            if isinstance(node, ast.Name) and node.id in functions
        ]
    return nodes


def _imports(nodes: list[ast.AST], name: str, is_package: bool, src: Path) -> frozenset[str]:
    found = set()
    for node in (inner for outer in nodes for inner in ast.walk(outer)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from .x import y
                anchor = name.split(".")[: len(name.split(".")) - node.level + is_package]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            found.add(base)
            # `from ap4report import i18n`: the names may be modules themselves.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(
        module
        for module in found
        if (module == PACKAGE or module.startswith(PACKAGE + ".")) and module_path(module, src)
    )


def closure(name: str, src: Path) -> list[str]:
    """Module `name` and every package module it needs, with their parent packages."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(direct_imports(module, src))
        todo.extend(_parents(module.partition(":")[0]))
    return sorted(seen)


def code_files(name: str, src: Path | str = "src") -> list[str]:
    """The files of `closure(name)`, as paths under `src` (relative to the workflow)."""
    src = Path(src)
    modules = {module.partition(":")[0] for module in closure(name, src)}
    return sorted(module_path(module, src).as_posix() for module in modules)

"""Confined reads: every path that comes from the data, the content or the config must
resolve, after symlinks, inside the folder it belongs to (data/, content/, ...).

A pull request from a stranger can set a resource's `path:` to `../../etc/passwd` or
`/proc/self/environ`, or add a symlink out of the project; `confined` refuses all of them
before the file is opened, and its message quotes the path, never the file.
"""

from __future__ import annotations

from pathlib import Path

from ap4report.errors import AuthorError


class UnsafePath(AuthorError, ValueError):
    """A path from the inputs that would read outside its folder."""


def confined(path: Path | str, folder: Path | str, what: str) -> Path:
    """`path` (relative to the working directory, or to nothing if absolute) if it
    resolves inside `folder` after following symlinks; else raise UnsafePath."""
    path, folder = Path(path), Path(folder)
    resolved = path.resolve()
    if not resolved.is_relative_to(folder.resolve()):
        shown = str(path)[:120].encode("unicode_escape").decode("ascii")
        raise UnsafePath(f"{what}: {shown!r} is not inside {folder.as_posix()}/ (after symlinks)")
    return path


def check_config_paths(config: dict) -> None:
    """The config's file settings each point inside their own folder."""
    confined(config["report"]["references"], "content", "config report.references")
    confined(config["data"]["package"], "data", "config data.package")


def content_files(*paths: Path | str) -> None:
    """Files a step reads from content/ (prose, strings, catalogs) are inside it."""
    for path in paths:
        confined(path, "content", "a content file")

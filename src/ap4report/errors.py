"""Mistakes an author can fix: in the content, a translation, the data or a module's
declarations. Each is reported once, as `file:line: what is wrong` (with a suggestion where
there is one), without a Python traceback: see ap4report.steps.run_step."""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path


class AuthorError(Exception):
    """A mistake in the project's own inputs, with a message that names where it is."""


def did_you_mean(name, known) -> str:
    """' (did you mean 'x'?)' with the closest of `known`, or nothing."""
    close = get_close_matches(str(name), [str(item) for item in known], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def shown_path(path: str | Path) -> str:
    """A path as an author knows it: relative to the project (content/en/report.md)."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()

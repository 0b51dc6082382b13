"""Where each number of numbers.json comes from, and how well it is known.

`numbers.compute` builds its sections as `Section`s: a dict whose values all come from the
same rows, unless a value is a `Sourced` with rows of its own. `split` turns that tree into
the plain values the content reads and, for every value's path ("milex.latest_year"), its
provenance: datasets, releases, the keys of the rows it is computed from, and the weakest
verification status among those rows.
"""

from __future__ import annotations

from dataclasses import dataclass

# Statuses of rows that the prose may state as fact. Anything else (partly verified, sources
# in conflict, an estimate, unverified, a secondary copy) must be hedged in words.
FACT_STATUSES = frozenset(
    {
        "published",  # a publisher's release without per-row status (SIPRI, Kiel, WDI...)
        "verified",
        "verified_date_inferred",
        "verified_date_approx",
        "verified_derived",
        "verified_secondary",
        "verified_value_date_approx",
        "reported",  # an official figure as reported (ITPP periods and counts)
        "verified_with_minor_conflict",  # sources differ only in rounding
        "not_applicable",
    }
)
# The order in which a weaker status wins; statuses not listed rank as unverified.
_RANK = {
    **dict.fromkeys(FACT_STATUSES, 0),
    "verified_with_conflict": 1,
    "verified_as_estimate": 1,
    "verified_as_report": 1,
    "partially_verified": 2,
    "to_be_checked": 2,
}
_UNVERIFIED = 3


def rank(status: str) -> int:
    return _RANK.get(status, _UNVERIFIED)


def weakest(statuses) -> str:
    return max(statuses, key=lambda s: (rank(s), s), default="published")


def is_fact(status: str) -> bool:
    return status in FACT_STATUSES


@dataclass(frozen=True)
class Source:
    datasets: tuple[str, ...]
    releases: tuple[str, ...]
    status: str
    keys: tuple[str, ...]

    def __add__(self, other: Source) -> Source:
        return Source(
            _union(self.datasets, other.datasets),
            _union(self.releases, other.releases),
            weakest([self.status, other.status]),
            _union(self.keys, other.keys),
        )

    def as_dict(self) -> dict:
        return {
            "datasets": list(self.datasets),
            "releases": list(self.releases),
            "status": self.status,
            "keys": list(self.keys),
        }


def _union(a: tuple, b: tuple) -> tuple:
    return tuple(dict.fromkeys(a + b))


TO_CHECK = "to_be_checked"  # a row the dataset's notes ask to check before use


def describe(table, resource) -> None:
    """Label a typed table with its dataset's name, release, primary key and the rows its
    metadata asks to check (`to_check`)."""
    descriptor = resource.descriptor
    edition = str(descriptor.get("edition", ""))
    release = edition if not edition.startswith("not applicable") else ""
    release = release or f"compiled table, as of {descriptor.get('as_of', '?')}"
    table.attrs.update(
        dataset=resource.name,
        release=release,
        key=list(resource.primary_key),
        to_check=[entry["row"] for entry in descriptor.get("to_check", [])],
    )


def _to_check(record: dict, patterns: list[dict]) -> bool:
    return any(
        all(str(record.get(column)) == str(value) for column, value in pattern.items())
        for pattern in patterns
    )


def rows(table, subset=None, status_column: str = "verification_status") -> Source:
    """The provenance of a value computed from `subset` (default: all) of `table`'s rows;
    `status_column` names the column that says how well each row is known."""
    frame = table if subset is None else subset
    if status_column in frame.columns:
        statuses = [str(s) for s in frame[status_column].dropna()]
    else:
        statuses = []
    patterns = table.attrs.get("to_check") or []
    if patterns and any(_to_check(r, patterns) for r in frame.to_dict("records")):
        statuses.append(TO_CHECK)
    key = table.attrs.get("key") or []
    keys = tuple(
        "/".join(str(record[column]) for column in key) for record in frame[key].to_dict("records")
    )
    return Source(
        (table.attrs.get("dataset", "?"),),
        (table.attrs.get("release", "?"),),
        weakest(statuses),
        keys,
    )


def combine(*sources: Source) -> Source:
    total = sources[0]
    for source in sources[1:]:
        total = total + source
    return total


@dataclass(frozen=True)
class Sourced:
    """A value with rows of its own (inside a Section whose other values have others)."""

    value: object
    source: Source


class Section(dict):
    """A dict of values that come from `source`, unless a value says otherwise."""

    def __init__(self, source: Source, values: dict):
        super().__init__(values)
        self.source = source


def split(tree, source: Source | None = None, path: str = "") -> tuple[object, dict]:
    """(plain values, provenance by path) of a tree of Sections, Sourced values, dicts,
    lists and scalars. A list of scalars is one value; a list of dicts is walked."""
    if isinstance(tree, Sourced):
        return split(tree.value, tree.source, path)
    if isinstance(tree, Section):
        source = tree.source
    if isinstance(tree, dict):
        values, provenance = {}, {}
        for key, item in tree.items():
            values[key], found = split(item, source, f"{path}.{key}" if path else str(key))
            provenance.update(found)
        return values, provenance
    if isinstance(tree, list) and any(isinstance(item, (dict, Sourced)) for item in tree):
        values, provenance = [], {}
        for index, item in enumerate(tree):
            value, found = split(item, source, f"{path}.{index}")
            values.append(value)
            provenance.update(found)
        return values, provenance
    if source is None:
        raise ValueError(f"numbers: no source for {path!r}")
    return tree, {path: source.as_dict()}

"""Command line: read a publisher's file into data/, or fetch the current releases.

    python -m ap4report.sources <source> <file> [<file> ...] [options]
    python -m ap4report.sources fetch [<source> ...] [--base-url URL] [--timeout S]
    python -m ap4report.sources status

Errors end with a message and exit status 1 (2 for a wrong command line), never a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from ap4report.sources import READERS, reader
from ap4report.sources.common import (
    Options,
    SourceError,
    apply_release,
    parse_date,
    read_snapshot,
    static_metadata,
)


def arguments(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ap4report.sources",
        description="Read a publisher's release into data/ (and record its snapshot), or "
        "download the current releases (fetch), or show the snapshot records (status).",
    )
    parser.add_argument("command", help=f"a source ({', '.join(READERS)}), fetch, or status")
    parser.add_argument(
        "items", nargs="*", help="the file(s) to read; for fetch, the sources (default: all)"
    )
    parser.add_argument("--data-dir", type=Path, default=Path("data"), help="default: data")
    parser.add_argument(
        "--retrieved", help="the day the file was downloaded, YYYY-MM-DD (default: today)"
    )
    parser.add_argument("--release", help="the release name or number, if not in the file")
    parser.add_argument("--as-of", help="the period the release covers (Kiel: YYYY-MM)")
    parser.add_argument("--released", help="the publisher's release date, YYYY-MM-DD")
    parser.add_argument("--url", action="append", help="where the file came from (recorded)")
    parser.add_argument(
        "--cache-dir", type=Path, default=Path(".cache/sources"), help="fetch: download folder"
    )
    parser.add_argument(
        "--base-url", help="fetch: replace scheme and host of every URL (a mirror, or tests)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="fetch: seconds per request")
    return parser.parse_args(argv)


def options_from(args) -> Options:
    retrieved = args.retrieved or datetime.date.today().isoformat()
    parse_date(retrieved, "--retrieved")
    if args.released:
        parse_date(args.released, "--released")
    return Options(
        retrieved=retrieved,
        data_dir=args.data_dir,
        urls=args.url,
        release=args.release,
        as_of=args.as_of,
        released=args.released,
    )


def read_files(source: str, files: list[str], options: Options) -> None:
    if not files:
        raise SourceError(f"give the file(s) to read: python -m ap4report.sources {source} <file>")
    for name in files:
        if not Path(name).is_file():
            raise SourceError(f"{name}: no such file")
    metadata = static_metadata(source)
    print(f"{source}: reading {', '.join(files)}")
    release = reader(source).read([Path(f) for f in files], metadata, options)
    apply_release(release, options.data_dir, metadata)
    done(release)


def done(release) -> None:
    print(f"{release.source}: data/ now holds {release.release} (retrieved {release.retrieved})")
    for item in release.review:
        print(f"  written by hand, check they still describe this release: {item}")


def status(data_dir: Path) -> None:
    today = datetime.date.today().isoformat()
    for source in READERS:
        record = read_snapshot(data_dir, source)
        if record is None:
            print(f"{source}: no snapshot record")
            continue
        due = record.get("next_release_expected", "")
        late = " (due: look for a new release)" if due and due <= today else ""
        print(
            f"{source}: {record.get('release')}, retrieved {record.get('retrieved')};"
            f" next release expected {due}{late}"
        )


def main(argv=None) -> int:
    args = arguments(argv)
    try:
        if args.command == "status":
            status(args.data_dir)
        elif args.command == "fetch":
            from ap4report.sources.fetch import fetch

            sources = args.items or [s for s in READERS if static_metadata(s).get("urls")]
            failed = 0
            for source in sources:
                print(f"{source}: fetching the current release")
                try:
                    changed = fetch(
                        source,
                        reader(source).read,
                        options_from(args),
                        args.cache_dir,
                        args.base_url,
                        args.timeout,
                    )
                except SourceError as error:
                    print(f"error: {source}: {error}; data/ unchanged", file=sys.stderr)
                    failed += 1
                    continue
                print(f"{source}: {'updated' if changed else 'up to date'}")
            return 1 if failed else 0
        elif args.command in READERS:
            read_files(args.command, args.items, options_from(args))
        else:
            raise SourceError(
                f"unknown command {args.command!r}: give a source ({', '.join(READERS)}),"
                " fetch or status"
            )
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

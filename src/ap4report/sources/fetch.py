"""Download a source's current release into the cache, and read it if it is new.

For each URL in the source's YAML (`urls`), the file is downloaded (standard library,
with a timeout) into `.cache/sources/<source>/`. If every file's sha256 equals the one in
the snapshot record, the source is up to date and nothing in data/ is written. Otherwise
the reader runs on the files and writes data/ (all or nothing, see common.apply_release).
A failed download or an unrecognised layout leaves data/ unchanged.
"""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ap4report.sources.common import (
    MAX_FILE_BYTES,
    Options,
    SourceError,
    apply_release,
    read_snapshot,
    sha256,
    static_metadata,
)

USER_AGENT = "ap4report-sources/0.1 (Python urllib)"
SCHEMES = ("http", "https")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http(s), and never from https down to http (urllib alone
    would also follow one to ftp, and any downgrade)."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if new.scheme not in SCHEMES or (old.scheme == "https" and new.scheme != "https"):
            raise SourceError(f"{req.full_url} redirects to {newurl[:200]}: refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_Redirects)


def with_base(url: str, base_url: str | None) -> str:
    """`url` with its scheme and host replaced by `base_url` (for tests and mirrors):
    with_base('https://a.org/x/y.xlsx?q=1', 'http://127.0.0.1:8000') ==
    'http://127.0.0.1:8000/x/y.xlsx?q=1'."""
    if not base_url:
        return url
    parts = urllib.parse.urlsplit(url)
    base = urllib.parse.urlsplit(base_url.rstrip("/"))
    return urllib.parse.urlunsplit(
        (base.scheme, base.netloc, base.path + parts.path, parts.query, "")
    )


def download(url: str, target: Path, timeout: float, limit: int | None = None) -> None:
    """Save `url` as `target` (written under a temporary name, renamed when complete).
    Only http(s) is fetched, and a body of more than `limit` (MAX_FILE_BYTES) is refused."""
    limit = limit or MAX_FILE_BYTES
    if urllib.parse.urlsplit(url).scheme not in SCHEMES:
        raise SourceError(f"{url[:200]}: only http and https addresses are fetched")
    target.parent.mkdir(parents=True, exist_ok=True)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    fd, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as out, _OPENER.open(request, timeout=timeout) as got:
            size = 0
            while block := got.read(1 << 20):
                size += len(block)
                if size > limit:
                    raise SourceError(f"{url}: more than {limit:,} bytes; refused")
                out.write(block)
        os.replace(partial, target)
    except urllib.error.HTTPError as error:
        raise SourceError(f"could not download {url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SourceError(f"could not download {url}: {reason}") from None
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def cache_name(url: str, index: int, metadata: dict) -> str:
    """The file name a download is saved as in the cache: cache_names in the YAML, else
    the last part of the URL's path; a plain name, never a path out of the cache."""
    names = metadata.get("cache_names") or []
    name = names[index] if index < len(names) else Path(urllib.parse.urlsplit(url).path).name
    if not name:
        raise SourceError(f"{url}: no file name in the URL; give cache_names in the YAML")
    if not isinstance(name, str) or name in (".", "..") or "/" in name or "\\" in name:
        raise SourceError(f"{url}: the cache name {name!r} is not a plain file name")
    return name


def fetch(
    source: str,
    read,
    options: Options,
    cache_dir: Path,
    base_url: str | None = None,
    timeout: float = 60.0,
) -> bool:
    """Fetch one source; True if data/ was updated, False if it was up to date."""
    log = options.log
    metadata = static_metadata(source)
    urls = metadata.get("urls") or []
    if not urls:
        raise SourceError(
            f"{source}: no download address is known (each release has its own); download the"
            f" release by hand and run: python -m ap4report.sources {source} <file>"
        )
    files, used = [], []
    for index, url in enumerate(urls):
        address = with_base(url, base_url)
        target = Path(cache_dir) / source / cache_name(url, index, metadata)
        log(f"  downloading {address}")
        download(address, target, timeout)
        log(f"  saved {target} ({target.stat().st_size:,} bytes)")
        files.append(target)
        used.append(url)
    record = read_snapshot(options.data_dir, source) or {}
    known = [entry.get("sha256") for entry in record.get("files", [])]
    if known == [sha256(path) for path in files]:
        log(f"{source}: up to date (same sha256 as data/snapshots/{source}.yaml); nothing written")
        return False
    options.urls = used
    release = read(files, metadata, options)
    apply_release(release, options.data_dir, metadata, log)
    return True

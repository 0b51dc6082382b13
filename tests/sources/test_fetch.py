"""Fetching a release from a local HTTP server: new, up to date, missing, refused."""

from __future__ import annotations

import hashlib
import socket

import pytest
import yaml

from ap4report.sources.__main__ import main

from .fixtures import (
    SIPRI_URL_PATH,
    Server,
    _drop_sheet,
    edited,
    hashes,
    milex_rows,
    next_edition_rows,
    sipri_workbook,
)


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def fetch_argv(data_copy, tmp_path, base_url):
    return [
        "fetch",
        "sipri_milex",
        "--data-dir",
        str(data_copy),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--base-url",
        base_url,
        "--timeout",
        "10",
    ]


def test_fetch_reads_a_new_release_then_finds_it_up_to_date(
    server, sipri_2025, tmp_path, data_copy, capsys
):
    rows = next_edition_rows(milex_rows())
    new = sipri_workbook(tmp_path / "new.xlsx", rows, None, 2024, 2025)
    server.files[SIPRI_URL_PATH] = new.read_bytes()
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 0
    assert "sipri_milex: updated" in capsys.readouterr().out
    record = yaml.safe_load((data_copy / "snapshots/sipri_milex.yaml").read_text())
    assert record["files"][0]["sha256"] == hashlib.sha256(new.read_bytes()).hexdigest()
    assert record["files"][0]["url"].startswith("https://www.sipri.org/")
    assert "milex_constant_2024_usd_m" in (data_copy / "milex.csv").read_text()
    cached = tmp_path / "cache/sipri_milex/SIPRI-Milex-data-1949-2024_2.xlsx"
    assert cached.read_bytes() == new.read_bytes()

    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 0
    assert "up to date" in capsys.readouterr().out
    assert hashes(data_copy) == before


def test_fetch_missing_file_changes_nothing(server, tmp_path, data_copy, capsys):
    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 1
    err = capsys.readouterr().err
    assert "could not download" in err and "HTTP 404" in err and "Traceback" not in err
    assert hashes(data_copy) == before


def test_fetch_connection_refused_changes_nothing(tmp_path, data_copy, capsys):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, f"http://127.0.0.1:{port}")) == 1
    assert "could not download" in capsys.readouterr().err
    assert hashes(data_copy) == before


def test_fetch_bad_layout_is_refused_and_changes_nothing(
    server, sipri_2025, tmp_path, data_copy, capsys
):
    bad = edited(sipri_2025, tmp_path / "bad.xlsx", _drop_sheet("Current US$"))
    server.files[SIPRI_URL_PATH] = bad.read_bytes()
    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 1
    assert "expected a sheet named 'Current US$'" in capsys.readouterr().err
    assert hashes(data_copy) == before


def test_fetch_without_an_address_says_how_to_read_by_hand(tmp_path, data_copy, capsys):
    argv = ["fetch", "kiel_ukraine", "--data-dir", str(data_copy)]
    assert main([*argv, "--cache-dir", str(tmp_path)]) == 1
    assert "python -m ap4report.sources kiel_ukraine <file>" in capsys.readouterr().err


# What fetch refuses: other schemes, downgrades, oversized bodies, cache names out of the cache


def test_fetch_follows_a_redirect_on_http_but_not_to_ftp(server, tmp_path, data_copy, capsys):
    new = sipri_workbook(tmp_path / "new.xlsx", next_edition_rows(milex_rows()), None, 2024, 2025)
    server.files["/mirror/new.xlsx"] = new.read_bytes()
    server.redirects[SIPRI_URL_PATH] = f"{server.url}/mirror/new.xlsx"
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 0

    before = hashes(data_copy)
    server.redirects[SIPRI_URL_PATH] = "ftp://127.0.0.1/new.xlsx"
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 1
    assert "redirects to ftp://127.0.0.1/new.xlsx: refused" in capsys.readouterr().err
    assert hashes(data_copy) == before


def test_a_redirect_from_https_to_http_is_refused():
    import urllib.request

    from ap4report.sources.common import SourceError
    from ap4report.sources.fetch import _Redirects

    request = urllib.request.Request("https://www.sipri.org/x.xlsx")
    with pytest.raises(SourceError, match=r"redirects to http://mirror.example/x.xlsx: refused"):
        _Redirects().redirect_request(
            request, None, 302, "Found", {}, "http://mirror.example/x.xlsx"
        )


def test_fetch_reads_nothing_but_http(tmp_path, data_copy, capsys):
    secret = tmp_path / "secret"
    secret.mkdir()
    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, f"file://{secret}")) == 1
    assert "only http and https addresses are fetched" in capsys.readouterr().err
    assert not (tmp_path / "cache").exists()
    assert hashes(data_copy) == before


def test_fetch_refuses_a_body_larger_than_the_limit(
    server, tmp_path, data_copy, capsys, monkeypatch
):
    from ap4report.sources import fetch

    monkeypatch.setattr(fetch, "MAX_FILE_BYTES", 1000)
    server.files[SIPRI_URL_PATH] = b"x" * 5000
    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 1
    assert "more than 1,000 bytes; refused" in capsys.readouterr().err
    assert hashes(data_copy) == before
    assert list((tmp_path / "cache/sipri_milex").iterdir()) == []  # no partial file left


@pytest.mark.parametrize(
    "url, names",
    [
        ("https://a.example/x.xlsx", ["../../../data/milex.csv"]),
        ("https://a.example/x.xlsx", [".."]),
        ("https://a.example/files/..", []),
    ],
)
def test_a_cache_name_is_a_plain_file_name(url, names):
    from ap4report.sources.common import SourceError
    from ap4report.sources.fetch import cache_name

    with pytest.raises(SourceError, match="is not a plain file name"):
        cache_name(url, 0, {"cache_names": names})

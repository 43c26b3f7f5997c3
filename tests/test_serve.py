"""``build.py serve``: a live preview that picks up an edited map."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import MINIMAL_JOURNEY, REPO
from tests.processes import end, finished, running, wait_until


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serving(site, port: int, temporary: Path, output):  # type: ignore[no-untyped-def]
    """`build.py serve` of ``site`` on ``port``, keeping its copies of the site in
    ``temporary``, its output (both streams) to ``output``; ended with the block."""
    return running(
        [
            sys.executable,
            str(REPO / "build.py"),
            "-f",
            str(site.config),
            "serve",
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=site.root,
        env={**os.environ, "TMPDIR": str(temporary)},
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            return str(response.read().decode())
    except (urllib.error.URLError, ConnectionError):
        return ""


def _fetch_when(url: str, wanted: str, server: subprocess.Popen, log: Path | None = None) -> str:  # type: ignore[type-arg]
    """The page at ``url`` once it shows ``wanted`` (the preview has built it)."""
    wait_until(lambda: wanted in _fetch(url), f"{url} to show {wanted!r}", process=server, log=log)
    return _fetch(url)


def test_serve_previews_and_reloads_an_edited_map(make_site, tmp_path: Path) -> None:
    site = make_site()
    site.write("journeys/late-fee.md", MINIMAL_JOURNEY.replace("Renewing a library", "Paying a"))
    temporary = tmp_path / "tmp"  # where the preview keeps its copies of the site
    temporary.mkdir()
    port = _free_port()
    with _serving(site, port, temporary, subprocess.PIPE) as server:
        url = f"http://127.0.0.1:{port}/journeys/library-card/"
        page = _fetch_when(url, "Renewing a library card", server)
        assert '<table class="jm-map"' in page
        (served,) = temporary.glob("journey-maps-preview-*")
        other_page = served / "journeys" / "late-fee" / "index.html"
        other_written = other_page.stat().st_mtime_ns
        journey: Path = site.docs / "journeys" / "library-card.md"
        journey.write_text(
            journey.read_text().replace("Renewing a library card", "Renewing a library card online")
        )
        _fetch_when(url, "Renewing a library card online", server)
        # Only the pages the edit changes were rendered again (see test_incremental).
        assert other_page.stat().st_mtime_ns == other_written
        assert "Paying a card" in other_page.read_text()
        server.terminate()
        output = finished(server)[0].decode()
    assert "Serving on" in output
    assert not (site.root / "site").exists(), "serve must not write the site dir"
    # Stopped by SIGTERM (as a service manager or a closed terminal stops it), it removes
    # the copies of the site it served.
    assert list(temporary.iterdir()) == []


def said_after(log: Path, first: str, then: str) -> bool:
    """Whether the preview's ``log`` says ``then`` after it said ``first``."""
    _, found, after = log.read_text().partition(first)
    return bool(found) and then in after


def _search_titles(base: str) -> list[str]:
    with urllib.request.urlopen(base + "search/search_index.json", timeout=60) as response:  # noqa: S310
        return [doc["title"] for doc in json.load(response)["docs"]]


def test_a_broken_edit_keeps_the_last_good_preview_and_its_whole_search_index(
    make_site, tmp_path: Path
) -> None:
    site = make_site()
    site.write("about.md", "# About us\n\nWho we are.\n")
    # A hook that fails MkDocs' build midway, after the journeys were checked, while a
    # flag file exists: a failure the journey check cannot see.
    flag = tmp_path / "fail-the-build"
    (site.root / "hook.py").write_text(
        "import pathlib\n\n\ndef on_post_page(output, page, config):\n"
        f"    if pathlib.Path({str(flag)!r}).exists():\n"
        "        raise RuntimeError('the hook broke')\n"
        "    return output\n"
    )
    with site.config.open("a") as config:
        config.write("hooks:\n  - hook.py\n")
    port = _free_port()
    log = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}/"
    url = base + "journeys/library-card/"
    journey: Path = site.docs / "journeys" / "library-card.md"
    good = journey.read_text()
    kept = "still shows the last good build"
    with log.open("w") as output, _serving(site, port, tmp_path, output) as server:
        assert "Renewing a library card" in _fetch_when(url, "Renewing", server, log)
        titles = _search_titles(base)
        assert "About us" in titles
        assert "Renewing a library card" in titles

        # One map edited: the index is rebuilt whole, not from that page alone.
        journey.write_text(good.replace("Renewing a library card", "Renewing a card"))
        _fetch_when(url, "Renewing a card<", server, log)
        edited = _search_titles(base)
        assert len(edited) == len(titles)
        assert "About us" in edited
        assert "Renewing a card" in edited

        # Saved half-edited: the author is told where, readers keep the last good site.
        journey.write_text(good.replace("tags: [library, renewal]", "tags: [library"))
        wait_until(lambda: said_after(log, "library-card.md:6:", kept), "a refusal", process=server)
        assert "library-card.md:6:" in log.read_text()
        assert "Renewing a card<" in _fetch(url)
        assert _search_titles(base) == edited

        journey.write_text(good)
        _fetch_when(url, "Renewing a library card<", server, log)
        restored = _search_titles(base)
        assert "Renewing a library card" in restored

        # A build that fails inside MkDocs, half its pages written: readers see none of it.
        flag.write_text("")
        journey.write_text(good.replace("Renewing a library card", "Renewing it"))
        # Said once the failed build is over, its staging folder gone, nothing swapped in.
        wait_until(
            lambda: said_after(log, "RuntimeError: the hook broke", kept),
            "the preview to refuse the failed build",
            process=server,
            log=log,
        )
        assert "Renewing a library card<" in _fetch(url)
        assert _search_titles(base) == restored
        end(server)
    assert "Traceback" not in log.read_text()

"""``build.py serve``: a live preview that picks up an edited map."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import MINIMAL_JOURNEY, REPO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_serve(site, port: int, temporary: Path, output) -> subprocess.Popen:  # type: ignore[no-untyped-def, type-arg]
    """`build.py serve` of ``site`` on ``port``, keeping its copies of the site in
    ``temporary``, its output (both streams) to ``output``."""
    return subprocess.Popen(
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


def _fetch_until(url: str, wanted: str, deadline: float) -> str:
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                body = response.read().decode()
            if wanted in body:
                return body
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    return body


def test_serve_previews_and_reloads_an_edited_map(make_site, tmp_path: Path) -> None:
    site = make_site()
    site.write("journeys/late-fee.md", MINIMAL_JOURNEY.replace("Renewing a library", "Paying a"))
    temporary = tmp_path / "tmp"  # where the preview keeps its copies of the site
    temporary.mkdir()
    port = _free_port()
    server = _start_serve(site, port, temporary, subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/journeys/library-card/"
        page = _fetch_until(url, "Renewing a library card", time.monotonic() + 30)
        assert '<table class="jm-map"' in page
        (served,) = temporary.glob("journey-maps-preview-*")
        other_page = served / "journeys" / "late-fee" / "index.html"
        other_written = other_page.stat().st_mtime_ns
        journey: Path = site.docs / "journeys" / "library-card.md"
        journey.write_text(
            journey.read_text().replace("Renewing a library card", "Renewing a library card online")
        )
        assert "Renewing a library card online" in _fetch_until(
            url, "Renewing a library card online", time.monotonic() + 30
        )
        # Only the pages the edit changes were rendered again (see test_incremental).
        assert other_page.stat().st_mtime_ns == other_written
        assert "Paying a card" in other_page.read_text()
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert "Serving on" in output
    assert not (site.root / "site").exists(), "serve must not write the site dir"
    # Stopped by SIGTERM (as a service manager or a closed terminal stops it), it removes
    # the copies of the site it served.
    assert list(temporary.iterdir()) == []


def _search_titles(base: str) -> list[str]:
    with urllib.request.urlopen(base + "search/search_index.json", timeout=5) as response:  # noqa: S310
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
    with log.open("w") as output:
        server = _start_serve(site, port, tmp_path, output)
    base = f"http://127.0.0.1:{port}/"
    url = base + "journeys/library-card/"
    journey: Path = site.docs / "journeys" / "library-card.md"
    good = journey.read_text()
    try:
        assert "Renewing a library card" in _fetch_until(url, "Renewing", time.monotonic() + 30)
        titles = _search_titles(base)
        assert "About us" in titles
        assert "Renewing a library card" in titles

        # One map edited: the index is rebuilt whole, not from that page alone.
        journey.write_text(good.replace("Renewing a library card", "Renewing a card"))
        _fetch_until(url, "Renewing a card<", time.monotonic() + 30)
        edited = _search_titles(base)
        assert len(edited) == len(titles)
        assert "About us" in edited
        assert "Renewing a card" in edited

        # Saved half-edited: the author is told where, readers keep the last good site.
        journey.write_text(good.replace("tags: [library, renewal]", "tags: [library"))
        deadline = time.monotonic() + 30
        while "still shows the last good build" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert "library-card.md:6:" in log.read_text()
        assert "Renewing a card<" in _fetch_until(url, "Renewing a card<", time.monotonic() + 5)
        assert _search_titles(base) == edited

        journey.write_text(good)
        _fetch_until(url, "Renewing a library card<", time.monotonic() + 30)
        restored = _search_titles(base)
        assert "Renewing a library card" in restored

        # A build that fails inside MkDocs, half its pages written: readers see none of it.
        flag.write_text("")
        journey.write_text(good.replace("Renewing a library card", "Renewing it"))
        deadline = time.monotonic() + 30
        while "RuntimeError: the hook broke" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(0.5)
        assert "Renewing a library card<" in _fetch_until(url, "Renewing a", time.monotonic() + 5)
        assert _search_titles(base) == restored
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Traceback" not in log.read_text()

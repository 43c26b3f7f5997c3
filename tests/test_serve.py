"""``build.py serve``: a live preview that picks up an edited map."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import REPO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


def test_serve_previews_and_reloads_an_edited_map(make_site) -> None:
    site = make_site()
    port = _free_port()
    server = subprocess.Popen(
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
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/journeys/library-card/"
        page = _fetch_until(url, "Renewing a library card", time.monotonic() + 30)
        assert '<table class="jm-map"' in page
        journey: Path = site.docs / "journeys" / "library-card.md"
        journey.write_text(
            journey.read_text().replace("Renewing a library card", "Renewing a library card online")
        )
        assert "Renewing a library card online" in _fetch_until(
            url, "Renewing a library card online", time.monotonic() + 30
        )
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert "Serving on" in output
    assert not (site.root / "site").exists(), "serve must not write the site dir"

"""Shared helpers: tiny real sites built in tmp_path with the real MkDocs build."""

from __future__ import annotations

import signal
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent

MINIMAL_JOURNEY = """\
---
title: Renewing a library card
summary: A reader renews an expired card before borrowing a book.
industry: Public sector
tags: [library, renewal]
owner: Member services
reviewed: 2026-10-01
persona:
  name: Sam
  role: Student
  quote: I just want to borrow the book.
  goals: [Borrow a book today]
scenario: Sam finds out at the desk that the card expired.
stages:
  - name: Discover
    phase: Before
    steps:
      - action: Tries to borrow a book
        touchpoint: Self-service kiosk
        channel: Store
        thought: Why does it beep?
        emotion: very negative
        pains: [No reason shown]
        opportunities: [Say the card expired]
        owner: Branch team
        metrics:
          - name: Wait at the desk
            value: 12
            target: 5
            unit: min
            better: lower
  - name: Renew
    phase: During
    steps:
      - action: Renews at the desk
        touchpoint: Front desk
        channel: Store
        emotion: 1
        metrics:
          - name: Renewals completed
            value: 98
            target: 95
            unit: percent
      - action: Borrows the book
        touchpoint: Kiosk
        emotion: very positive
---
## What we learned

Readers blame the kiosk, not the card.
"""

MKDOCS_YML = """\
site_name: Test site
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - journey-maps{options}
"""


@dataclass
class Site:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str) -> Path:
        path = self.docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def html(self, url_path: str) -> BeautifulSoup:
        page = self.site_dir / url_path / "index.html"
        return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")

    def run(self, *argv: str) -> int:
        from journey_maps.cli import main

        return main(["-f", str(self.config), *argv])


def pytest_configure(config: pytest.Config) -> None:
    """A Ctrl-C the tests send reaches the processes they start. Run in the background
    (``cmd &`` in a script, as some CI runners do), this process ignores SIGINT and so
    would every process it starts: Python installs no KeyboardInterrupt where SIGINT is
    ignored. A handler of its own is not inherited; each process starts with the default."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Site]:
    """A site with an index page and, unless told otherwise, one journey."""

    def make(
        options: str = "", *, journey: str | None = MINIMAL_JOURNEY, extra_yml: str = ""
    ) -> Site:
        site = Site(tmp_path)
        config = MKDOCS_YML.format(
            options=(":\n" + textwrap.indent(options, "      ")) if options else ""
        )
        site.config.write_text(config + extra_yml, encoding="utf-8")
        site.write("index.md", "# Home\n\nWelcome.\n")
        if journey is not None:
            site.write("journeys/library-card.md", journey)
        return site

    return make


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repo's own site, built once per test run into a temporary directory, its
    languages three at a time in processes of their own (also on a one-core machine)."""
    from journey_maps.cli import main

    site_dir = tmp_path_factory.mktemp("shipped") / "site"
    argv = ["-f", str(REPO / "mkdocs.yml"), "build", "-d", str(site_dir), "--jobs", "3"]
    assert main(argv) == 0
    return site_dir


@pytest.fixture(scope="module")
def server(shipped_site: Path) -> Iterator[str]:
    """The shipped site over HTTP on a loopback port."""
    from .browsing import serving

    with serving(shipped_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium, driven by Playwright."""
    from .browsing import CHROMIUM, CHROMIUM_FLAGS

    if not Path(CHROMIUM).exists():
        pytest.fail("browser tests need Debian's Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()

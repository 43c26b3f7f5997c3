#!/usr/bin/env python3
"""Remake the README's screenshots: the real site in Debian's Chromium, driven by Playwright.

.venv/bin/python tests/screenshots.py [--site-dir DIR] [--out screenshots]

Builds this repository's site into a temporary folder with the project's own build (as
build.py does), serves it on a loopback port and writes, under --out, a PNG per view and
the winter-jacket map printed to PDF by Chromium. --site-dir uses a site built already.
The files' names never change, so a rerun replaces them and git shows what moved.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    from .browsing import CHROMIUM, CHROMIUM_FLAGS, serving
except ImportError:  # run as a script: python tests/screenshots.py
    from browsing import CHROMIUM, CHROMIUM_FLAGS, serving  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
JACKET = "journeys/examples/retail/winter-jacket.html"
# A3 landscape less the print CSS's 8 mm margins, in CSS pixels (96 per inch).
PRINT_WIDTH = round((420 - 16) / 25.4 * 96)
PRINT_HEIGHT = round((297 - 16) / 25.4 * 96)
PDF_NAME = "winter-jacket-map.pdf"


@dataclass(frozen=True)
class Shot:
    """One PNG: a page of the site at a viewport, framed one of four ways."""

    name: str
    path: str
    width: int = 1440
    height: int = 900
    full_page: bool = False  # the whole page, however tall
    scroll_to: str | None = None  # bring this element up under the site's header
    clip_to: str | None = None  # only this element, at its full height
    down_to: str | None = None  # from the top of the page to just below this element
    media: str | None = None  # "print": the print stylesheet, the page scaled to its sheet
    scheme: str = "light"  # "dark": the site's dark palette
    folder: str | None = None  # a picture the site shows: written here in the repo, not --out


SHOTS = (
    # What a reader sees first: the journey at a glance.
    Shot("winter-jacket-map.png", JACKET),
    Shot("winter-jacket-lanes.png", JACKET, scroll_to=".jm-map-section"),
    Shot("winter-jacket-compact.png", JACKET + "?view=compact", scroll_to=".jm-map-section"),
    Shot("winter-jacket-phone.png", JACKET, width=390, height=844),
    Shot("gallery.png", "maps.html"),
    Shot("gallery-phone.png", "maps.html", width=390, height=844),
    Shot("winter-jacket-fa.png", "fa/" + JACKET),
    Shot("priorities.png", "maps/priorities.html"),
    # The home page's picture of a map, in either palette.
    *(
        Shot(
            f"home-map{suffix}.png",
            JACKET,
            width=1200,
            clip_to=".jm-overview",
            scheme=scheme,
            folder="content/assets/images",
        )
        for suffix, scheme in (("", "light"), ("-dark", "dark"))
    ),
    # The sheet as printing lays it out: the page scaled to fit A3 landscape.
    Shot(
        "winter-jacket-print.png",
        JACKET,
        width=PRINT_WIDTH,
        height=PRINT_HEIGHT,
        clip_to=".jm-page",
        media="print",
    ),
)


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tests/screenshots.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--site-dir", type=Path, help="use this built site instead of building one")
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "screenshots",
        help="folder for the PNGs and the PDF (default: screenshots/)",
    )
    return parser.parse_args(argv)


def build_site(site_dir: Path) -> bool:
    """This repository's site, built the way build.py builds it."""
    from journey_maps.cli import main

    catalogs = REPO / "plugins" / "journey_maps" / "locale"
    argv = ["-f", str(REPO / "mkdocs.yml"), "build", "-d", str(site_dir)]
    return main(argv, catalogs=catalogs) == 0


def open_page(
    browser: Any, url: str, width: int, height: int, media: str | None = None, scheme: str = "light"
) -> Any:
    """A page at this viewport, loaded and with its fonts; ``media`` "print" emulates paper.

    Leave ``media`` alone for page.pdf(): emulating "screen" would print the screen styles.
    """
    page = browser.new_page(
        viewport={"width": width, "height": height}, color_scheme=scheme, reduced_motion="reduce"
    )
    if media:
        page.emulate_media(media=media)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    if media == "print":  # the page's script scales it to its sheet
        page.wait_for_function("document.querySelector('.jm-page[data-jm-fitted]') !== null")
    return page


def take(browser: Any, base: str, shot: Shot, out: Path) -> Path:
    page = open_page(browser, base + shot.path, shot.width, shot.height, shot.media, shot.scheme)
    target = (REPO / shot.folder if shot.folder else out) / shot.name
    target.parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"path": str(target), "animations": "disabled"}
    if shot.scroll_to:
        # A downward jump: Material then shows the page title in the header and keeps its
        # "Back to top" button hidden (it appears only while scrolling up).
        page.evaluate(
            """selector => {
                const header = document.querySelector(".md-header");
                const top = document.querySelector(selector).getBoundingClientRect().top;
                window.scrollTo(0, window.scrollY + top - (header ? header.offsetHeight : 0) - 8);
            }""",
            shot.scroll_to,
        )
        page.wait_for_timeout(300)
    if shot.clip_to:
        box = page.locator(shot.clip_to).bounding_box()
        options["clip"] = {"x": 0, "y": box["y"], "width": shot.width, "height": box["height"]}
        options["full_page"] = True
    elif shot.down_to:
        box = page.locator(shot.down_to).bounding_box()
        bottom = box["y"] + box["height"] + 8
        options["clip"] = {"x": 0, "y": 0, "width": shot.width, "height": bottom}
        options["full_page"] = True
    else:
        options["full_page"] = shot.full_page
    page.screenshot(**options)
    page.close()
    return target


def print_pdf(browser: Any, base: str, out: Path) -> Path:
    """The winter-jacket map through Chromium's print, on the paper its CSS asks for."""
    page = open_page(browser, base + JACKET, 1440, 1000)
    target = out / PDF_NAME
    page.pdf(path=str(target), prefer_css_page_size=True)
    page.close()
    return target


def render(site_dir: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serving(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            written = [take(browser, base, shot, out) for shot in SHOTS]
            written.append(print_pdf(browser, base, out))
        finally:
            browser.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if not Path(CHROMIUM).exists():
        return fail(f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return fail(
            "Playwright is not installed in this Python: .venv/bin/pip install -e '.[test]'"
        )
    out = args.out.resolve()
    if args.site_dir is not None:
        if not (args.site_dir / "index.html").is_file():
            return fail(f"{args.site_dir}: not a built site (no index.html)")
        written = render(args.site_dir.resolve(), out)
    else:
        try:
            import journey_maps  # noqa: F401
        except ImportError:
            return fail("the journey-maps plugin is not installed: .venv/bin/pip install -e .")
        with tempfile.TemporaryDirectory(prefix="journey-maps-shots-") as tmp:
            site_dir = Path(tmp) / "site"
            if not build_site(site_dir):
                print("error: the site did not build; see the messages above", file=sys.stderr)
                return 1
            written = render(site_dir, out)
    for path in written:
        shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        print(f"{shown}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

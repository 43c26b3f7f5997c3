"""Each map of a built site printed to a PDF beside its page, in every language, with
Chromium: the same bytes every time the same sources are printed by the same Chromium.

The maps are the ones each language's journey catalog (``journeys.json``) lists. The
site is served on a loopback port (a site need not work opened from disk) and printed
by one browser, one tab, page after page, loaded in print media: the map page's print
stylesheet and script lay it out on one landscape sheet, A3 unless ``?paper=a4`` asks
for A4 (the paper a reader picks on the page).

Chromium dates every PDF it writes (``/CreationDate`` and ``/ModDate``, to the second),
honours no SOURCE_DATE_EPOCH, and names a tagged PDF's structure elements after DOM
node numbers, which count on from page to page: each file is rewritten with pikepdf,
dated with the sources' date (``archive.source_date_epoch``), its elements renamed in
order, given the page's language (``/Lang``) and an ``/ID`` worked out from its content.

Printing needs two packages the site's build does not (``pip install
'mkdocs-journey-maps[pdf]'``: Playwright and pikepdf) and a Chromium on this machine;
``printer`` says which is missing, and how to get it, before anything is built.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args
from urllib.parse import quote

from ..core.paths import display_path
from ..pages.plan import JOURNEY_CATALOG_FILE
from ..pages.printed import pdf_path
from .local_server import serving

if TYPE_CHECKING:
    import pikepdf
    from playwright.sync_api import Page

Paper = Literal["A3", "A4"]
PAPERS: tuple[Paper, ...] = get_args(Paper)
DEFAULT_PAPER: Paper = "A3"

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""What a Chromium is called on the PATH, in the order looked for."""
CHROMIUM_FLAGS = (
    "--no-sandbox",  # root in a container, as CI runs it
    "--disable-gpu",
    # Without these Chromium calls outside hosts (updates, sync) while it prints.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
_PACKAGES_FIX = (
    "pip install 'mkdocs-journey-maps[pdf]' (in this repository: .venv/bin/pip install -e '.[pdf]')"
)
_ELEMENT_ID = re.compile(r"node\d+")
"""How Chromium names a tagged PDF's structure elements."""
_SETTLED = """async () => {
    await document.fonts.ready;
    if (window.journeyMaps) window.journeyMaps.fitToSheet();
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""
"""Waits for the page's fonts, fits the map to the sheet with them (journey-maps.js; the
page fitted it when it loaded, perhaps before they were in), and lets two frames pass,
so that nothing the page's scripts do is still under way when it prints."""
_TIMEOUT_MS = 120_000
"""How long one page may take to load and print: only a hang takes longer."""


@dataclass(frozen=True)
class Printer:
    """What prints the PDFs: a Chromium, found; the packages are there."""

    chromium: Path
    paper: Paper


@dataclass(frozen=True)
class MapPage:
    """A map's page in one language, and the PDF that goes beside it (site paths)."""

    page: str
    pdf: str
    lang: str


def printer(paper: Paper, chromium: Path | None = None) -> Printer | str:
    """The printer for ``paper``, with ``chromium`` (default: the first Chromium on the
    PATH); or, when it cannot print, what is missing and how to get it."""
    missing = [name for name in ("playwright", "pikepdf") if importlib.util.find_spec(name) is None]
    if missing:
        needed = " and ".join(missing)
        return f"printing PDFs needs {needed}, which is not installed: {_PACKAGES_FIX}"
    if chromium is not None:
        if not chromium.is_file():
            return (
                f"no Chromium at {display_path(chromium)}: give the path of a Chromium or "
                "Chrome executable with --chromium, or leave it out to use the one on the PATH"
            )
        return Printer(chromium, paper)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Printer(Path(found), paper)
    return (
        "printing PDFs needs Chromium, and none is on the PATH: install it "
        "(Debian and Ubuntu: apt-get install chromium) or give its path with --chromium"
    )


def map_pages(site_dir: Path) -> list[MapPage]:
    """Every map page of the built site at ``site_dir``, in every language, as the
    languages' journey catalogs list them."""
    languages = sorted(site_dir.glob(f"*/{JOURNEY_CATALOG_FILE}"))
    catalogs = [site_dir / JOURNEY_CATALOG_FILE, *languages]
    pages = []
    for catalog in catalogs:
        if not catalog.is_file():
            continue
        listed = json.loads(catalog.read_text(encoding="utf-8"))
        for entry in listed["journeys"]:
            pages.append(MapPage(entry["url"], pdf_path(entry["url"]), listed["language"]))
    return pages


def print_maps(
    site_dir: Path,
    printer: Printer,
    *,
    epoch: int,
    on_printed: Callable[[MapPage], None] | None = None,
) -> str | None:
    """Print every map of the built site at ``site_dir`` into a PDF beside its page;
    None, or what went wrong (the PDFs printed so far stay: the caller builds into a
    staging folder, which it drops)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    pages = map_pages(site_dir)
    if not pages:
        return None
    try:
        with serving(site_dir) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(printer.chromium), args=list(CHROMIUM_FLAGS)
            )
            try:
                tab = browser.new_page()
                tab.set_default_timeout(_TIMEOUT_MS)
                tab.emulate_media(media="print")
                # The search index is no part of a printed map; it is the site's largest file.
                tab.route("**/search/**", lambda route: route.abort())
                for page in pages:
                    _print_one(tab, base, page, site_dir, printer.paper, epoch)
                    if on_printed is not None:
                        on_printed(page)
            finally:
                browser.close()
    except PlaywrightError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return f"error: Chromium ({display_path(printer.chromium)}) could not print: {first_line}"
    return None


def _print_one(
    tab: Page, base: str, page: MapPage, site_dir: Path, paper: Paper, epoch: int
) -> None:
    # The page is loaded in print media, on the paper asked for (?paper=, which the map
    # page's script reads), and printed once its fonts are in: laid out as it prints,
    # whatever the page's script did on screen, so the same each time.
    paper_query = "" if paper == DEFAULT_PAPER else f"?paper={paper.lower()}"
    tab.goto(base + quote(page.page, safe="/") + paper_query, wait_until="networkidle")
    tab.evaluate(_SETTLED)
    printed = tab.pdf(
        format=paper,
        landscape=True,
        print_background=True,
        prefer_css_page_size=True,
        tagged=True,
        outline=True,
    )
    target = site_dir / page.pdf
    target.parent.mkdir(parents=True, exist_ok=True)
    stable(printed, target, epoch=epoch, lang=page.lang)


def stable(printed: bytes, target: Path, *, epoch: int, lang: str) -> None:
    """Write Chromium's PDF ``printed`` to ``target`` as the same bytes on every run:
    dated ``epoch``, in ``lang``, with an ``/ID`` from its content."""
    import io

    import pikepdf

    date = datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("D:%Y%m%d%H%M%SZ")
    with pikepdf.open(io.BytesIO(printed)) as document:
        document.docinfo["/CreationDate"] = date
        document.docinfo["/ModDate"] = date
        document.Root.Lang = pikepdf.String(lang)
        _renumber_elements(document)
        document.save(target, deterministic_id=True)


def _renumber_elements(document: pikepdf.Pdf) -> None:
    """The tagged PDF's structure elements named in order, ``node1`` and on: Chromium
    names each after its DOM node's number (``node00000238``), which counts on from the
    page printed before in the same tab. Named in the old names' order, so that the
    ``/IDTree``, sorted by name, stays sorted; ``/Headers`` refer to the new names."""
    import pikepdf

    old: set[str] = set()
    for item in document.objects:
        if isinstance(item, pikepdf.Dictionary) and "/ID" in item:
            name = item.ID
            if isinstance(name, pikepdf.String) and _ELEMENT_ID.fullmatch(str(name)):
                old.add(str(name))
    width = len(str(len(old)))
    names = {
        name: f"node{number:0{width}d}"
        for number, name in enumerate(sorted(old, key=lambda n: int(n[4:])), start=1)
    }
    for item in document.objects:
        _rename(item, names)


def _rename(container: Any, names: dict[str, str]) -> None:
    """Every string of ``container`` (a dictionary or an array, and those directly
    inside it) that is an old element name, replaced by its new one."""
    import pikepdf

    if isinstance(container, pikepdf.Dictionary):
        keys: list[Any] = list(container.keys())
    elif isinstance(container, pikepdf.Array):
        keys = list(range(len(container)))
    else:
        return
    for key in keys:
        value = container[key]
        if isinstance(value, pikepdf.String):
            new = names.get(str(value))
            if new is not None:
                container[key] = pikepdf.String(new)
        elif isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
            _rename(value, names)

"""A map on paper: Chromium's own print, as a reader's Ctrl+P makes it, read back from the PDF."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

pytestmark = pytest.mark.browser

# A4 landscape in points, and its printable width in CSS pixels: the print CSS asks for
# `size: A4 landscape; margin: 10mm`.
A4_LANDSCAPE = (841.89, 595.28)
PRINTABLE_WIDTH = round((297 - 20) / 25.4 * 96)


@dataclass(frozen=True)
class Printout:
    """One map's PDF, as Chromium lays it out for the current content and fonts."""

    path: str
    sheets: int  # in all: exact, so a change of layout shows up here and is looked at
    map_sheet: int  # where "Journey map" opens a fresh sheet (the persona comes before)
    insights_sheet: int  # the first text after the map; the sheets between are the map's


PRINTOUTS = [
    Printout("journeys/examples/retail/winter-jacket.html", 6, 2, 5),
    Printout("journeys/examples/telecom/support-call.html", 5, 2, 4),
]
IDS = ["winter-jacket", "support-call"]


# A reader for Chromium's PDFs (Skia writes every dictionary as plain text; only page
# contents, fonts and images are compressed), enough for page sizes and the outline.

OBJECT = re.compile(rb"^(\d+) 0 obj\s*<<(.*?)>>\s*(?:endobj|stream)", re.MULTILINE | re.DOTALL)
NUMBERS = rb"\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]"


@dataclass(frozen=True)
class Pdf:
    sizes: list[tuple[float, float]]  # each page's width and height in points, in order
    headings: dict[str, tuple[int, float]]  # outline title: 1-based page and y from the top
    links: set[str]  # the targets of its web links


def read_pdf(data: bytes) -> Pdf:
    assert data.startswith(b"%PDF-")
    assert b"/ObjStm" not in data, "dictionaries in compressed streams: use a real PDF parser"
    objects = {int(number): body for number, body in OBJECT.findall(data)}
    roots = [
        number
        for number, body in objects.items()
        if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body
    ]
    assert len(roots) == 1, roots

    pages: list[int] = []
    boxes: dict[int, tuple[float, ...]] = {}

    def walk(number: int, inherited: tuple[float, ...] | None) -> None:
        body = objects[number]
        box = re.search(rb"/MediaBox\s*" + NUMBERS, body)
        own = tuple(map(float, box.groups())) if box else inherited
        assert b"/Rotate" not in body, "a rotated page: its size is not its MediaBox"
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids is None:
            assert own is not None, f"page object {number} has no MediaBox"
            pages.append(number)
            boxes[number] = own
            return
        count = int(re.search(rb"/Count\s+(\d+)", body).group(1))  # type: ignore[union-attr]
        before = len(pages)
        for kid in re.findall(rb"(\d+) 0 R", kids.group(1)):
            walk(int(kid), own)
        assert len(pages) - before == count, f"/Count {count} of page tree node {number}"

    walk(roots[0], None)
    sizes = [(boxes[n][2] - boxes[n][0], boxes[n][3] - boxes[n][1]) for n in pages]
    headings = {}
    for body in objects.values():
        item = re.search(
            rb"/Title\s*\((.*?)\)\s*/Dest\s*\[(\d+) 0 R\s*/XYZ\s+[-\d.]+\s+([-\d.]+)", body
        )
        if item:
            title, page, y = item.groups()
            index = pages.index(int(page))
            headings[title.decode("latin-1")] = (index + 1, sizes[index][1] - float(y))
    links = {uri.decode("latin-1") for uri in re.findall(rb"/URI\s*\(([^)]*)\)", data)}
    return Pdf(sizes, headings, links)


def print_to_pdf(browser, url: str) -> bytes:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    # The outline (bookmarks) is made from the headings of the tagged PDF.
    data: bytes = page.pdf(prefer_css_page_size=True, outline=True, tagged=True)
    page.close()
    return data


@pytest.mark.parametrize("printout", PRINTOUTS, ids=IDS)
def test_map_prints_on_landscape_sheets_of_its_own(
    browser, server: str, printout: Printout
) -> None:
    pdf = read_pdf(print_to_pdf(browser, server + printout.path))
    for width, height in pdf.sizes:
        assert width == pytest.approx(A4_LANDSCAPE[0], abs=2)
        assert height == pytest.approx(A4_LANDSCAPE[1], abs=2)
    sheets = len(pdf.sizes)
    assert sheets == printout.sheets
    # The map opens a fresh sheet: its heading is the first thing on it, within an inch of
    # the top edge; the persona and the scenario stay on the sheet before.
    sheet, from_top = pdf.headings["Journey map"]
    assert sheet == printout.map_sheet
    assert from_top < 72
    assert pdf.headings["Insights"][0] == printout.insights_sheet


@pytest.mark.parametrize("printout", PRINTOUTS, ids=IDS)
def test_printout_has_no_site_navigation(browser, server: str, printout: Printout) -> None:
    url = server + printout.path
    # Laid out at the printable width of the sheet, as the print lays it out.
    page = browser.new_page(viewport={"width": PRINTABLE_WIDTH, "height": 718})
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert page.locator(chrome).evaluate("e => getComputedStyle(e).display") == "none", chrome
    # The whole map is on the sheet: nothing scrolls or sticks out to the side.
    fit = page.locator(".jm-map-scroll").evaluate(
        """scroller => {
            const table = scroller.querySelector("table.jm-map").getBoundingClientRect();
            return {
                left: table.left, right: table.right,
                hidden: scroller.scrollWidth - scroller.clientWidth,
                page: document.documentElement.scrollWidth,
            };
        }"""
    )
    assert fit["left"] >= 0
    assert fit["right"] <= PRINTABLE_WIDTH + 0.5
    assert fit["hidden"] <= 0
    assert fit["page"] <= PRINTABLE_WIDTH
    # In the PDF itself: the only web links are the article's own, none from the header,
    # the navigation or the footer (all of which link to other pages of the site).
    # (Links within the page become the PDF's internal links, not web links.)
    article_links = set(
        page.locator(".md-content a[href]").evaluate_all(
            """links => links
                .filter(a => a.checkVisibility() && a.pathname !== location.pathname)
                .map(a => a.href)"""
        )
    )
    pdf = read_pdf(page.pdf(prefer_css_page_size=True))
    page.close()
    assert pdf.links <= article_links, pdf.links - article_links

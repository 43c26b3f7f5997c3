"""A map on paper: Chromium's own print, as a reader's Ctrl+P makes it, read back from the PDF."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

pytestmark = pytest.mark.browser

# Sheets in points, landscape. The print CSS asks for A3 landscape (A4 when the reader picks
# it), 8 mm margins; the page's script scales the map page to fit one sheet.
A3_LANDSCAPE = (1190.55, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
PRINTABLE_WIDTH = round((420 - 16) / 25.4 * 96)
PRINTABLE_HEIGHT = round((297 - 16) / 25.4 * 96)


@dataclass(frozen=True)
class Printout:
    path: str
    steps: int


PRINTOUTS = [
    Printout("journeys/examples/retail/winter-jacket.html", 12),
    Printout("fa/journeys/examples/retail/winter-jacket.html", 12),
    Printout("journeys/examples/telecom/support-call.html", 0),
    # 42 steps: the longest published map of the site.
    Printout("journeys/examples/public-sector/journeys-of-veterans.html", 42),
]
IDS = ["winter-jacket", "winter-jacket-fa", "support-call", "veterans"]


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


def test_a4_is_one_sheet_too_when_chosen(browser, server: str) -> None:
    printout = PRINTOUTS[3]  # 42 steps: the hardest to fit
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(server + printout.path, wait_until="networkidle")
    # The reader picks A4 in the map's tools; the address keeps it.
    page.select_option("[data-jm-paper-choice]", "a4")
    assert "paper=a4" in page.url
    pdf = read_pdf(page.pdf(prefer_css_page_size=True))
    page.close()
    assert len(pdf.sizes) == 1
    assert pdf.sizes[0] == pytest.approx(A4_LANDSCAPE, abs=2)


WORDS_BROKEN = r"""() => {
    // Every word of the map's cells: a word drawn on two lines has two line boxes.
    // (A break after a hyphen, as in "care-|guide", is between words.)
    const broken = [];
    const map = document.querySelector(".jm-map");
    const walker = document.createTreeWalker(map, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.data.matchAll(/[^\s\-\u2010]+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""


def laid_out_for_print(browser, url: str):  # type: ignore[no-untyped-def]
    """The page in print media, scaled to the sheet as printing scales it."""
    page = browser.new_page(viewport={"width": PRINTABLE_WIDTH, "height": PRINTABLE_HEIGHT})
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    page.wait_for_function("document.querySelector('.jm-page[data-jm-fitted]') !== null")
    return page


@pytest.mark.parametrize("printout", PRINTOUTS, ids=IDS)
def test_a_map_prints_on_one_a3_landscape_sheet_with_every_lane(
    browser, server: str, printout: Printout
) -> None:
    # As Ctrl+P prints it: the page as loaded, printed with its own page size and script.
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(server + printout.path, wait_until="networkidle")
    pdf = read_pdf(page.pdf(prefer_css_page_size=True, outline=True, tagged=True))
    assert len(pdf.sizes) == 1, f"{len(pdf.sizes)} sheets"
    assert pdf.sizes[0] == pytest.approx(A3_LANDSCAPE, abs=2)
    # The sheet holds the overview and the map, not the narrative under it.
    assert "The journey at a glance" in pdf.headings or printout.path.startswith("fa/")
    assert "Insights" not in pdf.headings
    # Laid out in print media, on the sheet's width, scaled as printing scales it.
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": PRINTABLE_HEIGHT})
    page.emulate_media(media="print")
    page.wait_for_function("document.querySelector('.jm-page[data-jm-fitted]') !== null")
    boxes = page.evaluate(
        """() => [".jm-overview", ".jm-map tr.jm-lane", ".jm-map th.jm-step"].map(selector =>
            [...document.querySelectorAll(selector)].map(e => {
                const r = e.getBoundingClientRect();
                return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
            }))"""
    )
    # No word breaks mid-word on paper, where the columns are narrowest.
    assert page.evaluate(WORDS_BROKEN) == []
    page.close()
    overview, lanes, steps = boxes
    assert len(overview) == 1
    assert len(lanes) >= 3
    if printout.steps:
        assert len(steps) == printout.steps
    for box in overview + lanes + steps:
        assert box["bottom"] <= PRINTABLE_HEIGHT + 1, box
        assert box["left"] >= -1, box
        assert box["right"] <= PRINTABLE_WIDTH + 1, box


@pytest.mark.parametrize("printout", PRINTOUTS[:2], ids=IDS[:2])
def test_no_word_breaks_mid_word_in_the_compact_view(
    browser, server: str, printout: Printout
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(server + printout.path + "?view=compact", wait_until="networkidle")
    assert page.evaluate(WORDS_BROKEN) == []
    page.close()


def test_printout_has_no_site_navigation(browser, server: str) -> None:
    page = laid_out_for_print(browser, server + PRINTOUTS[0].path)
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert page.locator(chrome).evaluate("e => getComputedStyle(e).display") == "none", chrome
    assert page.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_WIDTH
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

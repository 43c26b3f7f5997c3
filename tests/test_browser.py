"""A reader's view: the built site in headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browsing import PATIENCE_MS

pytestmark = pytest.mark.browser

JACKET = "journeys/examples/retail/winter-jacket.html"


def open_page(browser, url: str, *, width: int = 1400, scheme: str = "light"):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page, requested


def test_map_table_and_curve(browser, server: str) -> None:
    page, requested = open_page(browser, server + JACKET)
    table = page.locator("table.jm-map")
    assert table.is_visible()
    steps = table.locator("thead th.jm-step").count()
    points = table.locator(".jm-emotion__point")
    assert points.count() == steps
    # Each point sits on its step's column, and higher feelings are drawn higher.
    words = table.locator(".jm-emotion__word").all_inner_texts()
    cells = table.locator(".jm-lane--emotions td")
    centres = []
    for index in range(steps):
        cell = cells.nth(index).bounding_box()
        point = points.nth(index).bounding_box()
        assert abs((point["x"] + point["width"] / 2) - (cell["x"] + cell["width"] / 2)) < 2
        centres.append(point["y"] + point["height"] / 2)
    order = ["Very negative", "Negative", "Neutral", "Positive", "Very positive"]
    levels = [order.index(word) for word in words]
    for index in range(steps - 1):
        if levels[index] > levels[index + 1]:
            assert centres[index] < centres[index + 1]
        elif levels[index] == levels[index + 1]:
            assert abs(centres[index] - centres[index + 1]) < 1
    # The line is drawn through the points: the stroke's end in one cell meets the next.
    assert table.locator(".jm-emotion__line path").count() == steps
    hosts = {urlsplit(url).hostname for url in requested}
    assert hosts == {"127.0.0.1"}, f"requests left the local server: {hosts}"
    page.close()


def test_lane_labels_stay_while_the_map_scrolls(browser, server: str) -> None:
    page, _ = open_page(browser, server + JACKET, width=900)
    scroller = page.locator(".jm-map-scroll")
    label = page.locator("th.jm-lane-label", has_text="Touchpoints")
    left_before = label.bounding_box()["x"]
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    scroller.evaluate("e => { e.scrollLeft = 700; }")
    page.wait_for_timeout(100)
    assert scroller.evaluate("e => e.scrollLeft") > 0
    assert abs(label.bounding_box()["x"] - left_before) < 1
    page.close()


def test_phone_page_does_not_scroll_sideways(browser, server: str) -> None:
    page, _ = open_page(browser, server + JACKET, width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".jm-map-scroll").evaluate("e => e.scrollWidth > e.clientWidth")
    page.close()


@pytest.mark.parametrize("width", [1440, 1024, 390])
def test_priority_chart_labels_stay_readable(browser, server: str, width: int) -> None:
    page, _ = open_page(browser, server + "maps/priorities.html", width=width)
    label = page.locator(".jm-chart__label").first
    # Drawn at 13 px in the chart's own units; shrunk below 10 px it can't be read.
    height = page.evaluate("e => e.getBoundingClientRect().height", label.element_handle())
    assert height >= (10 if width < 600 else 12), height
    page.close()


def test_dark_palette_uses_theme_colours(browser, server: str) -> None:
    page, _ = open_page(browser, server + JACKET, scheme="dark")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    background = page.locator("th.jm-lane-label").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    red, green, blue = map(int, re.findall(r"\d+", background)[:3])
    assert red + green + blue < 200, background
    page.close()


def test_persian_map_runs_right_to_left(browser, server: str, tmp_path: Path) -> None:
    page, requested = open_page(browser, server + "fa/" + JACKET)
    assert page.locator("body").get_attribute("dir") == "rtl"
    table = page.locator("table.jm-map")
    stages = table.locator("th.jm-stage")
    first, last = stages.first.bounding_box(), stages.last.bounding_box()
    scroller = page.locator(".jm-map-scroll").bounding_box()
    # The first stage stands at the right edge, next to the lane labels on the right.
    label = table.locator("tbody th.jm-lane-label").first.bounding_box()
    assert label["x"] + label["width"] == pytest.approx(scroller["x"] + scroller["width"], abs=2)
    assert first["x"] + first["width"] == pytest.approx(label["x"], abs=2)
    assert first["x"] > last["x"]
    # The curve is drawn right to left: the first point is the rightmost.
    points = table.locator(".jm-emotion__point")
    assert points.first.bounding_box()["x"] > points.nth(1).bounding_box()["x"]
    shot = tmp_path / "fa-map.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert {urlsplit(url).hostname for url in requested} == {"127.0.0.1"}
    page.close()


# The gallery ----------------------------------------------------------------------------


def visible_titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".jm-card:visible .jm-card__title").all_inner_texts()


def facet_value(page, facet: str, key: str):  # type: ignore[no-untyped-def]
    """A facet's value, its facet opened first, as a reader must (the bar shows names)."""
    details = page.locator(f"details[data-jm-facet={facet}]")
    if details.get_attribute("open") is None:
        details.locator("summary.jm-facet__summary").click()
    return page.locator(f".jm-facet__value[data-facet={facet}][data-key={key}]")


def test_gallery_filters_by_click_and_keeps_filters_in_the_url(browser, server: str) -> None:
    page, requested = open_page(browser, server + "maps.html")
    total = page.locator(".jm-card").count()
    assert len(visible_titles(page)) == total
    facet_value(page, "kind", "template").click()
    assert page.url.endswith("maps.html?kind=template")
    templates = visible_titles(page)
    assert 0 < len(templates) < total
    status = page.locator(".jm-gallery__count")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == f"{len(templates)} maps"
    assert (
        page.locator(".jm-facet__value[data-key=template]").get_attribute("aria-pressed") == "true"
    )
    # A second facet narrows further; the text filter too.
    facet_value(page, "language", "de").click()
    assert "kind=template" in page.url
    assert "language=de" in page.url
    assert visible_titles(page) == ["Blank customer journey map"]
    assert status.inner_text() == "1 map"
    # Clicking a selected value again clears it.
    facet_value(page, "kind", "template").click()
    assert "kind=" not in page.url
    page.fill("#jm-filter-text", "nothing matches this")
    assert visible_titles(page) == []
    assert page.locator(".jm-gallery__empty").is_visible()
    page.keyboard.press("Escape")  # the open facet closes
    page.locator(".jm-gallery__empty [data-jm-clear]").click()
    assert len(visible_titles(page)) == total
    assert "?" not in page.url
    assert all(url.startswith(server) for url in requested)
    page.close()


def test_gallery_filtered_view_opens_from_a_shared_url(browser, server: str) -> None:
    page, _ = open_page(browser, server + "maps.html?industry=retail&words=jacket")
    assert visible_titles(page) == ["Buying a winter jacket online"]
    assert page.input_value("#jm-filter-text") == "jacket"
    assert not page.locator("#__search").is_checked()  # Material's own search stays shut
    assert page.locator(".jm-facet__value[data-key=retail]").get_attribute("aria-pressed") == "true"
    # The same view in Persian: same keys, Persian count with Persian digits.
    page.goto(server + "fa/maps.html?industry=retail", wait_until="networkidle")
    assert page.locator(".jm-card:visible").count() == 1
    assert "۱" in page.locator(".jm-gallery__count").inner_text()
    page.close()


def test_gallery_works_by_keyboard_alone(browser, server: str) -> None:
    page, _ = open_page(browser, server + "maps.html")
    page.focus("#jm-filter-text")
    page.keyboard.type("hotel")
    assert visible_titles(page) == ["A three-night business stay"]
    page.fill("#jm-filter-text", "")
    # Tab to the first facet (Type), open it with Enter, Tab to its first value (Example),
    # press Enter; then Space on the next.
    for _ in range(50):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-jm-facet=kind]') !== null"):
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.key") == "example"
    page.keyboard.press("Enter")
    assert "kind=example" in page.url
    examples = len(visible_titles(page))
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    # Two values of one facet: the maps of either, here all of them.
    assert "kind=example&kind=template" in page.url
    assert examples < len(visible_titles(page)) == page.locator(".jm-card").count()
    page.close()


def test_gallery_without_javascript_lists_all_and_links_facet_pages(browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "maps.html?kind=template")
    total = page.locator(".jm-card").count()
    assert len(visible_titles(page)) == total  # every card; the filters need the script
    assert not page.locator("#jm-filter-text").is_visible()
    facet_value(page, "industry", "retail").click()
    page.wait_for_url("**/maps/industry/retail.html")
    assert visible_titles(page) == ["Buying a winter jacket online"]
    assert page.locator("h1").inner_text() == "Industry: Retail"
    page.locator(".jm-facets__all a").click()
    page.wait_for_url("**/maps.html")
    context.close()


def test_template_download_in_the_browser(browser, server: str) -> None:
    page, _ = open_page(browser, server + "journeys/templates/blank-journey-map.html")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Use this template", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "blank-journey-map.md"
    from .test_gallery import CONTENT

    saved = Path(download.path()).read_bytes()
    assert saved == (CONTENT / "journeys/templates/blank-journey-map.md").read_bytes()
    page.close()


def test_search_finds_map_content(browser, server: str) -> None:
    page, _ = open_page(browser, server + "maps.html")
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    page.keyboard.type("wait time")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=PATIENCE_MS)
    links = [
        results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())
    ]
    assert any("journeys/examples/telecom/support-call.html" in (link or "") for link in links)
    page.close()

"""Choosing a map in the gallery, as a reader does in Chromium: the cards come first, the
facets take several values and count what each would show, the address keeps the choice,
and each card shows a picture of its map. Also the home page's picture of a map and the
footer in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from .conftest import REPO

ENGLISH_FOOTER = "maps written in Markdown, published anywhere"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def page(browser: Any) -> Any:
    tab = browser.new_page(viewport={"width": 1440, "height": 900})
    yield tab
    tab.close()


def open_gallery(tab: Any, url: str) -> None:
    tab.goto(url, wait_until="networkidle")


def visible_cards(tab: Any) -> int:
    return int(tab.locator(".jm-card:visible").count())


def shown_count(tab: Any) -> int:
    """The number in the status line ("3 maps")."""
    return int(re.sub(r"\D", "", tab.locator(".jm-gallery__count").inner_text()))


def count_of(tab: Any, facet: str, key: str) -> int:
    value = tab.locator(f".jm-facet__value[data-facet='{facet}'][data-key='{key}']")
    return int(value.locator(".jm-facet__count").text_content() or "")


def choose(tab: Any, facet: str, key: str) -> None:
    """Open the facet and press the value, as a reader does."""
    details = tab.locator(f"details[data-jm-facet='{facet}']")
    if details.get_attribute("open") is None:
        details.locator("summary.jm-facet__summary").click()
    value = details.locator(f".jm-facet__value[data-key='{key}']")
    if not value.is_visible():
        details.locator(".jm-facet__more > summary").click()
    value.click()


@pytest.mark.parametrize(
    ("width", "height", "prefix"),
    [(1440, 900, ""), (390, 844, ""), (1440, 900, "fa/"), (390, 844, "fa/")],
)
def test_the_first_card_is_on_the_first_screen(
    browser: Any, server: str, width: int, height: int, prefix: str
) -> None:
    tab = browser.new_page(viewport={"width": width, "height": height})
    open_gallery(tab, server + prefix + "maps.html")
    card = tab.locator(".jm-card").first.bounding_box()
    title = tab.locator(".jm-card").first.locator(".jm-card__title").bounding_box()
    picture = tab.locator(".jm-card").first.locator(".jm-thumb").bounding_box()
    # Its picture and title are in sight without scrolling; on a wide screen all of it.
    assert card["y"] > 0
    assert picture["y"] >= card["y"]
    assert title["y"] + title["height"] <= height, (card, title)
    if width > 1000:
        assert card["y"] + card["height"] <= height, card
    # The facets are one compact bar, their values closed until asked for.
    assert tab.locator(".jm-facet__value:visible").count() == 0
    bar = tab.locator(".jm-facets").bounding_box()
    assert bar["height"] <= (170 if width < 500 else 60), bar  # three rows, or one
    tab.close()


def test_counts_follow_the_filters(page: Any, server: str) -> None:
    open_gallery(page, server + "maps.html")
    total = visible_cards(page)
    assert shown_count(page) == total >= 8
    templates = count_of(page, "kind", "template")
    choose(page, "kind", "template")
    assert visible_cards(page) == shown_count(page) == templates < total
    # Every other facet's value now counts the templates that have it; choosing one shows
    # exactly that many maps.
    page.locator("details[data-jm-facet='language'] > summary").click()
    english = count_of(page, "language", "en")
    assert english == templates
    tags = page.locator(".jm-facet__value[data-facet='tag']")
    counts = {
        tags.nth(i).get_attribute("data-key"): int(
            tags.nth(i).locator(".jm-facet__count").text_content()
        )
        for i in range(tags.count())
    }
    key, count = next((k, c) for k, c in counts.items() if c > 0)
    choose(page, "tag", key)
    assert visible_cards(page) == shown_count(page) == count
    # A value no map would show with is quieter, yet still there to choose.
    page.locator("details[data-jm-facet='tag'] > summary").click()
    none = next(k for k, c in counts.items() if c == 0)
    zero = page.locator(f".jm-facet__value[data-facet='tag'][data-key='{none}']")
    assert "jm-facet__value--none" in (zero.get_attribute("class") or "")
    assert zero.get_attribute("aria-disabled") is None
    assert zero.get_attribute("href")


def test_two_values_of_a_facet_show_either_and_the_address_keeps_them(
    page: Any, server: str
) -> None:
    open_gallery(page, server + "maps.html")
    retail, hospitality = (
        count_of(page, "industry", "retail"),
        count_of(page, "industry", "hospitality"),
    )
    choose(page, "industry", "retail")
    choose(page, "industry", "hospitality")
    # An industry is one per map: the two together show the maps of either.
    assert visible_cards(page) == shown_count(page) == retail + hospitality
    assert "industry=retail" in page.url
    assert "industry=hospitality" in page.url
    # The rule is said where the values are chosen.
    assert page.locator("details[data-jm-facet='industry'] .jm-facet__rule").is_visible()
    badge = page.locator("details[data-jm-facet='industry'] .jm-facet__chosen")
    assert badge.inner_text() == "2"
    assert page.locator(".jm-gallery__chosen .jm-chip").count() == 2
    # A reload (or the address bookmarked) brings back the same choice.
    page.reload(wait_until="networkidle")
    assert visible_cards(page) == retail + hospitality
    pressed = page.locator(".jm-facet__value[data-facet='industry'][aria-pressed='true']")
    assert sorted(pressed.evaluate_all("els => els.map(e => e.dataset.key)")) == [
        "hospitality",
        "retail",
    ]
    # A chip removes its value.
    page.locator(".jm-gallery__chosen .jm-chip").first.click()
    assert visible_cards(page) in (retail, hospitality)
    # A comma list in the address means the same as repeated values.
    open_gallery(page, server + "maps.html?industry=retail,hospitality")
    assert visible_cards(page) == retail + hospitality


def test_facets_work_from_the_keyboard(page: Any, server: str) -> None:
    open_gallery(page, server + "maps.html")
    summary = page.locator("details[data-jm-facet='kind'] > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details[data-jm-facet='kind']").get_attribute("open") is not None
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.key")
    page.keyboard.press(" ")
    pressed = page.locator(f".jm-facet__value[data-key='{focused}']")
    assert pressed.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Escape")
    assert page.locator("details[data-jm-facet='kind']").get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_without_javascript_facets_lead_to_their_pages(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(server + "maps.html")
    total = tab.locator(".jm-card:visible").count()
    assert total >= 8
    tab.locator("details[data-jm-facet='industry'] > summary").click()  # the browser's own
    tab.locator(".jm-facet__value[data-key='retail']").click()
    tab.wait_for_url("**/maps/industry/retail.html")
    assert 0 < tab.locator(".jm-card:visible").count() < total
    assert tab.locator(".jm-gallery__chosen .jm-chip").is_visible()
    context.close()


def test_each_card_pictures_its_map(shipped_site: Path, page: Any, server: str) -> None:
    gallery = soup(shipped_site / "maps.html")
    jacket = next(
        c for c in gallery.select(".jm-card") if "winter-jacket" in c.select_one("a")["href"]
    )
    stages = [s.get_text(strip=True) for s in jacket.select(".jm-thumb__stage")]
    assert stages[0] == "Need"
    assert len(stages) == 6
    assert jacket.select_one(".jm-thumb__curve path")["d"].startswith("M")
    assert len(jacket.select(".jm-thumb__point")) == 12
    words = jacket.select_one(".jm-thumb figcaption").get_text(" ", strip=True)
    assert "6 stages: Need, Search" in words
    assert "Emotion from Very negative to Very positive" in words
    # Drawn across the card, the band above the curve.
    open_gallery(page, server + "maps.html")
    card = page.locator(".jm-card", has=page.locator("a[href*='winter-jacket']")).first
    body = card.locator(".jm-card__body").bounding_box()
    band = card.locator(".jm-thumb__stages").bounding_box()
    curve = card.locator(".jm-thumb__curve").bounding_box()
    assert band["width"] > body["width"] * 0.85
    assert band["y"] + band["height"] <= curve["y"] + 1
    assert curve["height"] > 40


def test_the_home_page_shows_a_map(shipped_site: Path, page: Any, server: str) -> None:
    for prefix in ("", "fa/"):
        home = soup(shipped_site / prefix / "index.html")
        figure = home.select_one("figure.home-map")
        assert figure is not None, prefix
        link = figure.select_one("a")["href"]
        assert link.endswith("journeys/examples/retail/winter-jacket.html")
        images = [img["src"].split("#")[0] for img in figure.select("img")]
        for src in images:
            assert (shipped_site / prefix / src).resolve().is_file(), src
        assert all(len(img["alt"]) > 40 for img in figure.select("img"))
    for prefix in ("", "fa/"):
        page.goto(server + prefix + "index.html", wait_until="networkidle")
        shown = page.locator("figure.home-map img:visible")
        assert shown.count() == 1
        assert shown.evaluate("img => img.naturalWidth") >= 1000
        box = shown.bounding_box()
        assert box["y"] < 900
        assert box["width"] > 500
    assert (REPO / "content/assets/images/home-map.png").is_file()


@pytest.mark.parametrize("locale", ["ja", "fa"])
def test_the_footer_speaks_the_page_language(shipped_site: Path, locale: str) -> None:
    english = soup(shipped_site / "index.html").select_one(".md-copyright").get_text(" ")
    assert ENGLISH_FOOTER in english
    for page in ("index.html", "maps.html", "journeys/examples/retail/winter-jacket.html"):
        footer = soup(shipped_site / locale / page).select_one(".md-copyright").get_text(" ")
        assert ENGLISH_FOOTER not in footer, page
        assert "Made with" not in footer
        assert " ".join(footer.split()) != " ".join(english.split())

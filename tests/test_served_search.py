"""Search on a served site with Pagefind (option served_search: pagefind): each reader
searches their own language's index, fetched in chunks, and finds a map by a word of its
translation; the same build searches with lunr opened from disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from journey_maps.builds.local_server import serving

from tests.browsing import PATIENCE_MS
from tests.conftest import MINIMAL_JOURNEY
from tests.test_i18n import i18n_site

pytestmark = pytest.mark.browser

TITLES = {
    "fa": ("تمدید کارت کتابخانه", "کتابخانه"),
    "pl": ("Odnawianie karty bibliotecznej", "bibliotecznej"),
    "ja": ("図書館カードの更新", "図書館"),
    "zh-Hans": ("续办图书馆借书证", "图书馆"),
    "zh-Hant": ("續辦圖書館借書證", "圖書館"),
    "ru": ("Продление читательского билета", "читательского"),
    "vi": ("Gia hạn thẻ thư viện", "viện"),
}
HOSTILE_TITLE = "'<img src=x onerror=\"window.pwned=1\"> zebrafish'"
BUDGET = 1_000_000
"""Bytes a reader may download for search before their first result."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from journey_maps.cli import main

    root = tmp_path_factory.mktemp("served-search")
    config = i18n_site(
        root,
        ["en", *TITLES],
        translation=None,
        options=("served_search: pagefind", "offline: true"),
    )
    journeys = root / "docs" / "journeys"
    (journeys / "hostile.md").write_text(
        MINIMAL_JOURNEY.replace("Renewing a library card", HOSTILE_TITLE, 1).replace(
            "A reader renews", "A <b>zebrafish</b> &lt;img src=x onerror=alert(2)&gt; renews", 1
        ),
        encoding="utf-8",
    )
    for code, (title, _) in TITLES.items():
        (journeys / f"card.{code}.md").write_text(f"---\ntitle: {title}\n---\n", encoding="utf-8")
    assert main(["-f", str(config), "build"]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


@pytest.mark.parametrize("code", sorted(TITLES))
def test_a_reader_finds_the_map_by_a_word_of_its_translation(
    browser, server: str, code: str
) -> None:
    _, word = TITLES[code]
    page = browser.new_page()
    fetched: dict[str, int] = {}
    page.on("response", lambda r: _count(r, fetched))
    page.goto(f"{server}{code}/journeys/card.html", timeout=PATIENCE_MS)
    page.keyboard.press("/")
    # Typed key by key, with a key last: Material sends a query on keyup.
    page.keyboard.type(word)
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=PATIENCE_MS)
    # Among the first few: a word segmented in Chinese also matches a character of the
    # gallery's name (旅程地圖 for 圖書館), and a short page ranks high.
    links = [item.locator("a").first.get_attribute("href") or "" for item in results.all()[:3]]
    assert any(f"{code}/journeys/card.html" in link for link in links), links
    searched = {url: size for url, size in fetched.items() if _for_search(url)}
    assert sum(searched.values()) < BUDGET, searched
    # The lunr index a served page would fetch is a stub; Pagefind's chunks hold the words.
    assert all(size < 1_000 for url, size in searched.items() if "search_index" in url), searched
    assert any("/pagefind/" in url for url in searched), searched
    page.close()


def test_a_word_of_another_language_finds_nothing(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}fa/journeys/card.html", timeout=PATIENCE_MS)
    page.keyboard.press("/")
    page.keyboard.type("bibliotecznej")
    page.keyboard.press("End")
    meta = page.locator(".md-search-result__meta")
    meta.wait_for(timeout=PATIENCE_MS)
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('…')",
        timeout=PATIENCE_MS,
    )
    assert page.locator(".md-search-result__item").count() == 0
    page.close()


def test_a_result_shows_the_pages_words_as_text(browser, server: str) -> None:
    """Material writes a result into the page as HTML: a title or summary holding markup
    shows it as the text it is, and nothing in it runs."""
    page = browser.new_page()
    page.goto(f"{server}journeys/card.html", timeout=PATIENCE_MS)
    page.keyboard.press("/")
    page.keyboard.type("zebrafish")
    page.keyboard.press("End")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=PATIENCE_MS)
    assert page.locator(".md-search-result img").count() == 0
    assert page.evaluate("window.pwned") is None
    title = result.locator("h1").first.inner_text()
    assert title == '<img src=x onerror="window.pwned=1"> zebrafish', title
    page.close()


def _count(response, fetched: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    try:
        fetched[response.url] = len(response.body())
    except Exception:  # a redirect or an aborted request has no body
        fetched.setdefault(response.url, 0)


def _for_search(url: str) -> bool:
    return "/pagefind/" in url or "search" in url.rsplit("/", 1)[-1] or "/lunr/" in url


def test_opened_from_disk_the_same_build_searches_with_lunr(browser, site: Path) -> None:
    """Pagefind cannot load from file://: the page keeps Material's worker and reads the
    whole lunr index from search/search_index.js, as a site built offline always has."""
    page = browser.new_page()
    page.goto((site / "pl" / "journeys" / "card.html").as_uri(), timeout=PATIENCE_MS)
    page.keyboard.press("/")
    page.keyboard.type("bibliotecznej")
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=PATIENCE_MS)
    links = [item.locator("a").first.get_attribute("href") or "" for item in results.all()]
    assert any("pl/journeys/card.html" in link for link in links), links
    page.close()

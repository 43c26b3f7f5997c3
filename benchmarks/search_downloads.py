"""What a reader downloads to search a built site, as Chromium fetches it: the site served
on loopback, one page opened in a fresh browser, the search opened, a word of the page's
own title typed, and every byte counted until the first result shows.

Search's files are told apart by their address (``is_search_file``): the search index,
Material's search worker and its lunr language files, and anything under ``pagefind/``.
The loopback server sends files as they are on disk, uncompressed, so a response's body
is what crossed the wire. The body's length is taken, not Chromium's count of bytes
received: Chromium reports 0 for a worker's own script.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from journey_maps.builds.local_server import serving

# Chromium as the browser tests launch it (tests/browsing.py), from the repository's root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browsing import CHROMIUM, CHROMIUM_FLAGS, PATIENCE_MS

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response


@dataclass(frozen=True)
class SearchDownload:
    """What one page fetched, from opening it to its first search result."""

    page: str
    """The page opened, as a site path."""
    word: str
    """The word searched for: the longest of the page's title."""
    search_bytes: int
    page_bytes: int
    """Everything the page fetched, search included."""
    search_files: tuple[tuple[str, int], ...]
    """Each search file fetched (site path) and its bytes, in the order fetched."""


class SearchFailed(Exception):
    """The page did not get to a first search result; the message says where it stopped."""


def is_search_file(path: str) -> bool:
    """Whether the site path ``path`` is one of search's files: the index, Material's
    search worker and lunr (its stemmers and word splitters), or Pagefind's files."""
    segments = path.split("/")
    return (
        segments[-1] in ("search_index.json", "search_index.js")
        or "pagefind" in segments
        or "/javascripts/workers/search." in path
        or "/javascripts/lunr/" in path
    )


def result_selector() -> str:
    """A search result as each search the site may use shows it: Material's lunr search,
    and Pagefind's UI."""
    return ".md-search-result__item, .pagefind-ui__result"


def check_browser() -> str | None:
    """None, or why the search download cannot be measured on this machine."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: .venv/bin/pip install -e '.[dev]'"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM}: apt-get install chromium"
    return None


def measure(site: Path, page_path: str) -> SearchDownload:
    """Open ``page_path`` of the built ``site`` and search for a word of its title;
    raises SearchFailed, saying which step gave up, when no result shows."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    step = "starting Chromium"
    with serving(site) as base, sync_playwright() as playwright:
        url = base + page_path
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            try:
                context = browser.new_context()  # a fresh one: nothing cached
                responses: list[Response] = []
                # Every response the page gets, its search worker's (importScripts) included.
                context.on("response", lambda response: responses.append(response))
                page = context.new_page()
                page.set_default_timeout(PATIENCE_MS)
                step = "loading the page"
                page.goto(url, wait_until="load")
                word = _title_word(page)
                step = "opening the search and loading its index"
                _open_search(page)
                step = f"waiting for a result for {word!r}"
                page.keyboard.type(word)
                page.locator(result_selector()).first.wait_for(state="visible")
                step = "reading what was downloaded"
                sizes = [(urlsplit(r.url).path, _body_bytes(r)) for r in responses]
            finally:
                browser.close()
        except PlaywrightTimeout:
            raise SearchFailed(f"{url}: gave up {step} after {PATIENCE_MS // 1000} s") from None
        except PlaywrightError as error:
            first_line = (str(error).strip().splitlines() or [repr(error)])[0]
            raise SearchFailed(f"{url}: Chromium failed {step}: {first_line}") from None
    search = tuple((path, size) for path, size in sizes if is_search_file(path))
    return SearchDownload(
        page=page_path,
        word=word,
        search_bytes=sum(size for _, size in search),
        page_bytes=sum(size for _, size in sizes),
        search_files=search,
    )


def _title_word(page: Page) -> str:
    """The longest word of the page's <h1>, in the page's language: letters only, so
    no number, and the first of the longest."""
    title = page.locator("h1").first.inner_text()
    words = re.findall(r"[^\W\d_]+", title)
    if not words:
        raise SearchFailed(f"{page.url}: the page's title {title!r} holds no word to search")
    return max(words, key=len)


def _open_search(page: Page) -> None:
    """Open Material's search with its shortcut and wait until its worker has the index:
    the result line (``.md-search-result__meta``) says "Initializing search" until the
    worker, index loaded, answers the empty query, and then invites the reader to type."""
    page.keyboard.press("s")
    page.wait_for_function(
        """() => {
            const meta = document.querySelector(".md-search-result__meta");
            const config = JSON.parse(document.querySelector("#__config").textContent);
            const invitation = config.translations["search.result.placeholder"];
            return meta !== null && meta.textContent.trim() === invitation;
        }""",
        timeout=PATIENCE_MS,
    )


def _body_bytes(response: Response) -> int:
    """The bytes of ``response``'s body; Chromium's own count when it kept no body (a
    redirect)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return len(response.body())
    except PlaywrightError:
        return max(response.request.sizes()["responseBodySize"], 0)

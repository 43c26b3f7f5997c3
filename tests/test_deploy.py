"""The built site as it is deployed: under a sub-path of a real nginx, and opened from disk.

An intranet puts `site/` somewhere like `http://intranet/cx/maps/`; a reader on a train
opens it from a copied folder. Both must work with every link, in every language, and
neither may make a request to any outside host.
"""

from __future__ import annotations

import re
import socket
import subprocess
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.browsing import PATIENCE_MS
from tests.processes import HUNG, end, wait_until

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

NGINX = Path("/usr/sbin/nginx")
SUB_PATH = "/cx/maps/"
LANGUAGES = ["en", "id", "de", "es", "fa", "fr", "ja", "pl", "pt", "ru", "vi", "zh-Hans", "zh-Hant"]
JACKET = "journeys/examples/retail/winter-jacket.html"
TEMPLATE = "journeys/templates/blank-journey-map.html"
PRIORITIES = "maps/priorities.html"
WHOLE_TOUR = {"en", "fa"}


def prefix(language: str) -> str:
    """Where a language's pages live: English at the root, the others under /<lang>/."""
    return "" if language == "en" else f"{language}/"


def is_sitemap_probe(url: str) -> bool:
    """mkdocs-material fetches the site's `sitemap.xml` on every page, an XHR that
    browsers refuse from file://; it then does without."""
    return urlsplit(url).path.endswith("/sitemap.xml")


# nginx -----------------------------------------------------------------------------------

NGINX_CONF = """\
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location {sub_path} {{ alias "{site}/"; }}
    }}
    server {{
        listen 127.0.0.1:{whole_host_port};
        root "{site}";
        error_page 404 /404.html;
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Nginx:
    sub_path: str
    """The site served under `/cx/maps/`: this base URL."""
    whole_host: str
    """The site served as a whole host, with its 404.html as the error page."""


@pytest.fixture(scope="module")
def nginx_servers(shipped_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    """Debian's nginx in the foreground, as the current user, serving the site under
    `/cx/maps/` on one port and as a whole host on another."""
    if not NGINX.exists():
        pytest.fail(f"deployment tests need Debian's nginx ({NGINX}): apt-get install nginx")
    tmp = tmp_path_factory.mktemp("nginx")
    port, whole_host_port = free_port(), free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            tmp=tmp,
            port=port,
            whole_host_port=whole_host_port,
            sub_path=SUB_PATH,
            site=shipped_site,
        ),
        encoding="utf-8",
    )
    # -e: the error log from the first line on (the default, /var/log/nginx, is root's).
    argv = [str(NGINX), "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf)]
    with (tmp / "stderr.log").open("wb") as stderr:
        process = subprocess.Popen(argv, stdout=stderr, stderr=subprocess.STDOUT)
    try:
        for listening in (port, whole_host_port):
            wait_until(
                lambda listening=listening: _listens(listening),
                f"nginx to listen on 127.0.0.1:{listening}",
                process=process,
                log=tmp / "error.log",
            )
        yield Nginx(f"http://127.0.0.1:{port}{SUB_PATH}", f"http://127.0.0.1:{whole_host_port}/")
    finally:
        process.terminate()  # nginx stops its workers; a kill would leave them running
        try:
            process.wait(timeout=HUNG)
        finally:
            end(process)


def _listens(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=60).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def nginx(nginx_servers: Nginx) -> str:
    """The base URL of the site under a sub-path."""
    return nginx_servers.sub_path


# The crawl over HTTP ---------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not a 200: a link that only works through one is reported."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
# The attributes through which a tag names another page or an asset the page loads.
REFERENCES = {"a": "href", "link": "href", "script": "src", "img": "src"}
SRCSETS = {"img", "source"}


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a plain GET (no redirects followed)."""
    try:
        with _OPENER.open(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, "", b""


class PageReader:
    """(tag name, raw reference) for every link and asset a page names, and the anchors
    a #fragment may name in it: any element's id, or an <a name>. libxml2's tokenizer
    (lxml), handing each start tag to this reader without building a tree: 2,600 pages add
    up (21 s with the standard library's HTMLParser, 18 s with BeautifulSoup)."""

    def __init__(self, html: str) -> None:
        self.references: list[tuple[str, str]] = []
        self.anchors: set[str] = set()
        if html.strip():
            etree.fromstring(html, etree.HTMLParser(target=self))

    def start(self, tag: str, values: dict[str, str]) -> None:
        attribute = REFERENCES.get(tag)
        if attribute and attribute in values:
            self.references.append((tag, values[attribute]))
        if tag in SRCSETS and "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.references.append((tag, candidate.split()[0]))
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])

    def end(self, tag: str) -> None:
        pass

    def data(self, data: str) -> None:
        pass

    def close(self) -> None:
        pass


def css_references(css: str) -> Iterator[str]:
    for match in CSS_URL.finditer(css):
        yield next(group for group in match.groups() if group is not None)


@dataclass
class Crawl:
    pages: set[str] = field(default_factory=set)  # HTML pages reached, query and fragment cut
    broken: list[tuple[str, str, int]] = field(default_factory=list)  # (page, href, status)
    missing_fragments: list[tuple[str, str]] = field(default_factory=list)  # (page, href)
    external_links: set[str] = field(default_factory=set)
    external_assets: list[tuple[str, str]] = field(default_factory=list)  # (page, src)
    fetched: int = 0


def crawl(base: str) -> Crawl:
    """Follow every same-site link and asset from `base`, fetching each address once."""
    origin = urlsplit(base)
    result = Crawl()
    referrers: dict[str, list[tuple[str, str]]] = defaultdict(list)  # target -> (page, href)
    fragments: list[tuple[str, str, str, str]] = []  # (page, href, target, fragment)
    ids: dict[str, set[str]] = {}
    queue = [(base + "index.html", base)]  # (address, the address as first linked)
    seen = {base + "index.html"}

    def follow(page: str, reference: str, *, asset: bool) -> None:
        if reference in {"#", "#top"}:
            return
        absolute = urljoin(page, reference)
        parts = urlsplit(absolute)
        if parts.scheme not in {"http", "https"}:
            return  # mailto:, tel:, data:, javascript:
        if parts.netloc != origin.netloc:
            if asset:
                result.external_assets.append((page, reference))
            else:
                result.external_links.add(absolute)
            return
        linked = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        target = linked + "index.html" if linked.endswith("/") else linked
        referrers[target].append((page, reference))
        if parts.fragment:
            fragments.append((page, reference, target, unquote(parts.fragment)))
        if target not in seen:
            seen.add(target)
            queue.append((target, linked))

    while queue:
        url, linked = queue.pop()
        status, content_type, body = fetch(linked)
        result.fetched += 1
        if status != 200:
            for page, href in referrers[url] or [("", linked)]:
                result.broken.append((page, href, status))
            continue
        if content_type == "text/html":
            result.pages.add(url)
            reader = PageReader(body.decode("utf-8"))
            ids[url] = reader.anchors
            for tag_name, reference in reader.references:
                follow(linked, reference, asset=tag_name != "a")
        elif content_type == "text/css":
            for reference in css_references(body.decode("utf-8")):
                follow(linked, reference, asset=True)

    for page, href, target, fragment in fragments:
        if target in ids and fragment not in ids[target] and fragment != "top":
            result.missing_fragments.append((page, href))
    return result


def relative_to(base: str, url: str) -> str:
    return url.removeprefix(base) or "(root)"


def listing(title: str, rows: list[tuple[object, ...]]) -> str:
    """A section of a failure message: the distinct rows, the first fifty of them."""
    rows = list(dict.fromkeys(rows))
    shown = "\n".join(f"  {row}" for row in rows[:50])
    more = f"\n  … and {len(rows) - 50} more" if len(rows) > 50 else ""
    return f"{len(rows)} {title}:\n{shown}{more}" if rows else ""


def test_crawl_under_a_sub_path_finds_no_broken_link_and_no_orphan(
    nginx: str, shipped_site: Path
) -> None:
    result = crawl(nginx)
    expected = {
        nginx + path.relative_to(shipped_site).as_posix()
        for path in shipped_site.rglob("*.html")
        if path.name != "404.html"
    }
    report = [
        listing(
            "broken links (page, href, status)",
            [(relative_to(nginx, page), href, status) for page, href, status in result.broken],
        ),
        listing(
            "links to an id the target lacks (page, href)",
            [(relative_to(nginx, page), href) for page, href in result.missing_fragments],
        ),
        listing(
            "assets from another host (page, src)",
            [(relative_to(nginx, page), src) for page, src in result.external_assets],
        ),
        listing(
            "pages no link reaches from the root",
            [(relative_to(nginx, url),) for url in sorted(expected - result.pages)],
        ),
    ]
    problems = "\n".join(section for section in report if section)
    assert not problems, f"{result.fetched} addresses fetched from {nginx}\n{problems}"
    # The crawl really walked the site, every language included; links to other hosts
    # (Material's footer credit, an example's FAQ) are counted, never fetched.
    assert result.pages == expected
    assert len(expected) > 700
    assert result.external_links


def test_an_unknown_address_gets_the_english_404_page_styled_with_working_links(
    nginx_servers: Nginx,
) -> None:
    # mkdocs-static-i18n writes 404.html once per language, the last (zh-Hant) winning,
    # with the language switcher of whichever page was rendered last.
    base = nginx_servers.whole_host
    with pytest.raises(urllib.error.HTTPError) as raised:
        _OPENER.open(base + "journeys/no-such-map.html", timeout=10)
    assert raised.value.code == 404
    page = BeautifulSoup(raised.value.read().decode("utf-8"), "html.parser")
    assert page.html["lang"] == "en"
    switcher = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link[hreflang]")}
    assert sorted(switcher) == sorted(LANGUAGES)
    assert switcher["de"] == "/de/index.html"  # the German home, not some page's German copy
    used = [e["href"] for e in page.select("a[href], link[rel=stylesheet]")]
    used += [e["src"] for e in page.select("script[src]")]
    assert any(url.endswith(".css") for url in used)
    failed = []
    for url in dict.fromkeys(used):
        if url.startswith(("#", "http:", "https:", "mailto:", "data:")):
            continue
        try:
            _OPENER.open(urljoin(base + "journeys/", url), timeout=10).close()
        except urllib.error.HTTPError as error:
            failed.append((url, error.code))
    assert not failed


def test_crawl_reports_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    """The crawler itself, on a tiny site served by Python's http.server."""
    import functools
    import http.server
    import threading

    (tmp_path / "index.html").write_text(
        '<a href="a.html#here">a</a> <a href="a.html#gone">a</a> <a href="missing.html">x</a>'
        '<link rel="stylesheet" href="s.css"><a href="https://example.org/">out</a>'
        '<img src="https://cdn.example.org/x.png">',
        encoding="utf-8",
    )
    (tmp_path / "a.html").write_text('<h1 id="here">A</h1> <a href="index.html">home</a>')
    (tmp_path / "s.css").write_text("body { background: url('img/none.png') }")
    (tmp_path / "orphan.html").write_text("<p>nobody links here</p>")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{httpd.server_port}/"
        result = crawl(base)
        httpd.shutdown()
    assert sorted((relative_to(base, p), h, s) for p, h, s in result.broken) == [
        ("(root)", "missing.html", 404),
        ("s.css", "img/none.png", 404),
    ]
    assert result.missing_fragments == [(base, "a.html#gone")]
    assert result.external_links == {"https://example.org/"}
    assert result.external_assets == [(base, "https://cdn.example.org/x.png")]
    assert result.pages == {base + "index.html", base + "a.html"}  # not orphan.html


# No outside host, ever -------------------------------------------------------------------


def test_no_request_leaves_the_server_in_any_language(browser: Browser, nginx: str) -> None:
    """Pages used as a reader would: every request goes to the nginx that serves the
    site, and every one of them succeeds. Every language's map page and search (which
    loads the language's own stemmer); every kind of page in a left-to-right and a
    right-to-left language (the others ask for the same files as these)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    origin = nginx.removesuffix(SUB_PATH)
    outside: list[tuple[str, str]] = []  # (language, url)
    errors: list[tuple[str, int, str]] = []  # (language, status, url)
    silent: list[str] = []  # languages whose search showed no result
    language = ""

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        if not request.url.startswith((origin + "/", "data:", "blob:")):
            outside.append((language, request.url))

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.status >= 400:
            errors.append((language, response.status, response.url))

    for language in LANGUAGES:  # the handlers above read `language`
        page = browser.new_page()
        page.on("request", on_request)
        page.on("response", on_response)
        here = nginx + prefix(language)
        page.goto(here + JACKET, wait_until="load")
        if language in WHOLE_TOUR:
            for path in ("maps/industry/retail.html", "maps/touchpoints.html", PRIORITIES):
                page.goto(here + path, wait_until="load")
            page.goto(here + "maps.html", wait_until="load")
            page.locator("details[data-jm-facet=kind] > summary").click()
            page.locator(".jm-facet__value[data-facet=kind][data-key=template]").click()
            assert page.url == here + "maps.html?kind=template"
            page.goto(here + TEMPLATE, wait_until="load")
            with page.expect_download():
                page.locator("a.md-button[download]").click()  # "Use this template"
        page.goto(here, wait_until="load")
        page.keyboard.press("/")
        page.keyboard.type("wait")
        try:
            page.locator(".md-search-result__item").first.wait_for(timeout=PATIENCE_MS)
        except PlaywrightTimeoutError:
            silent.append(language)
        page.close()
    report = [
        listing("requests to another host (language, url)", outside),
        listing("failed responses (language, status, url)", errors),
        listing("languages whose search found nothing for 'wait'", [(x,) for x in silent]),
    ]
    problems = "\n".join(section for section in report if section)
    assert not problems, problems


# From disk -------------------------------------------------------------------------------


def file_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def test_every_page_opens_from_disk(browser: Browser, shipped_site: Path) -> None:
    """Every page's relative links (a[href]; also link[href], for rel=prev/next and the
    alternates that nothing fetches) name a file of the site; and a page of every kind,
    opened as file:// in Chromium, loads everything it asks for.

    Opening all ~1,400 pages in Chromium takes minutes (it recompiles the theme's script
    for each file:// page); a relative link resolves on disk exactly as the browser
    resolves it, so the links of every page are checked from the HTML, and the browser
    opens one page per folder (maps, facet pages, indexes, guides, home) in two languages
    and each language's home."""
    # 404.html is the server's error page, shown at any depth, so MkDocs gives it
    # root-absolute addresses (/assets/…): it is never opened from disk.
    pages = sorted(path for path in shipped_site.rglob("*.html") if path.name != "404.html")
    assert len(pages) > 700
    dead: list[tuple[str, str]] = []  # (page, href)
    for path in pages:
        reader = PageReader(path.read_text(encoding="utf-8"))
        for tag_name, raw in reader.references:
            if tag_name not in {"a", "link"}:
                continue
            if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", raw) or raw.startswith("#"):
                continue  # https:, mailto:, data:, …, or this page
            target = (path.parent / unquote(urlsplit(raw).path)).resolve()
            if not (target.is_file() and target.is_relative_to(shipped_site)):
                dead.append((path.relative_to(shipped_site).as_posix(), raw))

    # The browser opens a page of every folder in English and in Persian (one level
    # deeper, right to left), and every language's home (its search loads its own
    # stemmer). The other languages' folders hold the same kinds of page at the same
    # depth as Persian's, and their links were all checked above.
    one_per_folder: dict[Path, Path] = {}
    for path in pages:
        folder = path.parent.relative_to(shipped_site)
        language = folder.parts[0] if folder.parts and folder.parts[0] in LANGUAGES else "en"
        if language in {"en", "fa"} or (path.name == "index.html" and folder.parts == (language,)):
            one_per_folder.setdefault(path.parent, path)
    failed: list[tuple[str, str, str]] = []  # (page, url, error)
    current = [""]

    def on_failed(request) -> None:  # type: ignore[no-untyped-def]
        error = request.failure or ""
        if error == "net::ERR_ABORTED":
            return  # cut off because we went on to the next page (the favicon, mostly)
        if is_sitemap_probe(request.url) and error == "net::ERR_FAILED":
            return  # browsers refuse XHR from file://; see is_sitemap_probe
        failed.append((current[0], request.url, error))

    page = browser.new_page()
    page.on("requestfailed", on_failed)
    for path in one_per_folder.values():
        current[0] = path.relative_to(shipped_site).as_posix()
        page.goto(path.as_uri(), wait_until="load")
    page.close()
    assert len(one_per_folder) > 2 * 10 + 11
    report = [
        listing("failed requests (page, url, error)", failed),
        listing("links to no file of the site (page, href)", dead),
    ]
    problems = "\n".join(section for section in report if section)
    assert not problems, problems


# The features a reader uses, from disk and under nginx -----------------------------------


def search_finds_wait(page: Page, base: str, site: Path) -> None:
    page.goto(base + "index.html", wait_until="load")
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    page.keyboard.type("wait")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=PATIENCE_MS)
    assert results.count() > 0


def gallery_filters_by_click(page: Page, base: str, site: Path) -> None:
    page.goto(base + "maps.html", wait_until="load")
    cards = page.locator(".jm-card:visible")
    total = cards.count()
    page.locator("details[data-jm-facet=kind] > summary").click()
    page.locator(".jm-facet__value[data-facet=kind][data-key=template]").click()
    assert page.url == base + "maps.html?kind=template"
    assert 0 < cards.count() < total


def language_switcher_keeps_the_map(page: Page, base: str, site: Path) -> None:
    page.goto(base + JACKET, wait_until="load")
    page.locator(".md-header .md-select").hover()
    page.locator(".md-select__link[hreflang=de]").click()
    page.wait_for_url(base + "de/" + JACKET)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Eine Winterjacke online kaufen"


def template_downloads(page: Page, base: str, site: Path) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.goto(base + TEMPLATE, wait_until="load")
    link = page.get_by_role("link", name="Use this template", exact=True)
    try:
        with page.expect_download(timeout=PATIENCE_MS) as download_info:
            link.click()
    except PlaywrightTimeoutError:
        pytest.fail(f"'Use this template' downloaded nothing; the browser is at {page.url}")
    download = download_info.value
    assert download.suggested_filename == "blank-journey-map.md"
    expected = (site / TEMPLATE).with_suffix(".md").read_bytes()
    assert Path(download.path()).read_bytes() == expected


FEATURES: dict[str, Callable[[Page, str, Path], None]] = {
    "search": search_finds_wait,
    "gallery-filter": gallery_filters_by_click,
    "language-switcher": language_switcher_keeps_the_map,
    "template-download": template_downloads,
}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("feature", FEATURES)
def test_feature_from_disk(page: Page, shipped_site: Path, feature: str) -> None:
    FEATURES[feature](page, shipped_site.as_uri() + "/", shipped_site)


@pytest.mark.parametrize("feature", FEATURES)
def test_feature_under_nginx(page: Page, nginx: str, shipped_site: Path, feature: str) -> None:
    FEATURES[feature](page, nginx, shipped_site)

"""Hostile input, tried systematically: the corpus in tests/hostile/, and a property.

``hostile/refused/`` holds journeys that must be refused, with exactly the errors that
``hostile/refused.yml`` gives. ``hostile/inert/`` holds journeys (a French translation among
them, and a hostile site catalog in ``hostile/locale/``) whose markup, script and template
syntax must reach the pages as text: ``hostile/inert.yml`` says what a reader sees. Every
page of that site, and its search index (the theme shows results as HTML), passes the same
generic checks; the renderer's output for any valid journey passes them too.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import given
from hypothesis import strategies as st
from journey_maps.core import file_names
from journey_maps.core.docs_folder import links_out, scan
from journey_maps.core.errors import InvalidFile
from journey_maps.core.loading import LoadOptions, parse_journey
from journey_maps.core.text import inline, plain
from journey_maps.pages.lanes import resolve_lanes
from journey_maps.pages.rendering import Renderer

from tests.conftest import MINIMAL_JOURNEY, Site
from tests.test_faults import snapshot
from tests.test_i18n import FRENCH
from tests.test_properties import JOURNEY, OPTIONS, fast

HOSTILE = Path(__file__).parent / "hostile"
REFUSED = yaml.safe_load((HOSTILE / "refused.yml").read_text(encoding="utf-8"))
INERT = yaml.safe_load((HOSTILE / "inert.yml").read_text(encoding="utf-8"))
SITE_NAME = "Hostile site"


def shown(text: str) -> str:
    """Text as a reader takes it in: each run of whitespace one space."""
    return " ".join(text.split())


def in_docs(site: Site) -> str:
    """The docs folder as the build names it in its messages."""
    docs = site.docs
    return (docs.relative_to(Path.cwd()) if docs.is_relative_to(Path.cwd()) else docs).as_posix()


# --------------------------------------------------------------------------------------
# The generic checks: what no page may hold, whatever its text
# --------------------------------------------------------------------------------------

URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "formaction",
        "href",
        "longdesc",
        "manifest",
        "ping",
        "poster",
        "src",
        "srcset",
        "xlink:href",
    }
)
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# A browser drops these from a URL before it reads the scheme ("java\tscript:" runs).
_DROPPED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
# Elements that load or run something, or send the reader elsewhere; none belongs in the
# text of a page (Material's own search form and meta tags are outside the article).
NOT_IN_ARTICLE = frozenset(
    {
        "applet",
        "base",
        "embed",
        "form",
        "frame",
        "frameset",
        "iframe",
        "link",
        "meta",
        "noscript",
        "object",
        "script",
        "style",
        "template",
    }
)


def bad_url(value: str) -> bool:
    url = _DROPPED_IN_URLS.sub("", html.unescape(value)).lower()
    return url.startswith(BAD_SCHEMES)


def script_signature(script: Tag) -> str:
    """A script as it would be on any page of the site: relative paths taken out."""
    if script.get("src"):
        return "src " + str(script["src"]).replace("../", "").removeprefix("./")
    text = re.sub(r'"\.\.?"', '"."', script.get_text().replace("../", ""))
    return f"inline {script.get('id')} {script.get('type')} {text}"


def inert_problems(
    soup: BeautifulSoup, scripts: Iterable[str] = (), *, frames_allowed: bool = False
) -> list[str]:
    """Everything in a page (or fragment) that could run script or act on its own:
    handler attributes, scripts other than ``scripts`` (by ``script_signature``),
    javascript:/vbscript:/data: URLs, and elements that load or send in an article."""
    known = set(scripts)
    problems = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                problems.append(f"<{tag.name} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES:
                # srcset holds several URLs, each before its size: "a.png 1x, b.png 2x"
                urls = (
                    [c.split()[0] for c in value.split(",") if c.strip()]
                    if name.lower() == "srcset"
                    else [value]
                )
                problems.extend(f"<{tag.name} {name}={value!r}>" for url in urls if bad_url(url))
    for script in soup.find_all("script"):
        if script_signature(script) not in known:
            problems.append(f"script not in a clean page: {str(script)[:120]!r}")
    banned = NOT_IN_ARTICLE - ({"iframe"} if frames_allowed else set())
    for article in soup.find_all("article"):
        problems.extend(f"<{t.name}> in the article" for t in article.find_all(banned))
    problems.extend(f"{t} on the page" for t in soup.select("base, meta[http-equiv]"))
    if soup.title is not None and soup.title.find(True) is not None:
        problems.append(f"markup in <title>: {soup.title}")
    return problems


def pages(site_dir: Path) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(site_dir).as_posix(): BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser"
        )
        for path in sorted(site_dir.rglob("*.html"))
    }


def search_problems(site_dir: Path) -> list[str]:
    """The search index's titles and texts, which the theme inserts as HTML."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [
        f"search index, {doc['location']}: {problem}"
        for doc in index["docs"]
        for problem in inert_problems(BeautifulSoup(doc["title"] + doc["text"], "html.parser"))
    ]


# --------------------------------------------------------------------------------------
# Refused: exactly the manifest's errors, file by file and all at once in a site
# --------------------------------------------------------------------------------------


def test_every_refused_file_is_in_the_manifest() -> None:
    files = sorted(p.name for p in (HOSTILE / "refused").glob("*.md"))
    assert files == sorted([*REFUSED["loader"], *REFUSED["site"]])


@pytest.mark.parametrize("name", sorted(REFUSED["loader"]))
def test_refused_file_gives_exactly_its_errors(name: str, tmp_path: Path) -> None:
    display = f"docs/journeys/{name}"
    with pytest.raises(InvalidFile) as caught:
        parse_journey(
            (HOSTILE / "refused" / name).read_bytes(),
            src_uri=f"journeys/{name}",
            docs_dir=tmp_path / "docs",
            options=LoadOptions(),
            display=display,
        )
    assert [str(e) for e in caught.value.errors] == [
        f"{display}:{line}:{column}: {message}" for line, column, message in REFUSED["loader"][name]
    ]


@pytest.mark.parametrize("name", sorted(REFUSED["site"]))
def test_what_only_the_site_can_refuse_passes_the_loader(name: str) -> None:
    loaded = parse_journey(
        (HOSTILE / "refused" / name).read_bytes(),
        src_uri=f"journeys/{name}",
        docs_dir=None,
        options=LoadOptions(),
        display=name,
    )
    assert loaded.journey.title


def test_refused_site_reports_every_file_at_once_and_keeps_the_site(
    make_site, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    site: Site = make_site()
    assert site.run("build") == 0
    before = snapshot(site.site_dir)
    for path in (HOSTILE / "refused").glob("*.md"):
        shutil.copyfile(path, site.docs / "journeys" / path.name)
    # A 5 MB page, made here rather than kept in the repository.
    huge = MINIMAL_JOURNEY + ("Research notes. " * 64 + "\n\n") * 5 * 1024
    (site.docs / "journeys" / "huge.md").write_text(huge[: 5 * 1024 * 1024], encoding="utf-8")
    capsys.readouterr()
    # Refused without being worked through: the file over the size limit is never read
    # (the other guards' own tests show each refusal's work bounded).
    read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        assert path.name != "huge.md", "a file over the size limit was read"
        return read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert site.run("build") == 1
    monkeypatch.undo()

    err = capsys.readouterr().err
    expected = [
        f"{in_docs(site)}/journeys/{name}:{line}:{column}: {message}"
        for section in ("loader", "site")
        for name, errors in REFUSED[section].items()
        for line, column, message in errors
    ]
    expected.append(
        f"{in_docs(site)}/journeys/huge.md:1:1: file is 5.0 MB; a journey file may be at most "
        "2.0 MB (plugin option max_file_size): move bulky material out of it"
    )
    reported = err.splitlines()
    assert [line for line in expected if line not in reported] == []
    files = len(REFUSED["loader"]) + len(REFUSED["site"]) + 1
    assert f"{len(expected)} errors in {files} files" in reported
    assert "Traceback" not in err
    assert snapshot(site.site_dir) == before


# --------------------------------------------------------------------------------------
# Inert: one site of every hostile journey, in English and French, checked page by page
# --------------------------------------------------------------------------------------

HOSTILE_YML = """\
site_name: {site_name}
docs_dir: docs
theme: {{name: material, font: false, language: en}}
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - toc: {{permalink: true}}
plugins:
  - search
  - journey-maps:
      custom_lanes: {{backstage: Backstage}}
      allow_raw_html: {raw_html}
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: en, name: en, default: true}}
        - {{locale: fr, name: fr}}
"""


def build_site(
    root: Path, journeys: dict[str, str], *, raw_html: bool = False, catalog: bool = False
) -> Path:
    """A site in English and French with the attack surface switched on: attribute
    lists, Markdown in HTML, fenced code with info strings, a custom lane."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(
        HOSTILE_YML.format(site_name=SITE_NAME, raw_html=str(raw_html).lower()), encoding="utf-8"
    )
    (root / "docs" / "journeys").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    for name, text in journeys.items():
        (root / "docs" / "journeys" / name).write_text(text, encoding="utf-8")
    if catalog:
        shutil.copytree(HOSTILE / "locale", root / "locale")
    from journey_maps.cli import main

    assert main(["-f", str(config), "build"]) == 0
    return root / "site"


def corpus() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (HOSTILE / "inert").glob("*.md")}


@pytest.fixture(scope="module")
def clean_scripts(tmp_path_factory: pytest.TempPathFactory) -> frozenset[str]:
    """The scripts of every page of the same site with harmless journeys: the theme's."""
    site_dir = build_site(
        tmp_path_factory.mktemp("clean"), {"card.md": MINIMAL_JOURNEY, "card.fr.md": FRENCH}
    )
    return frozenset(
        script_signature(script)
        for soup in pages(site_dir).values()
        for script in soup.find_all("script")
    )


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("inert"), corpus(), catalog=True)


def test_every_inert_file_is_in_the_manifest() -> None:
    assert sorted(corpus()) == sorted(INERT)


def test_every_page_of_the_hostile_site_is_inert(
    inert_site: Path, clean_scripts: frozenset[str]
) -> None:
    built = pages(inert_site)
    assert "fr/journeys/xss-fields/index.html" in built
    assert "journeys/translated/index.html" in built
    problems = [
        f"{path}: {problem}"
        for path, soup in built.items()
        for problem in inert_problems(soup, clean_scripts)
    ]
    assert problems == []


def test_every_file_of_the_hostile_site_has_a_name_every_system_can_hold(
    inert_site: Path,
) -> None:
    """Pages named after texts (inert/file-names.md): none longer than a system allows,
    none a Windows device, none the same file as another on Windows or macOS; and two tags
    that only full case folding makes one ("Straßenbahn", "Strassenbahn") are two pages."""
    paths = [p.relative_to(inert_site).as_posix() for p in inert_site.rglob("*") if p.is_file()]
    assert file_names.unportable(paths) == {}
    assert max(len(name.encode()) for path in paths for name in path.split("/")) <= 255
    assert file_names.meetings(paths, file_names.same_file) == []
    tags = {path.split("/")[2] for path in paths if path.startswith("maps/tag/")}
    assert {"straßenbahn", "strassenbahn"} <= tags
    assert not {"con", "aux", "nul", "com1", "lpt1"} & tags, tags


def test_search_index_of_the_hostile_site_is_inert(inert_site: Path) -> None:
    assert search_problems(inert_site) == []


def page_of(name: str) -> str:
    """``x.md`` -> journeys/x/index.html; ``x.fr.md`` -> fr/journeys/x/index.html."""
    stem, _, suffix = name.removesuffix(".md").partition(".")
    return f"{suffix + '/' if suffix else ''}journeys/{stem}/index.html"


@pytest.mark.parametrize("name", sorted(INERT))
def test_reader_sees_the_hostile_text_as_text(name: str, inert_site: Path) -> None:
    expected: dict[str, Any] = INERT[name]
    soup = BeautifulSoup((inert_site / page_of(name)).read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("h1.jm-title").get_text() == expected["title"]
    assert soup.title.get_text() == f"{expected['title']} - {SITE_NAME}"
    assert soup.select_one("meta[name=description]")["content"] == expected["description"]
    for selector, text in expected.get("shows", {}).items():
        found = soup.select_one(selector)
        assert found is not None, selector
        assert shown(found.get_text(" ")) == shown(text), selector
    page_text = soup.get_text(" ")
    for text in expected.get("nowhere", []):
        assert text not in page_text


@pytest.fixture(scope="module")
def raw_html_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("raw"), corpus(), raw_html=True, catalog=True)


def test_raw_html_allowed_still_runs_nothing(
    raw_html_site: Path, clean_scripts: frozenset[str]
) -> None:
    # allow_raw_html trusts iframes and styles; handlers, scripts and bad URLs still go.
    built = pages(raw_html_site)
    body = built["journeys/body-raw-html/index.html"]
    assert body.select_one(".jm-body iframe") is not None, "the option lets iframes through"
    problems = [
        f"{path}: {problem}"
        for path, soup in built.items()
        for problem in inert_problems(soup, clean_scripts, frames_allowed=True)
    ]
    assert problems == []
    assert search_problems(raw_html_site) == []


def test_pathological_text_renders_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # Python-Markdown matches brackets in quadratic time: 20,000 '[' took minutes. Such a
    # text never reaches it: it is escaped as written, in one linear pass.
    def quadratic(*args: object) -> str:
        raise AssertionError("Python-Markdown was given a text with thousands of '['")

    inline.cache_clear()
    with monkeypatch.context() as patched:
        patched.setattr(markdown.Markdown, "convert", quadratic)
        for text in ("[" * 20_000, "[a](" * 5_000, "[`" * 10_000, "*[" * 10_000):
            rendered = inline(text)
            assert html.unescape(str(rendered)) == text, "shown as written"
    inline.cache_clear()
    assert str(inline("[docs](https://example.org) *and* [more](https://example.com)")) == (
        '<a href="https://example.org" rel="noopener noreferrer">docs</a> <em>and</em> '
        '<a href="https://example.com" rel="noopener noreferrer">more</a>'
    )


# --------------------------------------------------------------------------------------
# Paths: nothing from outside the docs directory reaches the site
# --------------------------------------------------------------------------------------


def test_links_out_of_the_docs_dir_are_refused(make_site, capsys) -> None:
    site: Site = make_site()
    assert site.run("build") == 0
    before = snapshot(site.site_dir)
    outside = site.root / "outside"
    (outside / "photos").mkdir(parents=True)
    (outside / "secret.md").write_text(
        MINIMAL_JOURNEY.replace("Renewing a library card", "Secret outside"), encoding="utf-8"
    )
    (outside / "secret.txt").write_text("SECRET outside\n", encoding="utf-8")
    (outside / "photos" / "secret.svg").write_text("<svg>SECRET</svg>", encoding="utf-8")
    (site.docs / "journeys" / "linked.md").symlink_to("../../outside/secret.md")
    (site.docs / "notes.txt").symlink_to("../outside/secret.txt")
    (site.docs / "photos").symlink_to("../outside/photos", target_is_directory=True)
    (site.docs / "inside.txt").write_text("fine\n", encoding="utf-8")
    (site.docs / "alias.txt").symlink_to("inside.txt")  # a link inside the docs: fine
    capsys.readouterr()

    assert site.run("build") == 1

    err = capsys.readouterr().err
    docs = in_docs(site)
    outside_display = outside.as_posix()
    if outside.is_relative_to(Path.cwd()):
        outside_display = outside.relative_to(Path.cwd()).as_posix()
    fix = (
        "outside the docs directory, and MkDocs would publish what it points to; move that "
        "into the docs directory, or remove the link"
    )
    for link, target in (
        ("journeys/linked.md", "secret.md"),
        ("notes.txt", "secret.txt"),
        ("photos", "photos"),
    ):
        assert f"{docs}/{link}: links to {outside_display}/{target}, {fix}" in err
    assert "alias.txt" not in err
    assert "Traceback" not in err
    assert snapshot(site.site_dir) == before


def test_links_inside_the_docs_dir_are_not_reported(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "real").mkdir(parents=True)
    (docs / "real" / "a.txt").write_text("a")
    (docs / "alias").symlink_to("real", target_is_directory=True)
    assert links_out(docs, scan(docs)) == []


# --------------------------------------------------------------------------------------
# One address, one file
# --------------------------------------------------------------------------------------

OTHER = MINIMAL_JOURNEY.replace("Renewing a library card", "Another map")


def _folder_index(site: Site) -> list[str]:
    site.write("journeys/library-card/index.md", OTHER)
    site.write("journeys.json", "{}\n")
    docs = in_docs(site)
    return [
        f"{docs}/journeys/library-card.md and {docs}/journeys/library-card/index.md would "
        "both be published as journeys/library-card/index.html; rename or move one of them",
        f"{docs}/journeys.json and journeys.json (made by journey-maps) would both be "
        "published as journeys.json; rename or move one of them",
    ]


def _case(site: Site) -> list[str]:
    site.write("journeys/Library-Card.md", OTHER)
    docs = in_docs(site)
    return [
        f"{docs}/journeys/library-card.md: this file and {docs}/journeys/Library-Card.md are "
        "one file on Windows and macOS (their names differ only in case); rename or move one "
        "of them"
    ]


def _translation(site: Site) -> list[str]:
    i18n = (
        "  - i18n:\n"
        "      docs_structure: suffix\n"
        "      languages: [{locale: en, name: en, default: true}, {locale: fr, name: fr}]\n"
    )
    site.config.write_text(site.config.read_text() + i18n)
    site.write("journeys/library-card.fr.md", FRENCH)
    site.write("fr/journeys/library-card.md", "# Not the translation\n")
    docs = in_docs(site)
    return [
        f"{docs}/fr/journeys/library-card.md and {docs}/journeys/library-card.fr.md would "
        "both be published as fr/journeys/library-card/index.html; rename or move one of them"
    ]


@pytest.mark.parametrize(
    "clash", [_folder_index, _case, _translation], ids=["folder-index", "case", "translation"]
)
def test_two_files_at_one_address_are_refused(
    make_site, capsys, clash: Callable[[Site], list[str]]
) -> None:
    site: Site = make_site()
    expected = clash(site)
    capsys.readouterr()
    assert site.run("build") == 1
    err = capsys.readouterr().err
    for message in expected:
        assert message in err
    assert "Traceback" not in err
    assert not site.site_dir.exists()


# --------------------------------------------------------------------------------------
# The renderer: any valid journey renders inert, with every text it was given
# --------------------------------------------------------------------------------------

_HOSTILE_BODY = st.lists(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '<img src=x onerror="alert(1)">',
            "[x](javascript:alert(1))",
            "[x][r]\n\n[r]: vbscript:msgbox(1)",
            "![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            '## Heading {: onclick="alert(1)" }',
            '<div markdown="1" onmouseover="alert(1)">*md*</div>',
            '<a href="&#106;avascript:alert(1)">e</a>',
            '<iframe src="javascript:alert(1)"></iframe>',
            "{{ 7*7 }}",
            "Plain words.",
        ]
    ),
    max_size=6,
).map("\n\n".join)
_LANES = resolve_lanes([], {"frontstage": "Frontstage", "backstage": "Backstage"})
_RENDERER = Renderer(lanes=_LANES, hide_empty_lanes=False)


def _texts(value: Any, key: str | None = None) -> Iterable[str]:
    """Every text of a generated journey that a map page shows."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("unit", "kind", "state", "better", "reviewed", "draft"):
                yield from _texts(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, key)
    elif isinstance(value, str) and key != "emotion":
        yield value


@fast(80)
@given(journey=JOURNEY, body=_HOSTILE_BODY)
def test_any_valid_journey_renders_inert_with_all_its_text(
    journey: dict[str, Any], body: str
) -> None:
    front = yaml.safe_dump(journey, allow_unicode=True, sort_keys=False)
    loaded = parse_journey(
        f"---\n{front}---\n".encode(),
        src_uri="journeys/generated.md",
        docs_dir=None,
        options=OPTIONS,
        display="generated.md",
    )
    body_html = markdown.markdown(body, extensions=["attr_list", "md_in_html"])
    fragment = _RENDERER.render_page(loaded, body_html=body_html, page_url="journeys/generated/")
    soup = BeautifulSoup(fragment, "html.parser")
    assert inert_problems(soup) == []
    page = shown(soup.get_text())  # inline markup splits no words: "a *b* c"
    missing = [t for t in _texts(journey) if shown(plain(t)) not in page]
    assert missing == []


def test_checks_catch_what_they_are_for() -> None:
    # The checks themselves, on pages that break each rule once.
    clean = BeautifulSoup(
        '<html><head><title>T</title><script src="../assets/a.js"></script></head>'
        "<body><article><p>ok</p></article></body></html>",
        "html.parser",
    )
    known = {script_signature(s) for s in clean.find_all("script")}
    assert inert_problems(clean, known) == []
    for bad in (
        '<p onclick="x()">a</p>',
        '<a href=" java&#x09;script:alert(1)">a</a>',
        '<img srcset="ok.png 1x, data:image/svg+xml,x 2x">',
        "<script>alert(1)</script>",
        '<iframe src="https://example.org"></iframe>',
        '<meta http-equiv="refresh" content="0">',
    ):
        page = BeautifulSoup(str(clean).replace("<p>ok</p>", bad), "html.parser")
        assert inert_problems(page, known), bad
    titled = BeautifulSoup("<title>T<script>x</script></title>", "html.parser")
    assert "markup in <title>" in " ".join(inert_problems(titled))

"""The gallery, its facet pages, template downloads and the machine-readable outputs, read
from real builds: the shipped site in all its languages, and small sites made for a case."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from journey_maps.core.collection import collect_docs
from journey_maps.core.loading import LoadOptions
from journey_maps.core.text import key, plain
from journey_maps.i18n.catalogs import PACKAGE_CATALOGS, translations_for
from journey_maps.pages.formatting import format_number
from journey_maps.pages.outputs import METRIC_COLUMNS, journey_catalog_schema

from .conftest import MINIMAL_JOURNEY, REPO, Site

CONTENT = REPO / "content"
LOCALES = ("en", "id", "de", "es", "fa", "fr", "ja", "pl", "pt", "ru", "vi", "zh-Hans", "zh-Hant")
CUSTOM_LANES = frozenset({"frontstage", "backstage", "support"})


def shipped_collection():  # type: ignore[no-untyped-def]
    return collect_docs(CONTENT, LOCALES, LoadOptions(custom_lanes=CUSTOM_LANES))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def prefix(locale: str) -> str:
    return "" if locale == "en" else f"{locale}/"


def cards(page: BeautifulSoup) -> list[str]:
    """The titles' link targets of a gallery's cards, as the page lists them."""
    return [card.select_one(".jm-card__title a")["href"] for card in page.select(".jm-card")]


@pytest.mark.parametrize("locale", LOCALES)
def test_gallery_lists_every_published_map_in_every_language(
    shipped_site: Path, locale: str
) -> None:
    collection = shipped_collection()
    published = list(collection.journeys)  # drafts are never in it
    page = soup(shipped_site / prefix(locale) / "maps.html")
    assert len(page.select(".jm-card")) == len(published) >= 7
    assert page.html["lang"] == locale
    # Each card links to the map in this language, and the link resolves.
    for href in cards(page):
        target = (shipped_site / prefix(locale) / href.split("#")[0]).resolve()
        assert target.is_file(), href
    # The count is worded for the locale (plural-aware), not left in English.
    count = page.select_one(".jm-gallery__count").get_text()
    catalog = translations_for(locale, [PACKAGE_CATALOGS])
    template = catalog.ngettext("%(num)s map", "%(num)s maps", len(published))
    number = format_number(len(published), locale.replace("-", "_"))
    assert count == template % {"num": number}


def test_gallery_card_shows_what_a_reader_needs(shipped_site: Path) -> None:
    page = soup(shipped_site / "maps.html")
    card = next(c for c in page.select(".jm-card") if "winter-jacket" in c.select_one("a")["href"])
    text = card.get_text(" ", strip=True)
    assert "Buying a winter jacket online" in text
    assert "Example" in text
    assert "Current state" in text
    assert "Retail" in text
    assert "Dana" in text
    assert re.search(r"\d+ stages · \d+ steps", text)
    # Its picture (stages and curve) is drawn, and said in words for those who cannot see it.
    assert card.select_one(".jm-thumb svg path")["d"].startswith("M")
    assert "Emotion from" in card.select_one(".jm-thumb figcaption").get_text()
    languages = [a["hreflang"] for a in card.select(".jm-card__languages a")]
    assert languages == ["en", *sorted(set(LOCALES) - {"en"})]
    assert card["data-kind"] == "example"
    assert card["data-industry"] == "retail"


def test_german_gallery_speaks_german(shipped_site: Path) -> None:
    page = soup(shipped_site / "de/maps.html")
    names = [h.get_text() for h in page.select(".jm-facet__name")]
    german = translations_for("de", [PACKAGE_CATALOGS])
    assert names == [
        german.gettext(n) for n in ("Type", "Industry", "Tags", "Personas", "State", "Language")
    ]
    assert names[1] == "Branche"
    assert names[4] != "Language"
    text = page.get_text(" ")
    assert "Vorlage" in text
    assert "Schritte" in text
    # The site's own German intro (maps.de.md) stands above the cards.
    intro = (CONTENT / "maps.de.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    heading = page.select_one(".md-content h1")
    assert heading.get_text(strip=True).startswith(intro)
    assert heading.find_next(class_="jm-gallery") is not None
    # The German winter-jacket card carries the German title and links to the German map.
    card = next(c for c in page.select(".jm-card") if "winter-jacket" in c.select_one("a")["href"])
    assert card.select_one("a")["href"] == "journeys/examples/retail/winter-jacket.html"
    assert "Winterjacke" in card.get_text()


def test_facet_pages_list_exactly_the_matching_maps(shipped_site: Path) -> None:
    collection = shipped_collection()
    gallery = soup(shipped_site / "maps.html")
    values = gallery.select(".jm-facet__value")
    assert {v["data-facet"] for v in values} == {
        "kind",
        "industry",
        "tag",
        "persona",
        "state",
        "language",
    }
    for value in values:
        facet, key = value["data-facet"], value["data-key"]
        assert value["href"] == f"maps/{facet}/{key}.html"
        page = soup(shipped_site / "maps" / facet / f"{key}.html")
        expected = {
            uri
            for uri, loaded in collection.journeys.items()
            if _keys(collection, uri, loaded)[facet].count(key)
        }
        listed = {
            re.sub(r"^(\.\./)+", "", href).removesuffix(".html") + ".md" for href in cards(page)
        }
        assert listed == expected, (facet, key)
        count = value.select_one(".jm-facet__count").get_text()
        assert int(count) == len(expected)
        # The facet page names its value and links back to the whole gallery.
        assert page.select_one(".md-content h1").get_text().endswith(value.contents[0].strip())
        assert page.select_one(".jm-facets__all a")["href"] == "../../maps.html"


def _keys(collection, uri, loaded):  # type: ignore[no-untyped-def]
    journey = loaded.journey
    return {
        "kind": [journey.kind],
        "state": [journey.state],
        "industry": [key(journey.industry)] if journey.industry else [],
        "tag": [key(tag) for tag in journey.tags],
        "language": collection.languages_of(uri, "en"),
        # A template's personas are prompts; a map's are named by their library id or
        # their name.
        "persona": []
        if journey.kind == "template"
        else [
            key(entry if isinstance(entry, str) else entry.name)
            for entry in ([journey.persona] if journey.persona else journey.personas)
        ],
    }


def test_facet_pages_exist_in_every_language_at_the_same_address(shipped_site: Path) -> None:
    english = sorted(
        p.relative_to(shipped_site / "maps").as_posix()
        for p in (shipped_site / "maps").rglob("*.html")
    )
    assert "industry/retail.html" in english
    assert "touchpoints.html" in english
    for locale in LOCALES[1:]:
        here = sorted(
            p.relative_to(shipped_site / locale / "maps").as_posix()
            for p in (shipped_site / locale / "maps").rglob("*.html")
        )
        assert here == english, locale
    page = soup(shipped_site / "fa/maps/industry/retail.html")
    assert page.html["lang"] == "fa"
    assert page.select_one(".jm-gallery")["dir"] == "rtl"
    # The language switcher leads to the same facet page in the other languages.
    alternates = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link[hreflang]")}
    assert alternates["de"].endswith("de/maps/industry/retail.html")
    assert alternates["en"].endswith("maps/industry/retail.html")


def test_maps_stay_out_of_the_navigation(shipped_site: Path) -> None:
    page = soup(shipped_site / "maps.html")
    nav = page.select_one("nav.md-nav--primary")
    links = [a["href"] for a in nav.select("a.md-nav__link[href]")]
    assert not any("journeys/" in link for link in links)
    assert not any("/industry/" in link for link in links)
    assert any("touchpoints" in link for link in links)


def test_template_download_is_its_source(shipped_site: Path) -> None:
    page = soup(shipped_site / "journeys/templates/blank-journey-map.html")
    link = page.select_one(".jm-use a[download]")
    assert link.get_text(strip=True) == "Use this template"
    assert link["download"] == "blank-journey-map.md"
    downloaded = shipped_site / "journeys/templates" / link["href"]
    assert (
        downloaded.read_bytes()
        == (CONTENT / "journeys/templates/blank-journey-map.md").read_bytes()
    )
    # In German the download is the German template, a complete journey file.
    german = soup(shipped_site / "de/journeys/templates/blank-journey-map.html")
    href = german.select_one(".jm-use a[download]")["href"]
    text = (shipped_site / "de/journeys/templates" / href).read_text()
    assert "title: Leere Customer Journey Map" in text
    assert "kind: template" in text
    # Examples offer no download.
    example = soup(shipped_site / "journeys/examples/retail/winter-jacket.html")
    assert example.select_one(".jm-use") is None


@pytest.mark.parametrize("locale", ["en", "de"])
def test_template_download_from_disk_is_the_same_file(shipped_site: Path, locale: str) -> None:
    # The shipped site is built `offline`: a page opened from disk swaps in a data: URL.
    folder = shipped_site / prefix(locale) / "journeys/templates"
    link = soup(folder / "blank-journey-map.html").select_one(".jm-use a[download]")
    header, _, payload = link["data-jm-from-disk"].partition(",")
    assert header == "data:text/markdown;charset=utf-8;base64"
    assert base64.b64decode(payload) == (folder / link["href"]).read_bytes()


def test_step_anchors_are_the_same_in_every_language(shipped_site: Path) -> None:
    path = "journeys/examples/retail/winter-jacket.html"
    english = [th["id"] for th in soup(shipped_site / path).select("[id^=step-]")]
    assert english
    assert len(set(english)) == len(english)
    for locale in LOCALES[1:]:
        assert [
            th["id"] for th in soup(shipped_site / locale / path).select("[id^=step-]")
        ] == english


def test_step_anchors_are_stable_across_builds(make_site: Callable[..., Site]) -> None:
    site = make_site()
    assert site.run("build") == 0
    first = [e["id"] for e in site.html("journeys/library-card").select("[id^=step-]")]
    assert site.run("build") == 0
    assert [e["id"] for e in site.html("journeys/library-card").select("[id^=step-]")] == first
    assert first == [
        "step-discover--tries-to-borrow-a-book",
        "step-renew--renews-at-the-desk",
        "step-renew--borrows-the-book",
    ]


@pytest.mark.parametrize("locale", ["en", "de", "fa"])
def test_catalog_validates_against_its_schema(shipped_site: Path, locale: str) -> None:
    schema = json.loads((shipped_site / "schema/journeys.schema.json").read_text())
    assert schema == journey_catalog_schema()
    data = json.loads((shipped_site / prefix(locale) / "journeys.json").read_text())
    jsonschema.validate(data, schema)
    assert data["language"] == locale
    collection = shipped_collection()
    assert sorted(entry["source"] for entry in data["journeys"]) == sorted(collection.journeys)
    for entry in data["journeys"]:
        page = shipped_site / entry["url"]
        assert page.is_file(), entry["url"]
        assert entry["url"].startswith(prefix(locale))
        if entry["download"]:
            assert (shipped_site / entry["download"]).is_file()
    jacket = next(e for e in data["journeys"] if e["source"].endswith("winter-jacket.md"))
    assert jacket["steps"] == len(collection.journeys[jacket["source"]].journey.steps_in_order())
    assert set(jacket["languages"]) == set(LOCALES)


def test_shipped_catalog_schema_is_generated_from_the_model() -> None:
    shipped = json.loads(
        (REPO / "plugins/journey_maps/schema/journeys.schema.json").read_text(encoding="utf-8")
    )
    assert shipped == journey_catalog_schema()


def test_metrics_csv_has_a_row_per_step_metric(shipped_site: Path) -> None:
    collection = shipped_collection()
    rows = list(csv.reader(io.StringIO((shipped_site / "metrics.csv").read_text())))
    assert tuple(rows[0]) == METRIC_COLUMNS
    expected = sum(
        len(step.metrics)
        for loaded in collection.journeys.values()
        if loaded.journey.kind == "example"  # a template's metrics are placeholders
        for _, step in loaded.journey.steps_in_order()
    )
    assert len(rows) - 1 == expected > 10
    records = [dict(zip(METRIC_COLUMNS, row, strict=True)) for row in rows[1:]]
    for record in records:
        assert record["better"] in ("higher", "lower")
        assert record["met"] in ("true", "false", "")
        float(record["value"])
        url, anchor = record["url"].split("#")
        page = soup(shipped_site / url)
        assert page.find(id=anchor) is not None, record["url"]
    assert any("wait" in r["metric"].lower() and r["met"] == "false" for r in records)


def test_metrics_csv_defuses_spreadsheet_formulas(make_site: Callable[..., Site]) -> None:
    site = make_site(
        journey=MINIMAL_JOURNEY.replace("name: Wait at the desk", "name: '=HYPERLINK(\"x\")'")
    )
    assert site.run("build") == 0
    rows = list(csv.reader(io.StringIO((site.site_dir / "metrics.csv").read_text())))
    assert rows[1][4] == '\'=HYPERLINK("x")'
    assert rows[1][5:10] == ["12", "5", "min", "lower", "false"]


def test_a_site_without_a_gallery_page_gets_one(make_site: Callable[..., Site]) -> None:
    site = make_site()
    assert site.run("build") == 0
    page = site.html("maps")
    assert page.title.get_text().startswith("Journey maps")
    assert len(page.select(".jm-card")) == 1
    assert site.html("maps/industry/public-sector").select(".jm-card")


def test_drafts_reach_no_output(make_site: Callable[..., Site]) -> None:
    site = make_site()
    site.write(
        "journeys/secret.md",
        MINIMAL_JOURNEY.replace("title: Renewing a library card", "draft: true\ntitle: Secret")
        .replace("kind: example", "")
        .replace("industry: Public sector", "kind: template\nindustry: Covert industry")
        .replace("tags: [library, renewal]", "tags: [hush-tag]")
        .replace("touchpoint: Front desk", "touchpoint: Hidden counter")
        .replace("name: Renewals completed", "name: Hidden metric"),
    )
    assert site.run("build") == 0
    assert len(site.html("maps").select(".jm-card")) == 1
    for path in ("industry/covert-industry", "tag/hush-tag", "kind/template"):
        assert not (site.site_dir / "maps" / path).exists(), path
    catalog = json.loads((site.site_dir / "journeys.json").read_text())
    assert [e["title"] for e in catalog["journeys"]] == ["Renewing a library card"]
    assert "Hidden" not in (site.site_dir / "metrics.csv").read_text()
    for index in ("touchpoints", "priorities"):
        assert "Hidden counter" not in site.html(f"maps/{index}").get_text()
    assert not list(site.site_dir.rglob("secret*"))  # no page, no download


def test_hostile_facet_text_stays_text(make_site: Callable[..., Site]) -> None:
    hostile = '"><img src=x onerror=alert(1)>'
    site = make_site(
        journey=MINIMAL_JOURNEY.replace("industry: Public sector", f"industry: '{hostile}'")
    )
    assert site.run("build") == 0
    facet_page = f"maps/industry/{key(hostile)}"
    for path in ("maps", facet_page):
        page = site.html(path)
        assert page.find("img", src="x") is None
        assert page.find(attrs={"onerror": True}) is None
    # MkDocs and the theme print page titles raw: the facet page's must arrive escaped.
    raw = (site.site_dir / facet_page / "index.html").read_text()
    assert "<img src=x" not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw


def test_links_in_facet_text_do_not_nest_or_take_over(make_site: Callable[..., Site]) -> None:
    site = make_site(
        journey=MINIMAL_JOURNEY.replace(
            "tags: [library, renewal]", "tags: ['[phish](https://evil.example)', renewal]"
        ).replace("touchpoint: Front desk", "touchpoint: '[desk](https://evil.example)'")
    )
    assert site.run("build") == 0
    for path in ("maps", "maps/touchpoints", "maps/priorities"):
        assert site.html(path).select("a a") == [], path
    # A facet value and a priority row are links: their text's own link is dropped there.
    assert site.html("maps").find("a", href="https://evil.example") is None
    rows = site.html("maps/priorities").select(".jm-priorities__table tbody th a")
    assert "desk" in [row.get_text() for row in rows]
    assert "phish" in site.html("maps").select_one(".jm-facet__value[data-facet=tag]").get_text()


def test_different_texts_with_the_same_slug_stay_apart(make_site: Callable[..., Site]) -> None:
    site = make_site(
        journey=MINIMAL_JOURNEY.replace("tags: [library, renewal]", "tags: [C++, C#, C]")
    )
    assert site.run("build") == 0
    values = site.html("maps").select(".jm-facet__value[data-facet=tag]")
    labels = sorted(value.contents[0].strip() for value in values)
    assert labels == ["C", "C#", "C++"]
    keys = [value["data-key"] for value in values]
    assert len(set(keys)) == 3
    assert "c" in keys  # a text its slug says fully keeps the plain slug


def test_a_site_page_at_an_index_address_keeps_its_text(make_site: Callable[..., Site]) -> None:
    site = make_site()
    site.write("maps/touchpoints.md", "# Our touchpoint policy\n\nEvery team owns one.\n")
    assert site.run("build") == 0
    page = site.html("maps/touchpoints")
    assert [h.get_text(strip=True) for h in page.select(".md-content h1")] == [
        "Our touchpoint policy"
    ]
    assert "Every team owns one." in page.get_text()
    assert page.find(id="tp-self-service-kiosk") is not None


@pytest.mark.parametrize("gallery", ["/maps.md", "../escape.md", "maps", "a/../maps.md"])
def test_gallery_option_must_be_a_page_inside_the_docs(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str], gallery: str
) -> None:
    site = make_site(f"gallery: '{gallery}'")
    assert site.run("build") == 2
    assert "must be a Markdown page inside docs_dir" in capsys.readouterr().err
    assert not (site.root / "escape").exists()
    assert not site.site_dir.exists()


def test_links_without_directory_urls(make_site: Callable[..., Site]) -> None:
    site = make_site("gallery: index.md", extra_yml="use_directory_urls: false\n")
    site.write("journeys/index.md", MINIMAL_JOURNEY.replace("Renewing a library card", "Index map"))
    assert site.run("build") == 0
    home = BeautifulSoup((site.site_dir / "index.html").read_text(), "html.parser")
    hrefs = sorted(a["href"] for a in home.select(".jm-card__title a"))
    assert hrefs == ["journeys/index.html", "journeys/library-card.html"]
    facet = BeautifulSoup(
        (site.site_dir / "industry/public-sector.html").read_text(), "html.parser"
    )
    assert facet.select_one(".jm-facets__all a")["href"] == "../index.html"
    for href in [a["href"] for a in facet.select("a[href]")]:
        if "://" in href or href.startswith("#"):
            continue
        target = (site.site_dir / "industry" / href.split("#")[0]).resolve()
        assert target.is_file(), href


def test_untranslated_text_says_its_language(shipped_site: Path) -> None:
    page = soup(shipped_site / "fa/maps.html")
    hotel = next(c for c in page.select(".jm-card") if "hotel-stay" in c.select_one("a")["href"])
    title = hotel.select_one(".jm-card__title .jm-fallback")
    assert title is not None
    assert (title["lang"], title["dir"]) == ("en", "ltr")
    translated = next(
        c for c in page.select(".jm-card") if "winter-jacket" in c.select_one("a")["href"]
    )
    assert translated.select_one(".jm-card__title .jm-fallback") is None


def test_search_index_holds_a_maps_words_not_its_markup(shipped_site: Path) -> None:
    """The search indexer reads each map's words (search.html), not the page's table, curve
    and comparison: every step's action, pains and opportunities are found; the column
    labels, emotion words and markup that would crowd the results are not."""
    index = json.loads((shipped_site / "search/search_index.json").read_text())
    entries = {
        doc["location"].split(".html")[1]: doc
        for doc in index["docs"]
        if doc["location"].startswith("journeys/examples/telecom/support-call-future.html")
    }
    assert {"#jm-title", "#jm-who-heading", "#jm-map-heading"} <= set(entries)
    assert "#jm-comparison" not in entries, "the comparison repeats the steps"
    map_text = BeautifulSoup(entries["#jm-map-heading"]["text"], "html.parser").get_text(" ")
    map_text = " ".join(map_text.split())
    journey = (
        shipped_collection().journeys["journeys/examples/telecom/support-call-future.md"].journey
    )
    for _, step in journey.steps_in_order():
        for words in (step.action, *step.pains, *step.opportunities):
            assert " ".join(plain(words).split()) in map_text
    assert "Step 1" not in map_text
    assert not re.search(r"<(svg|table|th|td)\b", entries["#jm-map-heading"]["text"])
    # The page itself keeps its whole map.
    page = BeautifulSoup(
        (shipped_site / "journeys/examples/telecom/support-call-future.html").read_text(),
        "html.parser",
    )
    assert len(page.select("table.jm-map tbody tr")) >= 5
    assert page.select_one("#jm-comparison") is not None


def test_search_index_holds_map_content(shipped_site: Path) -> None:
    index = json.loads((shipped_site / "search/search_index.json").read_text())
    support = [
        doc
        for doc in index["docs"]
        if doc["location"].startswith("journeys/examples/telecom/support-call.html")
    ]
    text = " ".join(doc["text"] for doc in support).lower()
    for words in ("wait", "ivr", "transfer"):
        assert words in text
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    # Facet pages and indexes would only repeat the maps: they stay out of search.
    assert not any("maps/industry/" in location for location in locations)
    assert not any("maps/touchpoints/" in location for location in locations)
    # So do the copies of a map in languages it is not translated into; translations stay.
    assert "de/journeys/examples/telecom/support-call.html" not in locations
    assert "id/journeys/examples/telecom/support-call.html" in locations
    assert "de/journeys/examples/retail/winter-jacket.html" in locations

"""The maps that organisations published, re-typed into the site's examples: each says
where it comes from, builds in a site of its own with no configuration, and reads in the
gallery in English and Indonesian with what Round 2 of the format gave it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import MKDOCS_YML, Site

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "content" / "journeys" / "examples"
PUBLISHED = {
    # map: (publisher named in its Source section, how it may be reused)
    "restaurant/burger-service-blueprint": ("18F", "CC0 1.0"),
    "everyday/my-working-day": ("Mermaid", "MIT License"),
    "public-sector/journeys-of-veterans": ("Veterans Experience Office", "17 U.S.C. § 105"),
    "public-sector/revenue-data-requests": ("Natural Resources Revenue", "17 U.S.C. § 105"),
    "public-sector/revenue-data-on-the-portal": ("Natural Resources Revenue", "17 U.S.C. § 105"),
}
LIBRARY_PERSONAS = ("storyteller", "domain-learner")


def text(element) -> str:  # type: ignore[no-untyped-def]
    return " ".join(element.get_text(" ").split())


def page_of(site_dir: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / relative).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("name", PUBLISHED)
def test_each_published_map_cites_its_source_and_licence(name: str) -> None:
    publisher, licence = PUBLISHED[name]
    for path in (EXAMPLES / f"{name}.md", EXAMPLES / f"{name}.id.md"):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert re.search(r"^## (Source|Sumber)$", body, re.MULTILINE), path
        words = " ".join(body.split())
        assert publisher in words, path
        assert licence in words, path


def test_published_maps_build_with_no_site_configuration(tmp_path: Path) -> None:
    """Copied into a bare site (the plugin with no options, the default persona library
    folder), every published map builds and draws what Round 2 gave it."""
    site = Site(tmp_path)
    site.config.write_text(MKDOCS_YML.format(options=""), encoding="utf-8")
    site.write("index.md", "# Home\n")
    for name in PUBLISHED:
        target = site.docs / "journeys" / "examples" / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLES / f"{name}.md", target)
    for persona in LIBRARY_PERSONAS:
        site.write(f"personas/{persona}.md", (REPO / f"content/personas/{persona}.md").read_text())
    assert site.run("build") == 0

    blueprint = site.html("journeys/examples/restaurant/burger-service-blueprint")
    assert [text(row) for row in blueprint.select("tr.jm-line-above")] == [
        "Line of interaction",
        "Line of visibility",
        "Line of internal interaction",
    ]
    assert blueprint.select("tr.jm-row-stages") == []  # a blueprint has no stages
    veterans = site.html("journeys/examples/public-sector/journeys-of-veterans")
    assert len(veterans.select("th.jm-step")) == 42
    assert len(veterans.select("th.jm-step--moment")) == 13
    requests = site.html("journeys/examples/public-sector/revenue-data-requests")
    legends = [
        [text(li) for li in ul.select("li")] for ul in requests.select(".jm-map .jm-line-legend")
    ]
    assert legends == [
        ["Storyteller", "Domain learner"],
        ["Finds it alone", "Gives up", "Asks ONRR", "Is refused the data", "Files a FOIA request"],
    ]
    opens = requests.select_one(".jm-opens a")
    assert text(opens) == "How revenue data gets on the portal"
    portal = site.html("journeys/examples/public-sector/revenue-data-on-the-portal")
    assert "Getting revenue data from ONRR" in text(portal.select_one(".jm-part-of"))
    day = site.html("journeys/examples/everyday/my-working-day")
    words = [text(w) for w in day.select(".jm-lane--emotions .jm-emotion__word")]
    assert words == ["Very positive", "Neutral", "Very negative", "Very positive", "Very positive"]


@pytest.mark.parametrize("language", ["", "id/"])
def test_published_maps_join_the_gallery(shipped_site: Path, language: str) -> None:
    gallery = page_of(shipped_site, f"{language}maps.html")
    cards = {text(a): a["href"] for a in gallery.select(".jm-card__title a")}
    for name in PUBLISHED:
        source = EXAMPLES / (f"{name}.id.md" if language else f"{name}.md")
        title = re.search(r"^title: (.+)$", source.read_text(encoding="utf-8"), re.MULTILINE)
        assert title is not None
        assert title.group(1) in cards, (language, name)
        assert cards[title.group(1)].endswith(f"journeys/examples/{name}.html")


def test_the_indonesian_map_of_paths_names_them_in_indonesian(shipped_site: Path) -> None:
    page = page_of(shipped_site, "id/journeys/examples/public-sector/revenue-data-requests.html")
    assert page.select_one(".jm-notice") is None  # wholly translated: no notice of any kind
    shared = page.select("tr.jm-row-steps th.jm-step")[4]
    assert [text(b) for b in shared.select(".jm-path-badge")] == [
        "Jalur: Bertanya kepada ONRR",
        "Jalur: Ditolak datanya",
        "Jalur: Mengajukan permintaan FOIA",
    ]
    legends = [[text(li) for li in ul.select("li")] for ul in page.select(".jm-line-legend")]
    assert legends[0] == ["Pencerita", "Pembelajar bidang"]
    assert "Berhasil!" in text(page.select_one(".jm-emotion__feeling"))


def test_a_published_user_type_has_a_page_without_an_empty_card(shipped_site: Path) -> None:
    page = page_of(shipped_site, "personas/storyteller.html")
    assert text(page.select_one("h1")) == "Storyteller"
    # ONRR published a name, a description and figures: no quote, goals or photo to show.
    assert page.select(".jm-persona") == []
    assert "14% (3,435)" in text(page.select_one(".jm-body"))
    maps = [text(a) for a in page.select(".jm-appearances a")]
    assert maps == ["Getting revenue data from ONRR"]

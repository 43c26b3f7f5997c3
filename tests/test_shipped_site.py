"""This repo's own site: every example and template renders as a map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
JOURNEYS = sorted(
    p.relative_to(REPO / "content").with_suffix("").as_posix()
    for p in (REPO / "content" / "journeys").rglob("*.md")
    if not re.search(r"\.[a-z]{2}(-[A-Za-z]{4})?$", p.stem)  # translations: name.fr.md
)


def test_at_least_four_examples_and_three_templates() -> None:
    examples = [j for j in JOURNEYS if j.startswith("journeys/examples/")]
    templates = [j for j in JOURNEYS if j.startswith("journeys/templates/")]
    assert len(examples) >= 4
    assert len(templates) >= 3


@pytest.mark.parametrize("journey", JOURNEYS)
def test_every_journey_renders_as_a_map(shipped_site: Path, journey: str) -> None:
    page = BeautifulSoup((shipped_site / f"{journey}.html").read_text(), "html.parser")
    table = page.select_one("article.jm-page table.jm-map")
    assert table is not None
    steps = len(table.select("thead th.jm-step"))
    assert steps >= 3
    assert len(table.select(".jm-lane--actions td")) == steps
    kind = page.select_one(".jm-badge").get_text(strip=True)
    assert kind == ("Template" if "/templates/" in journey else "Example")


@pytest.mark.parametrize("language", ["", "fa/"])
def test_skip_to_content_leads_to_the_map_and_the_contents_list_the_body(
    shipped_site: Path, language: str
) -> None:
    page = BeautifulSoup(
        (shipped_site / language / "journeys/examples/retail/winter-jacket.html").read_text(),
        "html.parser",
    )
    target = page.select_one("a.md-skip")["href"]
    title = page.select_one("article h1")
    assert target == f"#{title['id']}"
    # The title comes before the map, so skipping lands on the map, not past it.
    assert title.find_next("table", class_="jm-map") is not None
    # The contents list the body's three headings, not the title.
    contents = [a["href"] for a in page.select("nav.md-nav--secondary a.md-nav__link")]
    body = [f"#{h['id']}" for h in page.select("article h2[id]") if not h.find_parent("table")]
    assert len(contents) == 3
    assert contents == [href for href in body if href in contents]
    assert target not in contents


def test_support_call_measures_wait_transfers_and_resolution(shipped_site: Path) -> None:
    page = BeautifulSoup(
        (shipped_site / "journeys/examples/telecom/support-call.html").read_text(),
        "html.parser",
    )
    names = " ".join(m.get_text(" ").lower() for m in page.select(".jm-metric__name"))
    for measured in ("wait time", "transfer", "first-call resolution"):
        assert measured in names
    marks = {m.get_text(" ", strip=True) for m in page.select(".jm-metric__mark")}
    assert marks == {"✓ Met", "✗ Missed"}


def test_shipped_pages_are_linked_from_the_maps_page(shipped_site: Path) -> None:
    page = BeautifulSoup((shipped_site / "maps.html").read_text(), "html.parser")
    hrefs = {a["href"].removesuffix(".html") for a in page.select("article a[href]")}
    for journey in JOURNEYS:
        assert any(href.endswith(journey) for href in hrefs), journey


def test_theme_override_of_a_plugin_template(shipped_site: Path) -> None:
    page = BeautifulSoup(
        (shipped_site / "journeys/examples/retail/winter-jacket.html").read_text(),
        "html.parser",
    )
    assert (
        page.select_one("aside.jm-site-footer") is not None
    )  # theme/journey_maps/extra_footer.html

"""Across maps: the touchpoint index, the priority view, and current against future state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from journey_maps.core.collection import collect_docs
from journey_maps.core.languages import Languages
from journey_maps.core.loading import LoadOptions
from journey_maps.pages.touchpoints import index, priorities

from .conftest import MINIMAL_JOURNEY, Site


def journey(title: str, steps: list[tuple[str, str, float | None, str]]) -> str:
    """A map with one stage; each step: (action, touchpoint, emotion, metrics YAML)."""
    lines = [
        "---",
        f"title: {title}",
        "summary: A journey for the priority view.",
        "stages:",
        "  - name: Only stage",
        "    steps:",
    ]
    for action, touchpoint, emotion, metrics in steps:
        lines += [f"      - action: {action}", f"        touchpoint: {touchpoint}"]
        if emotion is not None:
            lines.append(f"        emotion: {emotion}")
        if metrics:
            lines += ["        metrics:", *("          " + m for m in metrics.splitlines())]
    return "\n".join([*lines, "---", ""])


WAIT_MISSED = "- name: Wait\n  value: 15\n  target: 5\n  unit: min\n  better: lower"
"""Misses its target by 200%: counted as a full miss (capped at 1)."""
SCORE_HALF_MISSED = "- name: Score\n  value: 40\n  target: 80"
"""Misses by half its target."""
SCORE_MET = "- name: Score\n  value: 90\n  target: 80"


def fixture_collection(tmp_path: Path):  # type: ignore[no-untyped-def]
    docs = tmp_path / "docs"
    maps = {
        "journeys/a.md": journey(
            "A",
            [
                ("Calls", "Call centre", -2, WAIT_MISSED),
                ("Reads", "Website", 1, SCORE_MET),
            ],
        ),
        "journeys/b.md": journey(
            "B",
            [
                ("Calls again", "call centre", -1, ""),
                ("Visits", "Shop", 0, SCORE_HALF_MISSED),
            ],
        ),
        "journeys/c.md": journey("C", [("Browses", "Website", 2, "")]),
    }
    for uri, text in maps.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(text, encoding="utf-8")
    collection = collect_docs(docs, ("en",), LoadOptions())
    assert not collection.errors
    return collection


def test_touchpoints_group_across_maps_by_their_text(tmp_path: Path) -> None:
    points = index(fixture_collection(tmp_path), Languages("en", "en", ("en",)), "touchpoint")
    by_key = {point.key: point for point in points}
    assert sorted(by_key) == ["call-centre", "shop", "website"]
    call = by_key["call-centre"]
    assert call.journey_count == 2
    assert [p.step.action for p in call.passages] == ["Calls", "Calls again"]
    assert call.average_emotion == -1.5
    assert (call.missed, call.judged) == (1, 1)
    assert [p.anchor for p in call.passages] == [
        "step-only-stage--calls",
        "step-only-stage--calls-again",
    ]


def test_priority_ranks_negative_busy_and_missing_touchpoints_first(tmp_path: Path) -> None:
    points = index(fixture_collection(tmp_path), Languages("en", "en", ("en",)), "touchpoint")
    ranked = priorities(points)
    assert [p.point.key for p in ranked] == ["call-centre", "website", "shop"]
    call, website, shop = ranked
    # call centre: feeling -1.5 -> 0.75; 2 of 2 journeys -> 1; one full miss -> 1
    assert (call.negativity, call.reach, call.shortfall) == (0.75, 1.0, 1.0)
    assert call.score == pytest.approx(2.75 / 3)
    # website: feels good -> 0; 2 journeys -> 1; its metric is met -> 0
    assert (website.negativity, website.reach, website.shortfall) == (0.0, 1.0, 0.0)
    # shop: neutral -> 0; 1 of 2 -> 0.5; misses by half its target -> 0.5
    assert (shop.negativity, shop.reach, shop.shortfall) == (0.0, 0.5, 0.5)
    assert website.score == shop.score  # tie: more journeys first


def test_templates_stay_out_of_the_indexes(make_site: Callable[..., Site]) -> None:
    site = make_site()
    site.write(
        "journeys/template.md",
        MINIMAL_JOURNEY.replace("title: Renewing", "kind: template\ntitle: Blank").replace(
            "touchpoint: Self-service kiosk", "touchpoint: Where do they start?"
        ),
    )
    assert site.run("build") == 0
    page = site.html("maps/touchpoints")
    text = page.get_text(" ")
    assert "Self-service kiosk" in text
    assert "Where do they start?" not in text


def test_touchpoint_index_links_each_points_page_which_links_each_step(
    make_site: Callable[..., Site],
) -> None:
    site = make_site()
    assert site.run("build") == 0
    index_page = site.html("maps/touchpoints")
    entry = index_page.find(id="tp-self-service-kiosk")
    assert entry is not None
    # name, journeys, steps, planned, feeling, missed targets, score
    assert [" ".join(cell.get_text(" ").split()) for cell in entry.select("th, td")] == [
        "Self-service kiosk",
        "1",
        "1",
        "–",
        "Very negative (-2)",
        "1 of 1",
        "100",
    ]
    assert entry.select_one("a")["href"] == "../touchpoint/self-service-kiosk/"
    assert index_page.find(id="ch-store").select_one("a")["href"] == "../channel/store/"
    assert not index_page.select("a[href*='#step-']"), "the steps are on each point's page"

    page = site.html("maps/touchpoint/self-service-kiosk")
    assert page.select_one("title").get_text().startswith("Touchpoints: Self-service kiosk")
    assert page.select_one("h1").get_text() == "Touchpoints: Self-service kiosk"
    region = page.select_one(".jm-scroll[role=region]")
    assert region["aria-labelledby"] == page.select_one("h1")["id"]
    rows = page.select("table.jm-point__steps tbody tr")
    assert len(rows) == 1
    assert "Very negative" in rows[0].get_text()
    assert "Wait at the desk" in rows[0].get_text()
    assert "Missed" in rows[0].get_text()
    link = rows[0].select_one("a[href*='#step-']")
    assert link["href"] == "../../../journeys/library-card/#step-discover--tries-to-borrow-a-book"
    target = site.html("journeys/library-card").find(id="step-discover--tries-to-borrow-a-book")
    assert target is not None
    back = page.select_one(".jm-point a[href='../../touchpoints/']")
    assert back is not None
    assert back.get_text() == "Touchpoints and channels"
    assert site.html("maps/channel/store").select_one("h1").get_text() == "Channels: Store"
    # Like facet pages, they stay out of the navigation, which every page repeats.
    nav = " ".join(a.get_text() for a in site.html("").select(".md-nav__link"))
    assert "Touchpoints" in nav
    assert "Self-service kiosk" not in nav
    assert "Store" not in nav
    priorities_page = site.html("maps/priorities")
    rows = priorities_page.select(".jm-priorities__table tbody tr")
    assert rows[0].select_one("th").get_text(strip=True) == "Self-service kiosk"
    assert rows[0].select_one("th a")["href"] == "../touchpoint/self-service-kiosk/"
    chart = priorities_page.select_one("figure.jm-chart")
    assert len(chart.select(".jm-chart__item")) == len(rows)


FUTURE = (
    MINIMAL_JOURNEY.replace("title: Renewing a library card", "title: Renewing, planned")
    .replace(
        "tags: [library, renewal]", "tags: [library]\nstate: future\nimproves: library-card.md"
    )
    .replace("emotion: very negative", "emotion: 1")
    .replace(
        "      - action: Borrows the book\n"
        "        touchpoint: Kiosk\n"
        "        emotion: very positive\n",
        "      - action: Gets a reminder email\n        emotion: 2\n",
    )
)


def test_future_state_map_links_and_compares_with_the_current(
    make_site: Callable[..., Site],
) -> None:
    site = make_site()
    site.write("journeys/library-card-future.md", FUTURE)
    assert site.run("build") == 0
    current = site.html("journeys/library-card")
    future = site.html("journeys/library-card-future")
    assert current.select_one(".jm-related a")["href"] == "../library-card-future/"
    assert future.select_one(".jm-related a")["href"] == "../library-card/"
    rows = future.select(".jm-comparison__table tbody tr")
    cells = [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in rows]
    # step number, step, current, future, change; a removed step stays where it was
    assert cells[0][1].startswith("Tries to borrow a book")
    assert cells[0][2:] == ["Very negative (-2)", "Positive (+1)", "+3"]
    assert cells[1][2:] == ["Positive (+1)", "Positive (+1)", "0"]
    assert cells[2][1].startswith("Borrows the book")
    assert cells[2][3] == "Removed"
    assert cells[3][1].startswith("Gets a reminder email")
    assert cells[3][2] == "New step"
    # both curves on one chart, told apart by marker shape as well as colour
    chart = future.select_one(".jm-comparison__chart")
    assert chart.select_one(".jm-comparison__current")["d"].startswith("M")
    assert chart.select_one(".jm-comparison__future")["d"].startswith("M")
    assert len(chart.select(".jm-comparison__mark--current")) == 3
    assert len(chart.select(".jm-comparison__mark--future")) == 3
    gallery = site.html("maps")
    assert "Future state:" in gallery.get_text()


@pytest.mark.parametrize(
    ("improves", "state", "message"),
    [
        ("nowhere.md", "future", "improves: 'nowhere.md' is not a published journey"),
        ("library-card-future.md", "future", "names this map itself"),
        ("library-card.md", "current", "add 'state: future' to this map"),
        ("other-future.md", "future", "improves: 'other-future.md' is a future-state map"),
        ("blank.md", "future", "improves: 'blank.md' is a template"),
    ],
)
def test_improves_errors_name_the_line(
    make_site: Callable[..., Site],
    capsys: pytest.CaptureFixture[str],
    improves: str,
    state: str,
    message: str,
) -> None:
    site = make_site()
    site.write("journeys/other-future.md", FUTURE.replace("Renewing, planned", "Another plan"))
    site.write("journeys/blank.md", MINIMAL_JOURNEY.replace("title:", "kind: template\ntitle:"))
    text = FUTURE.replace("improves: library-card.md", f"improves: {improves}").replace(
        "state: future", f"state: {state}"
    )
    site.write("journeys/library-card-future.md", text)
    assert site.run("check") == 1
    line = text.splitlines().index(f"improves: {improves}") + 1
    err = capsys.readouterr().err
    assert f"library-card-future.md:{line}:" in err
    assert message in err


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_shipped_touchpoint_index_in_every_language(shipped_site: Path) -> None:
    english = soup(shipped_site / "maps/touchpoints.html")
    ids = [entry["id"] for entry in english.select(".jm-points__table tbody tr")]
    assert len(ids) > 20
    for locale in ("de", "fa", "ja"):
        page = soup(shipped_site / locale / "maps/touchpoints.html")
        # the same touchpoints at the same anchors, ordered by their name in the language
        assert sorted(e["id"] for e in page.select(".jm-points__table tbody tr")) == sorted(ids)
    steps = 0
    for entry in english.select(".jm-points__table tbody tr"):
        point_page = (shipped_site / "maps" / entry.select_one("a")["href"]).resolve()
        for link in soup(point_page).select(".jm-point__steps a[href*='#step-']"):
            path, anchor = link["href"].split("#")
            target = (point_page.parent / path).resolve()
            assert soup(target).find(id=anchor) is not None, link["href"]
            steps += 1
    assert steps > 40

"""Views derived from many maps tell the truth: the comparison of a current and a future
state lines the steps up, the priority view ranks today's touchpoints only and says who
acts, a touchpoint written two ways is one, and the index sorts without a script."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from journey_maps.core.paths import display_path
from journey_maps.pages.comparison import align

from .conftest import MINIMAL_JOURNEY, Site

FUTURE = (
    MINIMAL_JOURNEY.replace("title: Renewing a library card", "title: Renewing, planned")
    .replace(
        "tags: [library, renewal]", "tags: [library]\nstate: future\nimproves: library-card.md"
    )
    .replace("emotion: very negative", "emotion: 1")
    # The kiosk step goes; a reminder comes before the desk.
    .replace(
        "      - action: Borrows the book\n"
        "        touchpoint: Kiosk\n"
        "        emotion: very positive\n",
        "",
    )
    .replace(
        "  - name: Renew\n    phase: During\n    steps:\n",
        "  - name: Renew\n    phase: During\n    steps:\n"
        "      - action: Gets a reminder email\n"
        "        touchpoint: Reminder email\n"
        "        emotion: 2\n",
    )
)


def text(element: object) -> str:
    return " ".join(element.get_text(" ", strip=True).split())  # type: ignore[attr-defined]


def test_alignment_keeps_both_orders_and_puts_removed_before_new() -> None:
    before = ["notice", "call", "hold", "transfer", "fix", "survey"]
    after = ["notice", "text", "call", "callback", "fix", "survey"]
    assert align(before, after) == [
        (0, 0),
        (None, 1),
        (1, 2),
        (2, None),
        (3, None),
        (None, 3),
        (4, 4),
        (5, 5),
    ]


def test_comparison_columns_line_up_with_gaps_where_steps_went(
    make_site: Callable[..., Site],
) -> None:
    site = make_site()
    site.write("journeys/library-card-future.md", FUTURE)
    assert site.run("build") == 0
    page = site.html("journeys/library-card-future")
    rows = page.select(".jm-comparison__table tbody tr")
    cells = [[text(cell) for cell in row.select("th, td")] for row in rows]
    # Steps in the order of both journeys: the removed step where it was, not last.
    assert [row[0] for row in cells] == ["1", "2", "3", "4"]
    assert cells[0][1].startswith("Tries to borrow a book")
    assert cells[1][1].startswith("Gets a reminder email")
    assert cells[1][2] == "New step"
    assert cells[2][1].startswith("Renews at the desk")
    assert cells[3][1].startswith("Borrows the book")
    assert cells[3][2:4] == ["Very positive (+2)", "Removed"]
    chart = page.select_one(".jm-comparison__chart")
    columns = chart.select(".jm-comparison__column")
    assert [c["class"][1].rsplit("--", 1)[1] for c in columns] == [
        "kept",
        "new",
        "kept",
        "removed",
    ]
    assert [text(c) for c in columns] == ["", "New", "", "Removed"]
    assert [text(n) for n in chart.select(".jm-comparison__number")] == ["1", "2", "3", "4"]
    # Each state's points sit in the columns of its own steps: the current state has none
    # in the new step's column, the future none in the removed step's.
    x_of = [(i + 0.5) / 4 * 100 for i in range(4)]

    def xs(selector: str) -> list[float]:
        return [
            round(float(re.search(r"--jm-x: ([\d.]+)%", mark["style"])[1]), 1)  # type: ignore[index]
            for mark in chart.select(selector)
        ]

    assert xs(".jm-comparison__mark--current") == [round(x_of[i], 1) for i in (0, 2, 3)]
    assert xs(".jm-comparison__mark--future") == [round(x_of[i], 1) for i in (0, 1, 2)]
    # The current line breaks at the new step (a dotted bridge spans it), not joined.
    assert chart.select_one(".jm-comparison__current")["d"].count("M") == 2
    assert chart.select_one(".jm-comparison__bridge--current") is not None
    # The vertical axis names the five levels; the horizontal one is labelled.
    levels = [text(level) for level in chart.select(".jm-comparison__level")]
    assert levels == ["Very positive", "Positive", "Neutral", "Negative", "Very negative"]
    assert text(chart.select_one(".jm-comparison__axis-title--x")) == "Step"
    summary = text(page.select_one(".jm-comparison__summary"))
    assert summary == "2 steps in both states · 1 step removed · 1 new step"


def test_priority_view_ranks_today_and_shows_who_acts_and_why(
    make_site: Callable[..., Site],
) -> None:
    site = make_site()
    site.write("journeys/library-card-future.md", FUTURE)
    assert site.run("build") == 0
    page = site.html("maps/priorities")
    table = page.select_one(".jm-priorities__table")
    headers = [text(th) for th in table.select("thead th")]
    assert headers == [
        "Rank",
        "Touchpoint",
        "Score",
        "Negative feeling",
        "Journeys",
        "Missed targets",
        "Owner",
        "Top opportunity",
    ]
    rows = {text(row.select_one("th a")): row for row in table.select("tbody tr")}
    # The future map's touchpoint is a plan, not today's: not ranked.
    assert "Reminder email" not in rows
    kiosk = [text(cell) for cell in rows["Self-service kiosk"].select("td")]
    # Only the current map counts: 1 journey, its feeling very negative (not the plan's +1).
    assert kiosk[1:5] == ["100", "100 Very negative (-2)", "100 (1 journey)", "100 (1 of 1)"]
    assert kiosk[5] == "Branch team"
    assert kiosk[6].startswith("Say the card expired")
    assert "Renewing, planned" in text(rows["Self-service kiosk"].select_one("th"))
    # A step without an owner is the map's owner's.
    assert [text(cell) for cell in rows["Front desk"].select("td")][5] == "Member services"
    # The formula, in plain words, and the bars with each part.
    assert "Score = (negative feeling + journeys + missed targets) ÷ 3" in text(page)
    first = page.select_one(".jm-chart__item")
    assert text(first.select_one(".jm-chart__label")) == "1. Self-service kiosk"
    assert len(first.select("g.jm-chart__row rect")) == 3
    assert text(first.select_one(".jm-chart__parts")) == "feeling 100 · journeys 100 · targets 100"
    # The plans, apart.
    planned = text(page.select_one(".jm-priorities__plans"))
    assert "Renewing, planned" in planned
    assert "No longer passed through: Kiosk" in planned
    assert "New touchpoints: Reminder email" in planned


def test_priority_view_cuts_below_its_threshold_and_leaves_out_what_we_cannot_fix(
    make_site: Callable[..., Site],
) -> None:
    site = make_site("priority_threshold: 50\noutside_our_control: [Kiosk]")
    assert site.run("build") == 0
    page = site.html("maps/priorities")
    ranked = [text(a) for a in page.select(".jm-priorities__table tbody th a")]
    assert ranked == ["Self-service kiosk"]  # Front desk scores 33
    cut = page.select_one(".jm-priorities__cut")
    assert "Listed: touchpoints scoring 50 or more." in text(cut)
    assert "1 touchpoint scoring less is left out." in text(cut)
    assert "1 touchpoint outside our control is listed apart." in text(cut)
    assert cut.select_one("a")["href"] == "../touchpoints-by-score/"
    outside = page.select_one(".jm-priorities__outside")
    assert [text(a) for a in outside.select("li a")] == ["Kiosk"]
    # The labels are whole: no ellipsis, and the full name is in the chart.
    long_name = "The self-service kiosk by the main entrance on the ground floor"
    site.write(
        "journeys/library-card.md",
        MINIMAL_JOURNEY.replace("touchpoint: Self-service kiosk", f"touchpoint: {long_name}"),
    )
    assert site.run("build") == 0
    label = site.html("maps/priorities").select_one(".jm-chart__label a")
    assert text(label) == long_name


def test_aliases_merge_a_touchpoint_written_two_ways(make_site: Callable[..., Site]) -> None:
    site = make_site("touchpoint_aliases:\n  Kiosk: [Self-service kiosk]")
    assert site.run("build") == 0
    index = site.html("maps/touchpoints")
    names = [text(a) for a in index.select("#jm-tp ~ .jm-scroll tbody th a")]
    assert names == ["Front desk", "Kiosk"]
    row = index.find(id="tp-kiosk")
    assert "also written as: Self-service kiosk" in text(row)
    assert [text(cell) for cell in row.select("td")][:2] == ["1", "2"]
    assert not (site.site_dir / "maps/touchpoint/self-service-kiosk").exists()
    steps = site.html("maps/touchpoint/kiosk").select(".jm-point__steps tbody tr")
    assert len(steps) == 2
    ranked = [text(a) for a in site.html("maps/priorities").select(".jm-priorities__table th a")]
    assert ranked[0] == "Kiosk"


@pytest.mark.parametrize(
    ("aliases", "line", "message"),
    [
        ("  Kiosk: [Kiosk]", 2, "'Kiosk' is an alias of itself"),
        (
            "  Kiosk: [Self-service kiosk]\n  Desk: [Self-service kiosk]",
            3,
            "'Self-service kiosk' is given two canonical names, 'Kiosk' and 'Desk'",
        ),
        (
            "  Kiosk: [Front desk]\n  Front desk: [Desk]",
            2,
            "'Front desk' is a canonical name of its own and an alias of 'Kiosk'",
        ),
    ],
)
def test_bad_aliases_are_errors_at_their_line(
    make_site: Callable[..., Site],
    capsys: pytest.CaptureFixture[str],
    aliases: str,
    line: int,
    message: str,
) -> None:
    site = make_site("touchpoint_aliases:\n" + aliases)
    assert site.run("build") == 2
    err = capsys.readouterr().err
    written = site.config.read_text().splitlines()
    start = next(i for i, each in enumerate(written) if "touchpoint_aliases:" in each) + 1
    where = display_path(site.config)
    assert f"{where}:{start + line - 1}: touchpoint_aliases: {message}" in err


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("priority_threshold: -3", "priority_threshold -3 must be a score from 0 to 100"),
        ("pdf_paper: A5", "Expected one of: ('A3', 'A4') but received: 'A5'"),
        ("outside_our_control: Commute", "Expected a list of items"),
        ("lanes: [actions, feelings]", "unknown lane 'feelings'"),
    ],
    ids=["threshold", "paper", "outside", "lanes"],
)
def test_any_bad_option_is_an_error_at_its_line(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str], option: str, message: str
) -> None:
    site = make_site(option)
    assert site.run("build") == 2
    err = capsys.readouterr().err
    written = site.config.read_text().splitlines()
    line = next(i for i, each in enumerate(written) if each.strip() == option) + 1
    assert f"{display_path(site.config)}:{line}: {message}" in err


def test_index_sorts_by_each_figure_without_a_script(make_site: Callable[..., Site]) -> None:
    site = make_site()
    site.write(
        "journeys/second.md",
        MINIMAL_JOURNEY.replace("Renewing a library card", "Second visit").replace(
            "touchpoint: Kiosk", "touchpoint: Front desk"
        ),
    )
    assert site.run("build") == 0
    by_name = site.html("maps/touchpoints")
    table = by_name.select_one("#jm-tp ~ .jm-scroll table")
    sorted_header = table.select_one("th[aria-sort]")
    assert text(sorted_header).startswith("Name")
    assert sorted_header["aria-sort"] == "ascending"
    links = {text(a): a["href"] for a in table.select("thead th a")}
    assert links["Journeys today"] == "../touchpoints-by-journeys/#jm-tp"
    assert links["Priority score"] == "../touchpoints-by-score/#jm-tp"

    def column(page: BeautifulSoup, number: int) -> list[str]:
        rows = page.select_one("#jm-tp ~ .jm-scroll table").select("tbody tr")
        return [text(row.select("th, td")[number]) for row in rows]

    assert column(by_name, 0) == ["Front desk", "Kiosk", "Self-service kiosk"]
    by_steps = site.html("maps/touchpoints-by-steps")
    assert by_steps.select_one("#jm-tp ~ .jm-scroll th[aria-sort]")["aria-sort"] == "descending"
    assert column(by_steps, 2) == ["3", "2", "1"]
    by_emotion = site.html("maps/touchpoints-by-emotion")
    assert column(by_emotion, 0) == ["Self-service kiosk", "Front desk", "Kiosk"]
    by_score = site.html("maps/touchpoints-by-score")
    scores = [int(score) for score in column(by_score, 6)]
    assert scores == sorted(scores, reverse=True)
    # Not in the navigation, which every page repeats.
    nav = " ".join(a.get("href", "") for a in site.html("").select(".md-nav__link"))
    assert "touchpoints-by" not in nav

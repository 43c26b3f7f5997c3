"""A map read at a glance: the overview on the first screen, the map across the page, its
headers in view, the compact view. Measured in Chromium on the shipped site."""

from __future__ import annotations

import itertools

import pytest

pytestmark = pytest.mark.browser

JACKET = "journeys/examples/retail/winter-jacket.html"
VETERANS = "journeys/examples/public-sector/journeys-of-veterans.html"  # 42 steps
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_page(browser, url: str, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=viewport)
    page.goto(url, wait_until="networkidle")
    return page


def box(page, selector: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    found: dict[str, float] = page.locator(selector).first.bounding_box()
    return found


@pytest.mark.parametrize(
    ("path", "viewport"),
    [
        (JACKET, DESKTOP),
        (JACKET, PHONE),
        ("fa/" + JACKET, DESKTOP),
        ("fa/" + JACKET, PHONE),
        (VETERANS, DESKTOP),
        (VETERANS, PHONE),
    ],
    ids=["jacket-1440", "jacket-390", "fa-1440", "fa-390", "42-steps-1440", "42-steps-390"],
)
def test_the_overview_is_on_the_first_screen(browser, server: str, path, viewport) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, server + path, viewport)
    overview = box(page, ".jm-overview")
    assert overview["y"] >= 0
    assert overview["y"] + overview["height"] <= viewport["height"], overview
    assert overview["x"] >= 0
    assert overview["x"] + overview["width"] <= viewport["width"]
    # Above the persona; and the page never scrolls sideways.
    assert box(page, ".jm-who")["y"] >= overview["y"] + overview["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Every step's point is inside the overview: the whole journey at once.
    steps = page.locator("th.jm-step").count()
    points = page.locator(".jm-overview__point")
    numbers = set()
    for index in range(points.count()):
        point = points.nth(index).bounding_box()
        centre = point["x"] + point["width"] / 2
        assert overview["x"] <= centre <= overview["x"] + overview["width"]
        numbers.add(points.nth(index).get_attribute("href"))
    # (A map without feelings has no points: its overview is the band and the moments.)
    felt = page.locator("tr.jm-lane--emotions td:has(.jm-emotion__point)").count()
    assert steps >= len(numbers) == felt
    page.close()


def test_overview_points_go_to_their_steps_and_name_the_extremes(browser, server: str) -> None:
    page = open_page(browser, server + JACKET, DESKTOP)
    anchors = page.locator("th.jm-step").evaluate_all("cells => cells.map(c => '#' + c.id)")
    hrefs = page.locator(".jm-overview__point").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs == anchors  # one line, a point per step, in reading order
    # The stages band: each stage over its steps, in order, without overlapping.
    stages = page.locator(".jm-overview__band--stages li")
    assert stages.count() == page.locator("th.jm-stage").count() == 6
    edges = [stages.nth(i).bounding_box() for i in range(6)]
    for left, right in itertools.pairwise(edges):
        assert right["x"] >= left["x"] + left["width"] - 1
    # The two very negative steps are named as the journey's lowest, step 9 among them.
    extremes = page.locator(".jm-overview__extremes li").all_inner_texts()
    assert extremes[0].startswith("Lowest Very negative")
    assert "Step 1," in extremes[0]
    assert "Step 9, Gets a dispatch email" in extremes[0]
    assert extremes[1].startswith("Highest Very positive: Step 11")
    assert page.locator(".jm-overview__moment").count() == 2
    facts = page.locator(".jm-overview__facts").inner_text()
    assert "2 moments that matter" in facts
    assert "8 of 10 targets missed" in facts
    # A point's link brings its step's column into the map's box.
    page.locator(".jm-overview__point").nth(8).click()
    assert page.evaluate("location.hash") == anchors[8]
    step = box(page, anchors[8])
    scroller = box(page, ".jm-map-scroll")
    assert scroller["x"] <= step["x"]
    assert step["x"] + step["width"] <= scroller["x"] + scroller["width"] + 1
    page.close()


def test_headers_and_lane_labels_stay_in_view(browser, server: str) -> None:
    page = open_page(browser, server + JACKET, DESKTOP)
    page.locator(".jm-map-scroll").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('.jm-map-section').scrollIntoView()")
    scroller = page.locator(".jm-map-scroll")
    # Down the lanes: the stage and step headers stay at the top of the box.
    scroller.evaluate("box => box.scrollTo(0, 600)")
    top = scroller.bounding_box()["y"]
    stage = box(page, "th.jm-stage")
    step = box(page, "th.jm-step")
    assert top - 1 <= stage["y"] <= top + 80
    assert step["y"] >= stage["y"] + stage["height"] - 1
    metrics = box(page, "tr.jm-lane--metrics")
    assert metrics["y"] < top + scroller.bounding_box()["height"]  # the last lane is reachable
    # Sideways: the lane labels stay at the start edge.
    scroller.evaluate("box => box.scrollTo(800, 600)")
    label = box(page, "tr.jm-lane--pains th")
    assert abs(label["x"] - scroller.bounding_box()["x"]) <= 2
    page.close()


def test_a_cue_says_there_is_more_to_the_right(browser, server: str) -> None:
    page = open_page(browser, server + JACKET, DESKTOP)
    status = page.locator(".jm-map-tools__status")
    assert status.is_visible()
    assert status.inner_text() == "Steps 1–5 of 12 in view"
    more = page.get_by_role("button", name="More steps")
    assert more.is_visible()
    assert more.is_enabled()
    assert page.locator(".jm-map-section[data-jm-more-after]").count() == 1
    more.click()
    page.wait_for_function(
        "!document.querySelector('[data-jm-in-view]').textContent.includes('1–')"
    )
    assert page.get_by_role("button", name="Earlier steps").is_enabled()
    page.close()


def test_rows_are_no_taller_than_their_content(browser, server: str) -> None:
    page = open_page(browser, server + JACKET, DESKTOP)
    slack = page.evaluate(
        """() => [...document.querySelectorAll("table.jm-map tbody tr.jm-lane")]
            .filter(row => !row.classList.contains("jm-lane--emotions"))
            .map(row => {
                const cells = [...row.cells];
                // Each cell's content, measured in a box of its own that holds its
                // margins (flow-root), plus the cell's padding.
                const tallest = Math.max(...cells.map(cell => {
                    const style = getComputedStyle(cell);
                    const wrap = document.createElement("div");
                    wrap.style.display = "flow-root";
                    wrap.append(...cell.childNodes);
                    cell.append(wrap);
                    const content = wrap.getBoundingClientRect().height;
                    return content + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
                }));
                return [row.className, row.getBoundingClientRect().height - tallest];
            })"""
    )
    for name, extra in slack:
        assert extra <= 4, f"{name}: {extra:.0f} px of blank under its tallest cell"
    page.close()


def test_the_compact_view_shows_every_step_by_keyboard_and_in_the_address(
    browser, server: str
) -> None:
    page = open_page(browser, server + JACKET, DESKTOP)
    compact = page.get_by_role("button", name="Compact: every step")
    compact.focus()
    page.keyboard.press("Enter")
    assert compact.get_attribute("aria-pressed") == "true"
    assert "view=compact" in page.url
    scroller = page.locator(".jm-map-scroll").bounding_box()
    cells = page.locator("th.jm-step")
    assert cells.count() == 12
    for index in range(12):
        cell = cells.nth(index).bounding_box()
        assert cell["x"] >= scroller["x"] - 1
        assert cell["x"] + cell["width"] <= scroller["x"] + scroller["width"] + 1
    assert page.locator(".jm-map-tools__status").inner_text() == "All 12 steps in view"
    # The address keeps it: a reload, or the link shared, opens the compact view.
    page.reload(wait_until="networkidle")
    assert page.locator(".jm-map-section").get_attribute("data-jm-view") == "compact"
    page.keyboard.press("Tab")  # the view switch is a real button, reached by keyboard
    page.close()


def test_the_curve_is_the_centrepiece(browser, server: str) -> None:
    page = open_page(browser, server + JACKET, DESKTOP)
    cell = box(page, "tr.jm-lane--emotions td")
    # A neutral line and two tinted zones behind the points.
    image = page.locator("tr.jm-lane--emotions td").first.evaluate(
        "td => getComputedStyle(td).backgroundImage"
    )
    assert image.count("linear-gradient") == 2
    point = box(page, ".jm-emotion__point")
    assert point["width"] >= 20
    assert point["height"] >= 20
    word = page.locator(".jm-emotion__word").first
    assert float(word.evaluate("w => parseFloat(getComputedStyle(w).fontSize)")) >= 12
    # The word sits on a patch of the page's colour: the line never runs through it.
    assert word.evaluate("w => getComputedStyle(w).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert cell["height"] >= 150
    page.close()


def test_pains_and_opportunities_look_apart(browser, server: str) -> None:
    page = open_page(browser, server + JACKET, DESKTOP)
    looks = [
        page.locator(f".jm-list--{kind} > li").first.evaluate(
            """li => {
                const s = getComputedStyle(li);
                const icon = getComputedStyle(li, "::before");
                const mask = icon.maskImage || icon.webkitMaskImage;
                return [s.backgroundColor, s.borderInlineStartStyle, mask];
            }"""
        )
        for kind in ("pains", "opportunities")
    ]
    pain, opportunity = looks
    assert pain[0] != opportunity[0]
    assert pain[1] != opportunity[1]
    assert pain[2].startswith("url(")
    assert opportunity[2].startswith("url(")
    assert pain[2] != opportunity[2]
    page.close()


def test_moments_that_matter_stand_out_in_the_table(browser, server: str) -> None:
    page = open_page(browser, server + JACKET, DESKTOP)
    lanes = page.locator("table.jm-map tbody tr.jm-lane").count()
    marked = page.locator("td.jm-moment-cell")
    assert marked.count() == 2 * lanes  # steps 6 and 9, from the first lane to the last
    plain = page.locator("tr.jm-lane--actions td:not(.jm-moment-cell)").first
    look = "td => getComputedStyle(td).backgroundImage + getComputedStyle(td).boxShadow"
    assert marked.first.evaluate(look) != plain.evaluate(look)
    page.close()

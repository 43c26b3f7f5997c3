"""Accessibility of the built site in headless Chromium: axe-core, the keyboard, and meaning
that never rests on colour alone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browsing import PATIENCE_MS

pytestmark = pytest.mark.browser

JACKET = "journeys/examples/retail/winter-jacket.html"
FUTURE = "journeys/examples/telecom/support-call-future.html"
PAGES = {
    "map": JACKET,
    "gallery": "maps.html",
    "facet-page": "maps/industry/retail.html",
    "touchpoints": "maps/touchpoints.html",
    "touchpoint": "maps/touchpoint/ivr.html",
    "priorities": "maps/priorities.html",
    "future-state-map": FUTURE,
    "compact-map": JACKET + "?view=compact",
    "map-of-paths": "journeys/examples/public-sector/revenue-data-requests.html",
    "template": "journeys/templates/blank-journey-map.html",
    "persona": "personas/dana.html",
    "home": "index.html",  # a Markdown page with the plugin's picture of a map
    "guide": "writing-a-journey-map.html",
}
BLOCKING = {"serious", "critical"}
FEELINGS = {"Very negative", "Negative", "Neutral", "Positive", "Very positive"}


def open_page(browser, url: str, *, scheme: str = "light"):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900}, color_scheme=scheme)
    page.goto(url, wait_until="networkidle")
    return page


# axe-core ----------------------------------------------------------------------------------


def describe(violations: list[dict[str, Any]]) -> str:
    """Each violation with what to fix: rule, impact, help, and its first few elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:4]:
            target = " ".join(map(str, node["target"]))
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = node.get("failureSummary", "").splitlines()
            if len(summary) > 1:
                lines.append(f"       {summary[1].strip()[:240]}")
        if len(violation["nodes"]) > 4:
            lines.append(f"    … and {len(violation['nodes']) - 4} more")
    return "\n".join(lines)


DUPLICATE_IDS = """() => {
  const seen = new Set(), twice = new Set();
  for (const element of document.querySelectorAll("[id]")) {
    (seen.has(element.id) ? twice : seen).add(element.id);
  }
  return [...twice];
}"""


SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
"""No transition under way: a dialog fading in is read by axe in mid-fade, its text's
colours blended with what is behind it (only when the machine is fast enough to show
search results before the fade ends)."""


def assert_no_blocking_violations(page, where: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_function(SETTLED, timeout=PATIENCE_MS)
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {where}:\n{describe(blocking)}"
    assert page.evaluate(DUPLICATE_IDS) == [], f"ids used twice on {where}"


def assert_variant(page, prefix: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    """The page is the variant asked for: the palette follows the system, Persian runs RTL."""
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == (
        "slate" if scheme == "dark" else "default"
    )
    assert body.get_attribute("dir") == ("rtl" if prefix else "ltr")


# Light left to right, and dark right to left: each page's light and dark colours and both
# directions, in two loads rather than four (axe takes seconds a page). The stylesheets'
# colours do not depend on the direction, nor the layout on the colour scheme.
@pytest.mark.parametrize(
    ("prefix", "scheme"), [("", "light"), ("fa/", "dark")], ids=["light-ltr", "dark-rtl"]
)
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_serious_axe_violations(
    browser, server: str, path: str, prefix: str, scheme: str
) -> None:
    page = open_page(browser, server + prefix + path, scheme=scheme)
    assert_variant(page, prefix, scheme)
    assert_no_blocking_violations(page, f"{prefix}{path} ({scheme})")
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("prefix", ["", "fa/"], ids=["ltr", "rtl"])
def test_no_serious_axe_violations_with_search_results(
    browser, server: str, prefix: str, scheme: str
) -> None:
    # The theme's search dialog, open over a map with results in it.
    page = open_page(browser, server + prefix + JACKET, scheme=scheme)
    assert_variant(page, prefix, scheme)
    page.keyboard.press("/")
    page.keyboard.type("wait time")
    page.locator(".md-search-result__item").first.wait_for(timeout=PATIENCE_MS)
    assert_no_blocking_violations(page, f"search results on {prefix}{JACKET} ({scheme})")
    page.close()


# The keyboard ------------------------------------------------------------------------------


def test_language_switcher_by_keyboard_alone(browser, server: str) -> None:
    page = open_page(browser, server + JACKET)
    english_steps = page.locator("th.jm-step").evaluate_all("cells => cells.map(c => c.id)")
    # Material's list is closed by opacity and height, not by visibility.
    is_open = "e => getComputedStyle(e).opacity === '1' && e.getBoundingClientRect().height > 0"
    languages = page.locator(".md-select__inner")
    assert not languages.evaluate(is_open)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-select button')"):
            break
    else:
        pytest.fail("Tab never reached the language switcher")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Select language"
    page.keyboard.press("Enter")
    page.wait_for_function(f"({is_open})(document.querySelector('.md-select__inner'))")
    # Tab walks the list of languages in order, staying inside the switcher.
    for _ in range(15):
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.md-select')")
        if page.evaluate("document.activeElement.hreflang") == "de":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Deutsch"
    page.keyboard.press("Enter")
    page.wait_for_url("**/de/" + JACKET)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Eine Winterjacke online kaufen"
    # The same map: the same steps under the same permanent anchors.
    assert page.locator("th.jm-step").evaluate_all("cells => cells.map(c => c.id)") == english_steps
    page.close()


# Colour is never the only carrier of meaning -------------------------------------------------

CONTRAST = """(element) => {
  // WCAG contrast of an element's text against what is painted behind it.
  const rgba = (value) => {
    const [r, g, b, a = 1] = value.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const over = ([r, g, b, a], [R, G, B]) =>
    [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] === 1) break;
  }
  let background = [255, 255, 255];
  for (const layer of layers.reverse()) background = over(layer, background);
  const foreground = over(rgba(getComputedStyle(element).color), background);
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}"""


def test_metrics_and_feelings_are_told_in_words(browser, server: str) -> None:
    page = open_page(browser, server + JACKET)
    judged = page.locator(".jm-metric:has(.jm-metric__target)")
    assert judged.count() > 0
    marks = []
    for index in range(judged.count()):
        metric = judged.nth(index)
        mark = metric.locator(".jm-metric__mark")
        assert mark.is_visible()
        text = " ".join(mark.inner_text().split())
        met = "jm-metric--met" in (metric.get_attribute("class") or "")
        assert text == ("✓ Met" if met else "✗ Missed")
        marks.append(text)
    assert set(marks) == {"✓ Met", "✗ Missed"}
    # Every point of the emotion curve has its feeling beside it in a word.
    points = page.locator(".jm-lane--emotions .jm-emotion")
    assert points.count() == page.locator("thead th.jm-step").count()
    for index in range(points.count()):
        point = points.nth(index)
        assert point.locator(".jm-emotion__point").is_visible()
        word = point.locator(".jm-emotion__word")
        assert word.is_visible()
        assert word.inner_text() in FEELINGS
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_coloured_words_are_readable(browser, server: str, scheme: str) -> None:
    # axe leaves these out ("contains an image node"): the words sit beside the curve's SVG.
    page = open_page(browser, server + JACKET, scheme=scheme)
    for selector in [".jm-emotion__word", ".jm-metric__mark"]:
        ratios = page.locator(selector).evaluate_all(f"nodes => nodes.map({CONTRAST})")
        assert ratios
        assert min(ratios) >= 4.5, f"{selector} in {scheme}: {sorted(ratios)[:3]}"
    page.close()


def test_priority_chart_parts_differ_by_pattern_and_legend(browser, server: str) -> None:
    page = open_page(browser, server + "maps/priorities.html")
    chart = page.locator("figure.jm-chart")
    fill = "e => getComputedStyle(e).fill"
    fills = (
        chart.locator("g.jm-chart__row")
        .first.locator("rect")
        .evaluate_all(f"rects => rects.map({fill})")
    )
    assert len(fills) == 3
    solid, *patterned = fills
    assert solid.startswith("rgb")
    # The other two parts are patterns that draw different marks (stripes, dots) over their
    # colour, in a colour of their own.
    marks = []
    for pattern_fill in patterned:
        found = re.fullmatch(r'url\("?#([\w-]+)"?\)', pattern_fill)
        assert found, pattern_fill
        pattern = chart.locator(f"pattern#{found[1]}")
        mark = pattern.locator("line, circle")
        assert mark.count() == 1
        ink = mark.evaluate("e => [getComputedStyle(e).fill, getComputedStyle(e).stroke]")
        assert pattern.locator("rect").evaluate(fill) not in ink
        marks.append(mark.evaluate("e => e.tagName"))
    assert sorted(marks) == ["circle", "line"]
    # The legend names each part in words, beside a swatch filled like the part.
    items = chart.locator("figcaption.jm-chart__legend > span:has(svg)")
    assert items.locator("svg rect").evaluate_all(f"rects => rects.map({fill})") == fills
    words = [text.strip() for text in items.all_inner_texts()]
    assert words == ["Negative feeling", "Journeys through it", "Missed targets"]
    page.close()


def test_comparison_curves_differ_by_dash_and_marker(browser, server: str) -> None:
    page = open_page(browser, server + FUTURE)
    chart = page.locator("figure.jm-comparison__chart")
    style = "(e, property) => getComputedStyle(e)[property]"
    current = chart.locator("path.jm-comparison__current")
    future = chart.locator("path.jm-comparison__future")
    assert current.evaluate(style, "strokeDasharray") != future.evaluate(style, "strokeDasharray")
    current_marks = chart.locator(".jm-comparison__mark--current")
    future_marks = chart.locator(".jm-comparison__mark--future")
    assert current_marks.count() > 0
    assert future_marks.count() > 0
    assert current_marks.first.is_visible()
    assert future_marks.first.is_visible()
    # Squares for now, circles for the future.
    assert current_marks.first.evaluate(style, "borderRadius") == "0px"
    assert future_marks.first.evaluate(style, "borderRadius") == "50%"
    # The legend says which is which in words, with the line style of each.
    legend = chart.locator("figcaption")
    assert legend.locator(".jm-legend--current").inner_text() == "Current state"
    assert legend.locator(".jm-legend--future").inner_text() == "Future state"
    line_style = "e => getComputedStyle(e, '::before').borderTopStyle"
    assert legend.locator(".jm-legend--current").evaluate(line_style) == "dashed"
    assert legend.locator(".jm-legend--future").evaluate(line_style) == "solid"
    page.close()

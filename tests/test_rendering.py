"""The renderer's pieces: curve geometry, phases, anchors, formatting, safe text."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from journey_maps.core.anchors import step_anchors
from journey_maps.core.loading import LoadOptions, parse_journey
from journey_maps.core.model import Metric
from journey_maps.core.text import inline, sanitize_body
from journey_maps.pages.emotion_curve import slices, y_of
from journey_maps.pages.formatting import format_quantity
from journey_maps.pages.lanes import resolve_lanes
from journey_maps.pages.rendering import Renderer, phase_spans, relative_url

from tests.conftest import MINIMAL_JOURNEY


def load(text: str = MINIMAL_JOURNEY, options: LoadOptions | None = None):  # type: ignore[no-untyped-def]
    return parse_journey(
        text.encode(),
        src_uri="journeys/a.md",
        docs_dir=None,
        options=options or LoadOptions(),
        display="a.md",
    )


def test_curve_slices_meet_at_cell_borders() -> None:
    curve = slices([-2, 0, None, 2, 1])
    assert [s.word for s in curve] == [
        "Very negative",
        "Neutral",
        None,
        "Very positive",
        "Positive",
    ]
    assert curve[0].path == f"M50 {y_of(-2):g} L100 {(y_of(-2) + y_of(0)) / 2:g}"
    # The right end of one slice is the left end of the next.
    assert curve[0].path.split()[-1] == curve[1].path.split()[1]
    assert curve[2].path == ""
    assert "L100" not in curve[1].path
    assert "M0" in curve[1].path
    assert curve[3].y < curve[4].y < curve[1].y < curve[0].y  # higher feeling, higher point


def test_fractional_emotions_take_the_nearest_word() -> None:
    assert [s.word for s in slices([-1.6, 0.4, 1.5])] == [
        "Very negative",
        "Neutral",
        "Very positive",
    ]


def test_phases_merge_consecutive_stages_only() -> None:
    text = MINIMAL_JOURNEY.replace("    phase: During\n", "    phase: Before\n")
    assert [(s.label, s.span) for s in phase_spans(load(text).journey)] == [("Before", 3)]
    no_phases = MINIMAL_JOURNEY.replace("    phase: Before\n", "").replace(
        "    phase: During\n", ""
    )
    assert phase_spans(load(no_phases).journey) == []


def test_step_anchors_are_stable_and_unique() -> None:
    text = MINIMAL_JOURNEY.replace("Borrows the book", "Renews at the desk")
    anchors = step_anchors(load(text).journey)
    assert anchors == [
        "step-discover--tries-to-borrow-a-book",
        "step-renew--renews-at-the-desk",
        "step-renew--renews-at-the-desk-2",
    ]
    assert step_anchors(load(text).journey) == anchors


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (4.5, "min", "4.5\u00a0min"),
        (83, "percent", "83%"),
        (12.5, "percent", "12.5%"),
        (45, "currency:EUR", "€45.00"),
        (1200, None, "1,200"),
        (0.25, "s", "0.25\u00a0s"),
    ],
)
def test_quantities_are_formatted_for_the_locale(value, unit, expected) -> None:
    assert format_quantity(value, unit, "en") == expected


def test_quantities_follow_the_locale() -> None:
    assert format_quantity(1234.5, "min", "de") == "1.234,5\u00a0min"
    assert format_quantity(45, "currency:EUR", "de") == "45,00\u00a0€"


@pytest.mark.parametrize(
    ("value", "target", "better", "met"),
    [
        (4, 5, "lower", True),
        (6, 5, "lower", False),
        (5, 5, "lower", True),
        (90, 80, "higher", True),
        (70, 80, "higher", False),
        (3, None, "higher", None),
    ],
)
def test_met_follows_better(value, target, better, met) -> None:
    assert Metric(name="m", value=value, target=target, better=better).met is met


def test_relative_urls_from_pages() -> None:
    assert relative_url("journeys/img/a.png", "journeys/card/") == "../img/a.png"
    assert relative_url("journeys/img/a.png", "journeys/card.html") == "img/a.png"
    assert relative_url("img/a.png", "") == "img/a.png"


def test_inline_text_is_escaped_and_keeps_inline_markdown() -> None:
    assert inline("*Very* <b>bold</b> & `x < y`") == (
        "<em>Very</em> &lt;b&gt;bold&lt;/b&gt; &amp; <code>x &lt; y</code>"
    )
    assert "href" not in inline("[a](javascript:alert(1))")
    assert "href" not in inline("[a](jav&#x61;script:alert(1))")
    assert inline("[docs](https://example.org)") == (
        '<a href="https://example.org" rel="noopener noreferrer">docs</a>'
    )


def test_body_sanitiser_allows_markdown_output_and_drops_script() -> None:
    dirty = (
        '<h2 id="x" onclick="a()">T</h2><script>bad()</script>'
        '<img src="data:image/svg+xml;base64,AAAA" alt="a"><a href="vbscript:x">v</a>'
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
    )
    clean = BeautifulSoup(sanitize_body(dirty), "html.parser")
    assert clean.h2.attrs == {"id": "x"}
    assert clean.script is None
    assert "src" not in clean.img.attrs
    assert "href" not in clean.a.attrs
    assert clean.select_one("div.admonition p.admonition-title")
    raw = BeautifulSoup(
        sanitize_body(
            '<p style="color:red" onclick="x">a</p><script>b</script>', allow_raw_html=True
        ),
        "html.parser",
    )
    assert raw.p.attrs == {"style": "color:red"}
    assert raw.script is None


def test_a_code_block_in_a_body_leaves_no_link_to_an_id_it_lost() -> None:
    # pymdownx.highlight's line anchors: their ids are reserved names and go, and so do
    # the links to them; a link to a step of the map stays.
    code = (
        '<pre><code><a id="__codelineno-0-1" name="__codelineno-0-1" '
        'href="#__codelineno-0-1"></a>journey\n</code></pre>'
        '<p><a href="#step-pay--checks-out">the checkout</a></p>'
    )
    clean = BeautifulSoup(sanitize_body(code), "html.parser")
    assert [a.get("href") for a in clean.select("a")] == [None, "#step-pay--checks-out"]
    assert clean.select("[id]") == []


def test_renderer_hides_empty_lanes_unless_told_not_to() -> None:
    lanes = resolve_lanes([], {"frontstage": "Frontstage"})
    loaded = load()
    shown = Renderer(lanes=lanes).visible_lanes(loaded.journey)
    assert "frontstage" not in [lane.id for lane in shown]
    every = Renderer(lanes=lanes, hide_empty_lanes=False).visible_lanes(loaded.journey)
    assert "actors" in [lane.id for lane in every]  # an empty built-in lane is kept
    # A lane of the site's own that no step fills is left out whatever the option says.
    assert "frontstage" not in [lane.id for lane in every]
    filled = load(
        MINIMAL_JOURNEY.replace(
            "        emotion: very positive\n",
            "        emotion: very positive\n        lanes: {frontstage: Staff hand it over}\n",
        ),
        LoadOptions(custom_lanes=frozenset({"frontstage"})),
    )
    lanes = resolve_lanes([], {"frontstage": "Frontstage"})
    ids = [lane.id for lane in Renderer(lanes=lanes).visible_lanes(filled.journey)]
    assert ids[ids.index("channels") + 1] == "frontstage"  # custom lanes follow channels


def test_site_templates_override_package_templates(tmp_path) -> None:
    override = tmp_path / "journey_maps" / "extra_footer.html"
    override.parent.mkdir()
    override.write_text('<p class="mine">{{ journey.title }}</p>')
    html = Renderer([tmp_path], lanes=resolve_lanes([], {})).render_page(
        load(), body_html="", page_url="journeys/a/"
    )
    assert BeautifulSoup(html, "html.parser").select_one("p.mine").get_text() == (
        "Renewing a library card"
    )


def test_resolve_lanes_rejects_clashing_custom_ids() -> None:
    with pytest.raises(ValueError, match="already a built-in lane"):
        resolve_lanes([], {"pains": "Pains again"})


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("#1 **hotline**", "#1 <strong>hotline</strong>"),
        ("2. Pays by card", "2. Pays by card"),
        ("> 30 min on hold", "&gt; 30 min on hold"),
        ("- or not", "- or not"),
        ("Update #2", "Update #2"),
    ],
)
def test_text_fields_are_prose_not_blocks(written: str, shown: str) -> None:
    assert inline(written) == shown


def test_pages_lose_indentation_but_not_where_white_space_is_kept() -> None:
    from journey_maps.pages.indentation import without_indentation

    page = (
        "<div>\n    <p>\n      Some <b>words</b>\n    </p>\n"
        "    <pre><code>def f():\n    return 1\n</code></pre>\n"
        "  <p>Inline <code>a\n    b</code> and <kbd>x\n  y</kbd></p>\n"
        "\t<textarea>\n  typed\n</textarea>\n  <script>\n  let a = `\n  kept`;\n  </script>\n</div>"
    )
    assert without_indentation(page) == (
        "<div>\n<p>\nSome <b>words</b>\n</p>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n"
        "<p>Inline <code>a\n    b</code> and <kbd>x\n  y</kbd></p>\n"
        "<textarea>\n  typed\n</textarea>\n<script>\n  let a = `\n  kept`;\n  </script>\n</div>"
    )

"""Round 2 of the format, read: every new field's value, and every mistake in it at its
line and column, with words that say how to fix it (never a fix that gives the same
error); and the YAML mistakes practitioners make, in plain words."""

from __future__ import annotations

import pytest
from journey_maps.core.loading import LoadOptions
from journey_maps.core.model import Ref

from tests.test_loading_errors import assert_errors, doc, errors_of, parse

HEAD = ("title: Applying for caregiver support", "summary: How caregivers apply.")


def test_every_round_two_field_is_read() -> None:
    loaded = parse(
        doc(
            *HEAD,
            "emotion_scale: 1-5",
            "lanes:",
            "  promise: What we promised",
            "  backoffice:",
            "    label: Back office",
            "    about: What staff do that the caregiver does not see.",
            "    line_above: Line of visibility",
            "personas:",
            "  - dana",
            "  - id: helper",
            "    name: Sam",
            "    role: Family member who helps",
            "stages:",
            "  - name: Find out",
            "    description: Learning that support exists.",
            "    duration: 1-3 weeks",
            "    evidence:",
            "      - text: 6 of 9 caregivers heard of it from a nurse.",
            "        source: Discovery interviews, 2019",
            "    steps:",
            "      - action: Hears about the programme from a nurse",
            "        path: With help",
            "        actors: [Nurse, Caregiver]",
            "        touchpoint: [Clinic, Leaflet]",
            "        channel: [In person, Paper]",
            "        emotions: {dana: 4, helper: 3}",
            "        feeling: Relieved",
            "        moment: The first time anyone tells them help exists.",
            "        evidence:",
            '          - quote: "Nobody told me this existed for two years."',
            "            source: Caregiver P3",
            "            link: ../research/sprint-1.md#p3",
            "            basis: reported",
            "        journey: benefits/caregiver-stipend",
            '        lanes: {backoffice: "Nurse logs the referral."}',
        )
    )
    journey = loaded.journey
    assert journey.emotion_scale == "1-5"
    assert journey.lanes["promise"] == "What we promised"
    assert journey.lanes["backoffice"].line_above == "Line of visibility"
    assert journey.persona_ids == ["dana", "helper"]
    assert isinstance(journey.personas[0], Ref)
    stage = journey.stages[0]
    assert (stage.description, stage.duration) == ("Learning that support exists.", "1-3 weeks")
    assert stage.evidence[0].basis == "observed"  # the default
    step = stage.steps[0]
    assert step.touchpoints == ["Clinic", "Leaflet"]
    assert step.emotions == {"dana": 4, "helper": 3}
    assert journey.common(step.emotions["dana"]) == 1.0  # 4 of 1-5 is +1 on -2..2
    assert step.moment == "The first time anyone tells them help exists."
    assert step.evidence[0].quote == "Nobody told me this existed for two years."
    assert step.evidence[0].basis == "reported"
    assert step.journey == "benefits/caregiver-stipend"
    assert step.lanes == {"backoffice": "Nurse logs the referral."}


def test_one_actor_is_text_and_a_step_may_lie_on_several_paths() -> None:
    # Mermaid's "Make tea: 5: Me" has one actor; a research map's step is often shared by
    # some of its paths but not all.
    loaded = parse(
        doc(
            *HEAD,
            "steps:",
            "  - action: Makes tea",
            "    actors: Me",
            "    path: [Asks, Is refused]",
            "  - action: Works",
            "    actors: [Me, Cat]",
            "    path: Asks",
        )
    )
    first, second = loaded.journey.all_stages[0].steps
    assert (first.actors, first.paths) == ("Me", ["Asks", "Is refused"])
    assert (second.actors, second.paths) == (["Me", "Cat"], ["Asks"])


def test_a_map_without_stages_is_one_unnamed_stage() -> None:
    loaded = parse(doc(*HEAD, "steps:", "  - action: Calls the line", "  - action: Waits"))
    journey = loaded.journey
    assert [stage.name for stage in journey.all_stages] == [""]
    assert [step.action for _, step in journey.steps_in_order()] == ["Calls the line", "Waits"]
    assert loaded.anchors == ["step-calls-the-line", "step-waits"]


# Each: the file's lines after the title and summary (line 4 on), the options, and the
# errors expected: (line, column, words).
BAD = [
    pytest.param(
        ("steps:", "  - action: A", "stages:", "  - name: S", "    steps: [{action: B}]"),
        None,
        [(4, 1, ("not both", "stages:", "steps:"))],
        id="stages-and-steps",
    ),
    pytest.param(
        ("scenario: S",),
        None,
        [(2, 1, ("missing required field 'stages'", "steps: for a map without stages"))],
        id="neither-stages-nor-steps",
    ),
    pytest.param(
        ("emotion_scale: 1-5", "steps:", "  - action: A", "    emotion: 7"),
        None,
        [(7, 14, ("emotion 7 is out of range of this map's emotion_scale 1-5", "from 1", "to 5"))],
        id="emotion-outside-the-scale",
    ),
    pytest.param(
        ("emotion_scale: 1-7", "steps:", "  - action: A"),
        None,
        [(4, 16, ("'1-7' is not allowed", "1-5"))],
        id="unknown-scale",
    ),
    pytest.param(
        ("personas: [dana, sam]", "steps:", "  - action: A", "    emotions: {dana: 1, samm: 2}"),
        None,
        [(7, 25, ("'samm' is not one of this map's personas", "did you mean 'sam'?"))],
        id="emotions-of-an-unknown-persona",
    ),
    pytest.param(
        ("personas: [dana, sam]", "steps:", "  - action: A", "    emotions: {dona: 1, samm: 2}"),
        None,
        [(7, 16, ("'dona' is not one of", "did you mean 'dana'?", "'samm' is not one of"))],
        id="emotions-of-two-unknown-personas-at-once",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    emotions: {dana: 1}"),
        None,
        [(6, 16, ("this map lists no personas", "personas:", "emotion:"))],
        id="emotions-without-personas",
    ),
    pytest.param(
        (
            "personas: [dana]",
            "steps:",
            "  - action: A",
            "    emotion: 1",
            "    emotions: {dana: 1}",
        ),
        None,
        [(8, 5, ("emotion:", "emotions:", "not both"))],
        id="emotion-and-emotions",
    ),
    pytest.param(
        ("persona: [dana, sam]", "steps:", "  - action: A"),
        None,
        [(4, 10, ("got a list", "personas: instead of persona:"))],
        id="persona-given-a-list",
    ),
    pytest.param(
        ("persona: dana", "personas: [sam]", "steps:", "  - action: A"),
        None,
        [(5, 1, ("persona: (one) or personas: (several), not both",))],
        id="persona-and-personas",
    ),
    pytest.param(
        ("personas: [a, b, c, d, e, f]", "steps:", "  - action: A"),
        None,
        [(4, 11, ("personas", "has 6 items; at most 5"))],
        id="six-personas",
    ),
    pytest.param(
        (
            "steps:",
            "  - action: A",
            "    lanes: {actors: x}",
            "  - action: B",
            "    lanes: {actors: y}",
            "  - action: C",
            "    lanes: {actor: z}",
        ),
        LoadOptions(custom_lanes=frozenset({"frontstage"})),
        [
            (6, 13, ("unknown lane 'actors'", "custom_lanes", "this map (its lanes:)")),
            (10, 13, ("unknown lane 'actor'",)),
        ],
        id="an-unknown-lane-once-per-lane",
    ),
    pytest.param(
        ("lanes: {frontstage: Front, actions: Doings}", "steps:", "  - action: A"),
        LoadOptions(custom_lanes=frozenset({"frontstage"})),
        [
            (4, 9, ("lane 'frontstage' is a lane of the whole site", "another key")),
        ],
        id="a-map-lane-reusing-a-site-lane",
    ),
    pytest.param(
        ("lanes: {backoffice: {label: B, abut: x}}", "steps:", "  - action: A"),
        None,
        [(4, 32, ("unknown field 'abut'", "did you mean 'about'?"))],
        id="a-map-lane-misspelt",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    evidence: [{source: P3}]"),
        None,
        [(6, 16, ("evidence needs text:", "quote:"))],
        id="evidence-that-says-nothing",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    evidence: [{quote: Hi, link: 'javascript:alert(1)'}]"),
        None,
        [(6, 34, ("must be an http(s) address or a path to a page of this site",))],
        id="evidence-with-a-script-link",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    evidence: [{quote: Hi, basis: guessed}]"),
        None,
        [(6, 35, ("'guessed' is not allowed", "use one of: assumed, observed, proposed"))],
        id="evidence-basis",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    touchpoint: {web: true}"),
        None,
        [(6, 17, ("expected text, or a list of texts",))],
        id="touchpoint-of-the-wrong-shape",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    path: {with help: true}"),
        None,
        [(6, 11, ("expected text, or a list of texts",))],
        id="path-of-the-wrong-shape",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    path: []"),
        None,
        [(6, 11, ("needs at least one item",))],
        id="an-empty-list-of-paths",
    ),
    pytest.param(
        (
            "steps:",
            "  - action: A",
            "    path: [p1, p2, p3, p4]",
            "  - action: B",
            "    path: [p5, p6, p7]",
        ),
        None,
        [(8, 11, ("path 'p7' is this map's 7th path", "at most 6"))],
        id="a-seventh-path",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    actors: [Me, {cat: 1}]"),
        None,
        [(6, 18, ("expected text",))],
        id="an-actor-of-the-wrong-shape",
    ),
    pytest.param(
        ("steps:", "  - action: A", "    moment: [why]"),
        None,
        [(6, 13, ("expected true, or a sentence saying why this moment matters",))],
        id="moment-of-the-wrong-shape",
    ),
]


@pytest.mark.parametrize(("lines", "options", "expected"), BAD)
def test_refused_at_the_right_place_with_words_to_fix_it(
    lines: tuple[str, ...],
    options: LoadOptions | None,
    expected: list[tuple[int, int, tuple[str, ...]]],
) -> None:
    assert_errors(errors_of(doc(*HEAD, *lines), options), expected)


# YAML mistakes, in plain words ----------------------------------------------------------

STEPS = ("stages:", "  - name: A", "    steps:")


def test_a_key_indented_too_far_says_indentation_and_the_line_of_the_key_above() -> None:
    # Quoting 'Web', what the old message asked, gives the very same error.
    errors = errors_of(doc(*HEAD, *STEPS, "      - action: Do", "          touchpoint: Web"))
    assert_errors(
        errors, [(8, 21, ("indentation", "'touchpoint:' is indented further than 'action:'"))]
    )
    assert "line 7" in errors[0].message
    assert "column 9" in errors[0].message
    assert "quotes" not in errors[0].message


def test_a_colon_inside_a_value_still_asks_for_quotes() -> None:
    errors = errors_of(doc(*HEAD, *STEPS, "      - action: Calls: the line"))
    assert_errors(errors, [(7, 22, ("put the whole text in quotes", '"Calls: the line"'))])


def test_a_line_between_a_list_and_its_fields_says_both_columns() -> None:
    errors = errors_of(
        doc(*HEAD, *STEPS, "      - action: Do", "        touchpoint: Web", "       channel: Phone")
    )
    assert_errors(errors, [(9, 8, ("indentation", "line 7", "column 7", "column 9"))])
    assert "did not find expected" not in errors[0].message


def test_a_field_where_the_next_item_should_start_says_to_write_the_dash() -> None:
    errors = errors_of(doc(*HEAD, *STEPS, "      - action: Do", "      action: Other"))
    assert_errors(errors, [(8, 7, ("indentation", "write '- ' at column 7", "column 9"))])


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opened(quote: str) -> None:
    errors = errors_of(
        doc(
            *HEAD,
            *STEPS,
            f"      - action: {quote}Do it",
            "        thought: Fine",
            "      - action: Next",
        )
    )
    assert_errors(errors, [(7, 17, (f"the quote {quote} opened here is never closed",))])

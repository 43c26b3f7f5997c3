"""Properties of the journey loader, checked on generated input.

1. Any valid journey, serialised by PyYAML, loads and gives back every text it was given.
2. Any bytes at all give a journey or positioned errors, never another exception.
3. A valid journey with a line deleted or duplicated, or a character inserted, likewise.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from journey_maps.core.errors import FileError, InvalidFile
from journey_maps.core.loading import (
    LoadedJourney,
    LoadOptions,
    parse_journey,
)
from journey_maps.core.model import EMOTION_WORDS

DISPLAY = "docs/journeys/generated.md"
SRC_URI = "journeys/generated.md"
OPTIONS = LoadOptions(custom_lanes=frozenset({"frontstage", "backstage"}))


def fast(examples: int) -> settings:
    """Bounded runs: the whole file stays well under 20 s."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,  # leave no example database behind in the working tree
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --------------------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------------------

# Text edges are never whitespace (the model strips it); the middle is anything at all:
# any language, quotes, colons, '#', newlines, control characters, template and HTML syntax.
_edge = st.characters(categories=("L", "N", "P", "S"))
# U+0085 is left out: PyYAML's emitter writes it raw with allow_unicode=True and its own
# loader folds it to a space, so no YAML 1.1 reader could give it back.
_middle = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x85"), max_size=20)
_random_text = st.builds(lambda a, m, b: a + m + b, _edge, _middle, _edge) | _edge
_tricky_text = st.sampled_from(
    [
        "no",
        "yes",
        "off",
        "true",
        "null",
        "~",
        "1.10",
        "007",
        "09",
        "0o17",
        "0x1F",
        "1e3",
        ".inf",
        "-.5",
        "1:30",
        "2026-10-01",
        "a: b",
        "# not a comment",
        "'quoted'",
        '"double"',
        "{{ page.title }}",
        "{% raw %}",
        "<script>alert(1)</script>",
        "&amp; <b>bold</b>",
        "[link](javascript:alert(1))",
        "*emphasis* and `code`",
        "---",
        "...",
        "- item",
        "? key",
        "!tag",
        "&anchor",
        "*alias",
        "@at",
        "`tick",
        "|",
        ">",
        "%YAML",
        "Ünïcödé 日本語 العربية 🙂",
        "tab\there",
        "multi\nline",
        "a\u2028b",
    ]
)
TEXT = _tricky_text | _random_text


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


_emotion = (
    st.integers(-2, 2)
    | st.floats(-2, 2, allow_nan=False, allow_infinity=False)
    | st.sampled_from(list(EMOTION_WORDS))
)
_number = st.integers(-(10**15), 10**15) | st.floats(allow_nan=False, allow_infinity=False)

_metric = st.fixed_dictionaries(
    {"name": TEXT, "value": _number},
    optional={
        "target": _number,
        "unit": st.sampled_from(["min", "percent", "currency:EUR", "currency:JPY", "€", "%"]),
        "better": st.sampled_from(["higher", "lower"]),
    },
)

_step = st.fixed_dictionaries(
    {"action": TEXT},
    optional={
        "touchpoint": TEXT,
        "channel": TEXT,
        "thought": TEXT,
        "emotion": _emotion,
        "pains": st.lists(TEXT, max_size=3),
        "opportunities": st.lists(TEXT, max_size=3),
        "owner": TEXT,
        "metrics": st.lists(_metric, max_size=2),
        "lanes": st.dictionaries(st.sampled_from(sorted(OPTIONS.custom_lanes)), TEXT, max_size=2),
    },
)

_stage = st.fixed_dictionaries(
    {"name": TEXT, "steps": st.lists(_step, min_size=1, max_size=5)},
    optional={"phase": TEXT},
)

_persona = st.fixed_dictionaries(
    {"name": TEXT},
    optional={
        "role": TEXT,
        "quote": TEXT,
        "goals": st.lists(TEXT, max_size=3),
        "expectations": st.lists(TEXT, max_size=3),
    },
)

JOURNEY = st.fixed_dictionaries(
    {"title": TEXT, "summary": TEXT, "stages": st.lists(_stage, min_size=1, max_size=5)},
    optional={
        "kind": st.sampled_from(["example", "template"]),
        "industry": TEXT,
        "tags": st.lists(TEXT, max_size=4),
        "state": st.sampled_from(["current", "future"]),
        "owner": TEXT,
        "reviewed": st.dates(datetime.date(1000, 1, 1), datetime.date(9999, 12, 31)),
        "draft": st.booleans(),
        "persona": _persona,
        "scenario": TEXT,
    },
)

# Markdown body: anything but NUL (a binary file) and CR (line endings are normalised).
BODY = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\r"), max_size=200)


def _expected(value: Any, key: str | None = None) -> Any:
    """What the model gives back for a generated value: emotions and numbers as floats."""
    if isinstance(value, dict):
        return {k: _expected(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_expected(v) for v in value]
    if key == "emotion" and isinstance(value, str):
        return float(EMOTION_WORDS[value])
    if key in ("emotion", "value", "target"):
        return float(value)
    return value


def _parse(data: bytes, docs_dir: Path | None = None) -> LoadedJourney:
    return parse_journey(data, src_uri=SRC_URI, docs_dir=docs_dir, options=OPTIONS, display=DISPLAY)


def _check_outcome(data: bytes, docs_dir: Path | None = None) -> None:
    """A journey, or errors that each point at a line of this file; nothing else."""
    errors: list[FileError] = []
    try:
        loaded: LoadedJourney | None = _parse(data, docs_dir)
    except InvalidFile as failed:  # any other exception fails the test as it is
        loaded, errors = None, failed.errors
    if loaded is not None:
        assert loaded.journey.title
        assert loaded.journey.stages
        assert loaded.body_line >= 3
        return
    assert errors, "InvalidFile without any error"
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for error in errors:
        assert error.path == DISPLAY
        assert isinstance(error.line, int)
        assert isinstance(error.column, int)
        assert 1 <= error.line <= lines, str(error)
        assert error.column >= 1, str(error)
        assert error.message.strip(), str(error)
        assert str(error).startswith(f"{DISPLAY}:{error.line}:{error.column}: ")


# --------------------------------------------------------------------------------------
# 1. Valid journeys round-trip
# --------------------------------------------------------------------------------------


@fast(150)
@given(journey=JOURNEY, body=BODY, allow_unicode=st.booleans(), crlf=st.booleans())
def test_valid_journeys_load_and_round_trip(
    journey: dict[str, Any], body: str, allow_unicode: bool, crlf: bool
) -> None:
    front = yaml.safe_dump(journey, allow_unicode=allow_unicode, sort_keys=False)
    text = f"---\n{front}---\n{body}"
    data = text.replace("\n", "\r\n").encode() if crlf else text.encode()
    try:
        loaded = _parse(data)
    except InvalidFile as failed:  # pragma: no cover - the failure message is the point
        pytest.fail(f"valid journey refused:\n{failed}\n--- file ---\n{text}")
    assert loaded.journey.model_dump(exclude_unset=True) == _expected(journey)
    assert loaded.body == body
    assert loaded.body_line == front.count("\n") + 3


# --------------------------------------------------------------------------------------
# 2. Arbitrary input: a journey or positioned errors
# --------------------------------------------------------------------------------------

_YAMLISH = st.lists(
    st.sampled_from(
        [
            *":-[]{}#&*!|>'\"%@`,?. \n\t\r~01aeZ",
            "\ufeff",
            "\u2028",
            "\x85",
            "é",
            "\x00",
            "---\n",
            "key: ",
            "\n  - ",
            "&a ",
            "*a",
            "!!str ",
        ]
    ),
    max_size=80,
).map("".join)
ARBITRARY = (
    st.binary(max_size=300)
    | st.text(max_size=300).map(str.encode)
    | _YAMLISH.map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8"))
    | st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf"]), _YAMLISH, st.binary(max_size=8)).map(
        lambda parts: parts[0] + b"---\n" + parts[1].encode() + parts[2] + b"\n---\n"
    )
)


@fast(400)
@given(data=ARBITRARY)
# Found by this test: U+2028 is a line break to libyaml (YAML 1.1), so the error of this
# 3-line file was reported on line 4.
@example(data="---\n[\u1000\u2028\n---".encode())
@example(data=b"\xef\xbb\xbf---\n\xe9title: T\n---\n")
@example(data=b"---\n" + b"[" * 10_000 + b"\n---\n")
def test_arbitrary_bytes_give_a_journey_or_positioned_errors(data: bytes) -> None:
    _check_outcome(data)


# --------------------------------------------------------------------------------------
# 3. Mutations of a valid journey
# --------------------------------------------------------------------------------------

VALID = """\
---
title: Buying a winter jacket online
kind: example
summary: A shopper compares prices before buying a jacket.
industry: Retail
tags: [e-commerce, apparel]
state: current
owner: E-commerce CX team
reviewed: 2026-10-01
draft: false
persona:
  name: Dana
  role: Online shopper
  photo: images/dana.png
  quote: "I want a warm jacket: without overpaying."
  goals: [Stay warm, Pay a fair price]
  expectations:
    - Photos match the product
scenario: Temperatures drop and Dana needs a winter jacket.
stages:
  - name: Need
    phase: Before purchase
    steps:
      - action: Notices it is getting colder
        touchpoint: Weather app
        channel: Mobile
        thought: 'I need something warmer # soon'
        emotion: -1
        pains: [Old coat is not warm enough]
        opportunities: [Seasonal reminder]
        owner: Marketing
        lanes:
          frontstage: Push message
        metrics:
          - name: Average wait for an answer
            value: 4.5
            target: 2
            unit: min
            better: lower
  - name: Buy
    steps:
      - action: Pays
        emotion: very positive
        metrics:
          - {name: Price, value: 89, unit: "currency:EUR"}
---
Free Markdown narrative follows.

---

More narrative.
"""


@pytest.fixture(scope="module")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    (docs / "journeys" / "images").mkdir(parents=True)
    (docs / "journeys" / "images" / "dana.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return docs


def test_mutation_base_is_valid(docs_dir: Path) -> None:
    loaded = _parse(VALID.encode(), docs_dir)
    assert loaded.journey.persona is not None
    assert loaded.journey.persona.photo == "images/dana.png"
    assert len(loaded.journey.steps_in_order()) == 2


_delete = st.tuples(st.just("delete"), st.integers(0, 10_000))
_duplicate = st.tuples(st.just("duplicate"), st.integers(0, 10_000))
_insert = st.tuples(
    st.just("insert"),
    st.integers(0, 100_000),
    st.characters(exclude_categories=("Cs",))
    | st.sampled_from(list(":-[]{}#&*!|>'\"\t\r\n\x00\ufeff\u2028\x85 ")),
)
MUTATIONS = st.lists(_delete | _duplicate | _insert, min_size=1, max_size=3)


def _mutate(text: str, mutations: list[tuple[Any, ...]]) -> str:
    for mutation in mutations:
        if mutation[0] == "insert":
            _, position, char = mutation
            position %= len(text) + 1
            text = text[:position] + char + text[position:]
            continue
        lines = text.split("\n")
        index = mutation[1] % len(lines)
        if mutation[0] == "delete":
            del lines[index]
        else:
            lines.insert(index, lines[index])
        text = "\n".join(lines)
    return text


@fast(400)
@given(mutations=MUTATIONS)
def test_mutated_journeys_give_a_journey_or_positioned_errors(
    docs_dir: Path, mutations: list[tuple[Any, ...]]
) -> None:
    _check_outcome(_mutate(VALID, mutations).encode("utf-8"), docs_dir)

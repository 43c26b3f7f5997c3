"""Every way an author can get a journey file wrong gets a positioned, plain-words error.

Each case names the exact ``line:column`` of every error the loader must report and the
words its message must contain. Line numbers count the opening ``---`` as line 1.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from journey_maps.core.errors import FileError, InvalidFile
from journey_maps.core.loading import (
    LoadedJourney,
    LoadOptions,
    load_journeys,
    parse_journey,
)

SRC_URI = "journeys/shop.md"
DISPLAY = "docs/journeys/shop.md"

# A valid minimal journey. Lines: 1 '---', 2 title, 3 summary, 4 stages, 5 '  - name',
# 6 '    steps:', 7 '      - action'. Extra step lines start on line 8, column 9.
MINIMAL = (
    "---\n"
    "title: Buying a jacket\n"
    "summary: A shopper buys a winter jacket.\n"
    "stages:\n"
    "  - name: Need\n"
    "    steps:\n"
    "      - action: Notices the cold\n"
)
STEP_INDENT = " " * 8


def doc(*lines: str) -> str:
    """A whole file: '---', the given front-matter lines (line 2 onwards), '---'."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n"


def step(*lines: str) -> str:
    """The minimal journey with more fields on its one step (the first on line 8)."""
    return MINIMAL + "".join(STEP_INDENT + line + "\n" for line in lines) + "---\n"


def parse(
    text: str | bytes,
    options: LoadOptions | None = None,
    docs_dir: Path | None = None,
) -> LoadedJourney:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_journey(
        data,
        src_uri=SRC_URI,
        docs_dir=docs_dir,
        options=options or LoadOptions(),
        display=DISPLAY,
    )


def errors_of(
    text: str | bytes, options: LoadOptions | None = None, docs_dir: Path | None = None
) -> list[FileError]:
    with pytest.raises(InvalidFile) as caught:
        parse(text, options, docs_dir)
    assert caught.value.errors, "InvalidFile raised without any error"
    return caught.value.errors


Expected = tuple[int, int, tuple[str, ...]]


def assert_errors(errors: list[FileError], expected: list[Expected]) -> None:
    """Exactly these errors, in this order, at these positions, with these words."""
    got = [(e.line, e.column) for e in errors]
    assert got == [(line, column) for line, column, _ in expected], [str(e) for e in errors]
    for error, (_, _, words) in zip(errors, expected, strict=True):
        assert error.path == DISPLAY
        assert str(error) == f"{DISPLAY}:{error.line}:{error.column}: {error.message}"
        for word in words:
            assert word in error.message, f"{word!r} not in {error.message!r}"


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


REST = ("stages:", "  - name: Need", "    steps:", "      - action: Notices the cold")

# --------------------------------------------------------------------------------------
# Refused inputs: (yaml text, LoadOptions or None, [(line, column, words), ...])
# --------------------------------------------------------------------------------------

BAD = [
    pytest.param(
        doc("title: T", "sumary: A shopper buys a jacket.", *REST),
        None,
        [
            (2, 1, ("missing required field 'summary'",)),
            (3, 1, ("unknown field 'sumary'", "did you mean 'summary'?")),
        ],
        id="unknown-top-level-key-did-you-mean",
    ),
    pytest.param(
        step("toucpoint: Weather app"),
        None,
        [(8, 9, ("stages[0].steps[0]", "unknown field 'toucpoint'", "did you mean 'touchpoint'?"))],
        id="unknown-step-key-did-you-mean",
    ),
    pytest.param(
        step("metrics:", "  - name: Wait", "    value: 4", "    unti: min"),
        None,
        [
            (
                11,
                13,
                ("stages[0].steps[0].metrics[0]", "unknown field 'unti'", "did you mean 'unit'?"),
            )
        ],
        id="unknown-metric-key",
    ),
    pytest.param(
        doc("summary: S", *REST),
        None,
        [(2, 1, ("missing required field 'title'",))],
        id="missing-title",
    ),
    pytest.param(
        doc("title: T", "summary: S"),
        None,
        [(2, 1, ("missing required field 'stages'",))],
        id="missing-stages",
    ),
    pytest.param(
        doc("title: T", "summary: S", "stages: []"),
        None,
        [(4, 9, ("stages", "needs at least one item"))],
        id="empty-stages-list",
    ),
    pytest.param(
        doc("title: T", "summary: S", "stages:", "  - name: Need"),
        None,
        [(5, 5, ("stages[0]", "missing required field 'steps'"))],
        id="stage-without-steps",
    ),
    pytest.param(
        doc("title: T", "summary: S", "stages:", "  - name: Need", "    steps: []"),
        None,
        [(6, 12, ("stages[0].steps", "needs at least one item"))],
        id="stage-with-empty-steps",
    ),
    pytest.param(
        doc(
            "title: T",
            "summary: S",
            "stages:",
            "  - name: Need",
            "    steps:",
            "      - touchpoint: Web",
        ),
        None,
        [(7, 9, ("stages[0].steps[0]", "missing required field 'action'"))],
        id="step-without-action",
    ),
    pytest.param(
        doc("title: T", "summary: S", "owner: CX", "title: Again", *REST),
        None,
        [(5, 1, ("duplicate key 'title'", "first given on line 2"))],
        id="duplicate-key-on-second-occurrence",
    ),
    pytest.param(
        step("emotion: sad"),
        None,
        [
            (
                8,
                18,
                (
                    "stages[0].steps[0].emotion",
                    "'sad'",
                    "very negative",
                    "very positive",
                    "-2 to 2",
                ),
            )
        ],
        id="emotion-wrong-word",
    ),
    pytest.param(
        step("emotion: 3"),
        None,
        [(8, 18, ("emotion 3 is out of range", "-2", "2"))],
        id="emotion-out-of-range-3",
    ),
    pytest.param(
        step("emotion: -2.5"),
        None,
        [(8, 18, ("emotion -2.5 is out of range",))],
        id="emotion-out-of-range-minus-2.5",
    ),
    pytest.param(
        step("metrics:", "  - name: Wait", '    value: "4.5"'),
        None,
        [(10, 20, ("metrics[0].value", "expected a number", "the text '4.5'", "without quotes"))],
        id="metric-value-in-quotes",
    ),
    pytest.param(
        step("metrics:", "  - name: Wait", "    value: four minutes"),
        None,
        [(10, 20, ("metrics[0].value", "expected a number", "'four minutes'"))],
        id="metric-value-as-text",
    ),
    pytest.param(
        step("metrics:", "  - name: Wait", "    value: 4", "    target: true"),
        None,
        [(11, 21, ("metrics[0].target", "expected a number", "the boolean true"))],
        id="metric-target-boolean",
    ),
    pytest.param(
        step("metrics:", "  - name: Wait", "    value: 4", "    better: lowest"),
        None,
        [(11, 21, ("metrics[0].better", "'lowest' is not allowed", "did you mean 'lower'?"))],
        id="better-lowest-did-you-mean",
    ),
    pytest.param(
        doc("title: T", "kind: exmaple", "summary: S", *REST),
        None,
        [(3, 7, ("kind", "'exmaple' is not allowed", "did you mean 'example'?"))],
        id="kind-typo-did-you-mean",
    ),
    pytest.param(
        doc("title: T", "state: past", "summary: S", *REST),
        None,
        [(3, 8, ("state", "'past' is not allowed", "current", "future"))],
        id="state-past",
    ),
    pytest.param(
        step("metrics:", "  - name: Price", "    value: 80", "    unit: currency:XYZ"),
        None,
        [(11, 19, ("metrics[0].unit", "'XYZ' is not an ISO 4217 currency code"))],
        id="unit-unknown-currency",
    ),
    pytest.param(
        doc("title: T", "reviewed: 2026-02-30", "summary: S", *REST),
        None,
        [(3, 11, ("reviewed", "'2026-02-30' is not a real date"))],
        id="reviewed-not-a-real-date",
    ),
    pytest.param(
        doc("title: T", "reviewed: 01/10/2026", "summary: S", *REST),
        None,
        [(3, 11, ("reviewed", "YYYY-MM-DD", "'01/10/2026'"))],
        id="reviewed-wrong-format",
    ),
    pytest.param(
        doc("title: T", "draft: yes", "summary: S", *REST),
        None,
        [(3, 8, ("draft", "expected true or false", "'yes'"))],
        id="draft-yes-is-not-a-boolean",
    ),
    pytest.param(
        doc("title: T", "tags: e-commerce", "summary: S", *REST),
        None,
        [(3, 7, ("tags", "expected a list", "'e-commerce'"))],
        id="tags-single-string",
    ),
    pytest.param(
        doc("title: T", "summary: S", 'owner: !!python/object/apply:os.system ["echo hi"]', *REST),
        None,
        [(4, 8, ("YAML tag !!python/object/apply:os.system is not allowed",))],
        id="python-tag-on-optional-field",
    ),
    pytest.param(
        # The tag is the mistake; a second error "expected text, got nothing" for the same
        # spot would tell the author they wrote nothing, which is not true.
        doc('title: !!python/object/apply:os.system ["echo hi"]', "summary: S", *REST),
        None,
        [(2, 8, ("YAML tag !!python/object/apply:os.system is not allowed",))],
        id="python-tag-on-required-field-one-error",
    ),
    pytest.param(
        doc("title: T", "summary: S", "stages:", "  - name: Need", "\tsteps:", "      - action: A"),
        None,
        [(6, 1, ("YAML syntax error", "tab"))],
        id="tab-indented-key",
    ),
    pytest.param(
        # A tab is invisible: a message that does not say "tab" leaves the author stuck.
        doc("title: T", "summary: S", "stages:", "  - name: Need", "    steps:", "\t- action: A"),
        None,
        [(7, 1, ("YAML syntax error", "tab"))],
        id="tab-indented-list-item",
    ),
    pytest.param(
        doc("- title: T", "- summary: S"),
        None,
        [(2, 1, ("front-matter must be a set of 'field: value' lines",))],
        id="front-matter-is-a-list",
    ),
    pytest.param(
        doc("Just a sentence."),
        None,
        [(2, 1, ("front-matter must be a set of 'field: value' lines",))],
        id="front-matter-is-a-scalar",
    ),
    pytest.param(
        "---\n---\n# Body\n",
        None,
        [(1, 1, ("front-matter is empty", "title", "summary", "stages"))],
        id="front-matter-empty",
    ),
    pytest.param(
        "# Buying a jacket\n\ntitle: T\n",
        None,
        [(1, 1, ("starts with front-matter", "'---'"))],
        id="no-front-matter",
    ),
    pytest.param(
        "---\ntitle: T\nsummary: S\n\n# Body\n",
        None,
        [(1, 1, ("never closed", "'---'"))],
        id="front-matter-not-closed",
    ),
    pytest.param(
        step("lanes:", "  frontstag: Greets the customer"),
        LoadOptions(custom_lanes=frozenset({"frontstage", "backstage"})),
        [
            (
                9,
                11,
                (
                    "stages[0].steps[0].lanes",
                    "unknown lane 'frontstag'",
                    "did you mean 'frontstage'?",
                ),
            )
        ],
        id="custom-lane-not-declared",
    ),
    pytest.param(
        doc("title: ''", "summary: S", *REST),
        None,
        [(2, 8, ("title", "empty"))],
        id="empty-title-says-empty",
    ),
    pytest.param(
        # U+2028 is an ordinary character in YAML 1.2 and in an editor: it must not shift
        # the line numbers of everything below it.
        step('thought: "It\'s cold\u2028again"', "emotion: sad"),
        None,
        [(9, 18, ("emotion", "'sad'"))],
        id="line-separator-in-text-keeps-line-numbers",
    ),
    pytest.param(
        step('thought: "It\'s cold\u0085again"', "emotion: sad"),
        None,
        [(9, 18, ("emotion", "'sad'"))],
        id="next-line-char-in-text-keeps-line-numbers",
    ),
    pytest.param(
        # A number too large for a float is a mistake to report, never a traceback.
        step("metrics:", "  - name: Wait", "    value: 1" + "0" * 400),
        None,
        [(10, 20, ("metrics[0].value", "number"))],
        id="metric-value-huge-integer",
    ),
    pytest.param(
        step("emotion: 1" + "0" * 400),
        None,
        [(8, 18, ("emotion",))],
        id="emotion-huge-integer",
    ),
]


@pytest.mark.parametrize(("text", "options", "expected"), BAD)
def test_refused_with_position_and_words(
    text: str, options: LoadOptions | None, expected: list[Expected]
) -> None:
    assert_errors(errors_of(text, options), expected)


# --------------------------------------------------------------------------------------
# Accepted inputs, and what they become
# --------------------------------------------------------------------------------------


def _emotion(loaded: LoadedJourney) -> float | None:
    return loaded.journey.stages[0].steps[0].emotion


ACCEPTED = [
    pytest.param(step("emotion: very negative"), _emotion, -2.0, id="emotion-very-negative"),
    pytest.param(step("emotion: negative"), _emotion, -1.0, id="emotion-negative"),
    pytest.param(step("emotion: neutral"), _emotion, 0.0, id="emotion-neutral"),
    pytest.param(step("emotion: positive"), _emotion, 1.0, id="emotion-positive"),
    pytest.param(step("emotion: very positive"), _emotion, 2.0, id="emotion-very-positive"),
    pytest.param(step("emotion: Very Positive"), _emotion, 2.0, id="emotion-word-any-case"),
    pytest.param(step("emotion: -2"), _emotion, -2.0, id="emotion-minus-2"),
    pytest.param(step("emotion: -1.5"), _emotion, -1.5, id="emotion-minus-1.5"),
    pytest.param(step("emotion: 0"), _emotion, 0.0, id="emotion-0"),
    pytest.param(step("emotion: 1"), _emotion, 1.0, id="emotion-1"),
    pytest.param(step("emotion: 2.0"), _emotion, 2.0, id="emotion-2.0"),
    pytest.param(
        step("metrics:", "  - name: Price", "    value: 80", "    unit: currency:EUR"),
        lambda j: j.journey.stages[0].steps[0].metrics[0].unit,
        "currency:EUR",
        id="unit-currency-eur",
    ),
    pytest.param(
        step("metrics:", "  - name: Wait", "    value: 4.5", "    target: 2", "    better: lower"),
        lambda j: (
            j.journey.stages[0].steps[0].metrics[0].value,
            j.journey.stages[0].steps[0].metrics[0].met,
        ),
        (4.5, False),
        id="metric-numbers",
    ),
    pytest.param(
        doc("title: no", "summary: S", *REST),
        lambda j: j.journey.title,
        "no",
        id="title-no-is-text",
    ),
    pytest.param(
        doc("title: 1.10", "summary: S", *REST),
        lambda j: j.journey.title,
        "1.10",
        id="title-1.10-keeps-written-form",
    ),
    pytest.param(
        doc("title: 007", "summary: S", *REST),
        lambda j: j.journey.title,
        "007",
        id="title-007-keeps-written-form",
    ),
    pytest.param(
        doc("title: T", "draft: true", "summary: S", *REST),
        lambda j: j.journey.draft,
        True,
        id="draft-true",
    ),
    pytest.param(
        doc("title: T", "reviewed: 2026-10-01", "summary: S", *REST),
        lambda j: j.journey.reviewed.isoformat(),
        "2026-10-01",
        id="reviewed-iso",
    ),
    pytest.param(
        doc("title: T", "tags: [e-commerce, apparel]", "summary: S", *REST),
        lambda j: j.journey.tags,
        ["e-commerce", "apparel"],
        id="tags-list",
    ),
    pytest.param(
        step("lanes:", "  frontstage: Greets the customer"),
        lambda j: j.journey.stages[0].steps[0].lanes,
        {"frontstage": "Greets the customer"},
        id="custom-lane-declared",
    ),
]


@pytest.mark.parametrize(("text", "read", "expected"), ACCEPTED)
def test_accepted_and_mapped(text: str, read, expected) -> None:  # type: ignore[no-untyped-def]
    options = LoadOptions(custom_lanes=frozenset({"frontstage"}))
    assert read(parse(text, options)) == expected


# --------------------------------------------------------------------------------------
# YAML that could run code, syntax errors
# --------------------------------------------------------------------------------------


def test_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = doc(
        "title: T",
        "summary: S",
        f'owner: !!python/object/apply:os.system ["touch {marker}"]',
        *REST,
    )
    assert_errors(errors_of(text), [(4, 8, ("YAML tag", "not allowed", "remove the tag"))])
    assert not marker.exists()


def test_unclosed_bracket_names_the_line_it_was_opened_on() -> None:
    text = doc("title: T", "summary: S", "tags: [e-commerce, apparel", *REST)
    [error] = errors_of(text)
    assert "YAML syntax error" in error.message
    assert "']'" in error.message
    # The '[' is on line 4, column 7. libyaml notices the problem on line 5 ('stages:');
    # the error must lead the author to line 4: either by its position or by naming it.
    at_bracket = (error.line, error.column) == (4, 7)
    noticed_later_but_named = (error.line, error.column) == (5, 7) and "line 4" in error.message
    assert at_bracket or noticed_later_but_named, str(error)


def test_unclosed_flow_mapping_on_last_line_is_inside_the_file() -> None:
    text = doc("title: T", "summary: S", *REST, "        pains: {a: b")
    [error] = errors_of(text)
    assert "YAML syntax error" in error.message
    # The '{' is on line 8, the closing '---' on line 9: the error cannot be anywhere else.
    assert 8 <= error.line <= 9, str(error)
    assert error.column >= 1


# --------------------------------------------------------------------------------------
# Persona photos
# --------------------------------------------------------------------------------------


def _persona(photo: str) -> str:
    return doc("title: T", "summary: S", "persona:", "  name: Dana", f"  photo: {photo}", *REST)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs_dir = tmp_path / "docs"
    (docs_dir / "journeys" / "images").mkdir(parents=True)
    (docs_dir / "journeys" / "images" / "dana.png").write_bytes(png_bytes())
    (tmp_path / "outside.png").write_bytes(png_bytes())  # exists, but outside docs_dir
    return docs_dir


def test_persona_photo_that_exists_is_accepted(docs: Path) -> None:
    loaded = parse(_persona("images/dana.png"), docs_dir=docs)
    assert loaded.journey.persona is not None
    assert loaded.journey.persona.photo == "images/dana.png"


@pytest.mark.parametrize(
    ("photo", "words"),
    [
        pytest.param(
            "images/missing.png",
            ("persona.photo", "does not exist", "journeys/images/missing.png"),
            id="missing",
        ),
        pytest.param(
            "../../outside.png",
            ("persona.photo", "outside the docs directory"),
            id="escapes-docs-dir",
        ),
        pytest.param("https://example.com/dana.png", ("persona.photo", "not a URL"), id="url"),
        pytest.param("/etc/passwd", ("persona.photo", "absolute path"), id="absolute"),
        # A name longer than the file system allows is a mistake to report, not an OSError.
        pytest.param("a" * 300 + ".png", ("persona.photo",), id="name-too-long"),
    ],
)
def test_persona_photo_refused(docs: Path, photo: str, words: tuple[str, ...]) -> None:
    assert_errors(errors_of(_persona(photo), docs_dir=docs), [(6, 10, words)])


# --------------------------------------------------------------------------------------
# All errors at once
# --------------------------------------------------------------------------------------


def test_all_errors_of_one_file_in_one_go_sorted_by_line() -> None:
    text = doc(
        "title: T",
        "kind: exmaple",  # line 3
        "summary: S",
        "stages:",
        "  - name: Need",
        "    steps:",
        "      - action: A",
        "        emotion: sad",  # line 9
        "title: Again",  # line 10: reported first by the YAML layer
    )
    assert_errors(
        errors_of(text),
        [
            (3, 7, ("'exmaple' is not allowed",)),
            (9, 18, ("emotion 'sad'",)),
            (10, 1, ("duplicate key 'title'", "line 2")),
        ],
    )


def test_load_journeys_reports_errors_of_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs_dir = tmp_path / "docs"
    (docs_dir / "journeys").mkdir(parents=True)
    (docs_dir / "journeys" / "a.md").write_text(step("toucpoint: Web"), encoding="utf-8")
    (docs_dir / "journeys" / "b.md").write_text("# No front-matter\n", encoding="utf-8")
    (docs_dir / "journeys" / "c.md").write_text(
        doc("title: T", "draft: yes", "summary: S", *REST), encoding="utf-8"
    )
    (docs_dir / "journeys" / "good.md").write_text(MINIMAL + "---\nBody\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # where the author runs the command
    result = load_journeys(
        docs_dir,
        ["journeys/c.md", "journeys/good.md", "journeys/a.md", "journeys/b.md"],
        LoadOptions(),
    )
    assert [j.src_uri for j in result.journeys] == ["journeys/good.md"]
    assert [(e.path, e.line, e.column) for e in result.errors] == [
        ("docs/journeys/a.md", 8, 9),
        ("docs/journeys/b.md", 1, 1),
        ("docs/journeys/c.md", 3, 8),
    ]
    assert "did you mean 'touchpoint'?" in result.errors[0].message
    assert "front-matter" in result.errors[1].message
    assert "expected true or false" in result.errors[2].message


def test_journey_error_str() -> None:
    assert str(FileError("docs/a.md", 3, 7, "oops")) == "docs/a.md:3:7: oops"


# --------------------------------------------------------------------------------------
# Encodings, line endings, binary and oversized files
# --------------------------------------------------------------------------------------


def test_bom_is_accepted() -> None:
    loaded = parse(b"\xef\xbb\xbf" + (MINIMAL + "---\nBody\n").encode())
    assert loaded.journey.title == "Buying a jacket"
    assert loaded.body == "Body\n"


def test_crlf_is_accepted_and_body_normalised() -> None:
    loaded = parse((MINIMAL + "---\nLine one\nLine two\n").replace("\n", "\r\n").encode())
    assert loaded.journey.stages[0].steps[0].action == "Notices the cold"
    assert loaded.body == "Line one\nLine two\n"
    assert loaded.body_line == 9


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["crlf", "bom-crlf"])
def test_crlf_line_numbers_stay_right(bom: bytes) -> None:
    text = doc("title: T", "summary: S", "industry: Retail", "kind: exmaple", *REST)
    assert_errors(
        errors_of(bom + text.replace("\n", "\r\n").encode()),
        [(5, 7, ("'exmaple' is not allowed",))],
    )


def _bad_byte_at_end_of_line_8(text: str, *, crlf: bool = False, bom: bool = False) -> bytes:
    """The file with the invalid byte 0xE9 (Latin-1 'é') added at the end of line 8."""
    lines = text.split("\n")
    data = "\n".join(lines[:7]).encode() + b"\n" + lines[7].encode() + b"\xe9\n"
    data += "\n".join(lines[8:]).encode()
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + data


INVALID_UTF8 = [
    pytest.param(_bad_byte_at_end_of_line_8(step("thought: caf")), (8, 21), id="plain"),
    pytest.param(
        _bad_byte_at_end_of_line_8(step("thought: caf"), bom=True), (8, 21), id="after-bom"
    ),
    pytest.param(b"\xef\xbb\xbf---\n\xe9title: T\n---\n", (2, 1), id="after-bom-line-start"),
    pytest.param(_bad_byte_at_end_of_line_8(step("thought: caf"), crlf=True), (8, 21), id="crlf"),
    # Columns elsewhere count characters (as editors do): 'é' before the bad byte is one.
    pytest.param(
        _bad_byte_at_end_of_line_8(step("thought: café")), (8, 22), id="after-multibyte-char"
    ),
]


@pytest.mark.parametrize(("data", "where"), INVALID_UTF8)
def test_invalid_utf8_names_line_and_column(data: bytes, where: tuple[int, int]) -> None:
    assert_errors(errors_of(data), [(*where, ("not valid UTF-8", "0xe9", "UTF-8"))])


def test_nul_bytes_are_a_binary_file() -> None:
    data = (MINIMAL + "---\nBody\n").encode() + b"ab\x00cd\n"
    assert_errors(errors_of(data), [(10, 3, ("binary",))])


def test_file_over_size_limit_is_refused_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "docs" / "journeys" / "big.md"
    path.parent.mkdir(parents=True)
    # Would be a "binary" error if it were ever parsed.
    path.write_bytes(MINIMAL.encode() + b"---\n" + b"\x00" * 5 * 1024)

    def must_not_read(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("an oversized file was read")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    options = LoadOptions(max_file_bytes=1000)
    monkeypatch.chdir(tmp_path)  # where the author runs the command
    result = load_journeys(tmp_path / "docs", ["journeys/big.md"], options)
    assert result.journeys == []
    [error] = result.errors
    assert (error.path, error.line, error.column) == ("docs/journeys/big.md", 1, 1)
    assert "at most" in error.message
    assert "max_file_size" in error.message
    # The sizes must mean something to the author: a 5 KB file and a 1000-byte limit are
    # not both "0.0 MB".
    assert "0.0 MB" not in error.message, error.message


def _alias_bomb() -> str:
    lines = ["title: T", "a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return doc(*lines)


def test_alias_bomb_fails_fast_with_bounded_memory() -> None:
    # Bounded work, not bounded time: memory held while refusing it stays small (below),
    # where expanding the 9**9 values would take gigabytes.
    text = _alias_bomb()
    [error] = errors_of(text)
    assert "alias" in error.message
    assert "expands" in error.message
    assert 2 <= error.line <= 11  # somewhere in the front-matter
    tracemalloc.start()
    try:
        errors_of(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


@pytest.mark.parametrize(
    ("opening", "column"),
    [
        # Root mapping + 39 openings are 40 levels; the 40th is one too many.
        ("[", 8 + 39),
        ("{a: ", 8 + 39 * 4),
    ],
)
def test_deep_nesting_is_refused_without_crashing_the_interpreter(
    opening: str, column: int
) -> None:
    # In a child process: if libyaml's recursive composer overflowed the C stack, it would
    # take the whole test run down with it. libyaml's own nesting limit (PyYAML 6.0.4 and
    # later) is met before ours, at about 1,000 levels: the author still gets ours.
    script = f"""
import json
from journey_maps import parse_journey, LoadOptions, InvalidFile
data = ("---\\ntitle: " + {opening!r} * 100_000 + "\\n---\\n").encode()
try:
    parse_journey(data, src_uri="x.md", docs_dir=None, options=LoadOptions(), display="x.md")
    print(json.dumps(None))
except InvalidFile as failed:
    print(json.dumps([[e.line, e.column, e.message] for e in failed.errors]))
"""
    child = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=False
    )
    assert child.returncode == 0, child.stderr[-2000:]
    errors = json.loads(child.stdout)
    assert errors is not None, "100,000 nested openings were accepted"
    [[line, found_column, message]] = errors
    assert (line, found_column) == (2, column)
    assert message.startswith("front-matter is nested more than 40 levels deep")


# --------------------------------------------------------------------------------------
# A valid file
# --------------------------------------------------------------------------------------


def test_body_and_body_line_of_a_valid_file() -> None:
    loaded = parse(MINIMAL + "---\n\n# Research notes\n\nDana *hates* waiting.\n")
    assert loaded.src_uri == SRC_URI
    assert loaded.body == "\n# Research notes\n\nDana *hates* waiting.\n"
    assert loaded.body_line == 9  # '---' closes on line 8
    assert loaded.journey.title == "Buying a jacket"
    assert loaded.journey.summary == "A shopper buys a winter jacket."
    assert [s.name for s in loaded.journey.stages] == ["Need"]


def test_body_may_contain_more_dashes() -> None:
    loaded = parse(MINIMAL + "---\nIntro\n\n---\n\nMore\n")
    assert loaded.body == "Intro\n\n---\n\nMore\n"
    assert loaded.body_line == 9

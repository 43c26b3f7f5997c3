"""The journey: one pydantic model that validates front-matter, words the errors and
generates the JSON Schema. Nothing else in the project re-describes these fields.

Values arrive from ``yaml_source`` (YAML 1.2 core types). Text fields take text only, but a
number written where text was meant (``title: 1.10``) keeps its written form; numbers take
numbers only (``"4.5"`` in quotes is refused, never coerced); booleans take true/false only.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from babel.numbers import list_currencies
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .yaml_source import YamlFloat, YamlInt

MapKind = Literal["example", "template"]
"""A finished map to learn from, or a template to start one from."""
MapState = Literal["current", "future"]
"""Whether a map shows the journey as it is, or as it is to be."""

EMOTION_WORDS: dict[str, int] = {
    "very negative": -2,
    "negative": -1,
    "neutral": 0,
    "positive": 1,
    "very positive": 2,
}
"""The five words an author may write instead of a number, and the level each stands for."""


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, int | float):
        return f"the number {getattr(value, 'source', value)}"
    return f"the text '{value}'"


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, YamlInt | YamlFloat):
        return value.source
    raise PydanticCustomError(
        "text_type",
        "expected text, got {got}; write text, in quotes if it could be read as something else",
        {"got": _describe(value)},
    )


def _number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            number = float("inf")
        if number != number or number in (float("inf"), float("-inf")):
            raise PydanticCustomError(
                "number_type",
                "expected a finite number of a sensible size, got {got}",
                {"got": _describe(value)[:60]},
            )
        return number
    raise PydanticCustomError(
        "number_type",
        "expected a number, got {got}; write a plain number without quotes or unit, e.g. 4.5",
        {"got": _describe(value)},
    )


def _emotion(value: Any) -> Any:
    if isinstance(value, str):
        level = EMOTION_WORDS.get(value.strip().lower())
        if level is None:
            raise PydanticCustomError(
                "emotion",
                "emotion '{value}' is not one of: {words}; or use a number from -2 to 2",
                {"value": value, "words": ", ".join(EMOTION_WORDS)},
            )
        return float(level)
    number = _number(value)
    if not -2 <= number <= 2:
        raise PydanticCustomError(
            "emotion",
            "emotion {value} is out of range; use a number from -2 (very negative) "
            "to 2 (very positive)",
            {"value": getattr(value, "source", value)},
        )
    return number


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date", "'{value}' is not a real date; check the month and day", {"value": value}
            ) from None
    raise PydanticCustomError(
        "date",
        "expected a date written as YYYY-MM-DD (e.g. 2026-10-01), got {got}",
        {"got": _describe(value)},
    )


def _list(value: Any) -> Any:
    if isinstance(value, list):
        return value
    raise PydanticCustomError(
        "list_type",
        "expected a list, got {got}; write [first, second] or one '- item' per line",
        {"got": _describe(value)},
    )


_YAML_1_1_BOOLEANS = {
    **dict.fromkeys(("yes", "y", "on"), "true"),
    **dict.fromkeys(("no", "n", "off"), "false"),
}
"""Words YAML 1.1 read as booleans; here they are text, and the author meant these."""


def _boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    meant = _YAML_1_1_BOOLEANS.get(value.lower()) if isinstance(value, str) else None
    raise PydanticCustomError(
        "bool_type",
        "expected true or false, got {got}{hint}",
        {"got": _describe(value), "hint": f"; write {meant}" if meant else ""},
    )


FIXED: dict[str, Any] = {"x-translatable": False}
"""Marks a text field that translations may not change (it is a path or a code)."""

Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
"""Plain text with inline Markdown (emphasis, code, links); always escaped on output."""

Number = Annotated[float, BeforeValidator(_number)]
TextList = Annotated[list[Text], BeforeValidator(_list)]
Emotion = Annotated[
    float,
    BeforeValidator(_emotion),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": -2, "maximum": 2},
                {"enum": list(EMOTION_WORDS)},
            ],
            "description": "How the customer feels: -2 (very negative) to 2 (very positive), "
            "or one of the five words.",
        }
    ),
]
IsoDate = Annotated[
    datetime.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD"}),
]
Flag = Annotated[bool, BeforeValidator(_boolean)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Metric(_Strict):
    """A measurement at a step, read against its benchmark."""

    name: Text = Field(description="What is measured, e.g. 'Average wait for an answer'.")
    value: Number = Field(description="The measured value: a plain number.")
    target: Number | None = Field(None, description="The benchmark the value is held against.")
    unit: Text | None = Field(
        None,
        description="Free text such as 'min', or 'percent', or 'currency:XXX' (ISO 4217).",
        json_schema_extra=FIXED,
    )
    better: Literal["higher", "lower"] = Field(
        "higher", description="Which direction is good: the met/missed mark follows it."
    )

    @field_validator("unit")
    @classmethod
    def _known_currency(cls, unit: str | None) -> str | None:
        if unit and unit.startswith("currency:"):
            code = unit.removeprefix("currency:")
            if code not in list_currencies():
                raise PydanticCustomError(
                    "currency",
                    "'{code}' is not an ISO 4217 currency code; write e.g. currency:EUR",
                    {"code": code},
                )
        return unit

    @property
    def met(self) -> bool | None:
        """Whether the value meets its target, or None when there is no target."""
        if self.target is None:
            return None
        return self.value >= self.target if self.better == "higher" else self.value <= self.target


class Step(_Strict):
    """One column of the map: something the customer does."""

    action: Text = Field(description="What the customer does.")
    touchpoint: Text | None = Field(None, description="Where they meet the organisation.")
    channel: Text | None = Field(None, description="web, phone, email, store, chat, ...")
    thought: Text | None = Field(None, description="What the customer thinks or asks.")
    emotion: Emotion | None = None
    pains: TextList = Field(default_factory=list, description="What hurts here.")
    opportunities: TextList = Field(default_factory=list, description="What could be better.")
    owner: Text | None = Field(None, description="The internal team responsible here.")
    metrics: Annotated[list[Metric], BeforeValidator(_list)] = Field(default_factory=list)
    lanes: dict[str, Text] = Field(
        default_factory=dict,
        description="Text for the site's custom lanes (plugin option custom_lanes), by id.",
    )

    @field_validator("lanes")
    @classmethod
    def _declared_lanes(cls, lanes: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        declared = (info.context or {}).get("custom_lanes")
        if declared is None:
            return lanes
        for key in lanes:
            if key not in declared:
                raise PydanticCustomError(
                    "unknown_lane",
                    "unknown lane '{key}'{hint}",
                    {"key": key, "hint": did_you_mean(key, declared, "declared lanes")},
                )
        return lanes


class Stage(_Strict):
    """A group of steps; the phase, when given, is drawn above consecutive stages."""

    name: Text
    phase: Text | None = Field(None, description="e.g. Before purchase / During / After sale.")
    steps: Annotated[list[Step], BeforeValidator(_list)] = Field(min_length=1)


class Persona(_Strict):
    """Who takes this journey."""

    name: Text
    role: Text | None = None
    photo: Text | None = Field(
        None,
        description="Image path relative to this file; must stay inside the docs dir.",
        json_schema_extra=FIXED,
    )
    quote: Text | None = None
    goals: TextList = Field(default_factory=list)
    expectations: TextList = Field(default_factory=list)

    @field_validator("photo")
    @classmethod
    def _photo_in_docs(cls, photo: str | None, info: ValidationInfo) -> str | None:
        context = info.context or {}
        if photo is None or "docs_dir" not in context:
            return photo
        resolve_photo(photo, context["src_uri"], Path(context["docs_dir"]))
        return photo


class Journey(_Strict):
    """A customer journey map: the front-matter of one journey file."""

    model_config = ConfigDict(
        title="Journey map",
        json_schema_extra={"description": "Front-matter of a Journey Maps journey file."},
    )

    title: Text
    summary: Text = Field(description="One sentence: what this journey is about.")
    kind: MapKind = "example"
    industry: Text | None = Field(None, description="A gallery facet, e.g. Retail.")
    tags: TextList = Field(default_factory=list)
    state: MapState = "current"
    improves: Text | None = Field(
        None,
        description="For a future-state map: the path, relative to this file, of the "
        "current-state map it improves (e.g. jacket.md).",
        json_schema_extra=FIXED,
    )
    owner: Text | None = Field(None, description="Who keeps this map true.")
    reviewed: IsoDate | None = Field(None, description="Date of the last review.")
    draft: Flag = Field(False, description="true: never published anywhere.")
    persona: Persona | None = None
    scenario: Text | None = None
    stages: Annotated[list[Stage], BeforeValidator(_list)] = Field(min_length=1)

    @field_validator("improves")
    @classmethod
    def _improves_future(cls, improves: str | None, info: ValidationInfo) -> str | None:
        if improves is not None and info.data.get("state") != "future":
            raise PydanticCustomError(
                "improves",
                "names the current-state map that a future-state map improves; "
                "add 'state: future' to this map, or remove improves:",
                {},
            )
        return improves

    def steps(self) -> list[tuple[Stage, Step]]:
        """Every step in reading order, with its stage."""
        return [(stage, step) for stage in self.stages for step in stage.steps]


def photo_uri(src_uri: str, photo: str) -> str:
    """Where a persona photo is in the docs dir (and the site), from the journey's src_uri."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), photo))


def resolve_photo(photo: str, src_uri: str, docs_dir: Path) -> str:
    """The docs-relative path of a persona photo, or PydanticCustomError saying what is wrong."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", photo) or photo.startswith(("/", "\\")):
        raise PydanticCustomError(
            "photo",
            "photo '{photo}' must be a path to an image file relative to this journey, "
            "not a URL or an absolute path",
            {"photo": photo},
        )
    docs_root = docs_dir.resolve()
    target = (docs_root / src_uri).parent.joinpath(photo).resolve()
    if not target.is_relative_to(docs_root):
        raise PydanticCustomError(
            "photo",
            "photo '{photo}' points outside the docs directory; keep images inside it",
            {"photo": photo},
        )
    try:
        exists = target.is_file()
    except OSError:  # a name too long for the filesystem, say
        exists = False
    if not exists:
        raise PydanticCustomError(
            "photo",
            "photo '{photo}' does not exist (looked for {where})",
            {"photo": photo, "where": target.relative_to(docs_root).as_posix()},
        )
    return target.relative_to(docs_root).as_posix()


def did_you_mean(word: str, candidates: Any, what: str = "fields") -> str:
    """A '; did you mean ...?' hint, or the list of what is allowed when nothing is close."""
    import difflib

    options = sorted(str(c) for c in candidates)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; {what}: {', '.join(options)}" if options else ""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a journey's front-matter, generated from the model."""
    schema = Journey.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema

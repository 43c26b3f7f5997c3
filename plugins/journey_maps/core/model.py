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
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
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

EmotionScale = Literal["-2..2", "1-5", "1-10", "0-10"]
"""The scale a map's emotions are written on (Mermaid's journey scores are 1-5)."""
SCALES: dict[str, tuple[float, float]] = {
    "-2..2": (-2.0, 2.0),
    "1-5": (1.0, 5.0),
    "1-10": (1.0, 10.0),
    "0-10": (0.0, 10.0),
}
"""Each scale's lowest (very negative) and highest (very positive) value."""
DEFAULT_SCALE: EmotionScale = "-2..2"


def on_common_scale(value: float, scale: str) -> float:
    """``value``, written on ``scale``, mapped onto -2..2 by its position on the scale:
    what maps on different scales are compared by."""
    low, high = SCALES[scale]
    return -2 + 4 * (value - low) / (high - low)


def on_scale(level: float, scale: str) -> float:
    """A value of -2..2 (an emotion word's level) as written on ``scale``."""
    low, high = SCALES[scale]
    return low + (level + 2) / 4 * (high - low)


BUILTIN_LANES = (
    "actions",
    "actors",
    "touchpoints",
    "channels",
    "thoughts",
    "emotions",
    "pains",
    "opportunities",
    "evidence",
    "owner",
    "metrics",
)
"""The ids of the lanes every map has, in the order they are drawn (see pages.lanes)."""


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


def _emotion(value: Any, info: ValidationInfo) -> Any:
    """A number on the map's emotion scale (``emotion_scale``), or one of the five words,
    which stand for their place on it."""
    scale = (info.context or {}).get("emotion_scale", DEFAULT_SCALE)
    low, high = SCALES[scale]
    if isinstance(value, str):
        level = EMOTION_WORDS.get(value.strip().lower())
        if level is None:
            raise PydanticCustomError(
                "emotion",
                "emotion '{value}' is not one of: {words}; or use a number from {low} to {high}",
                {
                    "value": value,
                    "words": ", ".join(EMOTION_WORDS),
                    "low": _n(low),
                    "high": _n(high),
                },
            )
        return on_scale(level, scale)
    number = _number(value)
    if not low <= number <= high:
        where = "" if scale == DEFAULT_SCALE else f" of this map's emotion_scale {scale}"
        raise PydanticCustomError(
            "emotion",
            "emotion {value} is out of range{where}; use a number from {low} (very negative) "
            "to {high} (very positive)",
            {
                "value": getattr(value, "source", value),
                "where": where,
                "low": _n(low),
                "high": _n(high),
            },
        )
    return number


def _n(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


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
                {"type": "number", "minimum": -2, "maximum": 10},
                {"enum": list(EMOTION_WORDS)},
            ],
            "description": "How the customer feels, on the map's emotion_scale (default -2, "
            "very negative, to 2, very positive), or one of the five words.",
        }
    ),
]
IsoDate = Annotated[
    datetime.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD"}),
]
Flag = Annotated[bool, BeforeValidator(_boolean)]


class Ref(str):
    """Text that names something else (a persona of the library, a map): an id, never
    translated."""

    __slots__ = ()


Id = Annotated[str, BeforeValidator(_text), Field(min_length=1), AfterValidator(Ref)]
"""An id: of a persona in the library or on the map, or of a map (its path under the
journeys folder without .md)."""


def _by_type(value: Any) -> str:
    """Which member of a union a written value is for: by its YAML type, so that a
    mistake is reported against what the author wrote, not against every member."""
    if isinstance(value, dict | BaseModel):  # written, or read already (when dumped)
        return "@fields"
    if isinstance(value, list):
        return "@list"
    if isinstance(value, bool):
        return "@flag"
    return "@text"


UNION_TAGS = frozenset({"@fields", "@list", "@flag", "@text"})
"""The tags ``_by_type`` gives: they name no field, and error locations leave them out."""

TextOrTexts = Annotated[
    Annotated[str, BeforeValidator(_text), Field(min_length=1), Tag("@text")]
    | Annotated[list[Text], Field(min_length=1), Tag("@list")],
    Discriminator(
        _by_type,
        custom_error_type="text_or_texts",
        custom_error_message="expected text, or a list of texts: [first, second]",
    ),
]
"""One text, or a list of them, each of which counts on its own (touchpoints, channels)."""


def as_list(value: str | list[str] | None) -> list[str]:
    """A field of one text or a list (``TextOrTexts``) as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


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


Basis = Literal["observed", "reported", "assumed", "proposed"]
"""How a piece of evidence is known: seen in research, told by someone, believed by the
team, or put forward as a change."""


class Evidence(_Strict):
    """What a step or a stage rests on: a finding, or a participant's own words."""

    text: Text | None = Field(None, description="A finding, e.g. '6 of 9 caregivers ...'.")
    quote: Text | None = Field(None, description="A participant's own words.")
    source: Text | None = Field(None, description="Who said it, or where it comes from.")
    link: Text | None = Field(
        None,
        description="A page of this site (a path relative to this file, .md) or an "
        "http(s) address.",
        json_schema_extra=FIXED,
    )
    basis: Basis = Field("observed", description="How it is known.")

    @field_validator("link")
    @classmethod
    def _link(cls, link: str | None) -> str | None:
        if link is None or re.match(r"^https?://", link):
            return link
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", link) or link.startswith(("/", "\\")):
            raise PydanticCustomError(
                "link",
                "link '{link}' must be an http(s) address or a path to a page of this site, "
                "relative to this file (e.g. ../research/notes.md#p3)",
                {"link": link},
            )
        return link

    @model_validator(mode="after")
    def _says_something(self) -> Evidence:
        if self.text is None and self.quote is None:
            raise PydanticCustomError(
                "evidence",
                "evidence needs text: (a finding) or quote: (someone's own words)",
                {},
            )
        return self


def _moment(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str | YamlInt | YamlFloat):
        return _text(value)
    raise PydanticCustomError(
        "moment",
        "expected true, or a sentence saying why this moment matters, got {got}",
        {"got": _describe(value)},
    )


Moment = Annotated[
    str | bool,
    BeforeValidator(_moment),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "boolean"}],
            "description": "A moment that matters: why (text), or true.",
        }
    ),
]


class Step(_Strict):
    """One column of the map: something the customer does."""

    action: Text = Field(description="What the customer does.")
    path: TextOrTexts | None = Field(
        None,
        description="The alternative path this step is on, or a list of the paths it is "
        "on; a step without one is on every path.",
    )
    actors: TextOrTexts | None = Field(None, description="Who takes part: one, or a list.")
    touchpoint: TextOrTexts | None = Field(
        None, description="Where they meet the organisation: one, or a list."
    )
    channel: TextOrTexts | None = Field(
        None, description="web, phone, email, store, chat, ...: one, or a list."
    )
    thought: Text | None = Field(None, description="What the customer thinks or asks.")
    emotion: Emotion | None = Field(
        None, description="How the map's only or first persona feels here."
    )
    emotions: dict[str, Emotion] = Field(
        default_factory=dict,
        description="How each persona of the map feels here, by persona id.",
        json_schema_extra=FIXED,
    )
    feeling: Text | None = Field(None, description="The customer's own word for it.")
    moment: Moment | None = None
    duration: Text | None = Field(None, description="How long it takes, e.g. 1-3 weeks.")
    pains: TextList = Field(default_factory=list, description="What hurts here.")
    opportunities: TextList = Field(default_factory=list, description="What could be better.")
    evidence: Annotated[list[Evidence], BeforeValidator(_list)] = Field(default_factory=list)
    owner: Text | None = Field(None, description="The internal team responsible here.")
    metrics: Annotated[list[Metric], BeforeValidator(_list)] = Field(default_factory=list)
    journey: Id | None = Field(
        None,
        description="The map this step opens, a journey of its own: its path under the "
        "journeys folder, without .md.",
        json_schema_extra=FIXED,
    )
    lanes: dict[str, Text] = Field(
        default_factory=dict,
        description="Text for the site's custom lanes and this map's lanes, by key.",
    )

    @property
    def paths(self) -> list[str]:
        """The paths this step is on; empty: on every path."""
        return as_list(self.path)

    @field_validator("lanes")
    @classmethod
    def _declared_lanes(cls, lanes: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        context = info.context or {}
        site = context.get("custom_lanes")
        if site is None:
            return lanes
        declared = set(site) | set(context.get("map_lanes", ()))
        for key in lanes:
            if key not in declared:
                raise PydanticCustomError(
                    "unknown_lane",
                    "unknown lane '{key}'{hint}; lanes are declared for the whole site (plugin "
                    "option custom_lanes in mkdocs.yml) or for this map (its lanes:)",
                    {"key": key, "hint": did_you_mean(key, declared, "declared lanes")},
                )
        return lanes

    @field_validator("emotions")
    @classmethod
    def _personas_of_the_map(
        cls, emotions: dict[str, float], info: ValidationInfo
    ) -> dict[str, float]:
        context = info.context or {}
        if "persona_ids" not in context:
            return emotions
        ids = context["persona_ids"]
        unknown = [key for key in emotions if key not in ids]
        if not unknown:
            return emotions
        if not ids:
            hint = (
                "; this map lists no personas: give them under personas:, or write "
                "emotion: for the map's one persona"
            )
            raise PydanticCustomError(
                "unknown_persona",
                "'{key}' is not one of this map's personas{hint}",
                {"key": unknown[0], "hint": hint},
            )
        # Every unknown id at once, each with its nearest: a practitioner fixes them in
        # one go rather than one per build.
        named = "; ".join(
            f"'{key}' is not one of this map's personas"
            + did_you_mean(key, ids, "the map's personas")
            for key in unknown
        )
        # Reported at the first unknown key (the error's ``key``).
        raise PydanticCustomError("unknown_persona", "{named}", {"named": named, "key": unknown[0]})
        return emotions

    def emotion_of(self, persona: str | None, *, first: bool) -> float | None:
        """A persona's feeling here (by its id; ``first``: the map's first or only
        persona, whose ``emotion`` is)."""
        if first and self.emotion is not None:
            return self.emotion
        return self.emotions.get(persona) if persona is not None else None

    @property
    def touchpoints(self) -> list[str]:
        return as_list(self.touchpoint)

    @property
    def channels(self) -> list[str]:
        return as_list(self.channel)


class Stage(_Strict):
    """A group of steps; the phase, when given, is drawn above consecutive stages."""

    name: Text
    phase: Text | None = Field(None, description="e.g. Before purchase / During / After sale.")
    description: Text | None = Field(None, description="The stage as a whole.")
    duration: Text | None = Field(None, description="How long it takes, e.g. 1-3 weeks.")
    evidence: Annotated[list[Evidence], BeforeValidator(_list)] = Field(default_factory=list)
    steps: Annotated[list[Step], BeforeValidator(_list)] = Field(min_length=1)

    @classmethod
    def unnamed(cls, steps: list[Step]) -> Stage:
        """The one stage of a map written without stages (its name is '')."""
        return cls.model_construct(
            name="", phase=None, description=None, duration=None, evidence=[], steps=steps
        )


class Persona(_Strict):
    """Who takes a journey: on the map itself, or a file of the persona library."""

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


class MapPersona(Persona):
    """A persona written on the map, among several: its id names it in ``emotions``."""

    id: Id = Field(description="What the steps' emotions: call this persona.")


def _one_persona(value: Any) -> Any:
    if isinstance(value, list):
        raise PydanticCustomError(
            "persona_list",
            "expected one persona (its fields, or its id in the persona library), got a list; "
            "for several personas write personas: instead of persona:",
            {},
        )
    return value


PersonaOrId = Annotated[
    Annotated[Persona, Tag("@fields")] | Annotated[Id, Tag("@text")],
    Discriminator(
        _by_type,
        custom_error_type="persona",
        custom_error_message="expected a persona (name:, role:, ...) or a persona's id",
    ),
]
MapPersonaOrId = Annotated[
    Annotated[MapPersona, Tag("@fields")] | Annotated[Id, Tag("@text")],
    Discriminator(
        _by_type,
        custom_error_type="persona",
        custom_error_message="expected a persona's id, or a persona (id:, name:, role:, ...)",
    ),
]


class LaneSpec(_Strict):
    """A lane of the map's own: a row of text per step, filled under each step's lanes:."""

    label: Text = Field(description="The row's label.")
    about: Text | None = Field(None, description="The lane's legend: what its text says.")
    line_above: Text | None = Field(
        None,
        description="Draws a line with this caption above the lane (a service blueprint's "
        "line of interaction, of visibility, of internal interaction).",
    )


LaneOrLabel = Annotated[
    Annotated[LaneSpec, Tag("@fields")]
    | Annotated[str, BeforeValidator(_text), Field(min_length=1), Tag("@text")],
    Discriminator(
        _by_type,
        custom_error_type="lane",
        custom_error_message="expected a label, or label: with about: and line_above:",
    ),
]


def lane_spec(value: str | LaneSpec) -> LaneSpec:
    """A lane written as its label alone, or whole, as a ``LaneSpec`` (the label as it
    is: in a translated map it may be a ``translation.Fallback``)."""
    if isinstance(value, LaneSpec):
        return value
    return LaneSpec.model_construct(label=value, about=None, line_above=None)


MAX_STAGES = 30
MAX_STEPS = 200
MAX_TAGS = 30
MAX_POINTS = 200
"""A map is read at a glance, its card is drawn on the gallery and on a page for each of its
tags, and each of its touchpoints and channels is a page of the site: a map of 5,000 steps
and 1,000 tags would fill a thousand pages with a picture of five thousand points. The
largest published maps have a tenth of these. (MAX_POINTS: different touchpoints, and
different channels, in one map.)"""


class Journey(_Strict):
    """A customer journey map: the front-matter of one journey file."""

    model_config = ConfigDict(
        title="Journey map",
        json_schema_extra={
            "description": "Front-matter of a Journey Maps journey file.",
            # Steps grouped in stages, or the steps of a map without stages: one of them.
            "oneOf": [{"required": ["stages"]}, {"required": ["steps"]}],
        },
    )

    title: Text
    summary: Text = Field(description="One sentence: what this journey is about.")
    kind: MapKind = "example"
    industry: Text | None = Field(None, description="A gallery facet, e.g. Retail.")
    tags: TextList = Field(default_factory=list, json_schema_extra={"maxItems": MAX_TAGS})
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
    emotion_scale: EmotionScale = Field(
        DEFAULT_SCALE,
        description="The scale of every emotion in this file: -2..2 (default), 1-5, 1-10 or 0-10.",
        json_schema_extra=FIXED,
    )
    lanes: dict[str, LaneOrLabel] = Field(
        default_factory=dict,
        description="Lanes of this map only, shown after the site's: a key and its label, "
        "or label:, about: and line_above:.",
    )
    persona: Annotated[PersonaOrId | None, BeforeValidator(_one_persona)] = Field(
        None, description="The persona taking this journey: its fields, or its library id."
    )
    personas: Annotated[list[MapPersonaOrId], BeforeValidator(_list)] = Field(
        default_factory=list,
        max_length=5,
        description="Several personas (at most 5): library ids, or personas with an id.",
    )
    scenario: Text | None = None
    stages: Annotated[list[Stage], BeforeValidator(_list)] = Field(
        default_factory=list,
        description="Required, unless the map has steps: and no stages.",
        json_schema_extra={"maxItems": MAX_STAGES},
    )
    steps: Annotated[list[Step], BeforeValidator(_list)] = Field(
        default_factory=list,
        description="A map without stages: its steps, in place of stages:.",
    )

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

    @field_validator("lanes")
    @classmethod
    def _own_lanes(cls, lanes: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        site = (info.context or {}).get("custom_lanes")
        taken = {*BUILTIN_LANES, *(site or ())}
        for key in lanes:
            if key in taken:
                whose = "a built-in lane" if key in BUILTIN_LANES else "a lane of the whole site"
                raise PydanticCustomError(
                    "lane_taken",
                    "lane '{key}' is {whose}; give this map's own lane another key",
                    {"key": key, "whose": whose},
                )
        return lanes

    @property
    def all_stages(self) -> list[Stage]:
        """The stages as the map shows them: as written, or, for a map written without
        stages, one unnamed stage of its steps."""
        return self.stages if self.stages else [Stage.unnamed(self.steps)]

    def steps_in_order(self) -> list[tuple[Stage, Step]]:
        """Every step in reading order, with its stage."""
        return [(stage, step) for stage in self.all_stages for step in stage.steps]

    @property
    def scale(self) -> str:
        return self.emotion_scale

    def common(self, emotion: float | None) -> float | None:
        """An emotion of this map on -2..2, where maps on other scales are compared."""
        return None if emotion is None else on_common_scale(emotion, self.emotion_scale)

    def personas_written(self) -> list[Persona]:
        """The personas written out on the map itself (not named from the library)."""
        written = [self.persona] if isinstance(self.persona, Persona) else []
        return written + [entry for entry in self.personas if isinstance(entry, Persona)]

    def step_paths(self) -> list[tuple[str | int, ...]]:
        """Where each step is written in the file, in reading order (for error positions)."""
        if not self.stages:
            return [("steps", j) for j in range(len(self.steps))]
        return [
            ("stages", i, "steps", j)
            for i, stage in enumerate(self.stages)
            for j in range(len(stage.steps))
        ]

    @property
    def persona_ids(self) -> list[str]:
        """The ids of the map's personas, in order (library ids and ids on the map)."""
        return [_id_of(entry) for entry in self.personas]


def _id_of(entry: str | MapPersona) -> str:
    return entry.id if isinstance(entry, MapPersona) else entry


Problem = tuple[tuple[str | int, ...], str, bool]
"""A mistake found in the written values before the model reads them: where (a key
path), what, and whether it is reported at the key (True) or at the value."""


MAX_PATHS = 6
"""As many alternative paths as the map has dashes to draw them apart with."""


def shape_problems(values: dict[str, Any]) -> list[Problem]:
    """What the written front-matter of a journey gets wrong in its shape, across fields,
    reported with the fields' own errors (the model reads them one field at a time)."""
    problems: list[Problem] = []
    if "stages" in values and "steps" in values:
        problems.append(
            (
                ("steps",),
                "a map has stages: (steps grouped in stages) or steps: (a map without "
                "stages), not both",
                True,
            )
        )
    elif "stages" not in values and "steps" not in values:
        problems.append(
            ((), "missing required field 'stages' (or steps: for a map without stages)", False)
        )
    for name in ("stages", "steps"):
        if values.get(name) == []:
            problems.append(((name,), "needs at least one item", False))
    if "persona" in values and "personas" in values:
        problems.append(
            (
                ("personas",),
                "a map has persona: (one) or personas: (several), not both",
                True,
            )
        )
    problems += _over_limits(values)
    paths: list[str] = []
    for path, step in _written_steps(values):
        written = step.get("path") if isinstance(step, dict) else None
        for name in [written] if isinstance(written, str) else written or []:
            if isinstance(name, str) and name.strip() and name.strip() not in paths:
                paths.append(name.strip())
                if len(paths) == MAX_PATHS + 1:
                    problems.append(
                        (
                            (*path, "path"),
                            f"path '{name.strip()}' is this map's {MAX_PATHS + 1}th path; a "
                            f"map tells at most {MAX_PATHS} apart (each its own dash): merge "
                            "paths, or map the rest on a map of their own",
                            False,
                        )
                    )
        if isinstance(step, dict) and "emotion" in step and "emotions" in step:
            problems.append(
                (
                    (*path, "emotions"),
                    "a step has emotion: (the map's only or first persona) or emotions: (one "
                    "per persona), not both",
                    True,
                )
            )
    return problems


def _over_limits(values: dict[str, Any]) -> list[Problem]:
    """The first stage, step and tag past what a map may hold, each with the fix."""
    problems: list[Problem] = []
    stages, tags = values.get("stages"), values.get("tags")
    if isinstance(stages, list) and len(stages) > MAX_STAGES:
        problems.append(
            (
                ("stages", MAX_STAGES),
                f"a map has at most {MAX_STAGES} stages and this is stage {MAX_STAGES + 1} "
                "(a map is read at a glance): merge stages, or map a part of the journey on a "
                "map of its own and open it from a step (journey:)",
                False,
            )
        )
    steps = _written_steps(values)
    if len(steps) > MAX_STEPS:
        problems.append(
            (
                steps[MAX_STEPS][0],
                f"a map has at most {MAX_STEPS} steps and this is step {MAX_STEPS + 1} "
                "(a map is read at a glance): map the detail of a step on a map of its own and "
                "open it from the step (journey:)",
                False,
            )
        )
    for field, noun in (("touchpoint", "touchpoints"), ("channel", "channels")):
        seen: set[str] = set()
        for path, step in steps:
            written = step.get(field) if isinstance(step, dict) else None
            for value in written if isinstance(written, list) else [written]:
                if isinstance(value, str) and value.strip():
                    seen.add(value.strip())
            if len(seen) > MAX_POINTS:
                problems.append(
                    (
                        (*path, field),
                        f"a map names at most {MAX_POINTS} different {noun} and this step "
                        f"goes past them (each is a page of the site): name the same "
                        f"{field} alike across steps, or map part of the journey on its own",
                        False,
                    )
                )
                break
    if isinstance(tags, list) and len(tags) > MAX_TAGS:
        problems.append(
            (
                ("tags", MAX_TAGS),
                f"a map has at most {MAX_TAGS} tags and this is tag {MAX_TAGS + 1} (each "
                "tag is a page of the site, which shows the map again): keep the tags "
                "readers look for",
                False,
            )
        )
    return problems


def _written_steps(values: dict[str, Any]) -> list[tuple[tuple[str | int, ...], Any]]:
    found: list[tuple[tuple[str | int, ...], Any]] = []
    if isinstance(values.get("steps"), list):
        found += [(("steps", i), step) for i, step in enumerate(values["steps"])]
    if isinstance(values.get("stages"), list):
        for i, stage in enumerate(values["stages"]):
            if isinstance(stage, dict) and isinstance(stage.get("steps"), list):
                found += [
                    (("stages", i, "steps", j), step) for j, step in enumerate(stage["steps"])
                ]
    return found


def validation_context(values: dict[str, Any]) -> dict[str, Any]:
    """What checking one field of a journey needs of its others: the emotion scale, the
    map's own lanes and its personas' ids, as written."""
    context: dict[str, Any] = {}
    if values.get("emotion_scale") in SCALES:
        context["emotion_scale"] = values["emotion_scale"]
    if isinstance(values.get("lanes"), dict):
        context["map_lanes"] = frozenset(str(key) for key in values["lanes"])
    ids: list[str] = []
    personas = values.get("personas")
    if isinstance(personas, list):
        for entry in personas:
            if isinstance(entry, dict) and entry.get("id") is not None:
                ids.append(str(getattr(entry["id"], "source", entry["id"])).strip())
            elif isinstance(entry, str):
                ids.append(entry.strip())
    context["persona_ids"] = tuple(ids)
    return context


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

"""The emotion lane's geometry: one point per step and line, joined across cell borders.

A map has one line, or several: one per persona, and one per alternative path of each.
Each step's cell draws its own slice of every line: from where the line enters the cell,
through its point there, to where it leaves. Slices meet exactly at the borders, so the
cells form whole lines while every cell keeps its own accessible text.

A line passes over the steps of another path (they are not on it) and breaks at a step of
its own that has no value (its persona has no feeling there): lines are never joined
across paths, nor across a missing value.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from ..core.model import Journey
from .lanes import N_

LEVEL_WORDS = {
    -2: N_("Very negative"),
    -1: N_("Negative"),
    0: N_("Neutral"),
    1: N_("Positive"),
    2: N_("Very positive"),
}
PADDING = 12.0
"""Percent of the cell height kept free above +2 and below -2, for the point marker."""

NEAR = 6.0
"""Percent of the cell height within which two points' marks would cover each other."""

OFF: Final = "off"
"""A step that is not on a line's path: the line passes over it."""

Value = float | None | str
"""A line's value at a step: a feeling on -2..2, None (its persona has none there: the
line breaks), or ``OFF`` (another path's step)."""


@dataclass(frozen=True)
class Point:
    """A line's point at a step."""

    line: int
    emotion: float
    """On -2..2."""
    level: int
    word: str
    y: float
    """Percent of the cell height from the top."""
    nudge: int = 0
    """How many marks of lines before this one lie at (about) the same height in this
    step: they would hide this one, so it is drawn that many marks aside."""
    repeat: bool = False
    """An earlier line with the same mark has the same point here (a persona's step that
    lies on several of its paths): read out, but not drawn again."""


@dataclass(frozen=True)
class CurveSlice:
    """What one step's cell draws; y values are percent of the cell height from the top."""

    points: list[Point] = field(default_factory=list)
    """This step's points, one per line that has a value here."""
    segments: list[tuple[int, str]] = field(default_factory=list)
    """(line, SVG path in a 0..100 box) for each line that crosses this cell."""
    leads: frozenset[int] | None = None
    """The lines whose point may carry the step's word and feeling: the first persona's
    (``feeling:`` is hers); None: any line."""

    @property
    def lead(self) -> Point | None:
        """The point whose word and feeling the cell writes: the first persona's on the
        first of her paths this step is on; None where she has no point here."""
        return next(
            (point for point in self.points if self.leads is None or point.line in self.leads),
            None,
        )

    @property
    def others(self) -> list[Point]:
        """The points drawn as marks beside the lead."""
        lead = self.lead
        return [point for point in self.points if point is not lead]

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points and self.points[0].line == 0 else None

    # The first line's point, as a map of one line has it.
    @property
    def emotion(self) -> float | None:
        return self.first.emotion if self.first else None

    @property
    def level(self) -> int | None:
        return self.first.level if self.first else None

    @property
    def word(self) -> str | None:
        return self.first.word if self.first else None

    @property
    def y(self) -> float | None:
        return self.first.y if self.first else None

    @property
    def path(self) -> str:
        return next((d for line, d in self.segments if line == 0), "")


def level_of(emotion: float) -> int:
    """The nearest of the five levels (-2..2), for the word and the colour."""
    return max(-2, min(2, round(emotion)))


def y_of(emotion: float) -> float:
    return PADDING + (2 - emotion) / 4 * (100 - 2 * PADDING)


def slices(emotions: list[float | None]) -> list[CurveSlice]:
    """One slice per step of a map of one line, in reading order."""
    return curves([list(emotions)])


def curves(
    lines: list[list[Value]], marks: Sequence[int] = (), leads: frozenset[int] | None = None
) -> list[CurveSlice]:
    """One slice per step, each with every line's point and segments there; ``lines``
    gives each line's value at each step, ``marks`` each line's marker shape (by default
    its own), ``leads`` the lines whose point carries the step's word (by default any)."""
    marks = list(marks) or list(range(len(lines)))
    count = len(lines[0]) if lines else 0
    points: list[list[Point]] = [[] for _ in range(count)]
    segments: list[list[tuple[int, str]]] = [[] for _ in range(count)]
    for number, values in enumerate(lines):
        on = [index for index, value in enumerate(values) if value != OFF]
        for index in on:
            value = values[index]
            if isinstance(value, float | int):
                level = level_of(value)
                y = y_of(value)
                near = [p for p in points[index] if abs(p.y - y) < NEAR and not p.repeat]
                repeat = any(marks[p.line] == marks[number] for p in near)
                points[index].append(
                    Point(number, float(value), level, LEVEL_WORDS[level], y, len(near), repeat)
                )
        drawn: dict[int, list[str]] = {}
        for start, end in itertools.pairwise(on):
            a, b = values[start], values[end]
            if isinstance(a, float | int) and isinstance(b, float | int):
                _segment(start, y_of(a), end, y_of(b), drawn)
        for index, parts in drawn.items():
            segments[index].append((number, " ".join(parts)))
    return [CurveSlice(points[i], segments[i], leads) for i in range(count)]


def _segment(
    start: int, y_start: float, end: int, y_end: float, drawn: dict[int, list[str]]
) -> None:
    """The straight line from the point of step ``start`` to that of step ``end``, cut
    at the cell borders it crosses; each cell's piece in that cell's 0..100 box."""
    x_start, x_end = start + 0.5, end + 0.5

    def y_at(x: float) -> float:  # weighted so that a border halfway is the exact mean
        return ((x_end - x) * y_start + (x - x_start) * y_end) / (x_end - x_start)

    for cell in range(start, end + 1):
        left, right = max(cell, x_start), min(cell + 1, x_end)
        if right <= left:
            continue
        piece = (
            f"M{_fmt((left - cell) * 100)} {_fmt(y_at(left))} "
            f"L{_fmt((right - cell) * 100)} {_fmt(y_at(right))}"
        )
        drawn.setdefault(cell, []).append(piece)


def _fmt(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def sparkline(emotions: Sequence[Value]) -> str:
    """An SVG path of the whole curve in a 0..100 box, one point per step, with a gap where
    a step has no emotion; a step of another path (``OFF``) is passed over; a lone point
    is drawn as a short dash."""
    count = len(emotions)
    parts: list[str] = []
    pen_down = False
    for index, emotion in enumerate(emotions):
        if emotion == OFF:
            continue
        if emotion is None or isinstance(emotion, str):
            pen_down = False
            continue
        x = (index + 0.5) / count * 100
        y = y_of(emotion)
        parts.append(f"{'L' if pen_down else 'M'}{_fmt(x)} {_fmt(y)}")
        following = [value for value in emotions[index + 1 :] if value != OFF][:1]
        if not pen_down and (not following or following[0] is None):
            parts.append("h0.01")  # a lone point: round line caps draw it as a dot
        pen_down = True
    return " ".join(parts)


def extremes(emotions: Sequence[Value]) -> tuple[str, str] | None:
    """The words for the lowest and the highest feeling, for the curve's text alternative."""
    known = [emotion for emotion in emotions if isinstance(emotion, float | int)]
    if not known:
        return None
    return LEVEL_WORDS[level_of(min(known))], LEVEL_WORDS[level_of(max(known))]


@dataclass(frozen=True)
class Line:
    """One line of the emotion lane: a persona, on one of the map's paths."""

    index: int
    persona: str | None
    """The persona's name, when the map has several."""
    path: str | None
    """The path's name, when the map has alternative paths."""
    mark: int = 0
    """The shape of its points: one per persona (one per path on a map of one persona)."""
    persona_number: int = 0
    """Which of the map's personas it is, 0 the first (whose ``feeling:`` the step's is)."""
    dash: int = 0
    """The dash of its line: one per path (one per persona on a map without paths)."""


@dataclass(frozen=True)
class LegendEntry:
    """One entry of the emotion lane's legend: a name, with the mark or dash (or both)
    that stands for it on the curve."""

    label: str
    mark: int | None
    dash: int | None


def line_legend(
    lines: Sequence[Line], values: Sequence[Sequence[Value]]
) -> list[list[LegendEntry]]:
    """The legend of the emotion lane's lines that have a point somewhere (``values``:
    each line's). With several personas and several paths, a marker shape stands for
    each persona and a dash for each path, and the legend names each once (two lists)
    rather than every persona-path pair."""
    lines = [
        line
        for line, line_values in zip(lines, values, strict=True)
        if any(isinstance(value, float | int) for value in line_values)
    ]
    personas = list(dict.fromkeys((line.persona, line.mark) for line in lines if line.persona))
    paths = list(dict.fromkeys((line.path, line.dash) for line in lines if line.path))
    if len(personas) > 1 and len(paths) > 1:
        return [
            [LegendEntry(name, mark, None) for name, mark in personas],
            [LegendEntry(name, None, dash) for name, dash in paths],
        ]
    return [[LegendEntry(line.persona or line.path or "", line.mark, line.dash) for line in lines]]


def emotion_lines(
    source: Journey, view: Journey, members: Sequence[str | None]
) -> tuple[list[Line], list[list[Value]]]:
    """The emotion lane's lines, and each line's value at each step: one line per persona
    (``members``: their names in the reader's language, the first the one ``emotion:`` is
    for; their ids are the map's ``persona_ids``), on each alternative path. Paths are
    told apart by the source's text, so a translation draws the same lines."""
    source_steps = [step for _, step in source.steps_in_order()]
    shown_steps = [step for _, step in view.steps_in_order()]
    paths: dict[str, str] = {}
    for step, shown in zip(source_steps, shown_steps, strict=True):
        for name, shown_name in zip(step.paths, shown.paths, strict=True):
            if paths.get(name, name) == name:  # the first translated name, if any is
                paths[name] = shown_name
    ids: list[str | None] = list(source.persona_ids) or [None]
    names = list(members) or [None]
    lines: list[Line] = []
    values: list[list[Value]] = []
    path_keys: list[str | None] = [*paths] or [None]
    for number, persona in enumerate(ids):
        for path_number, path in enumerate(path_keys):
            persona_name = names[number] if len(ids) > 1 and number < len(names) else None
            # Persona by shape, path by dash; a map of one of the two uses both for it.
            mark = number if len(ids) > 1 else path_number
            dash = path_number if len(path_keys) > 1 else number
            shown_path = paths.get(path) if path else None
            lines.append(
                Line(
                    len(lines),
                    persona_name,
                    shown_path,
                    mark=mark,
                    dash=dash,
                    persona_number=number,
                )
            )
            values.append(
                [
                    OFF
                    if path is not None and step.paths and path not in step.paths
                    else source.common(step.emotion_of(persona, first=number == 0))
                    for step in source_steps
                ]
            )
    return lines, values

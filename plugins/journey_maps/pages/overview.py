"""The overview at the top of a map page: the whole journey in one picture, at any width.

Its phases and stages form a band; under it, each line of the emotion lane (a persona, on
one of the map's paths) is drawn across every step at once, with its points, the moments
that matter, and the lowest and highest points named. Positions are percentages of the
picture, so 12 steps and 42 steps alike fit the width they are given; the page lays out
the words, never the SVG, so nothing in it is scaled out of shape.

The gallery's cards draw the same picture, small (``Overview.small``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.model import Journey
from ..core.text import plain
from .emotion_curve import LEVEL_WORDS, Line, Value, level_of, sparkline, y_of


@dataclass(frozen=True)
class Band:
    """A phase or a stage over the steps it spans; ``start`` and ``width`` in percent."""

    label: str | None
    start: float
    width: float
    anchor: str
    """Its first step's anchor, where the band's label links to."""


@dataclass(frozen=True)
class Point:
    """One line's point at one step; ``x`` and ``y`` in percent of the plot."""

    x: float
    y: float
    level: int
    word: str
    line: int
    mark: int
    nudge: int
    """How many points of other lines lie at the same place before this one: drawn that
    many marks aside, as the emotion lane does."""
    number: int
    """The step's number, from 1."""
    anchor: str
    action: str
    """The step's action as plain text, for the point's accessible name."""


@dataclass(frozen=True)
class Extreme:
    """A step where the journey is at its lowest (or highest), with the lines there."""

    number: int
    anchor: str
    action: str
    level: int
    word: str
    lines: list[int]


@dataclass(frozen=True)
class Curve:
    line: int
    dash: int
    d: str
    """An SVG path in a 0..100 box."""


@dataclass(frozen=True)
class Moment:
    x: float
    number: int
    anchor: str


@dataclass(frozen=True)
class Overview:
    steps: int
    phases: list[Band]
    stages: list[Band]
    curves: list[Curve]
    points: list[Point]
    moments: list[Moment]
    lowest: list[Extreme]
    """The steps at the journey's lowest feeling, in reading order (a journey may sink
    as low twice); none where the map has no feeling at all."""
    highest: list[Extreme]
    """The steps at its highest; none where every point is level (nothing to tell apart)."""
    targets: int = 0
    """How many of the map's metrics have a target (none on a template: its figures are
    placeholders)."""
    missed: int = 0
    """How many of those miss it."""

    def is_extreme(self, point: Point) -> bool:
        """Whether ``point`` is one of the lowest or highest, drawn larger."""
        return any(
            extreme.number == point.number and point.line in extreme.lines
            for extreme in self.lowest + self.highest
        )

    @property
    def small(self) -> list[Curve]:
        """The curve a card draws: the first line's, or the first line with points."""
        return self.curves[:1]


def overview_of(
    journey: Journey,
    anchors: Sequence[str],
    lines: Sequence[Line],
    values: Sequence[Sequence[Value]],
) -> Overview:
    """The overview of ``journey`` as shown (its text in the reader's language), from the
    emotion lane's ``lines`` and their ``values`` (see ``emotion_curve.emotion_lines``)."""
    steps = journey.steps_in_order()
    count = len(steps)

    def x_of(index: int) -> float:
        return (index + 0.5) / count * 100

    stages: list[Band] = []
    phases: list[Band] = []
    index = 0
    for stage in journey.all_stages:
        size = len(stage.steps)
        band = Band(stage.name, index / count * 100, size / count * 100, anchors[index])
        stages.append(band)
        if any(s.phase for s in journey.all_stages):
            if phases and phases[-1].label == stage.phase:
                last = phases[-1]
                phases[-1] = Band(last.label, last.start, last.width + band.width, last.anchor)
            else:
                phases.append(Band(stage.phase, band.start, band.width, band.anchor))
        index += size

    curves: list[Curve] = []
    points: list[Point] = []
    placed: dict[tuple[int, float], list[Point]] = {}  # the points at a step and height
    actions: dict[int, str] = {}  # each step's action as plain text, made once
    for line, line_values in zip(lines, values, strict=True):
        if not any(isinstance(value, float | int) for value in line_values):
            continue
        curves.append(Curve(line.index, line.dash, sparkline(line_values)))
        for number, value in enumerate(line_values):
            if not isinstance(value, float | int):
                continue
            y = y_of(value)
            here = placed.setdefault((number, y), [])
            if any(p.mark == line.mark for p in here):
                continue  # the same persona's point on another of her paths: drawn once
            if number not in actions:
                actions[number] = plain(steps[number][1].action)
            level = level_of(value)
            point = Point(
                x_of(number),
                y,
                level,
                LEVEL_WORDS[level],
                line.index,
                line.mark,
                len(here),
                number + 1,
                anchors[number],
                actions[number],
            )
            here.append(point)
            points.append(point)

    moments = [
        Moment(x_of(number), number + 1, anchors[number])
        for number, (_, step) in enumerate(steps)
        if step.moment
    ]
    bottom = max((p.y for p in points), default=None)
    top = min((p.y for p in points), default=None)
    lowest = _extremes([p for p in points if p.y == bottom])
    highest = [] if top == bottom else _extremes([p for p in points if p.y == top])
    if journey.kind == "template":  # its feelings are placeholders: no low point to name
        lowest, highest = [], []
    met = [
        metric.met
        for _, step in steps
        for metric in step.metrics
        if metric.met is not None and journey.kind != "template"
    ]
    return Overview(
        count, phases, stages, curves, points, moments, lowest, highest, len(met), met.count(False)
    )


def _extremes(points: list[Point]) -> list[Extreme]:
    """The points at one extreme, one entry per step, in reading order."""
    steps: dict[int, Extreme] = {}
    for point in sorted(points, key=lambda p: p.number):
        found = steps.setdefault(
            point.number,
            Extreme(point.number, point.anchor, point.action, point.level, point.word, []),
        )
        found.lines.append(point.line)
    return list(steps.values())

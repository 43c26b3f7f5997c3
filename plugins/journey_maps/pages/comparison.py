"""A future-state map against the current-state map it improves, step by step.

The two maps' steps are aligned the way a designer lays "current vs future" out: one
column per step, in the order of both journeys. A step is the same step in both maps when
its permanent anchor is (its stage name and action in the source text). The steps the two
maps share keep their order (the longest run of shared steps in the same order); between
two shared steps, what the current map does there and the future map no longer does is
*removed*, and stands in its column where it was, as a gap in the future line; what only
the future map does is *new*, a gap in the current line. A removed step comes before the
new step that follows it, as the old way comes before the new one in a gap.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from ..core.loading import LoadedJourney
from ..core.model import Journey, Stage, Step
from .emotion_curve import y_of

Change = Literal["kept", "new", "removed"]

LEVELS = (2, 1, 0, -1, -2)
"""The emotion levels the chart's vertical axis is labelled with, top to bottom."""


@dataclass(frozen=True)
class StepChange:
    """One column of the comparison: a step of either map, or of both."""

    number: int
    """The column's number, from 1: the horizontal axis's label."""
    stage: Stage
    step: Step
    """The future map's step; the current map's for a removed step."""
    anchor: str
    change: Change
    current: float | None
    future: float | None

    @property
    def difference(self) -> float | None:
        if self.current is None or self.future is None:
            return None
        return self.future - self.current


@dataclass(frozen=True)
class Band:
    """A stage over consecutive columns of the chart."""

    stage: Stage
    start: int
    """The first column's number."""
    span: int


@dataclass(frozen=True)
class Comparison:
    steps: list[StepChange]
    current_path: str
    """SVG path of the current-state line in a 0..100 × 0..100 box, broken at each column
    the current map has no step (or no feeling) in ('' when empty)."""
    future_path: str
    current_bridges: str
    """Dotted path across the current line's gaps: the steps either side follow each
    other in that journey, with nothing of it in between."""
    future_bridges: str
    points: list[tuple[float, float | None, float | None]]
    """Per column: x, and y of the current and the future point (None: no point there)."""
    bands: list[Band]
    levels: list[tuple[int, float]]
    """Each labelled level of the vertical axis and its y in the 0..100 box."""

    def count(self, change: Change) -> int:
        return sum(1 for step in self.steps if step.change == change)


def align(before: list[str], after: list[str]) -> list[tuple[int | None, int | None]]:
    """The columns of two step sequences by anchor: (index in ``before``, index in
    ``after``), None where that map has no such step. Shared steps are the longest common
    subsequence; between two of them, ``before``'s steps come first."""
    rows, cols = len(before), len(after)
    # longest[i][j]: length of the longest common subsequence of before[i:] and after[j:]
    longest = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            if before[i] == after[j]:
                longest[i][j] = longest[i + 1][j + 1] + 1
            else:
                longest[i][j] = max(longest[i + 1][j], longest[i][j + 1])
    columns: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < rows or j < cols:
        if i < rows and j < cols and before[i] == after[j]:
            columns.append((i, j))
            i, j = i + 1, j + 1
        elif i < rows and (j == cols or longest[i + 1][j] >= longest[i][j + 1]):
            columns.append((i, None))
            i += 1
        else:
            columns.append((None, j))
            j += 1
    return columns


def compare(
    current: LoadedJourney,
    current_shown: Journey,
    future: LoadedJourney,
    future_shown: Journey,
) -> Comparison:
    """The step-by-step change from ``current`` to ``future`` (``*_shown``: in the reader's
    language, aligned step for step with the loaded source journeys)."""
    before = current_shown.steps_in_order()
    after = future_shown.steps_in_order()
    before_source = current.journey.steps_in_order()
    after_source = future.journey.steps_in_order()
    changes = []
    for number, (old, new) in enumerate(align(current.anchors, future.anchors), start=1):
        was = _feeling(current.journey, before_source[old][1]) if old is not None else None
        will = _feeling(future.journey, after_source[new][1]) if new is not None else None
        if new is not None:
            stage, step = after[new]
            change: Change = "kept" if old is not None else "new"
            anchor = future.anchors[new]
        else:
            assert old is not None
            stage, step = before[old]
            change, anchor = "removed", current.anchors[old]
        changes.append(StepChange(number, stage, step, anchor, change, was, will))
    count = len(changes)
    points = [
        (
            (index + 0.5) / count * 100,
            y_of(change.current) if change.current is not None else None,
            y_of(change.future) if change.future is not None else None,
        )
        for index, change in enumerate(changes)
    ]
    current_line = [(x, y) for x, y, _ in points]
    future_line = [(x, y) for x, _, y in points]
    return Comparison(
        changes,
        _path(current_line),
        _path(future_line),
        _bridges(current_line),
        _bridges(future_line),
        points,
        _bands(changes),
        [(level, y_of(level)) for level in LEVELS],
    )


def _feeling(journey: Journey, step: Step) -> float | None:
    """The first persona's feeling at a step, on -2..2: maps on different scales are
    compared on one."""
    first = journey.persona_ids[0] if journey.persona_ids else None
    return journey.common(step.emotion_of(first, first=True))


def _path(points: list[tuple[float, float | None]]) -> str:
    """A line through consecutive points, broken where a column has none: a removed or
    a new step is a gap, never a point of the other state."""
    parts = []
    pen_down = False
    for x, y in points:
        if y is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x:.2f} {y:.2f}")
        pen_down = True
    return " ".join(parts)


def _bridges(points: list[tuple[float, float | None]]) -> str:
    """A segment across each gap, from the last point before it to the first after."""
    drawn = [(index, x, y) for index, (x, y) in enumerate(points) if y is not None]
    return " ".join(
        f"M{x0:.2f} {y0:.2f} L{x1:.2f} {y1:.2f}"
        for (i0, x0, y0), (i1, x1, y1) in itertools.pairwise(drawn)
        if i1 > i0 + 1
    )


def _bands(changes: list[StepChange]) -> list[Band]:
    """Consecutive columns of one stage (by name), merged."""
    bands: list[Band] = []
    for change in changes:
        if bands and bands[-1].stage.name == change.stage.name:
            last = bands[-1]
            bands[-1] = Band(last.stage, last.start, last.span + 1)
        else:
            bands.append(Band(change.stage, change.number, 1))
    return bands

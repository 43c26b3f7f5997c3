"""A future-state map against the current-state map it improves, step by step.

Steps are paired by their permanent anchor (stage name and action in the source text), so a
step the future map keeps is compared with itself, a step it adds is new, and a step it
drops is listed as removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..core.loading import LoadedJourney
from ..core.model import Journey, Stage, Step
from .emotion_curve import y_of

Change = Literal["kept", "new", "removed"]


@dataclass(frozen=True)
class StepChange:
    stage: Stage
    step: Step
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
class Comparison:
    steps: list[StepChange]
    current_path: str
    """SVG path of the current-state curve in a 0..100 × 0..100 box ('' when empty)."""
    future_path: str
    points: list[tuple[float, float | None, float | None]]
    """Per step: x, and y of the current and the future point (None: no point there)."""


def compare(
    current: LoadedJourney,
    current_shown: Journey,
    future: LoadedJourney,
    future_shown: Journey,
) -> Comparison:
    """The step-by-step change from ``current`` to ``future`` (``*_shown``: in the reader's
    language, aligned step for step with the loaded source journeys)."""
    before = dict(zip(current.anchors, current_shown.steps_in_order(), strict=True))
    after_anchors = future.anchors
    changes = []
    for anchor, (stage, step) in zip(after_anchors, future_shown.steps_in_order(), strict=True):
        old = before.get(anchor)
        changes.append(
            StepChange(
                stage,
                step,
                anchor,
                "kept" if old else "new",
                _feeling(current.journey, old[1]) if old else None,
                _feeling(future.journey, step),
            )
        )
    for anchor, (stage, step) in before.items():
        if anchor not in after_anchors:
            changes.append(
                StepChange(stage, step, anchor, "removed", _feeling(current.journey, step), None)
            )
    points = []
    count = len(changes)
    for index, change in enumerate(changes):
        x = (index + 0.5) / count * 100
        points.append(
            (
                x,
                y_of(change.current) if change.current is not None else None,
                y_of(change.future) if change.future is not None else None,
            )
        )
    return Comparison(
        changes,
        _path([(x, y) for x, y, _ in points]),
        _path([(x, y) for x, _, y in points]),
        points,
    )


def _feeling(journey: Journey, step: Step) -> float | None:
    """The first persona's feeling at a step, on -2..2: maps on different scales are
    compared on one."""
    first = journey.persona_ids[0] if journey.persona_ids else None
    return journey.common(step.emotion_of(first, first=True))


def _path(points: list[tuple[float, float | None]]) -> str:
    """A polyline through the points that have a y. A step one state lacks is skipped, not
    a gap: in that state the steps either side of it follow each other."""
    drawn = [(x, y) for x, y in points if y is not None]
    return " ".join(f"{'L' if index else 'M'}{x:.2f} {y:.2f}" for index, (x, y) in enumerate(drawn))

"""Across all maps: every touchpoint and channel, the steps through it, how customers feel
there and how its metrics compare with their targets; and which touchpoints to fix first.

Touchpoints are grouped by the key of their source text ("Call centre" and "call centre"
are one; see text.key), so the index groups the same way in every language; labels are in
the reader's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ..core.collection import Collection, listed_view
from ..core.languages import Languages
from ..core.model import Metric, Stage, Step, as_list
from ..core.text import key

PointKind = Literal["touchpoint", "channel"]
"""What a point of the index is: a touchpoint, or a channel."""


@dataclass(frozen=True)
class Passage:
    """A step of a map that passes through a touchpoint or channel."""

    src_uri: str
    journey_title: str
    stage: Stage
    step: Step
    anchor: str
    emotion: float | None = None
    """The map's first persona's feeling at the step, on -2..2 whatever the map's scale."""


@dataclass
class Point:
    """A touchpoint or channel, and every step across all maps that passes through it."""

    key: str
    label: str
    passages: list[Passage] = field(default_factory=list)

    @property
    def journey_count(self) -> int:
        return len({passage.src_uri for passage in self.passages})

    @property
    def average_emotion(self) -> float | None:
        emotions = [p.emotion for p in self.passages if p.emotion is not None]
        return sum(emotions) / len(emotions) if emotions else None

    @property
    def metrics(self) -> list[tuple[Passage, Metric]]:
        return [(passage, metric) for passage in self.passages for metric in passage.step.metrics]

    @property
    def missed(self) -> int:
        return sum(1 for _, metric in self.metrics if metric.met is False)

    @property
    def judged(self) -> int:
        """Metrics that have a target to be held against."""
        return sum(1 for _, metric in self.metrics if metric.met is not None)


def index(collection: Collection, languages: Languages, kind: PointKind) -> list[Point]:
    """Every touchpoint (or channel) of every published map, ordered by label. Templates
    are left out: their touchpoints are questions to answer, not places customers pass."""
    points: dict[str, Point] = {}
    for uri, loaded in sorted(collection.journeys.items()):
        if loaded.journey.kind == "template":
            continue
        journey = listed_view(loaded, collection.translations, languages).journey
        source_steps = loaded.journey.steps_in_order()
        first = loaded.journey.persona_ids[0] if loaded.journey.persona_ids else None
        anchors = loaded.anchors
        for number, (stage, step) in enumerate(journey.steps_in_order()):
            source_step = source_steps[number][1]
            # A step through a list of touchpoints passes through each, once.
            names = as_list(getattr(source_step, kind))
            shown = as_list(getattr(step, kind))
            emotion = loaded.journey.common(source_step.emotion_of(first, first=True))
            for original, label in dict(zip(names, shown, strict=True)).items():
                name = key(original)
                point = points.setdefault(name, Point(name, label))
                if (
                    point.passages
                    and point.passages[-1].anchor == anchors[number]
                    and (point.passages[-1].src_uri == uri)
                ):
                    continue  # the same touchpoint twice in one step's list
                point.passages.append(
                    Passage(uri, journey.title, stage, step, anchors[number], emotion)
                )
    return sorted(points.values(), key=lambda point: (point.label.casefold(), point.key))


@dataclass(frozen=True)
class Priority:
    """A touchpoint's place in the priority view, and the three parts of its score.

    Each part runs from 0 (no reason to act) to 1 (strongest reason); the score is their
    mean, so a reader can see why a touchpoint ranks where it does.
    """

    point: Point
    negativity: float
    """How negative customers feel there: 0 at neutral or better, 1 at very negative."""
    reach: float
    """How many journeys pass through it, relative to the busiest touchpoint."""
    shortfall: float
    """How far its metrics miss their targets: the mean relative miss, each capped at 1;
    met targets count 0. No judged metrics: 0."""

    @property
    def score(self) -> float:
        return (self.negativity + self.reach + self.shortfall) / 3


def priorities(points: Iterable[Point]) -> list[Priority]:
    """Touchpoints ranked by score, highest first (ties: more journeys, then label)."""
    points = list(points)
    busiest = max((point.journey_count for point in points), default=0) or 1
    ranked = [
        Priority(
            point,
            negativity=_negativity(point.average_emotion),
            reach=point.journey_count / busiest,
            shortfall=_shortfall(metric for _, metric in point.metrics),
        )
        for point in points
    ]
    return sorted(
        ranked,
        key=lambda p: (-round(p.score, 9), -p.point.journey_count, p.point.label.casefold()),
    )


def _negativity(emotion: float | None) -> float:
    if emotion is None:
        return 0.0
    return min(1.0, max(0.0, -emotion / 2))


def _shortfall(metrics: Iterable[Metric]) -> float:
    misses = [_miss(metric) for metric in metrics if metric.met is not None]
    return sum(misses) / len(misses) if misses else 0.0


def _miss(metric: Metric) -> float:
    """How far a metric misses its target, relative to the target, from 0 to 1."""
    if metric.met or metric.target is None:
        return 0.0
    gap = abs(metric.value - metric.target)
    if metric.target == 0:
        return 1.0
    return min(1.0, gap / abs(metric.target))

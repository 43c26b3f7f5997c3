"""Across all maps: every touchpoint and channel, the steps through it, how customers feel
there and how its metrics compare with their targets; and which touchpoints to fix first.

Touchpoints are grouped by the key of their source text ("Call centre" and "call centre"
are one; see text.key), so the index groups the same way in every language; labels are in
the reader's. A touchpoint written two ways is one where the site says so (plugin option
``touchpoint_aliases``): each alias counts as its canonical name.

The figures tell today apart from plans: a point's figures (journeys, feeling, metrics,
owners) come from current-state maps; the steps of future-state maps through it are
*planned*, listed on its page and in the priority view's "Planned change", never mixed
into what customers live through today.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..core.collection import Collection, listed_view
from ..core.languages import Languages
from ..core.model import MapState, Metric, Stage, Step, as_list
from ..core.text import key

PointKind = Literal["touchpoint", "channel"]
"""What a point of the index is: a touchpoint, or a channel."""

SortBy = Literal["name", "journeys", "steps", "emotion", "missed", "score"]
"""What the touchpoint index can be ordered by: one static page each."""
SORTS: tuple[SortBy, ...] = ("name", "journeys", "steps", "emotion", "missed", "score")

DEFAULT_THRESHOLD = 30
"""Touchpoints scoring below this (of 100) are left out of the priority ranking."""


@dataclass(frozen=True)
class IndexOptions:
    """What the site says about its touchpoints (plugin options, checked by
    ``alias_problems``)."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    """key(alias) -> the canonical name, as written in the site's options."""
    outside: frozenset[str] = frozenset()
    """Keys of the touchpoints no one in the organisation can change (option
    outside_our_control): listed, never ranked as work to do."""
    threshold: int = DEFAULT_THRESHOLD
    """The priority view ranks touchpoints scoring this much (of 100) or more."""

    @classmethod
    def of(
        cls,
        aliases: Mapping[str, str | Sequence[str]],
        outside: Iterable[str] = (),
        threshold: int = DEFAULT_THRESHOLD,
    ) -> IndexOptions:
        """From the options as written: ``{canonical: [alias, ...]}``."""
        by_alias = {
            key(alias): canonical
            for canonical, written in aliases.items()
            for alias in as_list(written if isinstance(written, str) else list(written))
        }
        outside_keys = {key(by_alias.get(key(name), name)) for name in outside}
        return cls(by_alias, frozenset(outside_keys), threshold)


def alias_problems(
    aliases: Mapping[str, object],
) -> list[tuple[tuple[str, ...], str]]:
    """What is wrong with option ``touchpoint_aliases`` (``{canonical: [alias, ...]}``):
    each problem with where it is (the canonical name, and the alias) and what to do."""
    problems: list[tuple[tuple[str, ...], str]] = []
    canonical_keys = {key(str(name)): str(name) for name in aliases}
    owner: dict[str, str] = {}
    for canonical, written in aliases.items():
        canonical = str(canonical)
        if isinstance(written, str):
            written = [written]
        if not isinstance(written, list) or not all(isinstance(a, str) for a in written):
            problems.append(
                (
                    (canonical,),
                    f"touchpoint_aliases: '{canonical}' takes a list of the other names it "
                    f"is written as, e.g. {canonical}: [{canonical}, payment step]",
                )
            )
            continue
        for alias in written:
            alias_key = key(alias)
            if alias_key == key(canonical):
                problems.append(
                    (
                        (canonical, alias),
                        f"touchpoint_aliases: '{alias}' is an alias of itself; "
                        f"remove it from the list of '{canonical}'",
                    )
                )
            elif alias_key in canonical_keys:
                problems.append(
                    (
                        (canonical, alias),
                        f"touchpoint_aliases: '{alias}' is a canonical name of its own and "
                        f"an alias of '{canonical}'; list its aliases under '{canonical}' "
                        "and remove its own entry",
                    )
                )
            elif alias_key in owner and owner[alias_key] != canonical:
                problems.append(
                    (
                        (canonical, alias),
                        f"touchpoint_aliases: '{alias}' is given two canonical names, "
                        f"'{owner[alias_key]}' and '{canonical}'; keep it under one",
                    )
                )
            else:
                owner[alias_key] = canonical
    return problems


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
    state: MapState = "current"
    """The map's: a current-state step happens today; a future-state step is planned."""
    owner: str | None = None
    """Who is responsible here: the step's owner, else the map's."""
    written: str | None = None
    """The name as the step writes it, when an alias of the point's (in the reader's
    language)."""


@dataclass
class Point:
    """A touchpoint or channel, and every step across all maps that passes through it."""

    key: str
    label: str
    passages: list[Passage] = field(default_factory=list)

    @property
    def today(self) -> list[Passage]:
        """The steps through it on current-state maps."""
        return [passage for passage in self.passages if passage.state == "current"]

    @property
    def planned(self) -> list[Passage]:
        """The steps through it on future-state maps."""
        return [passage for passage in self.passages if passage.state == "future"]

    @property
    def journey_count(self) -> int:
        """Current-state maps through it."""
        return len({passage.src_uri for passage in self.today})

    @property
    def planned_count(self) -> int:
        """Future-state maps through it."""
        return len({passage.src_uri for passage in self.planned})

    @property
    def average_emotion(self) -> float | None:
        emotions = [p.emotion for p in self.today if p.emotion is not None]
        return sum(emotions) / len(emotions) if emotions else None

    @property
    def metrics(self) -> list[tuple[Passage, Metric]]:
        return [(passage, metric) for passage in self.today for metric in passage.step.metrics]

    @property
    def missed(self) -> int:
        return sum(1 for _, metric in self.metrics if metric.met is False)

    @property
    def judged(self) -> int:
        """Metrics that have a target to be held against."""
        return sum(1 for _, metric in self.metrics if metric.met is not None)

    @property
    def owners(self) -> list[str]:
        """Who is responsible for it today, the most often named first."""
        counted = Counter(passage.owner for passage in self.today if passage.owner)
        return [owner for owner, _ in counted.most_common()]

    @property
    def top_opportunity(self) -> tuple[str, Passage] | None:
        """The first opportunity written at the step where customers feel worst (of the
        steps that name one; the first such step on a tie)."""
        candidates = [passage for passage in self.today if passage.step.opportunities]
        if not candidates:
            return None
        worst = min(candidates, key=lambda p: 3.0 if p.emotion is None else p.emotion)
        return worst.step.opportunities[0], worst

    @property
    def aliases(self) -> list[str]:
        """The other names it is written as (aliases), in the reader's language."""
        return sorted({p.written for p in self.passages if p.written}, key=str.casefold)


def index(
    collection: Collection,
    languages: Languages,
    kind: PointKind,
    options: IndexOptions | None = None,
    label_of: Mapping[str, str] | None = None,
) -> list[Point]:
    """Every touchpoint (or channel) of every published map, ordered by label. Templates
    are left out: their touchpoints are questions to answer, not places customers pass.
    A touchpoint written as an alias (``options``) counts as its canonical name, labelled
    ``label_of[canonical]`` (the reader's language) or as written in the options."""
    options = options or IndexOptions()
    aliases = options.aliases if kind == "touchpoint" else {}
    label_of = label_of or {}
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
                canonical = aliases.get(key(original))
                name = key(canonical) if canonical else key(original)
                point = points.get(name)
                if point is None:
                    shown_label = label_of.get(canonical, canonical) if canonical else label
                    point = points[name] = Point(name, shown_label)
                if any(
                    p.anchor == anchors[number] and p.src_uri == uri for p in point.passages[-1:]
                ):
                    continue  # the same touchpoint twice in one step's list (or by alias)
                point.passages.append(
                    Passage(
                        uri,
                        journey.title,
                        stage,
                        step,
                        anchors[number],
                        emotion,
                        loaded.journey.state,
                        step.owner or journey.owner,
                        label if canonical else None,
                    )
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

    @property
    def percent(self) -> int:
        """The score of 100, as the page shows it (and as the threshold is given)."""
        return round(self.score * 100)


def priorities(points: Iterable[Point]) -> list[Priority]:
    """Touchpoints on current-state maps ranked by score, highest first (ties: more
    journeys, then label). Planned steps do not count: they are not lived yet."""
    points = [point for point in points if point.today]
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


@dataclass(frozen=True)
class PlannedChange:
    """What one future-state map changes of the current-state map it improves, by
    touchpoint: ``(point, feeling today, feeling planned)``; a feeling is None where the
    map has no feeling there."""

    future: str
    future_title: str
    current: str
    current_title: str
    removed: list[tuple[Point, float | None]]
    added: list[tuple[Point, float | None]]
    kept: list[tuple[Point, float | None, float | None]]


@dataclass(frozen=True)
class PriorityView:
    """The priority page: the ranking, what it leaves out, and the plans."""

    ranked: list[Priority]
    """Actionable touchpoints scoring at least the threshold."""
    below: int
    """Actionable touchpoints left out for scoring under the threshold."""
    outside: list[Priority]
    """Touchpoints no one in the organisation can change: the site's list, or no owner."""
    planned: list[PlannedChange]
    threshold: int
    planned_in: dict[str, list[str]]
    """Touchpoint key -> the titles of the future-state maps that change it."""


def priority_view(
    points: list[Point], improves: Mapping[str, str], options: IndexOptions
) -> PriorityView:
    """The ranking of current-state touchpoints, without those outside the organisation's
    control (or with no owner anywhere) and those under the threshold; and what each
    future-state map (``improves``: future src_uri -> current src_uri) plans to change."""
    ranked, outside, below = [], [], 0
    for priority in priorities(points):
        if priority.point.key in options.outside or not priority.point.owners:
            outside.append(priority)
        elif priority.percent >= options.threshold:
            ranked.append(priority)
        else:
            below += 1
    planned = planned_changes(points, improves)
    planned_in: dict[str, list[str]] = {}
    for change in planned:
        changed = [
            *(point for point, _ in change.removed),
            *(point for point, _ in change.added),
            *(point for point, _, _ in change.kept),
        ]
        for point in changed:
            planned_in.setdefault(point.key, []).append(change.future_title)
    return PriorityView(ranked, below, outside, planned, options.threshold, planned_in)


def planned_changes(points: list[Point], improves: Mapping[str, str]) -> list[PlannedChange]:
    """For each future-state map, the touchpoints it removes, adds and keeps of the
    current-state map it improves (a kept one: with the feeling there today and planned;
    one whose feeling does not change is left out)."""

    def feelings(point: Point, uri: str) -> tuple[bool, float | None]:
        values = [p.emotion for p in point.passages if p.src_uri == uri]
        known = [value for value in values if value is not None]
        return bool(values), (sum(known) / len(known) if known else None)

    changes = []
    for future, current in sorted(improves.items()):
        removed, added, kept = [], [], []
        titles = {}
        for point in points:
            for passage in point.passages:
                titles[passage.src_uri] = passage.journey_title
            in_current, before = feelings(point, current)
            in_future, after = feelings(point, future)
            if in_current and not in_future:
                removed.append((point, before))
            elif in_future and not in_current:
                added.append((point, after))
            elif in_current and in_future and before != after:
                kept.append((point, before, after))
        if future in titles and current in titles:
            changes.append(
                PlannedChange(
                    future, titles[future], current, titles[current], removed, added, kept
                )
            )
    return changes


def sorted_points(points: list[Point], by: SortBy, scores: Mapping[str, float]) -> list[Point]:
    """The index in one of its orders (ties: by label): by name; by journeys, steps,
    missed targets or score, most first; by feeling, worst first (none last)."""
    named = sorted(points, key=lambda point: (point.label.casefold(), point.key))
    if by == "journeys":
        return sorted(named, key=lambda point: -point.journey_count)
    if by == "steps":
        return sorted(named, key=lambda point: -len(point.today))
    if by == "missed":
        return sorted(named, key=lambda point: (-point.missed, -point.judged))
    if by == "score":
        return sorted(named, key=lambda point: -scores.get(point.key, -1.0))
    if by == "emotion":
        return sorted(
            named,
            key=lambda point: (point.average_emotion is None, point.average_emotion or 0.0),
        )
    return named


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

"""The rows of a map: built-in lanes, a site's custom lanes, their order and visibility."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ..core.model import Step, did_you_mean

LaneKind = Literal["text", "list", "emotion", "metrics", "custom"]


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Lane:
    """One row of the map."""

    id: str
    label: str
    kind: LaneKind
    field: str = ""

    def has_content(self, step: Step) -> bool:
        if self.kind == "custom":
            return bool(step.lanes.get(self.id))
        if self.kind == "emotion":
            return step.emotion is not None
        return bool(getattr(step, self.field))


BUILTIN_LANES: dict[str, Lane] = {
    lane.id: lane
    for lane in (
        Lane("actions", N_("Actions"), "text", "action"),
        Lane("touchpoints", N_("Touchpoints"), "text", "touchpoint"),
        Lane("channels", N_("Channels"), "text", "channel"),
        Lane("thoughts", N_("Thoughts"), "text", "thought"),
        Lane("emotions", N_("Emotions"), "emotion", "emotion"),
        Lane("pains", N_("Pains"), "list", "pains"),
        Lane("opportunities", N_("Opportunities"), "list", "opportunities"),
        Lane("owner", N_("Owner"), "text", "owner"),
        Lane("metrics", N_("Metrics"), "metrics", "metrics"),
    )
}


def resolve_lanes(order: Iterable[str], custom: Mapping[str, str]) -> list[Lane]:
    """The lanes to draw, in order. An empty order means: built-ins, custom lanes after
    channels (where a service blueprint puts frontstage, backstage and support).

    Raises ValueError naming an unknown lane id, with a suggestion.
    """
    clashes = sorted(set(custom) & set(BUILTIN_LANES))
    if clashes:
        raise ValueError(f"custom lane id '{clashes[0]}' is already a built-in lane; rename it")
    available = {
        **BUILTIN_LANES,
        **{id_: Lane(id_, label, "custom") for id_, label in custom.items()},
    }
    ids = list(order)
    if not ids:
        ids = list(BUILTIN_LANES)
        at = ids.index("channels") + 1
        ids[at:at] = list(custom)
    lanes = []
    for id_ in ids:
        if id_ not in available:
            raise ValueError(f"unknown lane '{id_}'" + did_you_mean(id_, available, "lanes are"))
        lanes.append(available[id_])
    return lanes

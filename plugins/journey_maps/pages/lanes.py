"""The rows of a map: built-in lanes, the site's own lanes, a map's own lanes, their
order and visibility."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ..core.model import BUILTIN_LANES as BUILTIN_IDS
from ..core.model import LaneSpec, Step, did_you_mean, lane_spec

LaneKind = Literal["text", "texts", "list", "emotion", "evidence", "metrics", "custom"]
"""How a lane's cells show a step: one text, one text or a list, a list, the emotion
curve, evidence, metrics, or the text a step gives the lane under its lanes:."""


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
    about: str | None = None
    """The lane's legend: what its cells say."""
    line_above: str | None = None
    """The caption of a line drawn above the lane (a service blueprint's lines)."""
    own: bool = False
    """A map's own lane: its label and legend are the map's text, translated with it,
    where the site's are interface words, translated by the site's catalogs."""

    def has_content(self, step: Step) -> bool:
        if self.kind == "custom":
            return bool(step.lanes.get(self.id))
        if self.kind == "emotion":
            return step.emotion is not None or bool(step.emotions) or bool(step.feeling)
        return bool(getattr(step, self.field))


_BUILTIN = (
    Lane("actions", N_("Actions"), "text", "action"),
    Lane("actors", N_("Actors"), "texts", "actors"),
    Lane("touchpoints", N_("Touchpoints"), "texts", "touchpoint"),
    Lane("channels", N_("Channels"), "texts", "channel"),
    Lane("thoughts", N_("Thoughts"), "text", "thought"),
    Lane("emotions", N_("Emotions"), "emotion", "emotion"),
    Lane("pains", N_("Pains"), "list", "pains"),
    Lane("opportunities", N_("Opportunities"), "list", "opportunities"),
    Lane("evidence", N_("Evidence"), "evidence", "evidence"),
    Lane("owner", N_("Owner"), "text", "owner"),
    Lane("metrics", N_("Metrics"), "metrics", "metrics"),
)
BUILTIN_LANES: dict[str, Lane] = {lane.id: lane for lane in _BUILTIN}
assert tuple(BUILTIN_LANES) == BUILTIN_IDS, "the model and the pages name the same lanes"


DEFAULT_ORDER = (
    *("actions", "actors", "thoughts", "emotions", "pains", "opportunities"),
    *("touchpoints", "channels", "evidence", "owner", "metrics"),
)
"""The lanes of a site that names none: what the customer does, thinks and feels first,
with the curve and what hurts and what could be better right under the actions (where a
reader's eye goes first); then where it happens and who is behind it."""
assert sorted(DEFAULT_ORDER) == sorted(BUILTIN_LANES)


def resolve_lanes(order: Iterable[str], custom: Mapping[str, str | LaneSpec]) -> list[Lane]:
    """The site's lanes to draw, in order. An empty order means: built-ins in
    ``DEFAULT_ORDER``, the site's own lanes after channels (where a service blueprint puts
    frontstage, backstage and support).

    Raises ValueError naming an unknown lane id, with a suggestion.
    """
    clashes = sorted(set(custom) & set(BUILTIN_LANES))
    if clashes:
        raise ValueError(f"custom lane id '{clashes[0]}' is already a built-in lane; rename it")
    available = {
        **BUILTIN_LANES,
        **{key: _custom(key, spec, own=False) for key, spec in custom.items()},
    }
    ids = list(order)
    if not ids:
        ids = list(DEFAULT_ORDER)
        at = ids.index("channels") + 1
        ids[at:at] = list(custom)
    lanes = []
    for id_ in ids:
        if id_ not in available:
            raise ValueError(f"unknown lane '{id_}'" + did_you_mean(id_, available, "lanes are"))
        lanes.append(available[id_])
    return lanes


def with_own_lanes(site: list[Lane], own: Mapping[str, str | LaneSpec]) -> list[Lane]:
    """A map's lanes: the site's, then the map's own (``own``: its ``lanes:``, in the
    reader's language)."""
    return [*site, *(_custom(key, spec, own=True) for key, spec in own.items())]


def _custom(key: str, written: str | LaneSpec, *, own: bool) -> Lane:
    spec = lane_spec(written)
    return Lane(key, spec.label, "custom", "", spec.about, spec.line_above, own)

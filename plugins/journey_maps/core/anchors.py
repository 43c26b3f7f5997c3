"""Permanent anchors for steps, so runbooks and tickets can link to one touchpoint of a map.

An anchor comes from the source journey's stage name and step action: it stays the same
across rebuilds and is identical in every language (translations reuse the source's).
"""

from __future__ import annotations

from .model import Journey
from .text import slug


def step_anchors(journey: Journey) -> list[str]:
    """A permanent anchor per step, from stage name and action, unique within the page."""
    seen: dict[str, int] = {}
    anchors = []
    for stage, step in journey.steps_in_order():
        named = f"{slug(stage.name)}--" if stage.name else ""  # a map without stages: none
        anchor = f"step-{named}{slug(step.action)}"[:80].rstrip("-")
        seen[anchor] = seen.get(anchor, 0) + 1
        anchors.append(anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}")
    return anchors

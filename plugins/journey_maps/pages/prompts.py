"""A template's prompts, told apart from answers.

A map whose ``kind`` is ``template`` holds prompts where an example holds findings
("What does the customer do first?"). Which of its texts are prompts is fixed by the
field, not guessed from the wording: every text of its persona (written on the map),
scenario, owner, stages' descriptions, steps, lanes and metrics' names is a prompt.
The template's own words are not: its title, summary, industry and tags (what the
template is), its stages' names and phases and its paths (the shape it proposes), its
lanes' labels and legends, metrics' units, evidence's links.

``prompted`` marks the prompts of a template's view as ``Prompt`` texts; the renderer's
``md`` filter draws a ``Prompt`` as a prompt (``PROMPT_CLASS``), with a word for screen
readers, so that a reader never takes it for a finding.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from ..core.model import Evidence, Journey, Metric, Ref, Stage, Step
from ..core.translation import Fallback, translatable

PROMPT_CLASS = "jm-prompt"
"""The class of a prompt's text on the page."""

_OWN_WORDS: dict[type[BaseModel], frozenset[str]] = {
    Journey: frozenset({"title", "summary", "industry", "tags", "lanes", "improves"}),
    Stage: frozenset({"name", "phase"}),
    Step: frozenset({"path"}),
    Metric: frozenset({"unit"}),
    Evidence: frozenset({"link"}),
}
"""Fields of a template that hold its own words, by model, not prompts; metrics' units
and evidence's links are not translatable text and never prompts."""


class Prompt(str):
    """A template's prompt: text the author of a map replaces with what they found.
    ``lang`` is set when it stands in for a missing translation (see
    ``translation.Fallback``), in that language."""

    __slots__ = ("lang",)
    lang: str | None

    def __new__(cls, text: str, lang: str | None = None) -> Prompt:
        instance = super().__new__(cls, text)
        instance.lang = lang
        return instance


ModelT = TypeVar("ModelT", bound=BaseModel)


def prompted(journey: Journey) -> Journey:
    """``journey`` with its prompts as ``Prompt`` texts when it is a template; else as it is."""
    if journey.kind != "template":
        return journey
    return _prompted_model(journey)


def prompted_model(model: ModelT) -> ModelT:
    """Every text of ``model`` (a template's persona, written on the map) as a prompt."""
    return _prompted_model(model)


def _prompted_model(model: ModelT) -> ModelT:
    own = _OWN_WORDS.get(type(model), frozenset())
    update = {
        name: _prompted(getattr(model, name))
        for name, info in type(model).model_fields.items()
        if name not in own and translatable(info)
    }
    return model.model_copy(update=update)


def _prompted(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _prompted_model(value)
    if isinstance(value, list):
        return [_prompted(item) for item in value]
    if isinstance(value, dict):
        return {key: _prompted(item) for key, item in value.items()}
    if isinstance(value, str) and not isinstance(value, Ref | Prompt):
        return Prompt(value, value.lang if isinstance(value, Fallback) else None)
    return value

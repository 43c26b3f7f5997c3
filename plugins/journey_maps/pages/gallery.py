"""The gallery: every published map as a card, and the facets that narrow them down.

Facet keys come from the source journey (a slug of its industry and tags), so a filtered
view's URL (``?industry=retail``) and a facet page's address are the same in every
language; labels come from the journey in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core import text
from ..core.collection import Collection, Member, cast_of, listed_view, page_view
from ..core.languages import Languages
from ..core.loading import LoadedJourney
from ..core.model import Journey, Persona
from ..core.text import plain
from ..core.translation import TranslationState
from .emotion_curve import Value, emotion_lines
from .overview import Overview, overview_of

FACETS = ("kind", "industry", "tag", "persona", "state", "language")
"""The facets a reader filters by, in the order the gallery shows them."""


@dataclass(frozen=True)
class Card:
    """One map in the gallery, as a reader of one language sees it."""

    src_uri: str
    journey: Journey
    """In the reader's language (untranslated text falls back to the source)."""
    translation_state: TranslationState
    languages: tuple[str, ...]
    """Languages the map can be read in: the source's first."""
    keys: dict[str, tuple[str, ...]]
    """Facet name -> this card's keys for it (a map has many tags, one of the rest)."""
    texts: dict[str, tuple[str, ...]]
    """Facet name -> the reader's-language text of each key, for industry and tag."""
    emotions: tuple[float | None, ...]
    """The first persona's feeling at each step, on -2..2."""
    curve: tuple[Value, ...]
    """The card's curve: the first persona on the first path, as the map draws its first
    line (another path's steps are passed over)."""
    cast: tuple[Member, ...]
    """The map's personas, in the reader's language."""
    step_count: int
    improves: str | None
    improved_by: tuple[str, ...]
    opens: tuple[str, ...] = ()
    """The maps its steps open (sub-journeys), by src_uri."""
    part_of: tuple[str, ...] = ()
    """The maps with a step that opens this one, by src_uri."""
    overview: Overview | None = None
    """The map's overview (as its page draws it), of the card's line only: the card's
    picture is its stages and ``Overview.small``."""

    @property
    def personas(self) -> tuple[Persona, ...]:
        return tuple(member.persona for member in self.cast)

    @property
    def stage_count(self) -> int:
        return len(self.journey.all_stages)

    @property
    def search_text(self) -> str:
        """What the instant text filter matches: the words a reader sees on the card."""
        journey = self.journey
        words = [journey.title, journey.summary, journey.industry or "", *journey.tags]
        for persona in self.personas:
            words += [persona.name, persona.role or ""]
        # lower(), not casefold(): the filter script lowers what is typed with
        # toLowerCase(), and both follow Unicode's default lowercase mapping
        return " ".join(plain(word) for word in words if word).lower()


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    name: str
    values: tuple[FacetValue, ...]


def build_cards(collection: Collection, languages: Languages) -> list[Card]:
    """Every published map as a card in ``languages.current``, ordered by title."""
    cards = []
    for uri, loaded in collection.journeys.items():
        _, state = page_view(loaded, collection.translations, languages)
        journey = listed_view(loaded, collection.translations, languages).journey
        cast = cast_of(loaded, journey, collection, languages)
        source_cast = cast_of(loaded, loaded.journey, collection, languages.of_source())
        first = loaded.journey.persona_ids[0] if loaded.journey.persona_ids else None
        persona_names: dict[str, str] = {}
        # A template's personas are prompts to fill in, not people to filter by.
        if loaded.journey.kind != "template":
            for source_member, member in zip(source_cast, cast, strict=True):
                persona_names.setdefault(_persona_key(source_member), member.persona.name)
        languages_of = collection.languages_of(uri, languages.default)
        lines, values = emotion_lines(loaded.journey, journey, ())
        cards.append(
            Card(
                src_uri=uri,
                journey=journey,
                translation_state=state,
                languages=tuple(languages_of),
                keys={**facet_keys(loaded, languages_of), "persona": tuple(persona_names)},
                texts={
                    **facet_texts(loaded.journey, journey),
                    "persona": (*persona_names.values(),),
                },
                emotions=tuple(
                    journey.common(step.emotion_of(first, first=True))
                    for _, step in journey.steps_in_order()
                ),
                curve=tuple(values[0]),
                cast=tuple(cast),
                step_count=len(journey.steps_in_order()),
                improves=collection.improves.get(uri),
                improved_by=tuple(collection.improved_by(uri)),
                opens=tuple(dict.fromkeys(collection.opens.get(uri, {}).values())),
                part_of=tuple(dict.fromkeys(parent for parent, _ in collection.part_of(uri))),
                overview=overview_of(journey, loaded.anchors, lines[:1], values[:1]),
            )
        )
    return sorted(cards, key=lambda card: (plain(card.journey.title).casefold(), card.src_uri))


def facet_keys(loaded: LoadedJourney, languages: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """A map's keys for each facet, from its source text so they agree across languages."""
    journey = loaded.journey
    return {
        "kind": (journey.kind,),
        "industry": (text.key(journey.industry),) if journey.industry else (),
        "tag": tuple(dict.fromkeys(text.key(tag) for tag in journey.tags)),
        "state": (journey.state,),
        "language": tuple(languages),
    }


def _persona_key(member: Member) -> str:
    """A persona's key in the persona facet: its library id, or its name's key."""
    return text.key(member.library or member.persona.name)


def facet_texts(source: Journey, viewed: Journey) -> dict[str, tuple[str, ...]]:
    """The industry and each tag as ``viewed`` in the reader's language, aligned with
    ``facet_keys`` of the ``source``."""
    tags: dict[str, str] = {}
    for original, viewed_text in zip(source.tags, viewed.tags, strict=True):
        tags.setdefault(text.key(original), viewed_text)
    return {
        "industry": (viewed.industry,) if viewed.industry else (),
        "tag": tuple(tags.values()),
    }


def facets(cards: list[Card], label_of: Callable[[str, str], str | None]) -> list[Facet]:
    """Each facet with its values and how many cards have each, the most used first (the
    gallery shows a facet's first values and the rest on request); values a reader cannot
    tell apart (one kind only, say) are still listed, so the gallery's shape is stable.

    ``label_of(facet, key)`` names the fixed values (kinds, states, languages); industries
    and tags are named by the cards' own text, in the reader's language.
    """
    result = []
    for name in FACETS:
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        for card in cards:
            texts = card.texts.get(name, ())
            for index, key in enumerate(card.keys[name]):
                counts[key] = counts.get(key, 0) + 1
                if key not in labels:
                    fixed = label_of(name, key)
                    labels[key] = fixed if fixed is not None else texts[index]
        values = tuple(
            FacetValue(key, labels[key], counts[key])
            for key in sorted(counts, key=lambda k: (-counts[k], labels[k].casefold(), k))
        )
        result.append(Facet(name, values))
    return result


def matching(cards: list[Card], facet: str, key: str) -> list[Card]:
    """The cards a facet value selects."""
    return [card for card in cards if key in card.keys[facet]]

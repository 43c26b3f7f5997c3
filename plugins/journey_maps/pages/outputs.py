"""Machine-readable outputs for intranet portals and analysts.

``journeys.json``, the journey catalog (one per language), lists every published map with
its metadata and URL; its shape is the ``JourneyCatalog`` model below, published as a JSON
Schema. (In ``i18n``, "catalog" means a gettext catalog of interface words.)
``metrics.csv`` has one row per step metric. Neither holds a timestamp: two builds of the
same sources write the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..core.collection import Collection, listed_view
from ..core.languages import Languages
from ..core.model import MapKind, MapState
from ..core.text import plain
from ..core.translation import TranslationState
from .gallery import Card

JOURNEY_CATALOG_SCHEMA_URI = "schema/journeys.schema.json"

METRIC_COLUMNS = (
    "journey",
    "stage",
    "step",
    "touchpoint",
    "metric",
    "value",
    "target",
    "unit",
    "better",
    "met",
    "url",
)
"""The columns of metrics.csv, in order; ``url`` links to the step on its map page."""


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CatalogPersona(_Out):
    name: str
    role: str | None = None
    id: str | None = Field(
        None, description="Its id: in the persona library, or on the map among several."
    )
    url: str | None = Field(None, description="Its page, for a persona of the library.")


class CatalogEntry(_Out):
    """One published map."""

    url: str = Field(description="The map page, relative to the site root.")
    source: str = Field(description="The journey file, relative to the docs directory.")
    title: str
    summary: str
    kind: MapKind
    state: MapState
    industry: str | None = None
    tags: list[str] = Field(default_factory=list)
    owner: str | None = None
    reviewed: str | None = Field(None, description="YYYY-MM-DD of the last review.")
    persona: CatalogPersona | None = Field(None, description="The map's first persona.")
    personas: list[CatalogPersona] = Field(
        default_factory=list, description="Every persona of the map, the first first."
    )
    language: str = Field(description="The language the texts here are in.")
    translation: TranslationState = Field(
        description="How the texts relate to the source: the source itself, or a "
        "translation (missing: shown in the source language)."
    )
    languages: list[str] = Field(description="Every language the map can be read in.")
    stages: int
    steps: int
    metrics: int
    metrics_missed: int = Field(description="Metrics that miss their target.")
    average_emotion: float | None = Field(
        None,
        description="Mean emotion of the first persona over the steps that have one, on "
        "-2 to 2 whatever the map's scale.",
    )
    emotion_scale: str = Field(description="The scale the map's emotions are written on.")
    paths: list[str] = Field(default_factory=list, description="The map's alternative paths.")
    moments: int = Field(0, description="Moments that matter.")
    evidence: int = Field(0, description="Pieces of evidence, of steps and stages.")
    opens: list[str] = Field(
        default_factory=list, description="URLs of the maps its steps open (sub-journeys)."
    )
    part_of: list[str] = Field(
        default_factory=list, description="URLs of the maps with a step that opens this one."
    )
    download: str | None = Field(
        None, description="For a template: its Markdown source, relative to the site root."
    )
    improves: str | None = Field(
        None, description="URL of the current-state map this future-state map improves."
    )
    improved_by: list[str] = Field(
        default_factory=list, description="URLs of future-state maps that improve this one."
    )


class JourneyCatalog(_Out):
    """Every published map of a Journey Maps site, in one language."""

    model_config = ConfigDict(
        title="Journey Maps catalog",
        json_schema_extra={"description": "journeys.json of a Journey Maps site."},
    )
    language: str
    journeys: list[CatalogEntry]


def journey_catalog_schema() -> dict[str, Any]:
    schema = JourneyCatalog.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def journey_catalog(
    cards: list[Card],
    language: str,
    url_of: Callable[[str], str],
    download_of: Callable[[str], str | None],
) -> JourneyCatalog:
    """The journey catalog of ``cards`` (journeys.json); ``url_of(src_uri)`` is a page's
    site-root-relative URL."""
    entries = []
    for card in cards:
        journey = card.journey
        metrics = [metric for _, step in journey.steps_in_order() for metric in step.metrics]
        emotions = [emotion for emotion in card.emotions if emotion is not None]
        personas = [
            CatalogPersona(
                name=plain(member.persona.name),
                role=plain(member.persona.role) if member.persona.role else None,
                id=member.id,
                url=url_of(member.home) if member.library else None,
            )
            for member in card.cast
        ]
        stages = journey.all_stages
        steps = [step for _, step in journey.steps_in_order()]
        entries.append(
            CatalogEntry(
                url=url_of(card.src_uri),
                source=card.src_uri,
                title=plain(journey.title),
                summary=plain(journey.summary),
                kind=journey.kind,
                state=journey.state,
                industry=plain(journey.industry) if journey.industry else None,
                tags=[plain(tag) for tag in journey.tags],
                owner=plain(journey.owner) if journey.owner else None,
                reviewed=journey.reviewed.isoformat() if journey.reviewed else None,
                persona=personas[0] if personas else None,
                personas=personas,
                language=language,
                translation=card.translation_state,
                languages=list(card.languages),
                stages=card.stage_count,
                steps=card.step_count,
                metrics=len(metrics),
                metrics_missed=sum(1 for metric in metrics if metric.met is False),
                average_emotion=round(sum(emotions) / len(emotions), 2) if emotions else None,
                download=download_of(card.src_uri),
                improves=url_of(card.improves) if card.improves else None,
                improved_by=[url_of(uri) for uri in card.improved_by],
                emotion_scale=journey.emotion_scale,
                paths=list(dict.fromkeys(plain(path) for step in steps for path in step.paths)),
                moments=sum(1 for step in steps if step.moment),
                evidence=sum(len(stage.evidence) for stage in stages)
                + sum(len(step.evidence) for step in steps),
                opens=[url_of(uri) for uri in card.opens],
                part_of=[url_of(uri) for uri in card.part_of],
            )
        )
    return JourneyCatalog(language=language, journeys=entries)


def journey_catalog_json(value: JourneyCatalog) -> str:
    return json.dumps(value.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def metrics_csv(collection: Collection, languages: Languages, url_of: Callable[[str], str]) -> str:
    """One row per step metric of every published map, texts in ``languages.current``.
    Templates are left out: their metrics are placeholders, not measurements."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(METRIC_COLUMNS)
    for uri, loaded in sorted(collection.journeys.items()):
        if loaded.journey.kind == "template":
            continue
        journey = listed_view(loaded, collection.translations, languages).journey
        anchors = loaded.anchors
        for number, (stage, step) in enumerate(journey.steps_in_order()):
            for metric in step.metrics:
                writer.writerow(
                    (
                        _cell(journey.title),
                        _cell(stage.name),
                        _cell(step.action),
                        _cell("; ".join(step.touchpoints) or None),
                        _cell(metric.name),
                        _number(metric.value),
                        _number(metric.target),
                        _cell(metric.unit),
                        metric.better,
                        "" if metric.met is None else str(metric.met).lower(),
                        f"{url_of(uri)}#{anchors[number]}",
                    )
                )
    return out.getvalue()


def _cell(value: str | None) -> str:
    """Text for a spreadsheet cell. Text that a spreadsheet would run as a formula
    (=, +, -, @ first) gets a leading apostrophe, which spreadsheets show as plain text."""
    text = plain(value) if value else ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)

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
    persona: CatalogPersona | None = None
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
        None, description="Mean emotion over the steps that have one, -2 to 2."
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
        metrics = [metric for _, step in journey.steps() for metric in step.metrics]
        emotions = [emotion for emotion in card.emotions if emotion is not None]
        persona = journey.persona
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
                persona=CatalogPersona(
                    name=plain(persona.name), role=plain(persona.role) if persona.role else None
                )
                if persona
                else None,
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
        for number, (stage, step) in enumerate(journey.steps()):
            for metric in step.metrics:
                writer.writerow(
                    (
                        _cell(journey.title),
                        _cell(stage.name),
                        _cell(step.action),
                        _cell(step.touchpoint),
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

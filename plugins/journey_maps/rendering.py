"""The map page: a journey and its rendered body in, one HTML fragment out.

Templates are small partials under ``templates/journey_maps/``; a site overrides any of them
by putting a file of the same name in one of the directories listed before the package's.
Autoescape is on: content reaches the HTML only through ``text.inline`` or escaping.
"""

from __future__ import annotations

import gettext
import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from babel import Locale
from markupsafe import Markup

from . import text
from .catalogs import babel_locale, direction
from .collection import TranslationState
from .emotion_curve import CurveSlice, slices
from .formatting import format_day, format_number, format_quantity
from .lanes import Lane
from .loading import LoadedJourney
from .model import Journey, Stage, Step, photo_uri
from .translation import Fallback, Overlaid

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Column:
    """One step of the map, as a column."""

    number: int
    stage: Stage
    step: Step
    anchor: str
    stage_start: bool
    curve: CurveSlice


@dataclass(frozen=True)
class Span:
    """A header cell spanning several columns: a stage, or a phase (label None: no phase)."""

    label: str | None
    span: int


def slug(value: str) -> str:
    """A URL fragment from text in any script: lowercase letters and digits joined by '-'."""
    value = unicodedata.normalize("NFKC", text.plain(value)).lower()
    return re.sub(r"[^\w]+", "-", value).strip("-_") or "x"


def step_anchors(journey: Journey) -> list[str]:
    """A permanent anchor per step, from stage name and action, unique within the page."""
    seen: dict[str, int] = {}
    anchors = []
    for stage, step in journey.steps():
        anchor = f"step-{slug(stage.name)}--{slug(step.action)}"[:80].rstrip("-")
        seen[anchor] = seen.get(anchor, 0) + 1
        anchors.append(anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}")
    return anchors


def columns_of(journey: Journey, anchors: list[str]) -> list[Column]:
    curve = slices([step.emotion for _, step in journey.steps()])
    columns = []
    number = 0
    for stage in journey.stages:
        for index, step in enumerate(stage.steps):
            columns.append(
                Column(number + 1, stage, step, anchors[number], index == 0, curve[number])
            )
            number += 1
    return columns


def phase_spans(journey: Journey) -> list[Span]:
    """Consecutive stages of the same phase, merged; empty when no stage names a phase."""
    if not any(stage.phase for stage in journey.stages):
        return []
    spans: list[Span] = []
    for stage in journey.stages:
        if spans and spans[-1].label == stage.phase:
            spans[-1] = Span(stage.phase, spans[-1].span + len(stage.steps))
        else:
            spans.append(Span(stage.phase, len(stage.steps)))
    return spans


def relative_url(target: str, page_url: str) -> str:
    """The URL of site path ``target`` as seen from the page at ``page_url``."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return posixpath.relpath(target, base.rstrip("/") or ".")


class Renderer:
    """Renders journey pages with a site's template overrides, lanes and locale."""

    def __init__(
        self,
        template_dirs: Sequence[Path | str] = (),
        *,
        lanes: Sequence[Lane],
        locale: str = "en",
        translations: gettext.NullTranslations | None = None,
        hide_empty_lanes: bool = True,
        allow_raw_html: bool = False,
    ) -> None:
        self.lanes = list(lanes)
        self.locale = Locale.parse(locale.replace("-", "_"))
        self.hide_empty_lanes = hide_empty_lanes
        self.allow_raw_html = allow_raw_html
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*map(str, template_dirs), str(PACKAGE_TEMPLATES)]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        self.env.install_gettext_translations(  # type: ignore[attr-defined]
            translations or gettext.NullTranslations(), newstyle=True
        )
        self.env.filters["md"] = self._inline
        self.env.globals["quantity"] = lambda value, unit: format_quantity(value, unit, self.locale)
        self.env.globals["day"] = lambda value: format_day(value, self.locale)
        self.env.globals["number"] = lambda value: format_number(value, self.locale)
        self.env.globals["language_name"] = lambda code: babel_locale(code).get_display_name(
            self.locale
        )
        # Lane labels come from the site's config too, where "%" is ordinary text: looked up
        # as they are, never %-formatted as Jinja's newstyle _() would.
        self.env.filters["label"] = (translations or gettext.NullTranslations()).gettext

    @staticmethod
    def _inline(value: str | None) -> Markup:
        """Inline Markdown; text that fell back to the source language says which it is."""
        html = text.inline(value)
        if isinstance(value, Fallback):
            return Markup('<span class="jm-fallback" lang="{}" dir="{}">{}</span>').format(
                value.lang, direction(value.lang), html
            )
        return html

    def render_page(
        self,
        loaded: LoadedJourney,
        *,
        body_html: str,
        page_url: str,
        view: Overlaid | None = None,
        state: TranslationState = "source",
        source_locale: str = "en",
    ) -> str:
        """The page fragment for a journey: header, persona, map and sanitised body.

        ``view`` is the journey in the page's language (see translation.overlay); ``state``
        says how it relates to the source, for the notice at the top of the page.
        """
        journey = view.journey if view else loaded.journey
        body_lang = view.body_lang if view else None
        context: dict[str, Any] = {
            "journey": journey,
            "columns": columns_of(journey, step_anchors(loaded.journey)),
            "stages": [Span(stage.name, len(stage.steps)) for stage in journey.stages],
            "phases": phase_spans(journey),
            "lanes": self.visible_lanes(journey),
            "body": Markup(  # noqa: S704 - sanitised by nh3's allowlist
                text.sanitize_body(body_html, allow_raw_html=self.allow_raw_html)
            ),
            "body_lang": body_lang,
            "body_dir": direction(body_lang) if body_lang else None,
            "photo_url": self._photo_url(loaded, page_url),
            "lang": str(self.locale).replace("_", "-"),
            "dir": direction(str(self.locale)),
            "translation_state": state,
            "source_locale": source_locale,
            "source_dir": direction(source_locale),
        }
        return self.env.get_template("journey_maps/page.html").render(context)

    def visible_lanes(self, journey: Journey) -> list[Lane]:
        if not self.hide_empty_lanes:
            return self.lanes
        steps = [step for _, step in journey.steps()]
        return [lane for lane in self.lanes if any(lane.has_content(step) for step in steps)]

    @staticmethod
    def _photo_url(loaded: LoadedJourney, page_url: str) -> str | None:
        persona = loaded.journey.persona
        if not persona or not persona.photo:
            return None
        return quote(relative_url(photo_uri(loaded.src_uri, persona.photo), page_url))

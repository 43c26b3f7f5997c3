"""The map page: a journey and its rendered body in, one HTML fragment out.

Templates are small partials under ``templates/journey_maps/``; a site overrides any of them
by putting a file of the same name in one of the directories listed before the package's.
Autoescape is on: content reaches the HTML only through ``text.inline`` or escaping.
"""

from __future__ import annotations

import functools
import gettext
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..core import text
from ..core.collection import PersonaView
from ..core.languages import babel_locale, direction, native_name
from ..core.loading import LoadedJourney
from ..core.model import Journey, Persona, Stage, Step, photo_uri
from ..core.translation import Fallback, TranslationState, View
from . import interface_words
from .comparison import Comparison
from .emotion_curve import (
    LEVEL_WORDS,
    CurveSlice,
    Line,
    Value,
    curves,
    emotion_lines,
    extremes,
    level_of,
    line_legend,
    sparkline,
)
from .formatting import format_day, format_number, format_quantity
from .gallery import Card, Facet
from .indentation import without_indentation
from .lanes import Lane, with_own_lanes
from .overview import overview_of
from .printed import PdfLink
from .prompts import PROMPT_CLASS, Prompt, prompted, prompted_model
from .touchpoints import SORTS, Passage, Point, PriorityView, SortBy, sorted_points

TITLE_ID = "jm-title"
"""The id of a map page's title (templates/journey_maps/header.html)."""
_BODY_MARK = "<!-- journey-maps: the body -->"
"""Where the body goes once the templates' markup has lost its indentation."""
PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"


@dataclass(frozen=True)
class Column:
    """One step of the map, as a column."""

    number: int
    stage: Stage
    step: Step
    anchor: str
    stage_start: bool
    curve: CurveSlice
    opens: Link | None = None
    """The map this step opens, a journey of its own."""


@dataclass(frozen=True)
class CastMember:
    """A persona of the map, as its page shows it."""

    id: str | None
    persona: Persona
    photo_url: str | None
    href: str | None
    """Its page, for a persona of the library."""


@dataclass(frozen=True)
class Link:
    title: str
    href: str


@dataclass(frozen=True)
class Download:
    name: str
    """The file name the browser saves it under."""
    href: str
    from_disk: str | None = None
    """The same file as a data: URL, for a page opened from disk (file://)."""


@dataclass(frozen=True)
class PageLinks:
    """What a map page links to beyond itself."""

    download: Download | None = None
    """A template's Markdown source ("Use this template")."""
    improves: Link | None = None
    """For a future-state map: the current-state map it improves."""
    improved_by: tuple[Link, ...] = ()
    comparison: Comparison | None = None
    """For a future-state map: its steps against the current-state map's."""
    opens: tuple[tuple[int, Link], ...] = ()
    """(step index, the map it opens), for each step that is a journey of its own."""
    part_of: tuple[Link, ...] = ()
    """The maps with a step that opens this one."""
    cast: tuple[CastMember, ...] | None = None
    """The map's personas (None: those written on the map, without library pages)."""
    address_of: Callable[[str], str] | None = None
    """The site path of a page of the docs folder, by src_uri (for evidence's links)."""
    pdf: PdfLink | None = None
    """The map's PDF, when the build prints one (plugin option pdf)."""


@dataclass(frozen=True)
class PersonaPage:
    """What a persona's page shows besides its description."""

    view: PersonaView
    photo_url: str | None
    maps: tuple[Link, ...]
    """The maps it appears in."""


@dataclass(frozen=True)
class Span:
    """A header cell spanning several columns: a stage, or a phase (label None: no phase)."""

    label: str | None
    span: int


def columns_of(
    journey: Journey,
    anchors: list[str],
    lines: list[Line] | None = None,
    values: list[list[Value]] | None = None,
    opens: Mapping[int, Link] | None = None,
) -> list[Column]:
    """The map's columns; ``lines`` and their ``values`` (see ``emotion_lines``) draw the
    emotion lane, by default one line of the steps' ``emotion``."""
    if values is None:
        values = [[journey.common(step.emotion) for _, step in journey.steps_in_order()]]
    leads = frozenset(line.index for line in lines if line.persona_number == 0) if lines else None
    curve = curves(values, [line.mark for line in lines or ()], leads)
    opens = opens or {}
    columns = []
    number = 0
    for stage in journey.all_stages:
        for index, step in enumerate(stage.steps):
            columns.append(
                Column(
                    number + 1,
                    stage,
                    step,
                    anchors[number],
                    index == 0,
                    curve[number],
                    opens.get(number),
                )
            )
            number += 1
    return columns


def phase_spans(journey: Journey) -> list[Span]:
    """Consecutive stages of the same phase, merged; empty when no stage names a phase."""
    if not any(stage.phase for stage in journey.all_stages):
        return []
    spans: list[Span] = []
    for stage in journey.all_stages:
        if spans and spans[-1].label == stage.phase:
            spans[-1] = Span(stage.phase, spans[-1].span + len(stage.steps))
        else:
            spans.append(Span(stage.phase, len(stage.steps)))
    return spans


def relative_url(target: str, page_url: str) -> str:
    """The URL of site path ``target`` as seen from the page at ``page_url``."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    path, hash_mark, fragment = target.partition("#")
    relative = posixpath.relpath(path or ".", base.rstrip("/") or ".")
    if path.endswith("/") or not path:
        relative = relative + "/" if relative != "." else "./"
    return relative + hash_mark + fragment


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, by name and source, for environments of one
    set of options (``compiled_for``): each build, and each language of a build, makes a
    new Jinja environment, which would compile every template again (a quarter of a
    second, twice the time an edit takes to render under the preview). Jinja checks the
    source's checksum, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED: dict[tuple[object, ...], CompiledTemplates] = {}


def compiled_for(env: jinja2.Environment) -> CompiledTemplates:
    """The compiled templates of environments with ``env``'s options: what a template
    compiles to depends on them (autoescaping, whitespace control, extensions)."""
    options = (
        env.autoescape if isinstance(env.autoescape, bool) else id(env.autoescape),
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        env.newline_sequence,
        env.optimized,
        tuple(sorted(env.extensions)),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
    )
    return _COMPILED.setdefault(options, CompiledTemplates())


class Fragments:
    """The HTML of parts that pages repeat (a map's card, a step's row on a touchpoint's
    page), each kept with what it was made of: rendered once, and again only when that
    changed. One build's renderer fills it; under the preview the next build of the same
    language, dirty, reuses it (see ``incremental``), so that an edit renders the parts
    of one map rather than the cards and rows of every map."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, ...], tuple[object, Markup]] = {}

    def get(self, key: tuple[str, ...], inputs: object, render: Callable[[], str]) -> Markup:
        found = self._parts.get(key)
        if found is not None and found[0] == inputs:
            return found[1]
        html = Markup(render())  # noqa: S704 - rendered by autoescaping Jinja
        self._parts[key] = (inputs, html)
        return html


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
        fragments: Fragments | None = None,
    ) -> None:
        self.lanes = list(lanes)
        self.locale = babel_locale(locale)
        self.hide_empty_lanes = hide_empty_lanes
        self.allow_raw_html = allow_raw_html
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*map(str, template_dirs), str(PACKAGE_TEMPLATES)]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            # A renderer lives for one build: its templates need not be checked on disk
            # at each of the 260,000 includes of a 1,000-map build (a stat each).
            auto_reload=False,
        )
        self.env.bytecode_cache = compiled_for(self.env)
        catalog = translations or gettext.NullTranslations()
        interface_words.install(self.env, catalog)
        self.env.filters["md"] = self._inline
        self.env.filters["link_text"] = self._link_text
        self.env.globals["quantity"] = lambda value, unit: format_quantity(value, unit, self.locale)
        self.env.globals["day"] = lambda value: format_day(value, self.locale)
        # Babel formats a number in some 50 µs; the indexes show the same few numbers
        # tens of thousands of times.
        self.env.globals["number"] = functools.lru_cache(maxsize=4096, typed=True)(
            lambda value: format_number(value, self.locale)
        )
        self.env.globals["language_name"] = lambda code: babel_locale(code).get_display_name(
            self.locale
        )
        self.env.globals["native_name"] = native_name
        self.env.globals["sparkline"] = sparkline
        self.env.globals["extremes"] = extremes
        self.env.globals["level_of"] = level_of
        self.env.globals["level_word"] = lambda value: LEVEL_WORDS[level_of(value)]
        self.env.globals["signed"] = self._signed
        self.env.globals["percent"] = lambda share: round(share * 100)
        self.env.globals["plain"] = text.plain
        self.translations = catalog
        # Lane labels come from the site's config too, where "%" is ordinary text: looked up
        # as they are, never %-formatted as Jinja's newstyle _() would.
        self.env.filters["label"] = catalog.gettext
        self.fragments = fragments or Fragments()
        """Cards by map and the folder of the page they are on (a card is the same on the
        gallery and on every facet page in one folder); touchpoint rows likewise."""

    def _inline(self, value: str | None) -> Markup:
        """Inline Markdown; text that fell back to the source language says which it is,
        and a template's prompt that it is one (``prompts``)."""
        html = text.inline(value)
        lang = value.lang if isinstance(value, Fallback | Prompt) else None
        if lang:
            html = Markup('<span class="jm-fallback" lang="{}" dir="{}">{}</span>').format(
                lang, direction(lang), html
            )
        if isinstance(value, Prompt):
            return Markup('<span class="{}"><span class="jm-sr-only">{}: </span>{}</span>').format(
                PROMPT_CLASS, self.translations.gettext("Prompt"), html
            )
        return html

    @staticmethod
    def _link_text(value: str | None) -> Markup:
        """Text inside a link: plain, because a link the text brings along (inline Markdown)
        would nest one link in another and take over the outer one."""
        plain = Markup.escape(text.plain(value))
        if isinstance(value, Fallback):
            return Markup('<span class="jm-fallback" lang="{}" dir="{}">{}</span>').format(
                value.lang, direction(value.lang), plain
            )
        return plain

    def render_page(
        self,
        loaded: LoadedJourney,
        *,
        body_html: str,
        page_url: str,
        view: View | None = None,
        state: TranslationState = "source",
        source_locale: str = "en",
        links: PageLinks | None = None,
    ) -> str:
        """The page fragment for a journey: header, persona, map and sanitised body.

        ``view`` is the journey in the page's language (see collection.page_view); ``state``
        says how it relates to the source, for the notice at the top of the page.
        """
        context = self._page_context(
            loaded,
            body_html=body_html,
            page_url=page_url,
            view=view,
            state=state,
            source_locale=source_locale,
            links=links,
        )
        return self._page_html(context)

    def render_page_and_search_text(self, loaded: LoadedJourney, **page: Any) -> tuple[str, str]:
        """The page fragment (render_page, whose keyword arguments ``page`` are) and what a
        search index should hold of the page (search.html): its words under the page's
        headings, a fraction of its markup. Both from one context, worked out once."""
        context = self._page_context(loaded, **page)
        search_text = self.env.get_template("journey_maps/search.html").render(context)
        return self._page_html(context), search_text

    def _page_html(self, context: dict[str, Any]) -> str:
        # The templates' indentation goes; the body keeps the author's (see ``indentation``).
        body = context["body"]
        context = {**context, "body": Markup(_BODY_MARK) if body else ""}  # noqa: S704
        html = without_indentation(self.env.get_template("journey_maps/page.html").render(context))
        return html.replace(_BODY_MARK, body, 1)

    def _page_context(
        self,
        loaded: LoadedJourney,
        *,
        body_html: str,
        page_url: str,
        view: View | None = None,
        state: TranslationState = "source",
        source_locale: str = "en",
        links: PageLinks | None = None,
    ) -> dict[str, Any]:
        journey = prompted(view.journey if view else loaded.journey)
        body_lang = view.body_lang if view else None
        links = links or PageLinks()
        cast = (
            links.cast if links.cast is not None else self._written_cast(loaded, journey, page_url)
        )
        if journey.kind == "template":  # a persona written on a template is prompts too
            cast = tuple(
                member if member.href else replace(member, persona=prompted_model(member.persona))
                for member in cast
            )
        lines, values = emotion_lines(
            loaded.journey, journey, [member.persona.name for member in cast]
        )
        return {
            "journey": journey,
            "columns": columns_of(journey, loaded.anchors, lines, values, dict(links.opens)),
            "overview": overview_of(journey, loaded.anchors, lines, values),
            "lines": lines if len(lines) > 1 else [],
            "line_legend": line_legend(lines, values) if len(lines) > 1 else [],
            "named_stages": bool(journey.stages),
            "evidence_href": functools.partial(
                _evidence_href, loaded.src_uri, page_url, links.address_of
            ),
            "cast": cast,
            "stages": [Span(stage.name, len(stage.steps)) for stage in journey.all_stages],
            "stage_notes": any(
                stage.description or stage.duration or stage.evidence
                for stage in journey.all_stages
            ),
            "phases": phase_spans(journey),
            "lanes": self.visible_lanes(journey),
            "scale": journey.emotion_scale,
            "body": Markup(  # noqa: S704 - sanitised by nh3's allowlist
                text.sanitize_body(body_html, allow_raw_html=self.allow_raw_html)
            ),
            "body_lang": body_lang,
            "body_dir": direction(body_lang) if body_lang else None,
            "photo_url": cast[0].photo_url if len(cast) == 1 else None,
            "lang": str(self.locale).replace("_", "-"),
            "dir": direction(str(self.locale)),
            "translation_state": state,
            "source_locale": source_locale,
            "source_dir": direction(source_locale),
            "links": links,
        }

    def render_persona_page(self, page: PersonaPage, *, body_html: str) -> str:
        """A persona of the library's page: its card, its sanitised description
        (``body_html``) and the maps it appears in."""
        body_lang = page.view.body_lang
        body = text.sanitize_body(body_html, allow_raw_html=self.allow_raw_html)
        html = self.env.get_template("journey_maps/persona_page.html").render(
            page=page,
            body=Markup(_BODY_MARK) if body else "",  # noqa: S704
            body_lang=body_lang,
            body_dir=direction(body_lang) if body_lang else None,
            lang=self.lang,
            dir=direction(self.lang),
        )
        return without_indentation(html).replace(_BODY_MARK, body, 1)

    def render_gallery(
        self,
        cards: list[Card],
        facets: list[Facet],
        *,
        page_url: str,
        url_of: Callable[..., str],
        title_of: Callable[[str], str],
        facet_uri: Callable[[str, str], str],
        gallery_uri: str,
        active: dict[str, str] | None = None,
        heading: str | None = None,
        with_heading: bool = True,
    ) -> str:
        """The gallery (``active`` empty) or a facet page: its cards and the facets.

        ``url_of(src_uri, lang=None)`` is a page's site path (in ``lang``, default: this
        build's); ``facet_uri(facet, key)`` and ``gallery_uri`` name the static pages.
        """
        href = self._href(page_url, url_of)
        folder = page_url.rpartition("/")[0]  # where the cards' relative links start
        filterable = not active

        def card_html(card: Card) -> Markup:
            related = [title_of(uri) for uri in (card.improves, *card.improved_by) if uri]
            # Only the gallery filters its cards: a facet page's card carries no words and
            # keys for the script, which would be repeated on each of a map's tag pages.
            return self.fragments.get(
                ("card", card.src_uri, folder, "filterable" if filterable else "static"),
                (card, related),
                lambda: self.env.get_template("journey_maps/card.html").render(
                    card=card, href=href, title_of=title_of, lang=self.lang, filterable=filterable
                ),
            )

        context: dict[str, Any] = {
            "cards": cards,
            "card_html": card_html,
            "facets": facets,
            "active": active or {},
            "heading": heading,
            "with_heading": with_heading,
            "lang": self.lang,
            "dir": direction(self.lang),
            "href": href,
            "title_of": title_of,
            "facet_href": lambda facet, key: href(facet_uri(facet, key)),
            "gallery_href": href(gallery_uri),
            "count_forms": self.count_forms(),
        }
        template = "journey_maps/facet_page.html" if active else "journey_maps/gallery.html"
        return without_indentation(self.env.get_template(template).render(context))

    def render_touchpoints(
        self,
        touchpoints: list[Point],
        channels: list[Point],
        *,
        page_url: str,
        url_of: Callable[..., str],
        point_uri: Callable[[str, str], str],
        priorities_uri: str,
        index_uri: Callable[[str], str] | None = None,
        sort_by: SortBy = "name",
        scores: Mapping[str, float] | None = None,
        with_heading: bool = True,
    ) -> str:
        """The index of every touchpoint and channel, each linked to its own page
        (``point_uri(kind, key)``), in the order ``sort_by``; ``index_uri(by)`` is the
        index's page in each order, which its column headers link."""
        href = self._href(page_url, url_of)
        scores = scores or {}
        points = {"touchpoint": touchpoints, "channel": channels}
        html = self.env.get_template("journey_maps/touchpoints.html").render(
            touchpoints=sorted_points(touchpoints, sort_by, scores),
            channels=sorted_points(channels, sort_by, {}),
            scores=scores,
            sort_by=sort_by,
            sort_href=(lambda by: href(index_uri(by))) if index_uri else None,
            sorts=SORTS,
            row_html=lambda kind, point: self.fragments.get(
                ("index-row", kind, point.key, href(point_uri(kind, point.key))),
                (point, scores.get(point.key)),
                lambda: self.env.get_template("journey_maps/point_index_row.html").render(
                    point=point,
                    kind=kind,
                    score=scores.get(point.key) if kind == "touchpoint" else None,
                    point_href=href(point_uri(kind, point.key)),
                    lang=self.lang,
                ),
            ),
            counts={kind: len(each) for kind, each in points.items()},
            priorities_href=href(priorities_uri),
            with_heading=with_heading,
            lang=self.lang,
            dir=direction(self.lang),
        )
        return without_indentation(html)

    def render_point(
        self,
        point: Point,
        kind: str,
        *,
        page_url: str,
        url_of: Callable[..., str],
        touchpoints_uri: str,
        heading: str,
        with_heading: bool = True,
    ) -> str:
        """A touchpoint's or channel's page: every step through it, across all maps."""
        href = self._href(page_url, url_of)

        def row_html(passage: Passage) -> Markup:
            # The row's one address is its map's, so a row is the same on every page that
            # reaches the map by the same path: a step's touchpoint's and channel's pages.
            return self.fragments.get(
                ("passage", passage.src_uri, passage.anchor, href(passage.src_uri)),
                passage,
                lambda: self.env.get_template("journey_maps/point_row.html").render(
                    passage=passage, href=href, lang=self.lang
                ),
            )

        html = self.env.get_template("journey_maps/point.html").render(
            point=point,
            row_html=row_html,
            kind=kind,
            heading=heading,
            href=href,
            touchpoints_href=href(touchpoints_uri),
            with_heading=with_heading,
            lang=self.lang,
            dir=direction(self.lang),
        )
        return without_indentation(html)

    def render_priorities(
        self,
        view: PriorityView,
        *,
        page_url: str,
        url_of: Callable[..., str],
        point_uri: Callable[[str, str], str],
        index_uri: str,
        with_heading: bool = True,
    ) -> str:
        """The priority view: the ranking with each touchpoint's owner, opportunity and
        the parts of its score; what it leaves out, and the plans (``index_uri``: the
        full index, by score)."""
        href = self._href(page_url, url_of)
        html = self.env.get_template("journey_maps/priorities.html").render(
            view=view,
            priorities=view.ranked,
            index_href=href(index_uri),
            map_href=href,
            point_href=lambda key: href(point_uri("touchpoint", key)),
            with_heading=with_heading,
            lang=self.lang,
            dir=direction(self.lang),
        )
        return without_indentation(html)

    def count_forms(self) -> dict[str, str]:
        """The gallery's "N maps" message in each CLDR plural category of the locale, with
        ``{num}`` for the number: the filter script picks one with Intl.PluralRules."""
        forms: dict[str, str] = {}
        rule = self.locale.plural_form
        for category in (*sorted(rule.tags), "other"):
            sample = next((n for n in range(1000) if rule(n) == category), None)
            if sample is not None and category not in forms:
                forms[category] = self.translations.ngettext(
                    "%(num)s map", "%(num)s maps", sample
                ) % {"num": "{num}"}
        return forms

    @property
    def lang(self) -> str:
        return str(self.locale).replace("_", "-")

    def _signed(self, value: float) -> str:
        value = round(value, 1) + 0.0  # no "-0"
        sign = "+" if value > 0 else ""
        return sign + format_number(value, self.locale)

    @staticmethod
    def _href(page_url: str, url_of: Callable[..., str]) -> Callable[..., str]:
        @functools.cache  # a page links most maps more than once
        def href(src_uri: str, lang: str | None = None) -> str:
            return quote(relative_url(url_of(src_uri, lang), page_url), safe="/#%")

        return href

    def visible_lanes(self, journey: Journey) -> list[Lane]:
        """The site's lanes and the map's own (in the map's language); a lane no step
        fills is left out, a lane of the site or the map always, a built-in one unless
        the site keeps empty lanes (plugin option hide_empty_lanes)."""
        steps = [step for _, step in journey.steps_in_order()]
        return [
            lane
            for lane in with_own_lanes(self.lanes, journey.lanes)
            if (lane.kind != "custom" and not self.hide_empty_lanes)
            or any(lane.has_content(step) for step in steps)
        ]

    @staticmethod
    def _written_cast(
        loaded: LoadedJourney, journey: Journey, page_url: str
    ) -> tuple[CastMember, ...]:
        """The personas written on the map (a map rendered without its site: no library)."""
        return tuple(
            CastMember(
                getattr(persona, "id", None),
                persona,
                photo_url(loaded.src_uri, persona.photo, page_url),
                None,
            )
            for persona in journey.personas_written()
        )


def _evidence_href(
    src_uri: str, page_url: str, address_of: Callable[[str], str] | None, link: str
) -> str:
    """A piece of evidence's link from the page: an http(s) address as it is; a page of
    the site (a path relative to the map's file) at that page's address."""
    if link.startswith(("http://", "https://")) or address_of is None:
        return link
    path, hash_mark, fragment = link.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    return quote(relative_url(address_of(target), page_url), safe="/%") + hash_mark + fragment


def photo_url(home: str, photo: str | None, page_url: str) -> str | None:
    """The address of a persona's photo (written relative to ``home``, the map's or the
    library file's src_uri) from the page at ``page_url``."""
    if not photo:
        return None
    return quote(relative_url(photo_uri(home, photo), page_url))

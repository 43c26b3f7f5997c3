"""One language's build of a site: its maps, gallery, indexes and outputs, without MkDocs.

The MkDocs adapter creates a ``Site`` per language build and asks it what pages and files
to add and what each page holds; any other static-site generator could do the same.
"""

from __future__ import annotations

import base64
import html
import posixpath
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from ..core.collection import Collection, cast_of, listed_view, persona_view
from ..core.languages import Languages, native_name
from ..core.loading import LoadedJourney
from ..core.personas import LoadedPersona
from ..core.scaffold import template_source
from ..core.text import plain
from ..core.translation import View
from .comparison import compare
from .gallery import Card, Facet, build_cards, facets, matching
from .outputs import journey_catalog, journey_catalog_json, metrics_csv
from .plan import (
    JOURNEY_CATALOG_FILE,
    METRICS_FILE,
    SitePage,
    download_path,
    facet_uri,
    language_prefix,
    page_path,
    plan,
    point_uri,
    priorities_uri,
    touchpoints_uri,
)
from .printed import PdfLink, pdf_path
from .rendering import (
    CastMember,
    Download,
    Link,
    PageLinks,
    PersonaPage,
    Renderer,
    photo_url,
    relative_url,
)
from .touchpoints import (
    SORTS,
    IndexOptions,
    Point,
    SortBy,
    index,
    priorities,
    priority_view,
)


class Site:
    """The maps of a site as readers of one language get them."""

    def __init__(
        self,
        collection: Collection,
        languages: Languages,
        renderer: Renderer,
        *,
        docs_dir: Path,
        gallery_uri: str = "maps.md",
        directory_urls: bool = True,
        offline: bool = False,
        pdf_paper: str | None = None,
        index_options: IndexOptions | None = None,
    ) -> None:
        self.collection = collection
        self.languages = languages
        self.renderer = renderer
        self.docs_dir = docs_dir
        self.gallery_uri = gallery_uri
        self.directory_urls = directory_urls
        self.offline = offline
        """Pages must also work opened from disk (file://)."""
        self.pdf_paper = pdf_paper
        """The paper each map is printed on, beside its page (see ``builds.pdf``); None
        when this build prints no PDFs."""
        self.index_options = index_options or IndexOptions()
        """Touchpoint aliases, those outside our control, the priority threshold."""
        self.cards: list[Card] = build_cards(collection, languages)
        self.titles = {card.src_uri: card.journey.title for card in self.cards}
        self.pages: dict[str, SitePage] = plan(
            gallery_uri,
            self.cards,
            {
                "touchpoint": [point.key for point in self.touchpoints],
                "channel": [point.key for point in self.channels],
            },
        )
        """The pages the plugin fills in, by src_uri."""
        self.prefix = language_prefix(languages.current, languages.default)
        """Where this language's site sits below the site root ('' or 'de/')."""

    @cached_property
    def facets(self) -> list[Facet]:
        return facets(self.cards, self.fixed_label)

    @cached_property
    def touchpoints(self) -> list[Point]:
        # A canonical name comes from the site's options: its catalogs translate it.
        gettext = self.renderer.translations.gettext
        labels = {name: gettext(name) for name in set(self.index_options.aliases.values())}
        return index(self.collection, self.languages, "touchpoint", self.index_options, labels)

    @cached_property
    def channels(self) -> list[Point]:
        return index(self.collection, self.languages, "channel")

    @cached_property
    def scores(self) -> dict[str, float]:
        """Each touchpoint's priority score (current-state maps only), by key."""
        return {priority.point.key: priority.score for priority in priorities(self.touchpoints)}

    # Addresses -------------------------------------------------------------------------

    def url_of(self, src_uri: str, lang: str | None = None) -> str:
        """The site path of a page, in ``lang`` (default: this build's language)."""
        prefix = self.prefix if lang is None else language_prefix(lang, self.languages.default)
        return prefix + self.page_path(src_uri)

    def page_path(self, src_uri: str) -> str:
        """A page's path below a language's root."""
        return page_path(src_uri, directory_urls=self.directory_urls)

    def download_url(self, src_uri: str) -> str | None:
        """A template's downloadable source, from the site root; None for an example."""
        if self.collection.journeys[src_uri].journey.kind != "template":
            return None
        return self.prefix + download_path(src_uri, directory_urls=self.directory_urls)

    # Files -----------------------------------------------------------------------------

    def outputs(self) -> dict[str, str]:
        """Files to publish, by path from the site root: journeys.json, metrics.csv and
        each template's Markdown source in this language."""
        files = {
            self.prefix + JOURNEY_CATALOG_FILE: journey_catalog_json(
                journey_catalog(self.cards, self.languages.current, self.url_of, self.download_url)
            ),
            self.prefix + METRICS_FILE: metrics_csv(self.collection, self.languages, self.url_of),
        }
        for src_uri, source in self.template_sources.items():
            files[self.download_url(src_uri)] = source  # type: ignore[index]
        return files

    @cached_property
    def template_sources(self) -> dict[str, str]:
        """Each template's Markdown source in this language, by src_uri."""
        sources = {}
        for card in self.cards:
            loaded = self.collection.journeys[card.src_uri]
            if loaded.journey.kind == "template":
                translation = self.collection.translations.get(
                    (card.src_uri, self.languages.current)
                )
                sources[card.src_uri] = template_source(
                    loaded, self.docs_dir, translation, self.languages.default
                )
        return sources

    # Pages -----------------------------------------------------------------------------

    def page_title(self, site_page: SitePage) -> str:
        """A generated page's title, as plain text."""
        gettext = self.renderer.translations.gettext
        if site_page.kind == "gallery":
            return gettext("Journey maps")
        if site_page.kind == "touchpoints":
            return gettext("Touchpoints and channels")
        if site_page.kind == "priorities":
            return gettext("Where to act first")
        if site_page.kind == "point":
            # Two literal messages, so that i18n extract finds both.
            group = gettext("Channels") if site_page.facet == "channel" else gettext("Touchpoints")
            return f"{group}: {plain(self.point(site_page).label)}"
        return plain(self.facet_heading(site_page))

    def point(self, site_page: SitePage) -> Point:
        """The touchpoint or channel a point's page is about."""
        return self._points[(site_page.facet or "", site_page.key or "")]

    @cached_property
    def _points(self) -> dict[tuple[str, str], Point]:
        return {
            **{("touchpoint", point.key): point for point in self.touchpoints},
            **{("channel", point.key): point for point in self.channels},
        }

    def page_inputs(self, site_page: SitePage) -> object:
        """Everything a page's content is made of, besides its address: a page whose
        inputs equal those of the last build need not be rendered again (see
        ``incremental``)."""
        if site_page.kind in ("touchpoints", "priorities"):
            return (self.touchpoints, self.channels, self.index_options)
        if site_page.kind == "point":
            return self.point(site_page)
        cards = self.cards
        if site_page.facet and site_page.key:
            cards = matching(self.cards, site_page.facet, site_page.key)
        related = [uri for card in cards for uri in (card.improves, *card.improved_by) if uri]
        return (cards, self.facets, [self.titles.get(uri, uri) for uri in related])

    def page_meta(self, site_page: SitePage) -> dict[str, object]:
        """Metadata for a generated page; the title escaped, as the theme prints it raw."""
        meta: dict[str, object] = {
            "title": html.escape(self.page_title(site_page), quote=True),
            "hide": ["toc"],  # the cards and tables need the width
        }
        if site_page.kind != "gallery":
            # Facet pages and indexes repeat what the maps say: a search leads to the maps.
            meta["search"] = {"exclude": True}
        return meta

    def render(self, site_page: SitePage, page_url: str, intro_html: str = "") -> str:
        """The content of the gallery, a facet page or an index. ``intro_html`` is the
        site's own page at that address, when it wrote one: its text (and title) stands
        above what the plugin adds."""
        own = bool(intro_html.strip()) and site_page.kind != "gallery"
        if site_page.kind == "touchpoints":
            return intro_html + self.renderer.render_touchpoints(
                self.touchpoints,
                self.channels,
                page_url=page_url,
                url_of=self.url_of,
                point_uri=lambda kind, key: point_uri(self.gallery_uri, kind, key),
                priorities_uri=priorities_uri(self.gallery_uri),
                index_uri=lambda by: touchpoints_uri(self.gallery_uri, by),
                sort_by=_sort_of(site_page.key),
                scores=self.scores,
                with_heading=not own,
            )
        if site_page.kind == "point":
            kind = "channel" if site_page.facet == "channel" else "touchpoint"
            return intro_html + self.renderer.render_point(
                self.point(site_page),
                kind,
                page_url=page_url,
                url_of=self.url_of,
                touchpoints_uri=touchpoints_uri(self.gallery_uri),
                with_heading=not own,
                heading=self.page_title(site_page),
            )
        if site_page.kind == "priorities":
            return intro_html + self.renderer.render_priorities(
                priority_view(self.touchpoints, self.collection.improves, self.index_options),
                page_url=page_url,
                url_of=self.url_of,
                point_uri=lambda kind, key: point_uri(self.gallery_uri, kind, key),
                index_uri=touchpoints_uri(self.gallery_uri, "score"),
                with_heading=not own,
            )
        active: dict[str, str] = {}
        cards = self.cards
        if site_page.facet and site_page.key:
            active = {site_page.facet: site_page.key}
            cards = matching(self.cards, site_page.facet, site_page.key)
        return intro_html + self.renderer.render_gallery(
            cards,
            self.facets,
            page_url=page_url,
            url_of=self.url_of,
            title_of=lambda src_uri: self.titles.get(src_uri, src_uri),
            facet_uri=lambda facet, key: facet_uri(self.gallery_uri, facet, key),
            gallery_uri=self.gallery_uri,
            active=active,
            heading=self.facet_heading(site_page) if active else None,
            with_heading=not own,
        )

    def facet_heading(self, site_page: SitePage) -> str:
        """'Industry: Retail', in the reader's language."""
        gettext = self.renderer.translations.gettext
        names = {
            "kind": gettext("Type"),
            "industry": gettext("Industry"),
            "tag": gettext("Tags"),
            "persona": gettext("Personas"),
            "state": gettext("State"),
            "language": gettext("Language"),
        }
        facet, key = site_page.facet or "", site_page.key or ""
        label = self.fixed_label(facet, key)
        if label is None:
            for each in self.facets:
                for value in each.values:
                    if each.name == facet and value.key == key:
                        label = value.label
        return f"{names.get(facet, facet)}: {label or key}"

    def fixed_label(self, facet: str, key: str) -> str | None:
        """The label of a value the plugin knows (kinds, states, languages)."""
        if facet == "language":
            return native_name(key)
        gettext = self.renderer.translations.gettext
        return {
            ("kind", "template"): gettext("Template"),
            ("kind", "example"): gettext("Example"),
            ("state", "current"): gettext("Current state"),
            ("state", "future"): gettext("Future state"),
        }.get((facet, key))

    def page_links(self, loaded: LoadedJourney, view: View, page_url: str) -> PageLinks:
        """What a map page links to: its template download, the current-state map it
        improves (with the comparison) and the future-state maps that improve it, the
        maps its steps open and those it is part of, and its personas' pages."""

        def href(src_uri: str) -> str:
            return quote(relative_url(self.url_of(src_uri), page_url), safe="/#%")

        uri = loaded.src_uri
        download_url = self.download_url(uri)
        download = None
        if download_url:
            download = Download(
                posixpath.basename(uri),
                quote(relative_url(download_url, page_url)),
                # Chromium ignores `download` on a link from a file:// page and shows the
                # file instead; a data: link it does save.
                from_disk=_data_url(self.template_sources[uri]) if self.offline else None,
            )
        improves = self.collection.improves.get(uri)
        comparison = None
        if improves:
            current = self.collection.journeys[improves]
            comparison = compare(
                current,
                listed_view(current, self.collection.translations, self.languages).journey,
                loaded,
                view.journey,
            )
        anchors = {
            other: self.collection.journeys[other].anchors
            for other, _ in self.collection.part_of(uri)
        }
        return PageLinks(
            download=download,
            improves=Link(self.titles[improves], href(improves)) if improves else None,
            improved_by=tuple(
                Link(self.titles[future], href(future))
                for future in self.collection.improved_by(uri)
            ),
            comparison=comparison,
            opens=tuple(
                (index, Link(self.titles[target], href(target)))
                for index, target in sorted(self.collection.opens.get(uri, {}).items())
            ),
            part_of=tuple(
                Link(self.titles[parent], href(parent) + "#" + anchors[parent][index])
                for parent, index in self.collection.part_of(uri)
            ),
            address_of=self.url_of,
            pdf=PdfLink(quote(relative_url(pdf_path(self.url_of(uri)), page_url)), self.pdf_paper)
            if self.pdf_paper
            else None,
            cast=tuple(
                CastMember(
                    member.id,
                    member.persona,
                    photo_url(member.home, member.persona.photo, page_url),
                    href(member.home) if member.library else None,
                )
                for member in cast_of(loaded, view.journey, self.collection, self.languages)
            ),
        )

    # The persona library ------------------------------------------------------------------

    def persona_of(self, src_uri: str) -> LoadedPersona | None:
        """The persona of the library whose page (or translation) ``src_uri`` is."""
        persona_id = self.collection.persona_files.get(src_uri)
        return self.collection.personas.get(persona_id) if persona_id else None

    def persona_page(self, loaded: LoadedPersona, page_url: str) -> PersonaPage:
        """What a persona's page shows besides its description: the persona in this
        language, its photo, and every map it appears in."""
        view = persona_view(loaded, self.collection, self.languages)

        def href(src_uri: str) -> str:
            return quote(relative_url(self.url_of(src_uri), page_url), safe="/#%")

        return PersonaPage(
            view,
            photo_url(loaded.src_uri, loaded.persona.photo, page_url),
            tuple(
                Link(self.titles[uri], href(uri))
                for uri in self.collection.appearances(loaded.id)
                if uri in self.titles
            ),
        )


def _sort_of(key: str | None) -> SortBy:
    """The order of a touchpoint index page (its key; None: by name)."""
    return next((by for by in SORTS if by == key), "name")


def _data_url(text: str) -> str:
    return "data:text/markdown;charset=utf-8;base64," + base64.b64encode(
        text.encode("utf-8")
    ).decode("ascii")

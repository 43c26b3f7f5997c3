"""What each page of a language's build shows: a map page, a page the plugin fills in
(gallery, facet, index, touchpoint), or any other page of the site, whose printed
metadata is escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..core.collection import Collection, page_view, persona_view
from ..core.languages import Languages
from ..core.loading import LoadedJourney
from ..core.translation import TranslationState, View
from ..i18n.catalogs import translations_for
from ..pages.lanes import resolve_lanes
from ..pages.meta import escape_printed_meta, page_meta, persona_meta, searched
from ..pages.plan import SitePage
from ..pages.rendering import TITLE_ID, Renderer
from ..pages.site import Site
from . import static_i18n
from .config import JourneyMapsConfig
from .incremental import Incremental
from .sites import catalog_folders
from .state import SearchText


def renderer_for(
    config: MkDocsConfig,
    options: JourneyMapsConfig,
    languages: Languages,
    incremental: Incremental | None,
) -> Renderer:
    """What renders the maps for readers of ``languages.current``, with the theme's
    template folders first (a site overrides the plugin's templates there); under the
    preview, starting from the parts the last build rendered."""
    locale = options.locale or languages.current
    fragments = incremental.fragments(languages.current) if incremental else None
    return Renderer(
        [Path(d) for d in config.theme.dirs],
        lanes=resolve_lanes(options.lanes, options.site_lanes()),
        locale=locale,
        translations=translations_for(locale, catalog_folders(config)),
        hide_empty_lanes=options.hide_empty_lanes,
        allow_raw_html=options.allow_raw_html,
        fragments=fragments,
    )


def language_site(
    config: MkDocsConfig,
    options: JourneyMapsConfig,
    languages: Languages,
    collection: Collection,
    renderer: Renderer,
    *,
    pdf_paper: str | None = None,
) -> Site:
    """The maps of the site as readers of ``languages.current`` get them; ``pdf_paper``:
    the paper their PDFs are printed on, when this build prints them."""
    return Site(
        collection,
        languages,
        renderer,
        docs_dir=Path(config.docs_dir),
        gallery_uri=options.gallery,
        directory_urls=config.use_directory_urls,
        offline=options.offline,
        pdf_paper=pdf_paper,
        index_options=options.index_options(),
    )


def site_page_of(site: Site, page: Page) -> SitePage | None:
    """The page the plugin fills in, also when it is the site's translation of its own
    gallery page (``maps.de.md`` stands for ``maps.md``)."""
    return site.pages.get(static_i18n.source_uri(page.file))


def map_of(site: Site, page: Page) -> tuple[LoadedJourney, View, TranslationState] | None:
    """The journey behind a page, in this build's language, and how the page relates to
    its source."""
    collection = site.collection
    uri = page.file.src_uri
    loaded = collection.journeys.get(collection.translation_files.get(uri, uri))
    if loaded is None:
        return None
    view, state = page_view(loaded, collection.translations, site.languages)
    return loaded, view, state


def page_markdown(site: Site, page: Page, markdown: str) -> str:
    """The Markdown MkDocs renders for ``page``, with its metadata set: none for a page
    the plugin fills in, a map's body in the page's language, or the page's own."""
    site_page = site_page_of(site, page)
    if site_page is not None:
        if page.file.generated_by:
            page.meta = site.page_meta(site_page)
            return ""
        # The site's own gallery page: its text goes above the cards, which need the
        # width the table of contents would take.
        hidden = page.meta.setdefault("hide", [])
        if isinstance(hidden, list) and "toc" not in hidden:
            hidden.append("toc")
        escape_printed_meta(page.meta)
        return markdown
    persona = site.persona_of(page.file.src_uri)
    if persona is not None:
        shown = persona_view(persona, site.collection, site.languages)
        page.meta = persona_meta(shown.persona, shown.state)
        return shown.body
    found = map_of(site, page)
    if found is None:
        escape_printed_meta(page.meta)  # any page of the site
        return markdown
    _, view, state = found
    page.meta = page_meta(view.journey, state)
    return view.body


def page_content(site: Site, page: Page, html: str, search: SearchText) -> str:
    """The HTML of ``page``'s content: a map page around its rendered body, a page the
    plugin fills in (below the site's own text for it), or ``html`` as it is. What the
    search index is to hold of a page goes in ``search``."""
    site_page = site_page_of(site, page)
    if site_page is not None:
        if site_page.kind == "gallery":
            # Search is to find the gallery by the site's own text for it, else by its
            # title: not by its cards, which would repeat every map (and take the
            # search indexer seconds to read at 1,000 maps).
            search.texts[page.file.src_uri] = (
                html if html.strip() else f"<p>{page.meta['title']}</p>"  # escaped already
            )
        return site.render(site_page, page.url, intro_html=html)
    persona = site.persona_of(page.file.src_uri)
    if persona is not None:
        page.toc = _under_title(page.toc, page.meta["title"])  # persona_meta escaped it
        return site.renderer.render_persona_page(
            site.persona_page(persona, page.url), body_html=html
        )
    found = map_of(site, page)
    if found is None:
        return html
    loaded, view, state = found
    page.toc = _under_title(page.toc, page.meta["title"])  # page_meta escaped it
    arguments: dict[str, Any] = {
        "body_html": html,
        "page_url": page.url,
        "view": view,
        "state": state,
        "source_locale": site.languages.default,
        "links": site.page_links(loaded, view, page.url),
    }
    if not searched(state):
        return site.renderer.render_page(loaded, **arguments)
    content, search.texts[page.file.src_uri] = site.renderer.render_page_and_search_text(
        loaded, **arguments
    )
    return content


def _under_title(toc: TableOfContents, title_html: str) -> TableOfContents:
    """The body's headings as children of the map's title: "Skip to content" then leads
    to the map rather than past it to the body's first heading."""
    heading = AnchorLink(title_html, TITLE_ID, 1)
    heading.children = list(toc.items)
    return TableOfContents([heading])

"""The MkDocs adapter: thin hooks over the core (loading, rendering).

Journey front-matter is parsed and validated here before MkDocs reads any page, because
MkDocs 1.6 swallows front-matter YAML errors (and ``--strict`` still exits 0).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from babel import UnknownLocaleError
from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.templates import TemplateContext

from .catalogs import babel_locale, translations_for
from .collection import Collection, Languages, TranslationState, in_language
from .incremental import (
    Incremental,
    MadePage,
    SearchPages,
    WholeBuildNeeded,
    complete_search,
    keep_unchanged_pages,
    render_listed,
    search_entries,
    stop_search_guessing,
)
from .lanes import Lane, resolve_lanes
from .loading import MAX_FILE_BYTES, LoadedJourney, LoadOptions
from .outputs import CATALOG_SCHEMA_URI
from .page_size import theme_without_indentation
from .rendering import TITLE_ID, Renderer, compiled_for
from .site import Site, write_offline_search_index
from .site_files import Addresses, SiteFile, display_path, links_out_of
from .site_i18n import (
    catalog_dirs,
    collect_journeys,
    current_languages,
    drop_head_alternates,
    give_alternates,
    name_languages_natively,
    switch_to_language_homes,
)
from .site_meta import escape_printed_meta, page_meta
from .site_pages import SitePage
from .translation import Overlaid

log = get_plugin_logger(__name__)

PACKAGE = Path(__file__).parent
CSS_URI = "assets/journey-maps/journey-maps.css"
NOT_FOUND_TEMPLATE = "404.html"
JS_URI = "assets/journey-maps/journey-maps.js"
WORKER_SHIM_URI = "assets/journey-maps/iframe-worker.js"
SCHEMA_URI = "schema/journey.schema.json"
THEME_SUPPORT = str(PACKAGE / "theme_support")


class JourneyMapsConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    """Folder inside docs_dir whose Markdown pages are journeys."""
    lanes = c.ListOfItems(c.Type(str), default=[])
    """Lane ids in the order to draw them; lanes not listed are hidden. Empty: all lanes."""
    custom_lanes = c.DictOfItems(c.Type(str), default={})
    """Extra text lanes, id: label (e.g. frontstage: Frontstage); steps fill them under lanes:."""
    hide_empty_lanes = c.Type(bool, default=True)
    """Leave out a lane that no step of a map fills."""
    allow_raw_html = c.Type(bool, default=False)
    """Trust raw HTML in journey bodies (styles, iframes); scripts and bad URLs still go."""
    locale = c.Optional(c.Type(str))
    """Locale for numbers and dates; defaults to the theme's language."""
    max_file_size = c.Type(int, default=MAX_FILE_BYTES)
    """Largest journey file accepted, in bytes."""
    offline = c.Type(bool, default=False)
    """Make the built site work opened from disk (file://) as well as served: page URLs
    end in .html, and search reads its index from a script, in a local worker shim."""
    gallery = c.Type(str, default="maps.md")
    """The gallery page; created when the site has none, else its text shows above the
    cards. Facet pages and the touchpoint indexes go in the folder of the same name."""

    def validate(self) -> tuple[list[Any], list[Any]]:
        failed, warnings = super().validate()
        if not failed:
            try:
                resolve_lanes(self.lanes, self.custom_lanes)
            except ValueError as error:
                failed.append(("lanes", ValidationError(str(error))))
            if self.locale:
                try:
                    babel_locale(self.locale)
                except (ValueError, UnknownLocaleError):
                    failed.append(
                        (
                            "locale",
                            ValidationError(
                                f"'{self.locale}' is not a language code Babel knows (e.g. pt-BR)"
                            ),
                        )
                    )
            gallery = self.gallery
            if (
                not gallery.endswith(".md")
                or gallery.startswith(("/", "\\"))
                or posixpath.normpath(gallery) != gallery
                or ".." in gallery.split("/")
            ):
                failed.append(
                    (
                        "gallery",
                        ValidationError(
                            f"'{gallery}' must be a Markdown page inside docs_dir, written "
                            "relative to it (e.g. maps.md or catalogue/index.md)"
                        ),
                    )
                )
            if self.journeys_dir.strip("/") in ("", "."):
                failed.append(
                    (
                        "journeys_dir",
                        ValidationError(
                            "journeys_dir must be a folder inside docs_dir, not the docs_dir itself"
                        ),
                    )
                )
        return failed, warnings


class JourneyMapsPlugin(BasePlugin[JourneyMapsConfig]):
    """Turns every Markdown page under ``journeys_dir`` into a journey map page, and adds
    the gallery, its facet pages, the touchpoint indexes and the machine-readable outputs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.lanes: list[Lane] = []
        self.collections: dict[Any, Collection] = {}
        """collect_journeys' memo: one collection for all languages of a build."""
        self.not_found_page: str | None = None
        """404.html as the default language's build wrote it."""
        self.addresses: Addresses | None = None
        """The addresses this site's builds write, one build per language."""
        self.sources_checked: set[str] = set()
        """Source files already checked for links out of the docs dir in this site's builds."""
        self.search_texts: dict[str, str] = {}
        """What the search index is to hold of each map page of this build (search.html)."""
        self.shown_content: dict[str, str] = {}
        """Each map page's content while the search indexer reads its search text."""
        self.incremental: Incremental | None = None
        """Under the preview: what a dirty build needs of the last build (``incremental``)."""
        self.search_start = 0
        """Where the page being indexed begins in the search plugin's entries."""
        self.first_language = True
        """Whether the language being built is the build's first (see ``incremental``)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A site's build begins (all its languages, or one of them in a process of its
        # own): MkDocs keeps this instance from one load of a config to the next.
        self.addresses = None
        self.sources_checked = set()
        self.not_found_page = None
        self.search_texts.clear()
        self.shown_content.clear()
        if self.incremental is not None:
            self.incremental.start(dirty=dirty)
        elif dirty:
            # A dirty build renders only changed pages, so the search index would hold
            # those pages alone: only the preview, which keeps the rest, runs one.
            raise PluginError(
                "journey-maps rebuilds the whole site each time: run without --dirty "
                "(or --dirtyreload); `build.py serve` rebuilds only the pages an edit changes"
            )

    def keep_builds(self) -> Incremental:
        """Keep what each build leaves for the next, dirty one (see ``incremental``)."""
        if self.incremental is None:
            self.incremental = Incremental()
        return self.incremental

    def on_shutdown(self) -> None:
        self.collections.clear()  # under `mkdocs serve` this instance lives on

    @event_priority(10)  # before mkdocs-static-i18n (-100) makes its language switcher
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        name_languages_natively(config)
        if self.incremental is not None and self.incremental.dirty:
            stop_search_guessing(config)
        self.lanes = resolve_lanes(self.config.lanes, self.config.custom_lanes)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in config.extra_javascript:
            config.extra_javascript.append(JS_URI)
        if THEME_SUPPORT not in config.theme.dirs:
            config.theme.dirs.append(THEME_SUPPORT)  # last: only what the theme lacks
        if self.config.offline:
            # What mkdocs-material's offline plugin does, without its shim from a CDN: the
            # site must not ask any outside host for anything.
            config.use_directory_urls = False
            polyfills = config.extra.setdefault("polyfills", [])
            if WORKER_SHIM_URI not in polyfills:
                polyfills.append(WORKER_SHIM_URI)
        return config

    @event_priority(-110)  # after mkdocs-static-i18n has set this build's language
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        languages = current_languages(config)
        if self.addresses is None or languages.current == languages.default:
            self.addresses = Addresses()  # the first of this site's builds
            self.sources_checked = set()
        # Each language's build has its own files, most of them every other build's too.
        sources = {f.abs_src_path for f in files if f.abs_src_path} - self.sources_checked
        self.sources_checked |= sources
        outside = links_out_of(Path(config.docs_dir), sorted(sources))
        if outside:
            raise PluginError("\n".join(outside))
        locale = self.config.locale or languages.current
        renderer = Renderer(
            [Path(d) for d in config.theme.dirs],
            lanes=self.lanes,
            locale=locale,
            translations=translations_for(locale, catalog_dirs(config)),
            hide_empty_lanes=self.config.hide_empty_lanes,
            allow_raw_html=self.config.allow_raw_html,
            fragments=self.incremental.fragments(languages.current) if self.incremental else None,
        )
        collected = self.collect(config, languages)
        if collected.errors:
            raise PluginError(_error_report(collected.errors))
        for file in list(files):
            if file.src_uri in collected.unpublished:
                files.remove(file)  # drafts: no page, no search entry, no sitemap line
            elif file.src_uri in collected.journeys or file.src_uri in collected.translation_files:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self.site = site = Site(
            collected,
            languages,
            renderer,
            docs_dir=Path(config.docs_dir),
            gallery_uri=self.config.gallery,
            directory_urls=config.use_directory_urls,
            offline=self.config.offline,
        )
        made: dict[str, MadePage] = {}
        for uri, site_page in site.pages.items():
            if files.get_file_from_path(uri) is not None:
                continue  # the site's own page (its gallery text), placed by i18n
            # Facet and point pages are found from the gallery and the touchpoint index: in
            # a navigation they would be listed on every page of the site.
            listed = site_page.kind not in ("facet", "point")
            inclusion = None if listed else InclusionLevel.NOT_IN_NAV
            file = MadePage.generated(
                config, uri, content="", inclusion=inclusion or InclusionLevel.UNDEFINED
            )
            assert isinstance(file, MadePage)  # File.generated makes its class's own
            made[uri] = file
            file.dest_uri = site.prefix + file.dest_uri  # this language's copy
            give_alternates(config, file, site.page_path(uri), languages)
            files.append(file)
        for uri, source in (
            (CSS_URI, PACKAGE / "assets" / "journey-maps.css"),
            (JS_URI, PACKAGE / "assets" / "journey-maps.js"),
            (WORKER_SHIM_URI, PACKAGE / "assets" / "vendor" / "iframe-worker.js"),
            (SCHEMA_URI, PACKAGE / "schema" / "journey.schema.json"),
            (CATALOG_SCHEMA_URI, PACKAGE / "schema" / "journeys.schema.json"),
        ):
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        for path, content in site.outputs().items():
            # not a page: the src_uri is only a unique name; dest_uri is where it lands
            file = File.generated(config, f"{path}.journey-maps", content=content)
            file.dest_uri = path
            files.append(file)
        clashes = self.addresses.claim(
            _site_file(f) for f in files if not f.inclusion.is_excluded()
        )
        if clashes:
            raise PluginError("\n".join(clashes))
        if self.incremental is not None:
            self._plan_pages(files, site, made)
        return files

    def _plan_pages(self, files: Files, site: Site, made: dict[str, MadePage]) -> None:
        """Under the preview: remember what this build is made of and, in a dirty build,
        have MkDocs render again only the pages the edit changes."""
        incremental = self.incremental
        assert incremental is not None
        self.first_language = incremental.plan(files, site.collection, frozenset(site.pages))
        keep_unchanged_pages(
            made,
            lambda uri: site.page_inputs(site.pages[uri]),
            site.languages.current,
            incremental.building,
            incremental.built if incremental.dirty else None,
        )

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes the theme's environment anew for each build and each language:
        # its templates need not be compiled again each time.
        if env.bytecode_cache is None:
            env.bytecode_cache = compiled_for(env)
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        incremental, site = self.incremental, self.site
        if incremental is None or site is None or not incremental.dirty:
            return nav
        if not render_listed(nav, site.collection):
            if self.first_language:
                raise WholeBuildNeeded
            incremental.mixed = True
        return nav

    def on_page_read_source(self, *, page: Page, **_: Any) -> str | None:
        # A map was read and parsed already: MkDocs need not parse its front-matter again
        # (with PyYAML's pure-Python loader, a tenth of a build); on_page_markdown gives
        # its body. (Setting the file's content_string instead would unset its path, which
        # other plugins read, such as those that date a page from git.)
        if self.site is None or self._journey_of(page) is None:
            return None
        return ""

    def on_page_markdown(self, markdown: str, *, page: Page, **_: Any) -> str:
        if self.site is None:
            return markdown
        site_page = self._site_page_of(page)
        if site_page is not None:
            if page.file.generated_by:
                page.meta = self.site.page_meta(site_page)
                return ""
            # The site's own gallery page: its text goes above the cards, which need the
            # width the table of contents would take.
            hidden = page.meta.setdefault("hide", [])
            if isinstance(hidden, list) and "toc" not in hidden:
                hidden.append("toc")
            escape_printed_meta(page.meta)
            return markdown
        found = self._journey_of(page)
        if found is None:
            escape_printed_meta(page.meta)  # any page of the site
            return markdown
        loaded, view, state = found
        page.meta = page_meta(view.journey if view else loaded.journey, state)
        return view.body if view else loaded.body

    def on_page_content(self, html: str, *, page: Page, **_: Any) -> str:
        if self.site is None:
            return html
        site_page = self._site_page_of(page)
        if site_page is not None:
            if site_page.kind == "gallery":
                # Search is to find the gallery by the site's own text for it, else by its
                # title: not by its cards, which would repeat every map (and take the
                # search indexer seconds to read at 1,000 maps).
                self.search_texts[page.file.src_uri] = (
                    html
                    if html.strip()
                    else (
                        f"<p>{page.meta['title']}</p>"  # page_meta escaped it
                    )
                )
            return self.site.render(site_page, page.url, intro_html=html)
        found = self._journey_of(page)
        if found is None:
            return html
        loaded, view, state = found
        page.toc = _under_title(page.toc, page.meta["title"])  # page_meta escaped it
        arguments: dict[str, Any] = {
            "body_html": html,
            "page_url": page.url,
            "view": view,
            "state": state,
            "source_locale": self.site.languages.default,
            "links": self.site.page_links(loaded, view, page.url),
        }
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):  # a fallback copy
            return self.site.renderer.render_page(loaded, **arguments)
        html, self.search_texts[page.file.src_uri] = self.site.renderer.render_page_and_search_text(
            loaded, **arguments
        )
        return html

    # Around mkdocs-material's search plugin (priority 0), as close to it as can be, so
    # that other plugins' on_page_context see the page.
    @event_priority(0.5)  # just before the search plugin indexes page.content
    def _show_search_text(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, **_: Any
    ) -> Any:
        if self.incremental is not None:
            self.search_start = len(search_entries(config) or ())
        search_text = self.search_texts.pop(page.file.src_uri, None)
        if search_text is not None and page.content is not None:
            self.shown_content[page.file.src_uri] = page.content
            page.content = search_text
        return context

    @event_priority(-0.5)  # just after it, before the theme writes the page
    def _show_page(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, **_: Any
    ) -> Any:
        entries = search_entries(config) if self.incremental is not None else None
        if self.incremental is not None and entries is not None:
            language = current_languages(config).current
            indexed = self.incremental.building.search.setdefault(language, SearchPages())
            indexed.entries[page.url] = entries[self.search_start :]
        shown = self.shown_content.pop(page.file.src_uri, None)
        if shown is not None:
            page.content = shown
        return context

    on_page_context = CombinedEvent(_show_search_text, _show_page)

    def _site_page_of(self, page: Page) -> SitePage | None:
        """The page the plugin fills in, also when it is the site's translation of its own
        gallery page (maps.de.md: mkdocs-static-i18n names the page it stands for)."""
        assert self.site is not None
        return self.site.pages.get(getattr(page.file, "norm_src_uri", page.file.src_uri))

    def _journey_of(
        self, page: Page
    ) -> tuple[LoadedJourney, Overlaid | None, TranslationState] | None:
        """The journey behind a page, in this build's language."""
        assert self.site is not None
        collection = self.site.collection
        uri = page.file.src_uri
        loaded = collection.journeys.get(collection.translation_files.get(uri, uri))
        if loaded is None:
            return None
        view, state = in_language(loaded, collection.translations, self.site.languages)
        return loaded, view, state

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == NOT_FOUND_TEMPLATE:
            switch_to_language_homes(config)
        return context

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # A server has one 404.html for the whole site, and mkdocs-static-i18n writes it
        # once per language, the last overwriting the rest: keep the default language's.
        if template_name != NOT_FOUND_TEMPLATE or self.site is None:
            return output_content
        if self.site.languages.current == self.site.languages.default:
            self.not_found_page = drop_head_alternates(config, output_content)
        return self.not_found_page or output_content

    def on_post_page(self, output: str, *, config: MkDocsConfig, **_: Any) -> str:
        return theme_without_indentation(drop_head_alternates(config, output))

    @event_priority(1)  # before the search plugin (0) writes this language's index
    def _complete_search(self, *, config: MkDocsConfig) -> None:
        entries = search_entries(config)
        if self.incremental is None or entries is None:
            return
        language = current_languages(config).current
        indexed = self.incremental.building.search.setdefault(language, SearchPages())
        if self.incremental.dirty and self.incremental.built is not None:
            complete_search(entries, self.incremental.built.search.get(language), indexed)

    @event_priority(-110)  # after mkdocs-static-i18n merged every language's search index
    def _write_offline_search(self, *, config: MkDocsConfig) -> None:
        if self.config.offline:
            write_offline_search_index(Path(config.site_dir))

    on_post_build = CombinedEvent(_complete_search, _write_offline_search)

    def collect(self, config: MkDocsConfig, languages: Languages | None = None) -> Collection:
        """The site's journeys and translations, read once for all of this build."""
        return collect_journeys(
            config,
            self.config.journeys_dir,
            languages or current_languages(config),
            self.load_options(),
            memo=self.collections,
            cache=self.incremental.parse_cache if self.incremental else None,
        )

    def load_options(self) -> LoadOptions:
        return LoadOptions(frozenset(self.config.custom_lanes), self.config.max_file_size)


def _under_title(toc: TableOfContents, title_html: str) -> TableOfContents:
    """The body's headings as children of the map's title: "Skip to content" then leads
    to the map rather than past it to the body's first heading."""
    heading = AnchorLink(title_html, TITLE_ID, 1)
    heading.children = list(toc.items)
    return TableOfContents([heading])


def _site_file(file: File) -> SiteFile:
    if file.generated_by:
        return SiteFile(file.dest_uri, f"{file.dest_uri} (made by {file.generated_by})")
    return SiteFile(file.dest_uri, display_path(file.abs_src_path or file.src_uri))


def _error_report(errors: list[Any]) -> str:
    count = len(errors)
    lines = [str(error) for error in errors]
    lines.append(f"{count} error{'s' if count != 1 else ''} in journey files")
    return "\n".join(lines)

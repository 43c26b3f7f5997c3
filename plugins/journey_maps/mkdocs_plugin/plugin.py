"""The MkDocs plugin: thin hooks that hand each event's work to the modules beside it.

Journey front-matter is parsed and validated before MkDocs reads any page (``on_files``),
because MkDocs 1.6 swallows front-matter YAML errors (and ``--strict`` still exits 0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..core.collection import Collection, collect_docs
from ..core.languages import Languages
from ..pages.indentation import theme_without_indentation
from ..pages.rendering import compiled_for
from . import build_files, search, static_i18n
from .config import JourneyMapsConfig
from .page_contents import language_site, map_of, page_content, page_markdown, renderer_for
from .sites import SiteConfig
from .state import Kept, SiteBuild

NOT_FOUND_TEMPLATE = "404.html"


class JourneyMapsPlugin(BasePlugin[JourneyMapsConfig]):
    """Turns every Markdown page under ``journeys_dir`` into a journey map page, and adds
    the gallery, its facet pages, the touchpoint indexes and the machine-readable outputs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.kept = Kept()
        self.build = SiteBuild()
        self.serving = False
        self.one_language_of_many = False
        """Set in a process that builds one language of a site put together afterwards."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A site's build begins (all its languages, or one of them in a process of its own)
        self.build = SiteBuild()
        # The preview searches with lunr: its pages are rebuilt a few at a time. (Not
        # told by kept.incremental, which stays once a preview has run in the process.)
        self.serving = command == "serve"
        if self.kept.incremental is not None:
            self.kept.incremental.start(dirty=dirty)
        elif dirty:
            # A dirty build renders only changed pages, so the search index would hold
            # those pages alone: only the preview, which keeps the rest, runs one.
            raise PluginError(
                "journey-maps rebuilds the whole site each time: run without --dirty "
                "(or --dirtyreload); `build.py serve` rebuilds only the pages an edit changes"
            )

    def on_shutdown(self) -> None:
        self.kept.journeys.forget()  # under `mkdocs serve` this instance lives on

    @event_priority(10)  # before mkdocs-static-i18n (-100) makes its language switcher
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _refuse_changed(static_i18n.missing_internals(config), static_i18n.CHECKED_AGAINST)
        static_i18n.name_languages_natively(config)
        if self.kept.incremental is not None and self.kept.incremental.dirty:
            search.stop_search_guessing(config)
        build_files.use_package_assets(config, offline=self.config.offline)
        return config

    @event_priority(-110)  # after the search plugins have made their index for this build
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.kept.incremental is not None:  # the preview, which reads the index
            _refuse_changed(search.missing_internals(config), search.CHECKED_AGAINST)

    @event_priority(-110)  # after mkdocs-static-i18n has set this build's language
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        languages = static_i18n.languages(config)
        addresses = self.build.begin_language(languages)
        incremental = self.kept.incremental
        renderer = renderer_for(config, self.config, languages, incremental)
        collection = self.collect(config, languages)
        build_files.refuse_problems(collection.errors)
        author_folders = [self.config.journeys_dir, self.config.personas_dir]
        build_files.publish_journeys(files, collection, author_folders)
        site = language_site(
            config, self.config, languages, collection, renderer, pdf_paper=self.kept.pdf_paper
        )
        self.build.site = site
        made = build_files.add_plugin_files(files, config, site)
        build_files.refuse_clashes(files, addresses)
        if incremental is not None:
            self.build.first_language = incremental.plan_language(files, site, made)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes the theme's environment anew for each build and each language:
        # its templates need not be compiled again each time.
        if env.bytecode_cache is None:
            env.bytecode_cache = compiled_for(env)
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        incremental, site = self.kept.incremental, self.build.site
        if incremental is not None and site is not None:
            first_language = self.build.first_language
            incremental.render_listed_pages(nav, site.collection, first_language=first_language)
        return nav

    def on_page_read_source(self, *, page: Page, **_: Any) -> str | None:
        # A map was read and parsed already: MkDocs need not parse its front-matter again
        # (with PyYAML's pure-Python loader, a tenth of a build); on_page_markdown gives
        # its body. (Setting the file's content_string instead would unset its path, which
        # other plugins read, such as those that date a page from git.)
        site = self.build.site
        if site is None:
            return None
        found = map_of(site, page) or site.persona_of(page.file.src_uri)
        return "" if found is not None else None

    def on_page_markdown(self, markdown: str, *, page: Page, **_: Any) -> str:
        site = self.build.site
        return markdown if site is None else page_markdown(site, page, markdown)

    def on_page_content(self, html: str, *, page: Page, **_: Any) -> str:
        site = self.build.site
        return html if site is None else page_content(site, page, html, self.build.search)

    # Around mkdocs-material's search plugin (priority 0), as close to it as can be, so
    # that other plugins' on_page_context see the page.
    @event_priority(0.5)  # just before the search plugin indexes page.content
    def _show_search_text(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, **_: Any
    ) -> Any:
        if self.kept.incremental is not None:
            self.build.search.start = len(search.search_entries(config) or ())
        self.build.search.swap_in(page)
        return context

    @event_priority(-0.5)  # just after it, before the theme writes the page
    def _show_page(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, **_: Any
    ) -> Any:
        if self.kept.incremental is not None:
            self.kept.incremental.record_search(config, page.url, self.build.search.start)
        self.build.search.swap_out(page)
        return context

    on_page_context = CombinedEvent(_show_search_text, _show_page)

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == NOT_FOUND_TEMPLATE:
            static_i18n.switch_to_language_homes(config)
        return context

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # A server has one 404.html for the whole site, and mkdocs-static-i18n writes it
        # once per language, the last overwriting the rest: keep the default language's.
        site = self.build.site
        if template_name != NOT_FOUND_TEMPLATE or site is None:
            return output_content
        if site.languages.current == site.languages.default:
            self.build.not_found_page = static_i18n.drop_head_alternates(config, output_content)
        return self.build.not_found_page or output_content

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
        output = static_i18n.drop_head_alternates(config, output)
        if self._pagefind:
            excluded = (page.meta.get("search") or {}).get("exclude", False)
            output = search.searched_by_pagefind(output, indexed=not excluded)
        return theme_without_indentation(output)

    @property
    def _pagefind(self) -> bool:
        return self.config.served_search == "pagefind" and not self.serving

    @event_priority(1)  # before the search plugin (0) writes this language's index
    def _complete_search(self, *, config: MkDocsConfig) -> None:
        if self.kept.incremental is not None:
            self.kept.incremental.complete_search(config)

    @event_priority(-110)  # after mkdocs-static-i18n merged every language's search index
    def _write_offline_search(self, *, config: MkDocsConfig) -> None:
        if self.config.offline:
            search.write_offline_search_index(Path(config.site_dir))

    @event_priority(-120)  # after the offline index, which is read from the whole one
    def _index_with_pagefind(self, *, config: MkDocsConfig) -> None:
        if self._pagefind and not self.one_language_of_many:
            search.index_with_pagefind(Path(config.site_dir))

    on_post_build = CombinedEvent(_complete_search, _write_offline_search, _index_with_pagefind)

    def collect(self, config: SiteConfig, languages: Languages | None = None) -> Collection:
        """The site's journeys and translations, read once for all of this build."""
        incremental = self.kept.incremental
        return collect_docs(
            Path(config.docs_dir),
            (languages or static_i18n.languages(config)).all,
            self.config.load_options(),
            memo=self.kept.journeys,
            cache=incremental.parse_cache if incremental else None,
        )


def _refuse_changed(missing: list[str], checked_against: str) -> None:
    """Refuse to build with a plugin release that lacks what journey-maps relies on."""
    if missing:
        raise PluginError(
            f"journey-maps relies on what {checked_against} has, and the release installed "
            f"lacks it ({', '.join(missing)}): install {checked_against}, or a journey-maps "
            "made for the release you have"
        )

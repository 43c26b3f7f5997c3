"""Rebuilding a previewed site after an edit to its maps: only the pages the edit changes.

A whole build of 1,000 maps takes half a minute; an author who saves one map waits for
that one page. The preview copies the site it serves and runs MkDocs' dirty build on the
copy, which renders a page only when its output is missing or older than its source.
What MkDocs cannot know, this module works out from the last build:

- which maps changed: the parse cache gives an unchanged file the very same object, so
  a map, or one of its translations, that is a new object has changed;
- which pages show them: a map's pages in every language, and the pages of the maps it
  improves or that improve it (their links and comparisons name it); their outputs are
  removed from the copy so that MkDocs renders them again. The site's own pages, few,
  are always rendered again, as is every page in the navigation: a dirty build knows
  only the titles of the pages it renders, and every page shows the navigation's titles.
  Of the other pages the plugin makes (facet and touchpoint pages), those whose inputs
  (cards, facets, steps through a touchpoint) differ from the last build's;
- the search index: MkDocs' search plugins index only the pages a build renders, so each
  page's entries are kept from the last build and put back in the same order.

Anything else (a map added, removed, made a draft or published; a translation added or
removed; a change to the config, the theme or any other file) needs a whole build, as
does a site with a plugin or hook not known to be right in a dirty build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from ..core.collection import Collection
from ..core.errors import WholeBuildNeeded
from ..core.loading import ParseCache
from ..pages.rendering import Fragments
from . import static_i18n
from .search import SEARCH_PLUGINS, search_entries

if TYPE_CHECKING:
    from ..pages.site import Site
    from .sites import SiteConfig

KNOWN_PLUGINS = frozenset({*SEARCH_PLUGINS, "journey-maps", "i18n"})
"""The plugins whose part of a dirty build is known to be right. Any other (Material's
tags plugin, say, which lists every page's tags) or a ``hooks:`` file may need every
page, and gets whole builds."""


@dataclass
class SearchPages:
    """One language build's search entries, page by page in the order they were indexed."""

    entries: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class BuildMemory:
    """What the next dirty build needs to know of a build."""

    collection: Collection | None = None
    site_pages: frozenset[str] = frozenset()
    """The pages the plugin makes (gallery, facets, touchpoints, indexes)."""
    search: dict[str, SearchPages] = field(default_factory=dict)
    """By language."""
    page_inputs: dict[tuple[str, str], object] = field(default_factory=dict)
    """What each page the plugin makes was made of, by language and src_uri."""
    fragments: dict[str, Fragments] = field(default_factory=dict)
    """The cards and rows rendered, by language."""


@dataclass
class Incremental:
    """The state a preview keeps from one build of a site to the next."""

    parse_cache: ParseCache = field(default_factory=ParseCache)
    built: BuildMemory | None = None
    """The last build that reached the served site."""
    building: BuildMemory = field(default_factory=BuildMemory)
    dirty: bool = False
    """Whether the build under way is a dirty one."""
    journeys: set[str] = field(default_factory=set)
    """The maps whose pages the dirty build under way renders again, in every language."""
    mixed: bool = False
    """A map changed while the build was under way: its languages saw different files."""

    def start(self, *, dirty: bool) -> None:
        if dirty and self.built is None:
            raise WholeBuildNeeded
        self.dirty, self.mixed, self.journeys = dirty, False, set()
        self.building = BuildMemory()

    def plan(self, files: Files, collection: Collection, site_pages: frozenset[str]) -> bool:
        """Remember what a language's build is made of and, in a dirty build, have MkDocs
        render the pages the edit changed. WholeBuildNeeded only in the first language's
        build: mkdocs-static-i18n, once it builds the other languages, must not be stopped
        half way. True when this is the first language's build."""
        building = self.building
        first = building.collection is None
        if not first and building.collection is not collection:
            self.mixed = True  # each language is right in itself; the next build is whole
        building.collection, building.site_pages = collection, site_pages
        if self.dirty and self.built is not None:
            if first:
                self.journeys = pages_to_render(self.built, collection, site_pages)
            render_again(
                files, collection, set(collection.journeys) if self.mixed else self.journeys
            )
        return first

    def plan_language(self, files: Files, site: Site, made: dict[str, MadePage]) -> bool:
        """``plan`` a language's build, and leave the pages the plugin ``made`` that the
        edit does not change as the last build wrote them. True when this is the first
        language's build."""
        first = self.plan(files, site.collection, frozenset(site.pages))
        keep_unchanged_pages(
            made,
            lambda uri: site.page_inputs(site.pages[uri]),
            site.languages.current,
            self.building,
            self.built if self.dirty else None,
        )
        return first

    def render_listed_pages(
        self, nav: Navigation, collection: Collection, *, first_language: bool
    ) -> None:
        """In a dirty build, have every page of the navigation rendered (``render_listed``);
        when the navigation lists a map, the first language's build stops for a whole
        one, and a later language's marks this build as ``mixed``."""
        if not self.dirty or render_listed(nav, collection):
            return
        if first_language:
            raise WholeBuildNeeded
        self.mixed = True

    def record_search(self, config: SiteConfig, page_url: str, start: int) -> None:
        """Keep the search entries the page at ``page_url`` just added (from ``start``)."""
        found = self._search(config)
        if found is not None:
            entries, _, indexed = found
            indexed.entries[page_url] = entries[start:]

    def complete_search(self, config: SiteConfig) -> None:
        """Before the search plugin writes a language's index: in a dirty build, put back
        the entries of every page it did not render (``complete_search``)."""
        found = self._search(config)
        if found is not None and self.dirty and self.built is not None:
            entries, language, indexed = found
            complete_search(entries, self.built.search.get(language), indexed)

    def _search(self, config: SiteConfig) -> tuple[list[Any], str, SearchPages] | None:
        """The search plugin's entries, this build's language, and what this build
        keeps of its pages' entries; None when the site has no search."""
        entries = search_entries(config)
        if entries is None:
            return None
        language = static_i18n.languages(config).current
        return entries, language, self.building.search.setdefault(language, SearchPages())

    def fragments(self, language: str) -> Fragments:
        """The parts a build renders in ``language``: a dirty build starts from the last
        build's; a whole one (after a change to the templates, say) from none."""
        if language not in self.building.fragments:
            kept = self.built.fragments.get(language) if self.dirty and self.built else None
            self.building.fragments[language] = kept or Fragments()
        return self.building.fragments[language]

    def remember(self) -> None:
        """The build just made is the one served: the next builds start from it."""
        if self.mixed:
            self.forget()
            return
        self.built, self.building = self.building, BuildMemory()

    def forget(self) -> None:
        self.built = None
        self.building = BuildMemory()


def can_build_dirty(config: SiteConfig) -> bool:
    """Whether a dirty build of this site can be right (see KNOWN_PLUGINS)."""
    return set(config.plugins) <= KNOWN_PLUGINS


def pages_to_render(before: BuildMemory, after: Collection, site_pages: frozenset[str]) -> set[str]:
    """The journeys (src_uris) whose pages an edit from the ``before`` build to ``after``
    changes; WholeBuildNeeded when it changes which pages there are."""
    if before.collection is None or before.site_pages != site_pages:
        raise WholeBuildNeeded
    return _changed_with_neighbours(before.collection, after)


def _changed_with_neighbours(before: Collection, after: Collection) -> set[str]:
    if (
        before.journeys.keys() != after.journeys.keys()
        or before.translations.keys() != after.translations.keys()
        or before.translation_files != after.translation_files
        or before.unpublished != after.unpublished
    ):
        raise WholeBuildNeeded
    changed = {uri for uri, loaded in after.journeys.items() if loaded is not before.journeys[uri]}
    changed |= {
        source
        for (source, locale), translation in after.translations.items()
        if translation is not before.translations[(source, locale)]
    }
    shown_with: set[str] = set()
    for collection in (before, after):
        for uri in changed:
            if uri in collection.improves:
                shown_with.add(collection.improves[uri])
            shown_with.update(collection.improved_by(uri))
    return changed | shown_with


def render_again(files: Files, collection: Collection, journeys: set[str]) -> None:
    """Remove the outputs of the pages a dirty build must render: those of ``journeys``
    and every page that is not a map (see also ``render_listed``). MkDocs renders a page
    whose output is missing."""
    for file in files.documentation_pages(inclusion=lambda _level: True):  # drafts too
        if file.generated_by:
            continue  # rendered in every build
        uri = file.src_uri
        journey = collection.translation_files.get(uri, uri)
        if journey in collection.journeys and journey not in journeys:
            continue
        Path(file.abs_dest_path).unlink(missing_ok=True)


class MadePage(File):
    """A page the plugin makes: in a dirty build MkDocs renders it again only when what it
    shows changed since the last build."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


def keep_unchanged_pages(
    made: dict[str, MadePage],
    inputs_of: Callable[[str], object],
    language: str,
    building: BuildMemory,
    built: BuildMemory | None,
) -> None:
    """Remember what each page the plugin makes is made of; in a dirty build (``built``
    given), leave a page as the last build wrote it when that is unchanged."""
    for uri, file in made.items():
        inputs = building.page_inputs[(language, uri)] = inputs_of(uri)
        if built is not None and (language, uri) in built.page_inputs:
            file.unchanged = built.page_inputs[(language, uri)] == inputs


def render_listed(nav: Navigation, collection: Collection) -> bool:
    """Have MkDocs render every page of the navigation: a page shows the navigation, with
    each page's title, and a dirty build knows the title only of a page it renders.
    False when the navigation lists a map: its title, which an edit may change, is then
    on every page, and the site needs whole builds."""
    for page in nav.pages:
        file = page.file
        uri = file.src_uri
        if collection.translation_files.get(uri, uri) in collection.journeys:
            return False
        if isinstance(file, MadePage):
            file.unchanged = False
        elif not file.generated_by:
            Path(file.abs_dest_path).unlink(missing_ok=True)
    return True


def complete_search(entries: list[Any], kept: SearchPages | None, now: SearchPages) -> None:
    """Put the entries of the pages a dirty build did not render back into ``entries``,
    each page where it was: the index a whole build writes."""
    if kept is None:
        return
    pages = {page: now.entries.get(page, kept.entries[page]) for page in kept.entries}
    pages.update(now.entries)  # none new, as things are: a new page needs a whole build
    entries[:] = [entry for page_entries in pages.values() for entry in page_entries]
    now.entries = pages

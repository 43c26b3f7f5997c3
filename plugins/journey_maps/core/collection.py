"""All journeys of a site and their translations, found, loaded and checked in one pass.

Both the build and ``check`` use this, so they always agree on what is an error.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import cast

from .docs_folder import scan
from .errors import FileError
from .languages import Languages, is_locale
from .loading import LoadedJourney, LoadOptions, ParseCache, load_journeys
from .model import did_you_mean, photo_uri
from .paths import display_path
from .translation import (
    Translation,
    TranslationName,
    TranslationState,
    View,
    load_translations,
    overlay,
    status,
    translation_name,
)
from .yaml_source import SourceMap


@dataclass
class Collection:
    journeys: dict[str, LoadedJourney] = field(default_factory=dict)
    """Published journeys by src_uri (drafts left out)."""
    translations: dict[tuple[str, str], Translation] = field(default_factory=dict)
    """Translations by (source src_uri, locale)."""
    translation_files: dict[str, str] = field(default_factory=dict)
    """Translation src_uri -> its source's src_uri."""
    unpublished: set[str | None] = field(default_factory=set)
    """Files that must not reach the site: drafts, their translations and photos, and
    translations into languages the site does not build."""
    errors: list[FileError] = field(default_factory=list)
    improves: dict[str, str] = field(default_factory=dict)
    """Future-state map src_uri -> the src_uri of the current-state map it improves."""

    def improved_by(self, src_uri: str) -> list[str]:
        """The future-state maps that improve the map at ``src_uri``."""
        return self._improvers.get(src_uri, [])

    def languages_of(self, src_uri: str, default: str) -> list[str]:
        """The languages a published map can be read in: its own and its translations'."""
        return [default, *self._locales.get(src_uri, [])]

    # Indexes over the whole collection, built once when first asked (after collect()
    # filled it): asked per map, a scan of every translation would be quadratic.
    @cached_property
    def _improvers(self) -> dict[str, list[str]]:
        improvers: dict[str, list[str]] = {}
        for future, current in sorted(self.improves.items()):
            improvers.setdefault(current, []).append(future)
        return improvers

    @cached_property
    def _locales(self) -> dict[str, list[str]]:
        locales: dict[str, list[str]] = {}
        for uri, locale in sorted(self.translations):
            locales.setdefault(uri, []).append(locale)
        return locales


def collect(
    docs_dir: Path,
    src_uris: Iterable[str],
    locales: Iterable[str],
    options: LoadOptions,
    *,
    cache: ParseCache | None = None,
) -> Collection:
    """Load journeys and translations; ``locales`` are the languages the site builds.
    With ``cache``, files whose bytes the last pass parsed are not parsed again."""
    built = set(locales)
    sources: list[str] = []
    names: dict[str, TranslationName] = {}
    for src_uri in src_uris:
        name = translation_name(src_uri, is_locale)
        if name:
            names[src_uri] = name
        else:
            sources.append(src_uri)
    loaded = load_journeys(docs_dir, sources, options, cache=cache)
    result = Collection(errors=list(loaded.errors))
    by_uri = {journey.src_uri: journey for journey in loaded.journeys}
    failed = {error.path for error in loaded.errors}
    # A translation of a source that has errors is checked once the source is fixed.
    checkable = {
        uri: name
        for uri, name in names.items()
        if name.source_uri in by_uri or not any(p.endswith(name.source_uri) for p in failed)
    }
    translated = load_translations(docs_dir, checkable, by_uri, options, cache=cache)
    if cache:
        cache.end_pass()
    result.errors.extend(translated.errors)
    for uri, journey in by_uri.items():
        if journey.journey.draft:
            result.unpublished.add(uri)
        else:
            result.journeys[uri] = journey
    # A draft's persona photo stays unpublished too, unless a published map shows it.
    published = {_photo(j) for j in result.journeys.values()}
    result.unpublished |= (
        {_photo(j) for uri, j in by_uri.items() if uri not in result.journeys} - published - {None}
    )
    for uri, (source_uri, locale) in names.items():
        if source_uri in result.journeys and locale in built:
            result.translation_files[uri] = source_uri
        else:
            result.unpublished.add(uri)
    result.translations = {
        key: value
        for key, value in translated.translations.items()
        if key[0] in result.journeys and key[1] in built
    }
    result.errors.extend(_link_improvements(result, docs_dir))
    result.errors.sort()
    if cache is None:
        # Where each YAML value is (80 KB a map) is for error messages, all written by
        # now; only the preview, which checks translations against unchanged maps
        # again, keeps it.
        result.journeys = {uri: _without_positions(j) for uri, j in result.journeys.items()}
    return result


class Memo:
    """The collection a build read last, kept while no file of the docs folder changes.

    A site is read once for all the languages of a build (mkdocs-static-i18n runs one
    MkDocs build per language, and the command line checks before them), and again as
    soon as any file changed: a journey, a translation, a persona photo alike."""

    def __init__(self) -> None:
        self._key: object = None
        self._collection: Collection | None = None

    def get(self, key: object, read: Callable[[], Collection]) -> Collection:
        """The collection read for ``key``; ``read()`` when the last was for another."""
        if self._collection is None or self._key != key:
            self._collection = read()
            self._key = key
        return self._collection

    def forget(self) -> None:
        self._key, self._collection = None, None


def collect_docs(
    docs_dir: Path,
    journeys_dir: str,
    locales: tuple[str, ...],
    options: LoadOptions,
    *,
    memo: Memo | None = None,
    cache: ParseCache | None = None,
) -> Collection:
    """Every journey and translation of a site, from its docs folder: the journeys are
    the Markdown files under ``journeys_dir``, and ``locales`` the languages the site is
    published in. With ``memo``, read only when a file changed since it was last read;
    with ``cache``, files whose bytes the last pass parsed are not parsed again."""
    folder = scan(docs_dir)
    src_uris = folder.markdown_under(journeys_dir)

    def read() -> Collection:
        return collect(docs_dir, src_uris, locales, options, cache=cache)

    if memo is None:
        return read()
    return memo.get((docs_dir, journeys_dir, locales, options, folder.fingerprint()), read)


def _without_positions(loaded: LoadedJourney) -> LoadedJourney:
    return replace(loaded, source_map=SourceMap())


def _link_improvements(result: Collection, docs_dir: Path) -> list[FileError]:
    """Resolve each future-state map's ``improves:`` to a published journey."""
    errors = []
    for uri, loaded in result.journeys.items():
        improves = loaded.journey.improves
        if improves is None:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), improves))
        problem = None
        if target == uri:
            problem = "improves: names this map itself; name the current-state map it improves"
        elif target.startswith("../") or posixpath.isabs(improves):
            problem = (
                f"improves: '{improves}' points outside the docs directory; write the path "
                "of the current-state map it improves, relative to this file"
            )
        elif target in result.journeys and (
            result.journeys[target].journey.state != "current"
            or result.journeys[target].journey.kind != "example"
        ):
            problem = (
                f"improves: '{improves}' is a "
                + (
                    "template"
                    if result.journeys[target].journey.kind == "template"
                    else "future-state map"
                )
                + "; name the current-state example map that this map improves"
            )
        elif target not in result.journeys:
            known = [
                posixpath.relpath(other, posixpath.dirname(uri))
                for other in result.journeys
                if other != uri
            ]
            problem = (
                f"improves: '{improves}' is not a published journey (looked for {target}); "
                "write the path of the current-state map relative to this file"
                + did_you_mean(improves, known, "journeys")
            )
        if problem:
            position = loaded.source_map.find(("improves",))
            line, column = (position.line, position.column) if position else (1, 1)
            display = display_path(docs_dir / uri)
            errors.append(FileError(display, line, column, problem))
        else:
            result.improves[uri] = target
    return errors


def _photo(loaded: LoadedJourney) -> str | None:
    persona = loaded.journey.persona
    if persona is None or persona.photo is None:
        return None
    return photo_uri(loaded.src_uri, persona.photo)


def page_view(
    loaded: LoadedJourney,
    translations: dict[tuple[str, str], Translation],
    languages: Languages,
) -> tuple[View, TranslationState]:
    """The journey as its page in ``languages.current`` shows it, and how that page
    relates to the source. A page with no translation shows the source as it is (and
    says so), not text by text as a fallback."""
    if languages.current == languages.default:
        return View.of_source(loaded), "source"
    translation = translations.get((loaded.src_uri, languages.current))
    if translation is None:
        return View.of_source(loaded), "missing"
    return _view(loaded, translation, languages.default), _state(
        loaded, translation, languages.default
    )


def _view(loaded: LoadedJourney, translation: Translation | None, source_lang: str) -> View:
    """``overlay``, remembered for the language being built (see LoadedJourney.views)."""
    kept = loaded.views.get("view")
    if kept is not None and kept[0] is translation and kept[1] == source_lang:
        return cast(View, kept[2])
    view = overlay(loaded, translation, source_lang)
    loaded.views["view"] = (translation, source_lang, view)
    return view


def _state(loaded: LoadedJourney, translation: Translation, source_lang: str) -> TranslationState:
    kept = loaded.views.get("state")
    if kept is not None and kept[0] is translation and kept[1] == source_lang:
        return cast(TranslationState, kept[2])
    state = status(loaded, translation, source_lang, _view(loaded, translation, source_lang))
    loaded.views["state"] = (translation, source_lang, state)
    return state


def listed_view(
    loaded: LoadedJourney,
    translations: dict[tuple[str, str], Translation],
    languages: Languages,
) -> View:
    """The journey as a reader of ``languages.current`` gets it in lists and indexes:
    translated where it can be, and otherwise source text marked with its language
    (translation.Fallback), so pages can say which language each piece is in."""
    if languages.current == languages.default:
        return View.of_source(loaded)
    translation = translations.get((loaded.src_uri, languages.current))
    return _view(loaded, translation, languages.default)

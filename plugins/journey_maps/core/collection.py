"""All journeys of a site and their translations, found, loaded and checked in one pass.

Both the build and ``check`` use this, so they always agree on what is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import cast

from . import author_files
from .docs_folder import links_out, scan
from .errors import FileError
from .file_names import docs_name_errors
from .languages import Languages, is_locale
from .links import link
from .loading import LoadedJourney, LoadOptions, ParseCache, load_journeys
from .model import Journey, MapPersona, Persona, Ref, photo_uri
from .personas import LoadedPersona, load_personas
from .translation import (
    Translation,
    TranslationName,
    TranslationState,
    View,
    load_translations,
    overlay,
    overlay_model,
    source_fingerprint,
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
    """Files that must not reach the site: drafts, their translations and photos, the
    images and PDFs only they name, and translations into languages the site does not
    build."""
    errors: list[FileError] = field(default_factory=list)
    improves: dict[str, str] = field(default_factory=dict)
    """Future-state map src_uri -> the src_uri of the current-state map it improves."""
    opens: dict[str, dict[int, str]] = field(default_factory=dict)
    """Map src_uri -> {step index: the src_uri of the map that step opens}."""
    personas: dict[str, LoadedPersona] = field(default_factory=dict)
    """The persona library, by id."""
    persona_translations: dict[tuple[str, str], Translation] = field(default_factory=dict)
    """Translations of the library's files, by (the persona file's src_uri, locale)."""
    persona_files: dict[str, str] = field(default_factory=dict)
    """A persona file's or its translation's src_uri -> the persona's id."""

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

    def part_of(self, src_uri: str) -> list[tuple[str, int]]:
        """The maps a map is part of: (map src_uri, index of the step that opens it)."""
        return self._parents.get(src_uri, [])

    def appearances(self, persona_id: str) -> list[str]:
        """The published maps that name a persona of the library, by src_uri."""
        return self._appearances.get(persona_id, [])

    def persona_languages(self, persona_id: str, default: str) -> list[str]:
        """The languages a persona of the library can be read in."""
        uri = self.personas[persona_id].src_uri
        return [
            default,
            *sorted(lang for source, lang in self.persona_translations if source == uri),
        ]

    @cached_property
    def _parents(self) -> dict[str, list[tuple[str, int]]]:
        parents: dict[str, list[tuple[str, int]]] = {}
        for uri, steps in sorted(self.opens.items()):
            for index, target in sorted(steps.items()):
                parents.setdefault(target, []).append((uri, index))
        return parents

    @cached_property
    def _appearances(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for uri, loaded in sorted(self.journeys.items()):
            journey = loaded.journey
            named = [journey.persona, *journey.personas]
            for entry in named:
                if isinstance(entry, Ref) and uri not in found.get(entry, []):
                    found.setdefault(entry, []).append(uri)
        return found

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
    persona_uris: Iterable[str] = (),
    cache: ParseCache | None = None,
) -> Collection:
    """Load journeys, the persona library and their translations; ``locales`` are the
    languages the site builds. With ``cache``, files whose bytes the last pass parsed are
    not parsed again."""
    built = set(locales)
    sources, names = _sources_and_translations(src_uris)
    persona_sources, persona_names = _sources_and_translations(persona_uris)
    library, library_errors = load_personas(
        docs_dir, persona_sources, options.personas_dir, options, cache=cache
    )
    loaded = load_journeys(docs_dir, sources, options, cache=cache)
    result = Collection(errors=[*library_errors, *loaded.errors])
    by_uri = {journey.src_uri: journey for journey in loaded.journeys}
    personas_by_uri = {persona.src_uri: persona for persona in library}
    translated = load_translations(
        docs_dir, _checkable(names, by_uri, result.errors), by_uri, options, cache=cache
    )
    persona_translated = load_translations(
        docs_dir,
        _checkable(persona_names, personas_by_uri, result.errors),
        personas_by_uri,
        options,
        cache=cache,
    )
    if cache:
        cache.end_pass()
    result.errors += translated.errors + persona_translated.errors
    for uri, journey in by_uri.items():
        if journey.journey.draft:
            result.unpublished.add(uri)
        else:
            result.journeys[uri] = journey
    # A draft's persona photo stays unpublished too, unless a published map shows it.
    published = {photo for j in result.journeys.values() for photo in _photos(j)}
    drafts = [j for uri, j in by_uri.items() if uri not in result.journeys]
    result.unpublished |= {photo for j in drafts for photo in _photos(j)} - published
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
    result.personas = {persona.id: persona for persona in library}
    result.persona_files = {persona.src_uri: persona.id for persona in library}
    for uri, (source_uri, locale) in persona_names.items():
        if source_uri in personas_by_uri and locale in built:
            result.persona_files[uri] = personas_by_uri[source_uri].id
        else:
            result.unpublished.add(uri)
    result.persona_translations = {
        key: value for key, value in persona_translated.translations.items() if key[1] in built
    }
    links = link(
        result.journeys,
        set(by_uri) - set(result.journeys),
        result.personas,
        docs_dir=docs_dir,
        journeys_dir=options.journeys_dir,
    )
    result.improves, result.opens = links.improves, links.opens
    result.errors += links.errors
    result.errors.sort()
    if cache is None:
        # Where each YAML value is (80 KB a map) is for error messages, all written by
        # now; only the preview, which checks translations against unchanged maps
        # again, keeps it.
        result.journeys = {uri: _without_positions(j) for uri, j in result.journeys.items()}
    return result


def _sources_and_translations(
    src_uris: Iterable[str],
) -> tuple[list[str], dict[str, TranslationName]]:
    """The files that are sources, and those that translate one (``name.fr.md``)."""
    sources: list[str] = []
    names: dict[str, TranslationName] = {}
    for src_uri in src_uris:
        name = translation_name(src_uri, is_locale)
        if name:
            names[src_uri] = name
        else:
            sources.append(src_uri)
    return sources, names


def _checkable(
    names: dict[str, TranslationName], sources: Mapping[str, object], errors: list[FileError]
) -> dict[str, TranslationName]:
    """The translations to check now: a translation of a source that has errors is
    checked once the source is fixed."""
    failed = {error.path for error in errors}
    return {
        uri: name
        for uri, name in names.items()
        if name.source_uri in sources or not any(p.endswith(name.source_uri) for p in failed)
    }


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
    locales: tuple[str, ...],
    options: LoadOptions,
    *,
    memo: Memo | None = None,
    cache: ParseCache | None = None,
) -> Collection:
    """Every journey, persona and translation of a site, from its docs folder: the
    Markdown files under ``options.journeys_dir`` and ``options.personas_dir``; ``locales``
    are the languages the site is published in. Its errors are all that the build
    refuses in the docs folder: journeys, names, links out of it, the author folders'
    files. With ``memo``, read only when a file changed since it was last read; with
    ``cache``, files whose bytes the last pass parsed are not parsed again."""
    folder = scan(docs_dir)
    authored = author_files.sort_out(docs_dir, folder, options)
    src_uris = authored.pages[options.journeys_dir]
    persona_uris = authored.pages[options.personas_dir]

    def read() -> Collection:
        found = collect(
            docs_dir, src_uris, locales, options, persona_uris=persona_uris, cache=cache
        )
        found.errors = sorted(
            [
                *found.errors,
                *docs_name_errors(docs_dir, folder.files),
                *links_out(docs_dir, folder),
                *author_files.problems(docs_dir, authored),
            ]
        )
        found.unpublished |= author_files.left_by_drafts(
            docs_dir, folder, found.unpublished, authored
        )
        return found

    if memo is None:
        return read()
    return memo.get((docs_dir, locales, options, folder.fingerprint()), read)


def _without_positions(loaded: LoadedJourney) -> LoadedJourney:
    return replace(loaded, source_map=SourceMap())


def _photos(loaded: LoadedJourney) -> set[str]:
    """The photos of the personas written on a map, as docs-relative paths."""
    return {
        photo_uri(loaded.src_uri, persona.photo)
        for persona in loaded.journey.personas_written()
        if persona.photo is not None
    }


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


@dataclass(frozen=True)
class PersonaView:
    """A persona of the library as readers of one language get it."""

    persona: Persona
    body: str
    body_lang: str | None
    """The body's language when it falls back to the source; None when translated."""
    state: TranslationState


def persona_view(
    loaded: LoadedPersona, collection: Collection, languages: Languages
) -> PersonaView:
    """A persona of the library in ``languages.current``: translated where its
    translation says, and otherwise in the source language, marked as such."""
    if languages.current == languages.default:
        return PersonaView(loaded.persona, loaded.body, None, "source")
    translation = collection.persona_translations.get((loaded.src_uri, languages.current))
    counts = [0, 0]
    values = translation.values if translation else {}
    persona = overlay_model(loaded.persona, values, languages.default, counts)
    translated_body = translation is not None and bool(translation.body.strip())
    body = translation.body if translation is not None and translated_body else loaded.body
    body_lang = None if translated_body or not loaded.body.strip() else languages.default
    if translation is None:
        state: TranslationState = "missing"
    elif translation.translated_from and translation.translated_from != source_fingerprint(loaded):
        state = "stale"
    else:
        state = "translated" if counts[1] == 0 and body_lang is None else "partial"
    return PersonaView(persona, body, body_lang, state)


@dataclass(frozen=True)
class Member:
    """One persona of a map, as readers of one language get it."""

    id: str | None
    """How the map's steps name it in emotions:; None for a map's one persona written on it."""
    persona: Persona
    home: str
    """The src_uri its photo is relative to: the map's, or its library file's."""
    library: str | None
    """Its id in the persona library, which gives it a page; None when written on the map."""


def cast_of(
    loaded: LoadedJourney, view: Journey, collection: Collection, languages: Languages
) -> list[Member]:
    """The personas of a map in order, the first the one ``emotion:`` is for; ``view``
    is the map in the reader's language (``page_view`` or ``listed_view``)."""
    members: list[Member] = []
    entries = [view.persona] if view.persona is not None else list(view.personas)
    for entry in entries:
        if isinstance(entry, Ref):
            library = collection.personas.get(entry)
            if library is None:  # reported: the map names a persona the library lacks
                continue
            shown = persona_view(library, collection, languages).persona
            members.append(Member(entry, shown, library.src_uri, entry))
        elif isinstance(entry, MapPersona):
            members.append(Member(entry.id, entry, loaded.src_uri, None))
        elif isinstance(entry, Persona):
            members.append(Member(None, entry, loaded.src_uri, None))
    return members

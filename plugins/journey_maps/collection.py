"""All journeys of a site and their translations, found, loaded and checked in one pass.

Both the build and ``check`` use this, so they always agree on what is an error.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Literal, cast

from babel import UnknownLocaleError

from .catalogs import babel_locale
from .loading import (
    JourneyError,
    LoadedJourney,
    LoadOptions,
    ParseCache,
    display_path,
    load_journeys,
)
from .model import Journey, did_you_mean, photo_uri
from .translation import Overlaid, Translation, load_translations, overlay, overlay_of, status
from .yaml_source import SourceMap

TranslationState = Literal["source", "translated", "partial", "stale", "missing"]
"""How a page relates to its source: the source itself, or a translation in some state."""


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
    errors: list[JourneyError] = field(default_factory=list)
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


def discover(docs_dir: Path, journeys_dir: str) -> list[str]:
    """Every Markdown file under the journeys folder, as docs-relative paths."""
    root = docs_dir / journeys_dir.strip("/")
    return sorted(
        path.relative_to(docs_dir).as_posix()
        for path in root.rglob("*.md")
        if not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )


def _is_locale(code: str) -> bool:
    try:
        babel_locale(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def collect(
    docs_dir: Path,
    src_uris: Iterable[str],
    locales: Iterable[str],
    options: LoadOptions,
    *,
    display_root: Path | None = None,
    cache: ParseCache | None = None,
) -> Collection:
    """Load journeys and translations; ``locales`` are the languages the site builds.
    With ``cache``, files whose bytes the last pass parsed are not parsed again."""
    built = set(locales)
    sources: list[str] = []
    overlays: dict[str, tuple[str, str]] = {}
    for src_uri in src_uris:
        found = overlay_of(src_uri, None, is_locale=_is_locale)
        if found:
            overlays[src_uri] = found
        else:
            sources.append(src_uri)
    loaded = load_journeys(docs_dir, sources, options, display_root=display_root, cache=cache)
    result = Collection(errors=list(loaded.errors))
    by_uri = {journey.src_uri: journey for journey in loaded.journeys}
    failed = {error.path for error in loaded.errors}
    # A translation of a source that has errors is checked once the source is fixed.
    checkable = {
        uri: target
        for uri, target in overlays.items()
        if target[0] in by_uri or not any(p.endswith(target[0]) for p in failed)
    }
    translated = load_translations(
        docs_dir, checkable, by_uri, options, display_root=display_root, cache=cache
    )
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
    for uri, (source_uri, locale) in overlays.items():
        if source_uri in result.journeys and locale in built:
            result.translation_files[uri] = source_uri
        else:
            result.unpublished.add(uri)
    result.translations = {
        key: value
        for key, value in translated.translations.items()
        if key[0] in result.journeys and key[1] in built
    }
    result.errors.extend(_link_improvements(result, docs_dir, display_root))
    result.errors.sort()
    if cache is None:
        # Where each YAML value is (80 KB a map) is for error messages, all written by
        # now; only the preview, which checks translations against unchanged maps
        # again, keeps it.
        result.journeys = {uri: _without_positions(j) for uri, j in result.journeys.items()}
    return result


def _without_positions(loaded: LoadedJourney) -> LoadedJourney:
    return replace(loaded, source_map=SourceMap())


def _link_improvements(
    result: Collection, docs_dir: Path, display_root: Path | None
) -> list[JourneyError]:
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
            display = display_path(docs_dir / uri, display_root)
            errors.append(JourneyError(display, line, column, problem))
        else:
            result.improves[uri] = target
    return errors


def _photo(loaded: LoadedJourney) -> str | None:
    persona = loaded.journey.persona
    if persona is None or persona.photo is None:
        return None
    return photo_uri(loaded.src_uri, persona.photo)


@dataclass(frozen=True)
class Languages:
    current: str
    default: str
    all: tuple[str, ...]


def in_language(
    loaded: LoadedJourney,
    translations: dict[tuple[str, str], Translation],
    languages: Languages,
) -> tuple[Overlaid | None, TranslationState]:
    """The journey as a reader of ``languages.current`` sees it, and the translation state."""
    if languages.current == languages.default:
        return None, "source"
    translation = translations.get((loaded.src_uri, languages.current))
    if translation is None:
        return None, "missing"
    return _view(loaded, translation, languages.default), _state(
        loaded, translation, languages.default
    )


def _view(loaded: LoadedJourney, translation: Translation | None, source_lang: str) -> Overlaid:
    """``overlay``, remembered for the language being built (see LoadedJourney.shown_as)."""
    kept = loaded.shown_as.get("view")
    if kept is not None and kept[0] is translation and kept[1] == source_lang:
        return cast(Overlaid, kept[2])
    view = overlay(loaded, translation, source_lang)
    loaded.shown_as["view"] = (translation, source_lang, view)
    return view


def _state(loaded: LoadedJourney, translation: Translation, source_lang: str) -> TranslationState:
    kept = loaded.shown_as.get("state")
    if kept is not None and kept[0] is translation and kept[1] == source_lang:
        return cast(TranslationState, kept[2])
    state = status(loaded, translation, source_lang, _view(loaded, translation, source_lang))
    loaded.shown_as["state"] = (translation, source_lang, state)
    return state


def shown(
    loaded: LoadedJourney,
    translations: dict[tuple[str, str], Translation],
    languages: Languages,
) -> Journey:
    """The journey's text as a reader of ``languages.current`` gets it in lists and indexes:
    translated where it can be, and otherwise source text marked with its language
    (translation.Fallback), so pages can say which language each piece is in."""
    if languages.current == languages.default:
        return loaded.journey
    translation = translations.get((loaded.src_uri, languages.current))
    return _view(loaded, translation, languages.default).journey

"""All journeys of a site and their translations, found, loaded and checked in one pass.

Both the build and ``check`` use this, so they always agree on what is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from babel import UnknownLocaleError

from .catalogs import babel_locale
from .loading import JourneyError, LoadedJourney, LoadOptions, load_journeys
from .model import photo_uri
from .translation import Overlaid, Translation, load_translations, overlay, overlay_of, status

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
) -> Collection:
    """Load journeys and translations; ``locales`` are the languages the site builds."""
    built = set(locales)
    sources: list[str] = []
    overlays: dict[str, tuple[str, str]] = {}
    for src_uri in src_uris:
        found = overlay_of(src_uri, None, is_locale=_is_locale)
        if found:
            overlays[src_uri] = found
        else:
            sources.append(src_uri)
    loaded = load_journeys(docs_dir, sources, options, display_root=display_root)
    result = Collection(errors=list(loaded.errors))
    by_uri = {journey.src_uri: journey for journey in loaded.journeys}
    failed = {error.path for error in loaded.errors}
    # A translation of a source that has errors is checked once the source is fixed.
    checkable = {
        uri: target
        for uri, target in overlays.items()
        if target[0] in by_uri or not any(p.endswith(target[0]) for p in failed)
    }
    translated = load_translations(docs_dir, checkable, by_uri, options, display_root=display_root)
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
    result.errors.sort()
    return result


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
    return overlay(loaded, translation, languages.default), status(
        loaded, translation, languages.default
    )

"""Translated journeys: overlay files that hold only text, laid over their source.

``jacket.fr.md`` repeats the shape of ``jacket.md`` with French text; structure and numbers
come from the source. Which fields are text is read off the model (a field marked
``x-translatable: false`` is a path or a code), so nothing here re-describes the fields.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import FileError, InvalidFile
from .loading import (
    LoadedJourney,
    LoadOptions,
    ParseCache,
    field_label,
    read_bounded,
    read_front_matter,
)
from .model import Journey, did_you_mean
from .paths import display_path
from .yaml_source import KeyPath, SourceMap, YamlFloat, YamlInt

FieldKind = Literal["text", "texts", "lanes", "model", "models", "fixed"]
TranslationState = Literal["source", "translated", "partial", "stale", "missing"]
"""How a page relates to its source: the source itself, or a translation in some state
(``missing``: there is none, and the page shows the source as it is)."""

_TRANSLATION_NAME = re.compile(
    r"^(?P<stem>.+)\.(?P<locale>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\.md$"
)
TRANSLATED_FROM = "translated_from"
"""Front-matter key of a translation: the source text's fingerprint when it was translated."""


class Fallback(str):
    """Source-language text standing in for a missing translation; it knows its language."""

    __slots__ = ("lang",)
    lang: str

    def __new__(cls, text: str, lang: str) -> Fallback:
        instance = super().__new__(cls, text)
        instance.lang = lang
        return instance


class TranslationName(NamedTuple):
    """What a translation's file name says: the file it translates, and into what."""

    source_uri: str
    locale: str


def translation_name(src_uri: str, is_locale: Callable[[str], bool]) -> TranslationName | None:
    """What ``src_uri`` translates, when it names a translation (``name.fr.md``, where
    ``is_locale("fr")``); None for any other file."""
    match = _TRANSLATION_NAME.match(posixpath.basename(src_uri))
    if not match or not is_locale(match["locale"]):
        return None
    source_uri = posixpath.join(posixpath.dirname(src_uri), match["stem"] + ".md")
    return TranslationName(source_uri, match["locale"])


_FIELD_KINDS: dict[int, tuple[FieldInfo, FieldKind]] = {}


def field_kind(info: FieldInfo) -> FieldKind:
    """How a translation treats a model field (worked out once per field: overlaying a
    translation asks for every field of every step)."""
    known = _FIELD_KINDS.get(id(info))
    if known is None or known[0] is not info:
        known = _FIELD_KINDS[id(info)] = (info, _field_kind(info))
    return known[1]


def _field_kind(info: FieldInfo) -> FieldKind:
    extra = info.json_schema_extra
    if isinstance(extra, dict) and extra.get("x-translatable") is False:
        return "fixed"
    annotation = _unwrap(info.annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        item = _unwrap(typing.get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "models"
        return "texts" if item is str else "fixed"
    if origin is dict:
        return "lanes"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model"
    return "text" if annotation is str else "fixed"


def _unwrap(annotation: Any) -> Any:
    """The type inside Optional[...] and Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


@dataclass(frozen=True)
class Translation:
    """A validated translation overlay."""

    src_uri: str
    source_uri: str
    locale: str
    values: dict[str, Any]
    body: str
    translated_from: str | None
    # No source map: every position a translation's errors need is found while parsing.
    # Kept, the maps of 12,000 translations held a gigabyte in each language's process.


def source_fingerprint(loaded: LoadedJourney) -> str:
    """A fingerprint of everything a translator translates in the source: its text and body.

    Numbers, emotions and dates are left out: changing them does not make a translation stale.
    """
    texts = list(_texts(loaded.journey, Journey))
    payload = json.dumps([texts, loaded.body.strip()], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _texts(value: Any, model: type[BaseModel]) -> Iterator[Any]:
    for name, info in model.model_fields.items():
        item = getattr(value, name)
        kind = field_kind(info)
        if kind in ("text", "texts", "lanes"):
            yield [name, item]
        elif kind == "model" and item is not None:
            yield from _texts(item, _model_of(info))
        elif kind == "models":
            for child in item:
                yield from _texts(child, _model_of(info))


def _model_of(info: FieldInfo) -> type[BaseModel]:
    annotation = _unwrap(info.annotation)
    if typing.get_origin(annotation) is list:
        annotation = _unwrap(typing.get_args(annotation)[0])
    assert isinstance(annotation, type)
    assert issubclass(annotation, BaseModel)
    return annotation


def parse_translation(
    data: bytes,
    *,
    src_uri: str,
    locale: str,
    source: LoadedJourney,
    display: str,
    source_display: str,
) -> Translation:
    """Validate a translation against its source; raises InvalidFile naming both files."""

    def fail(line: int, column: int, message: str) -> InvalidFile:
        return InvalidFile([FileError(display, line, column, message)])

    front = read_front_matter(data, fail)
    values = {} if front.values is None else front.values
    problems, body = front.problems, front.body
    checker = _OverlayChecker(display, source_display, front.source_map, source.source_map)
    checker.errors.extend(
        FileError(display, p.position.line, p.position.column, p.message) for p in problems
    )
    if not isinstance(values, dict):
        raise fail(2, 1, "front-matter must be a set of 'field: value' lines")
    translated_from = values.pop(TRANSLATED_FROM, None)
    if translated_from is not None and not isinstance(translated_from, str):
        checker.error((TRANSLATED_FROM,), "must be the fingerprint written by 'build.py i18n done'")
    checker.check(values, Journey, source.journey, ())
    if checker.errors:
        raise InvalidFile(sorted(set(checker.errors)))
    return Translation(src_uri, source.src_uri, locale, values, body, translated_from)


class _OverlayChecker:
    """Walks a translation beside its source, collecting every misfit."""

    def __init__(self, display: str, source_display: str, here: SourceMap, there: SourceMap):
        self.display = display
        self.source_display = source_display
        self.here = here
        self.there = there
        self.errors: list[FileError] = []

    def error(self, path: KeyPath, message: str, *, key: bool = False) -> None:
        where = self.here.find(path, key=key)
        line, column = (where.line, where.column) if where else (2, 1)
        label = field_label(path)
        self.errors.append(
            FileError(self.display, line, column, f"{label}: {message}" if label else message)
        )

    def check(self, values: Any, model: type[BaseModel], source: Any, path: KeyPath) -> None:
        if not isinstance(values, dict):
            self.error(path, "expected a set of 'field: value' lines, as in the source")
            return
        for key, value in values.items():
            here = (*path, key)
            info = model.model_fields.get(key)
            if info is None:
                allowed = [n for n, i in model.model_fields.items() if field_kind(i) != "fixed"]
                self.error(here, f"unknown field '{key}'" + did_you_mean(key, allowed), key=True)
                continue
            kind = field_kind(info)
            original = getattr(source, key)
            if kind == "fixed":
                self.error(
                    here,
                    f"'{key}' comes from the source {self.source_display}; "
                    "a translation holds only text: remove it",
                    key=True,
                )
            elif original in (None, [], {}):
                self.error(
                    here,
                    f"the source {self.source_display} has no '{key}' here; "
                    "remove it or add it to the source first",
                    key=True,
                )
            elif kind == "text":
                self._text(value, here)
            elif kind == "texts":
                self._list(value, original, here, lambda item, p: self._text(item, p), exact=False)
            elif kind == "lanes":
                self._lanes(value, original, here)
            elif kind == "model":
                self.check(value, _model_of(info), original, here)
            else:
                child = _model_of(info)
                self._list(
                    value,
                    original,
                    here,
                    lambda item, p, o=original, c=child: self.check(item, c, o[p[-1]], p),
                    exact=True,
                )

    def _text(self, value: Any, path: KeyPath) -> None:
        if isinstance(value, str) and value.strip():
            return
        if isinstance(value, YamlInt | YamlFloat):
            return
        self.error(path, "expected the translated text")

    def _lanes(self, value: Any, original: Mapping[str, str], path: KeyPath) -> None:
        if not isinstance(value, dict):
            self.error(path, "expected lane: text lines, as in the source")
            return
        for key, text in value.items():
            if key not in original:
                self.error(
                    (*path, key),
                    f"lane '{key}' is not filled in the source"
                    + did_you_mean(key, original, "the source fills"),
                    key=True,
                )
            else:
                self._text(text, (*path, key))

    def _list(
        self, value: Any, original: list[Any], path: KeyPath, each: Any, *, exact: bool
    ) -> None:
        if not isinstance(value, list):
            self.error(path, "expected a list, as in the source")
            return
        if len(value) > len(original) or (exact and len(value) != len(original)):
            where = self.there.find(path)
            at = f" (line {where.line})" if where else ""
            self.error(
                path,
                f"{len(value)} {_noun(path, len(value))} here but {len(original)} in the source "
                f"{self.source_display}{at}; a translation keeps the source's "
                "stages, steps and lists in the same number and order",
            )
            return
        for index, item in enumerate(value):
            each(item, (*path, index))


def _noun(path: KeyPath, count: int) -> str:
    name = str(path[-1]) if path else "items"
    singular = {"stages": "stage", "steps": "step", "metrics": "metric"}.get(name, "item")
    return singular if count == 1 else singular + ("s" if singular != "items" else "")


@dataclass(frozen=True)
class View:
    """A journey as readers of one language get it: translated where a translation says,
    and elsewhere source text, marked as such (``Fallback``)."""

    journey: Journey
    body: str
    body_lang: str | None
    """The body's language when it falls back to the source; None when translated."""
    translated: int
    fallbacks: int

    @property
    def complete(self) -> bool:
        return self.fallbacks == 0 and self.body_lang is None

    @classmethod
    def of_source(cls, source: LoadedJourney) -> View:
        """The journey as its own language's readers get it: as written."""
        return cls(source.journey, source.body, None, 0, 0)


def overlay(source: LoadedJourney, translation: Translation | None, source_lang: str) -> View:
    """The source with a translation laid over it; untranslated text becomes a Fallback."""
    counts = [0, 0]
    values = translation.values if translation else {}
    journey = _merge(source.journey, Journey, values, source_lang, counts)
    body = translation.body if translation and translation.body.strip() else source.body
    body_lang = None if translation and translation.body.strip() else source_lang
    if not source.body.strip():
        body_lang = None
    return View(journey, body, body_lang, counts[0], counts[1])


def _merge(
    value: Any, model: type[BaseModel], values: dict[str, Any], lang: str, counts: list[int]
) -> Any:
    update: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        kind = field_kind(info)
        original = getattr(value, name)
        given = values.get(name)
        if kind == "text" and original is not None:
            update[name] = _pick(original, given, lang, counts)
        elif kind == "texts":
            given = given or []
            update[name] = [
                _pick(o, given[i] if i < len(given) else None, lang, counts)
                for i, o in enumerate(original)
            ]
        elif kind == "lanes":
            given = given or {}
            update[name] = {k: _pick(o, given.get(k), lang, counts) for k, o in original.items()}
        elif kind == "model" and original is not None:
            update[name] = _merge(original, _model_of(info), given or {}, lang, counts)
        elif kind == "models":
            given = given or []
            update[name] = [
                _merge(o, _model_of(info), given[i] if i < len(given) else {}, lang, counts)
                for i, o in enumerate(original)
            ]
    return value.model_copy(update=update)


def _pick(original: str, given: Any, lang: str, counts: list[int]) -> str:
    if given is None:
        counts[1] += 1
        return Fallback(original, lang)
    counts[0] += 1
    return str(getattr(given, "source", given)).strip()


def status(
    source: LoadedJourney,
    translation: Translation | None,
    source_lang: str,
    view: View | None = None,
) -> TranslationState:
    """translated / partial / stale / missing, as the translator's status report shows it
    (``view``: the overlay of ``translation``, when worked out already)."""
    if translation is None:
        return "missing"
    if translation.translated_from and translation.translated_from != source_fingerprint(source):
        return "stale"
    view = view or overlay(source, translation, source_lang)
    return "translated" if view.complete else "partial"


@dataclass
class TranslationSet:
    translations: dict[tuple[str, str], Translation] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)


def load_translations(
    docs_dir: Path,
    names: Mapping[str, TranslationName],
    sources: Mapping[str, LoadedJourney],
    options: LoadOptions,
    *,
    cache: ParseCache | None = None,
) -> TranslationSet:
    """Load every translation (by src_uri, with what its name says), collecting all errors."""
    result = TranslationSet()
    for src_uri, (source_uri, locale) in sorted(names.items()):
        display = display_path(docs_dir / src_uri)
        source = sources.get(source_uri)
        if source is None:
            result.errors.append(
                FileError(
                    display,
                    1,
                    1,
                    f"this is a translation into '{locale}' of {source_uri}, which does not exist "
                    "or has errors; rename the file or add the source",
                )
            )
            continue
        try:
            data = read_bounded(docs_dir / src_uri, options, display)
            # Checked against its source: reused only while the source is the same object.
            key = ("translation", str(docs_dir / src_uri), display, locale, id(source), data)
            cached = cache.get(key) if cache else None
            if cached is not None and cached[0] is source:
                translation = cached[1]
            else:
                translation = parse_translation(
                    data,
                    src_uri=src_uri,
                    locale=locale,
                    source=source,
                    display=display,
                    source_display=display_path(docs_dir / source_uri),
                )
            if cache:
                cache.put(key, (source, translation))
            result.translations[(source_uri, locale)] = translation
        except InvalidFile as failed:
            result.errors.extend(failed.errors)
    return result

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
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

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
from .model import Journey, Ref, did_you_mean
from .paths import display_path
from .yaml_source import KeyPath, SourceMap, YamlFloat, YamlInt

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


_TRANSLATABLE: dict[int, tuple[FieldInfo, bool]] = {}


def translatable(info: FieldInfo) -> bool:
    """Whether a translation may give a model field's text: a field that holds text
    somewhere (plain, in a list, a mapping or a model) and is not marked as a path, a
    code or a number (``x-translatable: false``). Worked out once per field: overlaying a
    translation asks for every field of every step."""
    known = _TRANSLATABLE.get(id(info))
    if known is None or known[0] is not info:
        extra = info.json_schema_extra
        fixed = isinstance(extra, dict) and extra.get("x-translatable") is False
        known = _TRANSLATABLE[id(info)] = (info, not fixed and _holds_text(info.annotation))
    return known[1]


def _holds_text(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return False
    if origin is typing.Annotated:
        return _holds_text(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict):
        return any(_holds_text(argument) for argument in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return annotation is str


def _is_text(value: Any) -> bool:
    """Translatable text: a string that is not an id (``model.Ref``)."""
    return isinstance(value, str) and not isinstance(value, Ref)


class Translated(Protocol):
    """A file that translations are laid over: a journey, or a persona of the library."""

    @property
    def src_uri(self) -> str: ...
    @property
    def root(self) -> BaseModel: ...
    @property
    def body(self) -> str: ...
    @property
    def source_map(self) -> SourceMap: ...


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


def source_fingerprint(loaded: Translated) -> str:
    """A fingerprint of everything a translator translates in the source: its text and body.

    Numbers, emotions and dates are left out: changing them does not make a translation stale.
    """
    texts = list(_texts(loaded.root))
    payload = json.dumps([texts, loaded.body.strip()], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


_FIRST_FORMAT = {
    "Journey": {"title", "summary", "industry", "tags", "owner", "scenario"},
    "Stage": {"name", "phase"},
    "Step": {"action", "touchpoint", "channel", "thought", "pains", "opportunities", "owner"}
    | {"lanes"},
    "Persona": {"name", "role", "quote", "goals", "expectations"},
    "Metric": {"name"},
}
"""The text fields of the format's first version, which count in a fingerprint even when
empty, as they always did: the fingerprints translators recorded then stay right. A field
added since counts once it holds text."""


def _texts(value: BaseModel) -> Iterator[Any]:
    first = _FIRST_FORMAT.get(type(value).__name__, set())
    for name, info in type(value).model_fields.items():
        if not translatable(info):
            continue
        item = getattr(value, name)
        if isinstance(item, BaseModel):
            yield from _texts(item)
        elif isinstance(item, list) and any(isinstance(child, BaseModel) for child in item):
            for child in item:
                if isinstance(child, BaseModel):
                    yield from _texts(child)
        elif isinstance(item, dict) and any(isinstance(v, BaseModel) for v in item.values()):
            yield [
                name,
                {k: list(_texts(v)) if isinstance(v, BaseModel) else v for k, v in item.items()},
            ]
        elif isinstance(item, Ref | bool):
            continue  # an id, or `moment: true`: nothing a translator translates
        elif item not in (None, [], {}) or name in first:
            yield [name, item]


def parse_translation(
    data: bytes,
    *,
    src_uri: str,
    locale: str,
    source: Translated,
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
    checker.check(values, source.root, ())
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

    def check(self, values: Any, source: BaseModel, path: KeyPath) -> None:
        """``values`` of a translation, where the source has the model ``source``."""
        if not isinstance(values, dict):
            self.error(path, "expected a set of 'field: value' lines, as in the source")
            return
        fields = type(source).model_fields
        for key, value in values.items():
            here = (*path, key)
            info = fields.get(key)
            if info is None:
                allowed = [name for name, i in fields.items() if translatable(i)]
                self.error(here, f"unknown field '{key}'" + did_you_mean(key, allowed), key=True)
                continue
            original = getattr(source, key)
            if not translatable(info) or (
                not _holds_text_value(original)
                and original
                not in (
                    None,
                    [],
                    {},
                )
            ):
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
            else:
                self._value(value, original, here)

    def _value(self, value: Any, original: Any, path: KeyPath) -> None:
        """A translated value, beside the source's ``original``, at ``path``."""
        if isinstance(original, BaseModel):
            self.check(value, original, path)
        elif isinstance(original, list):
            exact = any(isinstance(item, BaseModel) for item in original)
            self._list(
                value,
                original,
                path,
                lambda item, p: self._value(item, original[int(p[-1])], p),
                exact=exact,
            )
        elif isinstance(original, dict):
            self._mapping(value, original, path)
        elif _is_text(original):
            self._text(value, path)
        elif value != original:  # an id among texts (a library persona): as it is
            self.error(path, f"'{original}' comes from the source: write it as it is")

    def _text(self, value: Any, path: KeyPath) -> None:
        if isinstance(value, str) and value.strip():
            return
        if isinstance(value, YamlInt | YamlFloat):
            return
        self.error(path, "expected the translated text")

    def _mapping(self, value: Any, original: Mapping[str, Any], path: KeyPath) -> None:
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
                self._value(text, original[key], (*path, key))

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


def _holds_text_value(value: Any) -> bool:
    """Whether a source value has text a translation may give: text, or a list, mapping
    or model holding some (an id, a number or a flag has none)."""
    if isinstance(value, BaseModel):
        return True
    if isinstance(value, list):
        return any(_holds_text_value(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_text_value(item) for item in value.values())
    return _is_text(value)


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
    journey = overlay_model(source.journey, values, source_lang, counts)
    body = translation.body if translation and translation.body.strip() else source.body
    body_lang = None if translation and translation.body.strip() else source_lang
    if not source.body.strip():
        body_lang = None
    return View(journey, body, body_lang, counts[0], counts[1])


ModelT = TypeVar("ModelT", bound=BaseModel)


def overlay_model(value: ModelT, values: Any, lang: str, counts: list[int]) -> ModelT:
    """``value`` (a model of the source) with the text of a translation's ``values`` laid
    over it; ``counts`` adds up the texts translated and those left in ``lang``."""
    given = values if isinstance(values, dict) else {}
    update = {
        name: _merge(getattr(value, name), given.get(name), lang, counts)
        for name, info in type(value).model_fields.items()
        if translatable(info)
    }
    return value.model_copy(update=update)


def _merge(original: Any, given: Any, lang: str, counts: list[int]) -> Any:
    if isinstance(original, BaseModel):
        return overlay_model(original, given, lang, counts)
    if isinstance(original, list):
        items = given if isinstance(given, list) else []
        return [
            _merge(item, items[i] if i < len(items) else None, lang, counts)
            for i, item in enumerate(original)
        ]
    if isinstance(original, dict):
        entries = given if isinstance(given, dict) else {}
        return {key: _merge(item, entries.get(key), lang, counts) for key, item in original.items()}
    if _is_text(original):
        return _pick(original, given, lang, counts)
    return original  # an id, a number, a flag: the source's


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
    sources: Mapping[str, Translated],
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

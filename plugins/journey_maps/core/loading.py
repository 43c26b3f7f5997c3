"""Reading journey files: bytes in, a validated journey or positioned errors out.

Every problem is reported as ``path:line:col: message`` and every file is read, so an
author sees all mistakes of all files in one run.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from .anchors import step_anchors
from .errors import FileError, InvalidFile, YamlProblem
from .markdown_cost import body_problems
from .model import (
    UNION_TAGS,
    Journey,
    Problem,
    did_you_mean,
    resolve_photo,
    shape_problems,
    validation_context,
)
from .paths import display_path
from .yaml_source import KeyPath, Position, SourceMap, build, compose

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Default size limit: a long journey with a long narrative is under 100 KB."""

MAX_FRONT_MATTER_CHARS = 512 * 1024


@dataclass(frozen=True)
class LoadedJourney:
    """A validated journey, its Markdown body and where it came from."""

    src_uri: str
    """Path inside the docs dir, with forward slashes."""
    journey: Journey
    body: str
    body_line: int
    """Line of the file on which the body starts."""
    source_map: SourceMap = field(repr=False, compare=False)
    views: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """The last language's view of it (``collection.page_view``), which a build asks
    for a dozen times (the page, its card, the indexes, the outputs): one language at a
    time, so that a build of 13 languages in one process holds one view per map, not 13."""

    @property
    def root(self) -> Journey:
        """What translations are laid over (``translation.Translated``)."""
        return self.journey

    @cached_property
    def anchors(self) -> list[str]:
        """Each step's permanent anchor (``anchors.step_anchors``): the page, the
        touchpoint pages, the comparison and the outputs all name steps by them."""
        return step_anchors(self.journey)


@dataclass
class LoadResult:
    journeys: list[LoadedJourney] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


@dataclass(frozen=True)
class LoadOptions:
    """What validation needs to know about the site."""

    custom_lanes: frozenset[str] = frozenset()
    """The keys of the site's own lanes (plugin option custom_lanes)."""
    max_file_bytes: int = MAX_FILE_BYTES
    journeys_dir: str = "journeys"
    """The folder of the docs folder whose Markdown files are journeys."""
    personas_dir: str = "personas"
    """The folder of the persona library."""


class ParseCache:
    """What the last pass over a site's files parsed, by file and bytes, for the next
    pass to reuse (a preview rebuilding after one edit need not validate 1,000 maps
    again). A file whose bytes are unchanged gives the very same object, which tells the
    preview which maps changed. Each pass keeps only what it used.

    The only thing a journey's validity depends on besides its bytes, whether its persona
    photo exists, is checked again on reuse."""

    def __init__(self) -> None:
        self._last: dict[tuple[Any, ...], Any] = {}
        self._used: dict[tuple[Any, ...], Any] = {}

    def get(self, key: tuple[Any, ...]) -> Any | None:
        found = self._last.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        self._used[key] = value

    def end_pass(self) -> None:
        self._last, self._used = self._used, {}


def load_journeys(
    docs_dir: Path,
    src_uris: Iterable[str],
    options: LoadOptions,
    *,
    cache: ParseCache | None = None,
) -> LoadResult:
    """Load every journey, collecting all errors of all files."""
    result = LoadResult()
    for src_uri in sorted(src_uris):
        path = docs_dir / src_uri
        display = display_path(path)
        try:
            data = read_bounded(path, options, display)
            key = ("journey", str(path), display, options, data)
            loaded = cache.get(key) if cache else None
            if loaded is None or not _photo_still_there(loaded, docs_dir):
                loaded = parse_journey(
                    data, src_uri=src_uri, docs_dir=docs_dir, options=options, display=display
                )
            if cache:
                cache.put(key, loaded)
            result.journeys.append(loaded)
        except InvalidFile as failed:
            result.errors.extend(failed.errors)
    return result


def _photo_still_there(loaded: LoadedJourney, docs_dir: Path) -> bool:
    try:
        for persona in loaded.journey.personas_written():
            if persona.photo is not None:
                resolve_photo(persona.photo, loaded.src_uri, docs_dir)
    except PydanticCustomError:
        return False
    return True


def read_bounded(path: Path, options: LoadOptions, display: str) -> bytes:
    """A journey or translation file's bytes, refused unread when it is over the size limit."""
    try:
        size = path.stat().st_size
        if size > options.max_file_bytes:
            raise InvalidFile(
                [
                    FileError(
                        display,
                        1,
                        1,
                        f"file is {_size(size)}; a journey file may be at most "
                        f"{_size(options.max_file_bytes)} (plugin option max_file_size): "
                        "move bulky material out of it",
                    )
                ]
            )
        return path.read_bytes()
    except OSError as error:
        raise InvalidFile(
            [FileError(display, 1, 1, f"cannot read file: {error.strerror or error}")]
        ) from error


def _size(count: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


@dataclass(frozen=True)
class FrontMatter:
    """A file's front-matter as values with positions, and the body below it."""

    values: Any
    """None when the front-matter is empty."""
    source_map: SourceMap
    problems: list[YamlProblem]
    body: str
    body_line: int


def read_front_matter(data: bytes, fail: Any) -> FrontMatter:
    """Decode, split and parse a file's front-matter, bounded; fatal problems raise ``fail``."""
    text = decode(data, fail)
    front, body, body_line = split_front_matter(text, fail)
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise fail(
            1,
            1,
            f"front-matter is over {MAX_FRONT_MATTER_CHARS // 1024} KB; "
            "a journey map never needs that much",
        )
    # The body is Markdown that every language's build and the preview render: what
    # it could cost is bounded here, where check and the build both read every file.
    costly = body_problems(body, body_line)
    try:
        node = compose(front, line_offset=1)
        if node is None:
            return FrontMatter(None, SourceMap(), costly, body, body_line)
        values, source_map, problems = build(node, front, line_offset=1)
    except YamlProblem as problem:
        raise fail(problem.position.line, problem.position.column, problem.message) from None
    return FrontMatter(values, source_map, problems + costly, body, body_line)


def parse_journey(
    data: bytes, *, src_uri: str, docs_dir: Path | None, options: LoadOptions, display: str
) -> LoadedJourney:
    """Validate the bytes of a journey file; raises InvalidFile."""

    def fail(line: int, column: int, message: str) -> InvalidFile:
        return InvalidFile([FileError(display, line, column, message)])

    front = read_front_matter(data, fail)
    values, source_map, problems = front.values, front.source_map, front.problems
    if values is None:
        raise fail(
            1, 1, "front-matter is empty; a journey needs at least title, summary and stages"
        )
    errors = [FileError(display, p.position.line, p.position.column, p.message) for p in problems]
    if not isinstance(values, dict):
        errors.append(
            FileError(
                display,
                2,
                1,
                "front-matter must be a set of 'field: value' lines (title, summary, stages, ...)",
            )
        )
        raise InvalidFile(errors)
    context: dict[str, Any] = {
        **validation_context(values),
        "custom_lanes": options.custom_lanes,
        "src_uri": src_uri,
    }
    if docs_dir is not None:
        context["docs_dir"] = docs_dir
    errors += [_shape_error(display, problem, source_map) for problem in shape_problems(values)]
    try:
        journey = Journey.model_validate(values, context=context)
    except ValidationError as invalid:
        errors += positioned_errors(display, invalid, source_map, problems)
    if errors:
        raise InvalidFile(sorted(set(errors)))
    return LoadedJourney(src_uri, journey, front.body, front.body_line, source_map)


def positioned_errors(
    display: str, invalid: ValidationError, source_map: SourceMap, problems: list[YamlProblem]
) -> list[FileError]:
    """The model's errors, each where it is in the file; none where the YAML reading
    has said already what is wrong with the value (``problems``)."""
    reported = {problem.path for problem in problems if problem.path is not None}
    return [
        _positioned(display, error, source_map)
        for error in _once_per_lane(invalid.errors())
        if _written_at(error["loc"]) not in reported
    ]


def _written_at(loc: tuple[str | int, ...]) -> KeyPath:
    """A validation error's location as the file has it: without the tags that say which
    member of a union the model read it as (``model.UNION_TAGS``)."""
    return tuple(part for part in loc if part not in UNION_TAGS)


def _once_per_lane(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """An unknown lane is said once, where it is first filled, not at every step."""
    said: set[str] = set()
    kept = []
    for error in errors:
        if error["type"] == "unknown_lane":
            key = str((error.get("ctx") or {}).get("key"))
            if key in said:
                continue
            said.add(key)
        kept.append(error)
    return kept


def _shape_error(display: str, problem: Problem, source_map: SourceMap) -> FileError:
    path, message, at_key = problem
    where = source_map.find(path, key=at_key) or Position(2, 1)
    label = field_label(path[:-1] if at_key else path)
    return FileError(display, where.line, where.column, f"{label}: {message}" if label else message)


def decode(data: bytes, fail: Any) -> str:
    """UTF-8 text with any BOM removed and line endings made '\\n'."""
    if b"\x00" in data:
        line, column = _byte_position(data, data.index(b"\x00"))
        raise fail(
            line,
            column,
            "a NUL byte: this is a binary file, not a Markdown journey; if it is meant to be "
            "one, delete the invisible NUL character here",
        )
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = bom + error.start
        line, column = _byte_position(data, offset)
        raise fail(
            line, column, f"not valid UTF-8 (byte 0x{data[offset]:02x}); save the file as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as editors count) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].removeprefix(codecs.BOM_UTF8)
    return data.count(b"\n", 0, offset) + 1, len(before.decode("utf-8", "replace")) + 1


def split_front_matter(text: str, fail: Any) -> tuple[str, str, int]:
    """The front-matter text, the body, and the body's first line number."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise fail(
            1,
            1,
            "a journey starts with front-matter: a line '---', the map's fields, "
            "then another '---' line",
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n", "\n".join(lines[index + 1 :]), index + 2
    raise fail(
        1,
        1,
        "front-matter opened with '---' on line 1 is never closed; "
        "add a line '---' after the last field",
    )


def _positioned(display: str, error: ErrorDetails, source_map: SourceMap) -> FileError:
    loc: KeyPath = _written_at(error["loc"])
    kind = error["type"]
    context = error.get("ctx") or {}
    where: Position | None
    if kind == "extra_forbidden":
        where = source_map.find(loc, key=True)
        key = str(loc[-1])
        message = f"unknown field '{key}'" + did_you_mean(key, _fields_at(loc[:-1]))
    elif kind == "missing":
        where = source_map.find(loc[:-1])
        message = f"missing required field '{loc[-1]}'"
    elif "key" in context:
        where = source_map.find((*loc, context["key"]), key=True)
        message = error["msg"]
    else:
        where = source_map.find(loc)
        message = _message(error)
    where = where or Position(2, 1)
    label = field_label(loc[:-1] if kind in ("extra_forbidden", "missing") else loc)
    prefix = f"{label}: " if label else ""
    return FileError(display, where.line, where.column, prefix + message)


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", ""))
        options = [part.strip(" '") for part in expected.replace(" or ", ",").split(",")]
        written = str(error["input"])
        hint = did_you_mean(written, options, "use one of")
        return f"'{written}' is not allowed{hint}"
    if kind in ("too_short", "string_too_short"):
        if isinstance(error["input"], str):
            return "is empty; write some text or remove the field"
        return "needs at least one item"
    if kind in ("dict_type", "model_type"):
        return "expected a set of 'field: value' lines"
    if kind == "too_long":
        context = error.get("ctx") or {}
        return (
            f"has {context.get('actual_length')} items; at most {context.get('max_length')} "
            "are allowed"
        )
    return error["msg"]


def field_label(loc: KeyPath) -> str:
    """``stages[1].steps[0].emotion``: a field's path as an author reads it."""
    label = ""
    for part in loc:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


def _fields_at(loc: KeyPath) -> list[str]:
    model: type[BaseModel] = Journey
    for part in loc:
        if isinstance(part, int) or str(part) not in model.model_fields:
            continue  # an index of a list, or a key of a mapping (a lane's)
        annotation = model.model_fields[str(part)].annotation
        model = _model_in(annotation) or model
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found:
            return found
    return None

"""The persona library: one Markdown file per persona, which any map names by its id.

``personas/dana.md`` holds Dana: the front-matter has a persona's fields (name, role,
photo, quote, goals, expectations), the body describes them. Its id is its path under
the library's folder without ``.md`` (``dana``, ``health/nurse``). It is translated as a
journey is (``dana.fr.md``), and each persona has a page listing the maps it is in.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import FileError, InvalidFile
from .loading import LoadOptions, ParseCache, positioned_errors, read_bounded, read_front_matter
from .model import Persona
from .paths import display_path
from .yaml_source import SourceMap


@dataclass(frozen=True)
class LoadedPersona:
    """A persona of the library, validated, with its description and where it came from."""

    src_uri: str
    """Path inside the docs dir, with forward slashes."""
    id: str
    persona: Persona
    body: str
    body_line: int
    source_map: SourceMap = field(repr=False, compare=False)

    @property
    def root(self) -> Persona:
        """What translations are laid over (``translation.Translated``)."""
        return self.persona


def persona_id(src_uri: str, personas_dir: str) -> str:
    """A library file's id: its path under the library's folder, without ``.md``."""
    return posixpath.relpath(src_uri, personas_dir.strip("/")).removesuffix(".md")


def parse_persona(
    data: bytes, *, src_uri: str, personas_dir: str, docs_dir: Path | None, display: str
) -> LoadedPersona:
    """Validate the bytes of a persona file; raises InvalidFile."""

    def fail(line: int, column: int, message: str) -> InvalidFile:
        return InvalidFile([FileError(display, line, column, message)])

    front = read_front_matter(data, fail)
    if front.values is None:
        raise fail(1, 1, "front-matter is empty; a persona needs at least a name")
    errors = [
        FileError(display, p.position.line, p.position.column, p.message) for p in front.problems
    ]
    if not isinstance(front.values, dict):
        errors.append(
            FileError(
                display, 2, 1, "front-matter must be a set of 'field: value' lines (name, ...)"
            )
        )
        raise InvalidFile(errors)
    context: dict[str, Any] = {"src_uri": src_uri}
    if docs_dir is not None:
        context["docs_dir"] = docs_dir
    try:
        persona = Persona.model_validate(front.values, context=context)
    except ValidationError as invalid:
        errors += positioned_errors(display, invalid, front.source_map, front.problems)
    if errors:
        raise InvalidFile(sorted(set(errors)))
    return LoadedPersona(
        src_uri,
        persona_id(src_uri, personas_dir),
        persona,
        front.body,
        front.body_line,
        front.source_map,
    )


def load_personas(
    docs_dir: Path,
    src_uris: Iterable[str],
    personas_dir: str,
    options: LoadOptions,
    *,
    cache: ParseCache | None = None,
) -> tuple[list[LoadedPersona], list[FileError]]:
    """Load every persona file, collecting all errors of all files."""
    loaded: list[LoadedPersona] = []
    errors: list[FileError] = []
    for src_uri in sorted(src_uris):
        path = docs_dir / src_uri
        display = display_path(path)
        try:
            data = read_bounded(path, options, display)
            key = ("persona", str(path), display, personas_dir, data)
            persona = cache.get(key) if cache else None
            if persona is None:
                persona = parse_persona(
                    data,
                    src_uri=src_uri,
                    personas_dir=personas_dir,
                    docs_dir=docs_dir,
                    display=display,
                )
            if cache:
                cache.put(key, persona)
            loaded.append(persona)
        except InvalidFile as failed:
            errors += failed.errors
    return loaded, errors

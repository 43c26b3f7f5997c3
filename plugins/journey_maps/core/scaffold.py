"""Templates people can use: a template's source to download, and new maps started from one.

A template is a journey with ``kind: template``. In its own language its download is the
file as written. In another language it is a complete journey file: the source's
front-matter with the translation's text laid over it, and the translated body, so a reader
starts from prompts in their language and the file still validates.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import file_names
from .collection import Collection
from .errors import InvalidFile, ScaffoldError
from .loading import LoadedJourney, LoadOptions, parse_journey
from .model import Journey, did_you_mean
from .paths import display_path
from .text import slug
from .translation import Translation, overlay
from .yaml_source import CORE_RESOLVERS


def template_source(
    loaded: LoadedJourney, docs_dir: Path, translation: Translation | None, source_lang: str
) -> str:
    """The Markdown a reader downloads to start a map from ``loaded``.

    Without a translation: the file exactly as written. With one: a valid journey file in
    the translation's language, untranslated text left in ``source_lang``.
    """
    if translation is None:
        return (docs_dir / loaded.src_uri).read_bytes().decode("utf-8-sig")
    merged = overlay(loaded, translation, source_lang)
    return journey_file(front_matter(merged.journey, loaded.journey), merged.body)


def front_matter(journey: Journey, written: Journey) -> dict[str, Any]:
    """``journey``'s values, in model order, for the fields an author wrote in ``written``.

    ``written`` is the journey as loaded from its file and ``journey`` the same journey with
    other text (a translation, a new title), so fields the author spelled out at their
    default (``state: current``, ``better: higher``) stay in a template's copy.
    """
    shape = written.model_dump(mode="json", exclude_unset=True)
    return _prune(journey.model_dump(mode="json"), shape)  # type: ignore[no-any-return]


def _prune(value: Any, shape: Any) -> Any:
    if isinstance(value, dict) and isinstance(shape, dict):
        return {key: _prune(item, shape[key]) for key, item in value.items() if key in shape}
    if isinstance(value, list) and isinstance(shape, list):
        return [_prune(item, like) for item, like in zip(value, shape, strict=True)]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # emotion -1, value 0: as an author writes them
    return value


class _Dumper(yaml.SafeDumper):
    """Quotes text that YAML 1.1 or the YAML 1.2 core schema (which journeys are read with)
    would take for something else, and writes dates plain: 1.2 has no implicit dates.
    Lists are indented under their key, as in the project's own journey files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
for _tag, _pattern, _first in CORE_RESOLVERS:
    _Dumper.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


DRAFT_NOTE = (
    "A draft, published nowhere: answer the template's questions, then remove the next line."
)


def journey_file(values: dict[str, Any], body: str, *, note: str | None = None) -> str:
    """A journey file: ``values`` as YAML front-matter (``note`` as a comment above
    them), then the Markdown body."""
    dumped = yaml.dump(
        values,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=float("inf"),
    )
    comment = f"# {note}\n" if note else ""
    return f"---\n{comment}{dumped}---\n{body}"


def template_names(collection: Collection) -> dict[str, list[LoadedJourney]]:
    """Published templates by name (the file name without ``.md``)."""
    names: dict[str, list[LoadedJourney]] = {}
    for src_uri, loaded in sorted(collection.journeys.items()):
        if loaded.journey.kind == "template":
            names.setdefault(_name(src_uri), []).append(loaded)
    return names


def _name(src_uri: str) -> str:
    return posixpath.basename(src_uri).removesuffix(".md")


def find_template(collection: Collection, name: str) -> LoadedJourney:
    """The template called ``name``; ScaffoldError, with the names there are, otherwise."""
    name = name.removesuffix(".md")
    names = template_names(collection)
    found = names.get(name)
    if found and len(found) == 1:
        return found[0]
    if found:
        uris = ", ".join(loaded.src_uri for loaded in found)
        raise ScaffoldError(f"'{name}' names more than one template ({uris}); rename one of them")
    listing = ", ".join(sorted(names))
    if not names:
        raise ScaffoldError(
            f"no template named '{name}': this site has no templates (journeys with kind: template)"
        )
    examples = [uri for uri in collection.journeys if _name(uri) == name]
    if examples:
        raise ScaffoldError(
            f"{examples[0]} is an example, not a template; only journeys with "
            f"kind: template can start a new map. Templates: {listing}"
        )
    hint = did_you_mean(name, names, "templates")
    if not hint.startswith("; templates"):
        hint += f" Templates: {listing}"
    raise ScaffoldError(f"no template named '{name}'{hint}")


def new_journey(
    collection: Collection,
    docs_dir: Path,
    journeys_dir: str,
    options: LoadOptions,
    *,
    title: str,
    template: str,
    source_lang: str,
    locale: str | None = None,
    folder: str | None = None,
) -> Path:
    """Start a new map from a template and return the file written.

    The file is ``<journeys_dir>/<folder>/<slug of title>.md`` in ``docs_dir`` (a long
    slug cut to fit ``file_names.MAX_NAME_BYTES``, with a fingerprint of it): the
    template (in ``locale`` when given) with the new title, ``kind: example``, and
    ``draft: true`` at the top, saying so. An existing file is never replaced. Raises
    ScaffoldError.
    """
    title = title.strip()
    if not title:
        raise ScaffoldError("the title is empty; give the new map a title")
    loaded = find_template(collection, template)
    translation = _translation(collection, loaded, source_lang, locale)
    src_uri = _new_uri(journeys_dir, folder, title)
    path = docs_dir / src_uri
    display = display_path(path)
    try:
        _refuse_links_out(docs_dir, path.parent)
        exists = path.exists()
    except OSError as error:  # a --folder too long a name for the file system
        raise ScaffoldError(f"cannot write {display}: {error.strerror or error}") from error
    if exists:
        raise ScaffoldError(f"{display} already exists; choose another title or --folder")
    merged = overlay(loaded, translation, source_lang)
    values = front_matter(merged.journey, loaded.journey)
    values["title"] = title
    values["kind"] = "example"
    # A draft until its author has answered the template's questions: none of them
    # reaches the site, journeys.json or metrics.csv.
    values = {"draft": True, **{k: v for k, v in values.items() if k != "draft"}}
    _rebase(values, loaded.src_uri, src_uri)
    text = journey_file(values, merged.body, note=DRAFT_NOTE)
    try:
        parse_journey(
            text.encode(), src_uri=src_uri, docs_dir=docs_dir, options=options, display=display
        )
    except InvalidFile as invalid:  # the template loaded, so this is a bug: say what
        raise ScaffoldError(f"the new map would not be valid:\n{invalid}") from invalid
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display} already exists; choose another title or --folder") from None
    except OSError as error:
        raise ScaffoldError(f"cannot write {display}: {error.strerror or error}") from error
    return path


def _translation(
    collection: Collection, loaded: LoadedJourney, source_lang: str, locale: str | None
) -> Translation | None:
    if locale is None or locale == source_lang:
        return None
    translation = collection.translations.get((loaded.src_uri, locale))
    if translation is None:
        translated = (lang for uri, lang in collection.translations if uri == loaded.src_uri)
        available = [source_lang, *sorted(translated)]
        raise ScaffoldError(
            f"template '{_name(loaded.src_uri)}' has no translation into '{locale}'; "
            f"it is available in: {', '.join(available)}"
        )
    return translation


def _new_uri(journeys_dir: str, folder: str | None, title: str) -> str:
    root = journeys_dir.strip("/")
    parts: tuple[str, ...] = ()
    if folder:
        relative = PurePosixPath(folder.replace("\\", "/"))
        parts = relative.parts
        if relative.is_absolute() or any(part.startswith(".") for part in parts):
            raise ScaffoldError(
                f"folder '{folder}' must be a folder inside {root}/, written relative to it "
                "(e.g. retail or retail/stores)"
            )
        for part in parts:  # check would refuse the folder once the map is in it
            wrong = file_names.problem(part, fix="choose another --folder")
            if wrong:
                raise ScaffoldError(f"folder '{file_names.shown_name(folder)}': {wrong}")
    name = slug(title)
    room = file_names.MAX_NAME_BYTES - len(".md")
    if len(name.encode()) > room:  # two long titles that begin alike stay two files
        name = file_names.bounded(name, hashlib.sha256(name.encode()).hexdigest()[:6], room)
    if file_names.device(name):  # "con.md" is no file's name on Windows
        name += "-map"
    return posixpath.join(root, *parts, name + ".md")


def _refuse_links_out(docs_dir: Path, folder: Path) -> None:
    """ScaffoldError if a link on the way from ``docs_dir`` to ``folder`` leads out of
    ``docs_dir``: a new map is written only inside it, links followed."""
    root = docs_dir.resolve()
    here = docs_dir
    for part in folder.relative_to(docs_dir).parts:
        here = here / part
        if here.is_symlink():
            target = here.resolve()
            if not target.is_relative_to(root):
                raise ScaffoldError(
                    f"{display_path(here)} is a link to {display_path(target)}, outside the "
                    f"docs folder ({display_path(docs_dir)}); new writes maps only inside it: "
                    "choose another --folder"
                )
        elif not here.exists():
            return  # the rest is made by mkdir, inside the folder that is


def _rebase(values: dict[str, Any], old_uri: str, new_uri: str) -> None:
    """Keep paths written relative to the template pointing at the same files."""

    def moved(path: str) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(old_uri), path))
        return posixpath.relpath(target, posixpath.dirname(new_uri))

    persona = values.get("persona")
    if isinstance(persona, dict) and isinstance(persona.get("photo"), str):
        persona["photo"] = moved(persona["photo"])
    if isinstance(values.get("improves"), str):
        values["improves"] = moved(values["improves"])

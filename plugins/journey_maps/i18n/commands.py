"""The translator's commands: extract, init, update, status, done.

Catalogs are standard gettext ``.po`` files managed with Babel, one per locale, from one
``.pot`` template. Journeys are translated in overlay files (see ``translation``);
``done`` records which source text a translation was made from, so ``status`` and the pages
can say when it has gone stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from ..core.collection import Collection, persona_view
from ..core.errors import FileError, InvalidFile
from ..core.languages import Languages, babel_locale
from ..core.translation import TRANSLATED_FROM, source_fingerprint, status
from .catalogs import DOMAIN, catalog_path, read_catalog

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def template_path(catalogs: Path) -> Path:
    return catalogs / f"{DOMAIN}.pot"


def extract(
    mapping_file: Path, root: Path, catalogs: Path, extra: Sequence[tuple[str, str]] = ()
) -> int:
    """Refresh the .pot from code and templates, plus ``extra`` (message, where) pairs such as
    a site's custom lane labels; returns the number of messages."""
    with mapping_file.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    template = Catalog(project="Journey Maps", domain=DOMAIN, fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
        str(root),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    for message, where in extra:
        template.add(message, None, [(where, 0)], auto_comments=["A lane label from " + where])
    catalogs.mkdir(parents=True, exist_ok=True)
    with template_path(catalogs).open("wb") as output:
        write_po(
            output, template, width=100, omit_header=False, sort_output=True, include_lineno=False
        )
    return len(template)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale, domain=DOMAIN)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as output:
        write_po(output, catalog, width=100, sort_output=True, include_lineno=False)


def init(code: str, catalogs: Path) -> Path:
    """A new catalog for ``code`` from the template, with the locale's plural rules."""
    path = catalog_path(catalogs, code)
    if path.exists():
        raise FileExistsError(f"{path} already exists; use 'i18n update' to merge new words")
    template = _read(template_path(catalogs))
    catalog = Catalog(locale=babel_locale(code), domain=DOMAIN, project="Journey Maps", fuzzy=False)
    catalog.update(template)
    _write(path, catalog)
    return path


def update(catalogs: Path) -> list[Path]:
    """Merge the template into every catalog: new words added, near matches marked fuzzy.

    Raises InvalidFile, and writes nothing, while a catalog has a line that is not part
    of an entry: Babel would drop it, and a translator's words with it."""
    template = _read(template_path(catalogs))
    paths = sorted(catalogs.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    unreadable = [error for path in paths for error in _unreadable(path)]
    if unreadable:
        raise InvalidFile(unreadable)
    updated = []
    for path in paths:
        catalog = _read(path, path.parent.parent.name)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
        _write(path, catalog)
        updated.append(path)
    return updated


def _unreadable(path: Path) -> list[FileError]:
    catalog, errors = read_catalog(path)
    return errors if catalog is None else []


@dataclass(frozen=True)
class InterfaceCoverage:
    locale: str
    translated: int
    fuzzy: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def interface_coverage(code: str, catalogs: Sequence[Path], template: Catalog) -> InterfaceCoverage:
    """How many of the template's messages ``code`` has, across the site's and package's
    catalogs (a site's catalog may complete or override the package's)."""
    ids = [message.id for message in template if message.id]
    done: set[object] = set()
    fuzzy: set[object] = set()
    if babel_locale(code).language == "en":
        return InterfaceCoverage(code, len(ids), 0, len(ids))
    for directory in catalogs:
        path = catalog_path(directory, code)
        if not path.is_file():
            continue
        for message in _read(path, str(babel_locale(code))):
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy and message.id not in done:
                fuzzy.add(message.id)
            elif all(strings):
                done.add(message.id)
    return InterfaceCoverage(code, len(done & set(ids)), len(fuzzy - done), len(ids))


def journey_statuses(
    collection: Collection, locales: Iterable[str], default: str
) -> dict[str, dict[str, str]]:
    """For each journey, and each persona of the library, each locale's state:
    translated / partial / stale / missing."""
    locales = tuple(locales)
    table: dict[str, dict[str, str]] = {}
    for uri, loaded in sorted(collection.journeys.items()):
        table[uri] = {
            code: status(loaded, collection.translations.get((uri, code)), default)
            for code in locales
            if code != default
        }
    for persona in sorted(collection.personas.values(), key=lambda p: p.src_uri):
        table[persona.src_uri] = {
            code: persona_view(persona, collection, Languages(code, default, locales)).state
            for code in locales
            if code != default
        }
    return table


_FRONT = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)")


def mark_done(translation: Path, fingerprint: str) -> None:
    """Write (or replace) ``translated_from`` in a translation's front-matter, and change
    nothing else: the file is read and written as bytes, its line endings kept."""
    text = translation.read_bytes().decode("utf-8")
    line = f"{TRANSLATED_FROM}: {fingerprint}"
    existing = re.compile(rf"^{TRANSLATED_FROM}:[^\r\n]*", re.MULTILINE)
    front_end = text.find("\n---", 3)
    if existing.search(text[: max(front_end, 0)]):
        text = existing.sub(line, text, count=1)
    else:
        match = _FRONT.match(text)
        if not match:
            raise ValueError(f"{translation}: no front-matter to record the source in")
        newline = "\r\n" if match.group(1).endswith("\r\n") else "\n"
        text = text[: match.end()] + line + newline + text[match.end() :]
    translation.write_bytes(text.encode("utf-8"))


__all__ = [
    "extract",
    "init",
    "interface_coverage",
    "journey_statuses",
    "mark_done",
    "source_fingerprint",
    "update",
]

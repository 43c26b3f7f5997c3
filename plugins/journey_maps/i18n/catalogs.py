"""Interface words from gettext catalogs, merged across the package and the site.

Catalogs are Babel-managed ``.po`` files: ``<dir>/<locale>/LC_MESSAGES/journey_maps.po``.
They are compiled in memory when loaded, so there is no ``.mo`` build step and a translator's
edit shows on the next build. A site's own ``locale/`` folder comes first: it can override a
word or add a whole language without touching the package.

A catalog is anyone's text: an entry that would break a page (see ``placeholders``) is
left out of the build, with a warning that names its file and line, and its words come
from the next catalog, or stay English; ``check`` reports it as an error.
"""

from __future__ import annotations

import gettext
import io
import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from babel import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from ..core.errors import FileError
from ..core.languages import babel_locale
from ..core.paths import display_path
from .placeholders import entry_problem

DOMAIN = "journey_maps"
PACKAGE_CATALOGS = Path(__file__).parent.parent / "locale"
SOURCE_LOCALE = "en"
"""The language the interface's msgids are written in."""

log = logging.getLogger(__name__)


def catalog_path(directory: Path, code: str) -> Path:
    return directory / str(babel_locale(code)) / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_dirs(config_file: Path) -> list[Path]:
    """Where a site's interface words are: its own ``locale/`` folder beside its config
    file first, then the package's."""
    return [config_file.resolve().parent / "locale", PACKAGE_CATALOGS]


def translations_for(code: str, directories: Sequence[Path]) -> gettext.NullTranslations:
    """The merged translations for ``code``: the first directory's words win."""
    return _translations(code, tuple(directories))


@lru_cache(maxsize=64)
def _translations(code: str, directories: tuple[Path, ...]) -> gettext.NullTranslations:
    merged: gettext.NullTranslations | None = None
    for path in _catalogs_of(code, directories):
        compiled = _compile(path)
        if compiled is None:
            continue
        if merged is None:
            merged = compiled
        else:
            merged.add_fallback(compiled)
    if merged is None:
        if babel_locale(code).language != SOURCE_LOCALE:
            log.warning(
                "No interface catalog for language '%s': its pages use English words. "
                "Add one with: build.py i18n init %s",
                code,
                code,
            )
        return gettext.NullTranslations()
    return merged


def catalog_errors(codes: Iterable[str], directories: Sequence[Path]) -> list[FileError]:
    """What is wrong in the catalogs that the languages ``codes`` take their words from:
    the entries a build leaves out, and catalogs it cannot read at all."""
    paths = dict.fromkeys(path for code in codes for path in _catalogs_of(code, directories))
    return [error for path in paths for error in read_catalog(path)[1]]


def read_catalog(path: Path) -> tuple[Catalog | None, list[FileError]]:
    """The catalog in ``path`` without the entries that would break a page, and what is
    wrong in it; None for a file that is not a catalog at all."""
    shown = display_path(path)
    data = path.read_bytes()
    try:
        catalog = read_po(io.BytesIO(data), domain=DOMAIN, abort_invalid=True)
    except PoFileError as error:
        return None, [FileError(shown, error.lineno + 1, 1, _unreadable(error))]
    except UnicodeDecodeError as error:
        problem = f"not {error.encoding.upper()} text; save the catalog as UTF-8"
        return None, [FileError(shown, _line_of_bad_byte(data), 1, problem)]
    errors = []
    for message in list(catalog):
        wrong = entry_problem(catalog, message)
        if wrong is not None:
            errors.append(FileError(shown, message.lineno or 1, 1, wrong))
            catalog.delete(message.id, message.context)
    return catalog, errors


def _unreadable(error: PoFileError) -> str:
    """What Babel's reader refused in a catalog, said for its translator."""
    said = str(error).rsplit(" on ", 1)[0]
    if said.startswith("msg has more translations"):
        plurals = error.catalog.num_plurals
        return (
            "this entry has more plural forms than the catalog's Plural-Forms header gives "
            f"({plurals}): write msgstr[0] to msgstr[{plurals - 1}]"
        )
    if said.startswith("missing msgstr"):
        return 'this entry has no msgstr line: add one after its msgid (msgstr "" if untranslated)'
    return (
        f"this line is not a part of a .po entry ({error.line.strip()!r}); an entry is "
        'a line msgid "..." and a line msgstr "...", with its text in double quotes'
    )


def _line_of_bad_byte(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return 1


def _catalogs_of(code: str, directories: Sequence[Path]) -> list[Path]:
    """The catalog each of ``directories`` gives ``code`` its words from, if any."""
    found = []
    for directory in directories:
        for path in _candidates(directory, code):
            if path.is_file():
                found.append(path)
                break
    return found


def _candidates(directory: Path, code: str) -> list[Path]:
    """The catalog for the exact locale first, then for its language alone (pt_BR -> pt)."""
    try:
        locale = babel_locale(code)
    except (ValueError, UnknownLocaleError):
        return []
    paths = [catalog_path(directory, code)]
    if locale.script or locale.territory:
        paths.append(directory / locale.language / "LC_MESSAGES" / f"{DOMAIN}.po")
    return paths


def _compile(path: Path) -> Translations | None:
    """``path``'s catalog, ready for gettext, without the entries that would break a
    page; None if it is not a catalog at all. Says what it leaves out."""
    catalog, errors = read_catalog(path)
    for error in errors:
        log.warning("%s; the pages use other words there (the next catalog's, or English)", error)
    if catalog is None:
        return None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)

"""Interface words from gettext catalogs, merged across the package and the site.

Catalogs are Babel-managed ``.po`` files: ``<dir>/<locale>/LC_MESSAGES/journey_maps.po``.
They are compiled in memory when loaded, so there is no ``.mo`` build step and a translator's
edit shows on the next build. A site's own ``locale/`` folder comes first: it can override a
word or add a whole language without touching the package.
"""

from __future__ import annotations

import gettext
import io
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from babel import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..core.languages import babel_locale

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
    for directory in directories:
        for path in _candidates(directory, code):
            if path.is_file():
                compiled = _compile(path)
                if merged is None:
                    merged = compiled
                else:
                    merged.add_fallback(compiled)
                break
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


def _compile(path: Path) -> Translations:
    with path.open("rb") as source:
        catalog = read_po(source, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)

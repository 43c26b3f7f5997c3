"""What the MkDocs adapter needs to know about a site's languages.

mkdocs-static-i18n runs the whole build once per language; these functions read which
language this build is for and hand the rest to the core (collection, catalogs).
"""

from __future__ import annotations

import os
import re
from copy import deepcopy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .catalogs import PACKAGE_CATALOGS, native_name
from .collection import Collection, Languages, collect, discover
from .loading import LoadOptions, ParseCache
from .site_pages import language_prefix

__all__ = [
    "Languages",
    "catalog_dirs",
    "collect_journeys",
    "current_languages",
    "drop_head_alternates",
    "give_alternates",
    "name_languages_natively",
    "switch_to_language_homes",
]


def _i18n(config: Any) -> Any:
    return config.plugins.get("i18n")


def current_languages(config: Any) -> Languages:
    """This build's language, the default (source) language and all configured ones."""
    i18n = _i18n(config)
    theme_language = str(config.theme.get("language") or "en")
    if i18n is None:
        return Languages(theme_language, theme_language, (theme_language,))
    configured = tuple(
        language.locale for language in i18n.config.languages if language.locale != "null"
    )
    default = i18n.default_language or configured[0]
    return Languages(i18n.current_language or default, default, configured)


def name_languages_natively(config: Any) -> None:
    """Each language in the switcher named in itself (from CLDR via Babel), not by hand."""
    i18n = _i18n(config)
    if i18n is None:
        return
    for language in i18n.config.languages:
        if language.locale != "null":
            language.name = native_name(language.locale)


def catalog_dirs(config: Any) -> list[Path]:
    """The site's own ``locale/`` folder (beside mkdocs.yml) first, then the package's."""
    site = Path(config.config_file_path or ".").resolve().parent / "locale"
    return [site, PACKAGE_CATALOGS]


def collect_journeys(
    config: Any,
    journeys_dir: str,
    languages: Languages,
    options: LoadOptions,
    memo: dict[Any, Collection] | None = None,
    cache: ParseCache | None = None,
) -> Collection:
    """Every journey and translation of the site, from disk: all languages are checked in
    every language's build, whichever files mkdocs-static-i18n keeps for it.

    With ``memo`` (one per build), they are read once: each language's build, and the
    command line's check before them, get the same collection while no file of the docs
    dir has changed (the same names, sizes, modification and change times): journeys,
    translations and the persona photos they name alike.
    """
    docs_dir = Path(config.docs_dir)
    src_uris = discover(docs_dir, journeys_dir)
    if memo is None:
        return collect(docs_dir, src_uris, languages.all, options, cache=cache)
    key = (docs_dir, journeys_dir, languages.all, options, _stamps(docs_dir))
    if key not in memo:
        memo.clear()
        memo[key] = collect(docs_dir, src_uris, languages.all, options, cache=cache)
    return memo[key]


def _stamps(folder: Path) -> frozenset[tuple[str, int, int, int, int]]:
    """Every file below ``folder``: path, size, inode, modification and change time."""
    found: set[tuple[str, int, int, int, int]] = set()
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found |= _stamps(Path(entry.path))
                continue
            try:
                stat = entry.stat()
            except OSError:  # a broken link: its own checks report it
                found.add((entry.path, -1, -1, -1, -1))
                continue
            found.add((entry.path, stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns))
    return frozenset(found)


def give_alternates(config: Any, file: Any, path: str, languages: Languages) -> None:
    """Tell mkdocs-static-i18n that a page the plugin made exists in every language (at
    ``path`` below each language's root), so the language switcher, the hreflang links
    and the sitemap treat it as they treat the author's pages."""
    i18n = _i18n(config)
    if i18n is None:
        return
    file.locale = languages.current
    file.locale_alternate_of = languages.current
    file.localization = None
    file.norm_src_uri = file.src_uri
    file.alternates = {
        language: file
        if language == languages.current
        else SimpleNamespace(url=language_prefix(language, languages.default) + path, page=None)
        for language in languages.all
    }
    per_language = getattr(i18n, "i18n_files_per_language", None)
    if isinstance(per_language, dict) and file.is_documentation_page():
        per_language.setdefault(languages.current, []).append(file)


def switch_to_language_homes(config: Any) -> None:
    """Point the language switcher at each language's home page.

    For a page that is no page (404.html), mkdocs-static-i18n leaves the switcher as the
    last page rendered set it, which sends readers to that page's translations.
    """
    i18n = _i18n(config)
    homes = getattr(i18n, "extra_alternate", None)
    if homes:
        config.extra["alternate"] = deepcopy(homes)


# As mkdocs-material's base.html writes them, one per language.
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"<>]*" hreflang="[^"<>]*">')


def drop_head_alternates(config: Any, output: str) -> str:
    """A page without its ``<link rel="alternate" hreflang>`` head links.

    mkdocs-material fetches ``sitemap.xml`` beside each of them, expecting a language's
    home; mkdocs-static-i18n points them at the page's translations, so every page view
    asked for twelve ``<lang>/<folder>/sitemap.xml`` that do not exist, each answered with
    the 404 page. The language switcher's links already lead to the same page in the other
    language, and sitemap.xml still gives crawlers every page's translations.
    """
    if _i18n(config) is None:
        return output
    head, end, rest = output.partition("</head>")
    return _HEAD_ALTERNATE.sub("", head) + end + rest

"""Everything journey-maps reads or changes of mkdocs-static-i18n beyond its settings.

mkdocs-static-i18n runs the whole MkDocs build once per language. It has no API for
another plugin: which language a build is for, the alternates it gives each page and the
files it gathers for the sitemap are attributes of its plugin and of the files it
localises. They are all read and written here, and nowhere else, so that a change in
them is met in one module. ``missing_internals`` names what the plugin's object lacks
of them, and the plugin refuses to build with such a release; a test checks the files'
attributes in a real build.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from collections.abc import Iterator, Sequence
from copy import deepcopy
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..core.languages import Languages, native_name
from ..pages.plan import language_prefix

if TYPE_CHECKING:
    from mkdocs.structure.files import File

    from .sites import SiteConfig

CHECKED_AGAINST = "mkdocs-static-i18n 1.3.1"
"""The release of mkdocs-static-i18n whose internals this module was checked against."""

PLUGIN_ATTRIBUTES = (
    "building",
    "current_language",
    "default_language",
    "extra_alternate",
    "i18n_files_per_language",
    "search_entries",
)
"""What this module reads or sets on mkdocs-static-i18n's plugin."""

LANGUAGE_OPTIONS = ("locale", "name", "build", "default")
"""What it reads (and ``name``, sets) of each of the plugin's configured languages."""

FILE_ATTRIBUTES = ("alternates", "locale", "locale_alternate_of", "localization", "norm_src_uri")
"""What mkdocs-static-i18n gives each file it localises, which this module gives the
pages the plugin makes as well (``give_alternates``), and reads (``norm_src_uri``)."""


def i18n_plugin(config: SiteConfig) -> Any | None:
    """mkdocs-static-i18n's plugin in this site, if the site has it."""
    return config.plugins.get("i18n")


def missing_internals(config: SiteConfig) -> list[str]:
    """What this module relies on that the installed mkdocs-static-i18n lacks."""
    i18n = i18n_plugin(config)
    if i18n is None:
        return []
    missing = [name for name in PLUGIN_ATTRIBUTES if not hasattr(i18n, name)]
    options: Any = getattr(i18n, "config", None)
    if not hasattr(options, "languages"):
        missing.append("config.languages")
    else:
        for language in options.languages:
            missing += [
                f"config.languages[].{name}"
                for name in LANGUAGE_OPTIONS
                if not hasattr(language, name)
            ]
    if not hasattr(options, "reconfigure_search"):
        missing.append("config.reconfigure_search")
    return sorted(set(missing))


def languages(config: SiteConfig) -> Languages:
    """This build's language, the default (source) language and all configured ones."""
    i18n = i18n_plugin(config)
    theme_language = str(config.theme.get("language") or "en")
    if i18n is None:
        return Languages(theme_language, theme_language, (theme_language,))
    configured = tuple(
        language.locale for language in i18n.config.languages if language.locale != "null"
    )
    default = i18n.default_language or configured[0]
    return Languages(i18n.current_language or default, default, configured)


def languages_to_build(config: SiteConfig) -> list[str]:
    """The languages mkdocs-static-i18n builds, in the order it builds them (the default
    first); none when the site has no i18n plugin."""
    i18n = i18n_plugin(config)
    if i18n is None:
        return []
    built = [language.locale for language in i18n.config.languages if language.build]
    default = i18n.default_language
    return [default, *(language for language in built if language != default)]


def drops_copies_from_search(config: SiteConfig) -> bool:
    """Whether the joined search index leaves out each language's copies of the default
    language's entries (its ``reconfigure_search`` option)."""
    i18n = i18n_plugin(config)
    return i18n is not None and bool(i18n.config.reconfigure_search)


def build_only(config: SiteConfig, language: str) -> None:
    """Have mkdocs-static-i18n build ``language`` alone, in this process, as if it were
    the first (see ``builds.languages``): not every other language after it, and without
    what an earlier build in the process it was forked from gathered (a test run's, a
    preview's), so that this build's sitemap and search index hold this language alone."""
    i18n: Any = i18n_plugin(config)
    i18n.current_language = language
    i18n.building = True
    i18n.i18n_files_per_language = {}
    i18n.search_entries = []


@contextlib.contextmanager
def dirty_builds_of_other_languages() -> Iterator[None]:
    """mkdocs-static-i18n builds the languages after the first dirty only when the
    command line asked for it: it reads ``--dirty`` in ``sys.argv``."""
    sys.argv.append("--dirty")
    try:
        yield
    finally:
        sys.argv.remove("--dirty")


def name_languages_natively(config: SiteConfig) -> None:
    """Each language in the switcher named in itself (from CLDR via Babel), not by hand."""
    i18n = i18n_plugin(config)
    if i18n is None:
        return
    for language in i18n.config.languages:
        if language.locale != "null":
            language.name = native_name(language.locale)


def source_uri(file: File) -> str:
    """The page a file stands for: mkdocs-static-i18n names ``maps.de.md`` after the
    ``maps.md`` it translates."""
    return str(getattr(file, "norm_src_uri", file.src_uri))


def give_alternates(config: SiteConfig, file: File, path: str, languages: Languages) -> None:
    """Tell mkdocs-static-i18n that a page the plugin made exists in every language (at
    ``path`` below each language's root), so the language switcher, the hreflang links
    and the sitemap treat it as they treat the author's pages."""
    i18n = i18n_plugin(config)
    if i18n is None:
        return
    made: Any = file
    made.locale = languages.current
    made.locale_alternate_of = languages.current
    made.localization = None
    made.norm_src_uri = file.src_uri
    made.alternates = {
        language: file
        if language == languages.current
        else SimpleNamespace(url=language_prefix(language, languages.default) + path, page=None)
        for language in languages.all
    }
    per_language = getattr(i18n, "i18n_files_per_language", None)
    if isinstance(per_language, dict) and file.is_documentation_page():
        per_language.setdefault(languages.current, []).append(file)


def switch_to_language_homes(config: SiteConfig) -> None:
    """Point the language switcher at each language's home page.

    For a page that is no page (404.html), mkdocs-static-i18n leaves the switcher as the
    last page rendered set it, which sends readers to that page's translations.
    """
    i18n = i18n_plugin(config)
    homes = getattr(i18n, "extra_alternate", None)
    if homes:
        config.extra["alternate"] = deepcopy(homes)


# As mkdocs-material's base.html writes them, one per language.
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"<>]*" hreflang="[^"<>]*">')


def drop_head_alternates(config: SiteConfig, output: str) -> str:
    """A page without its ``<link rel="alternate" hreflang>`` head links.

    mkdocs-material fetches ``sitemap.xml`` beside each of them, expecting a language's
    home; mkdocs-static-i18n points them at the page's translations, so every page view
    asked for twelve ``<lang>/<folder>/sitemap.xml`` that do not exist, each answered with
    the 404 page. The language switcher's links already lead to the same page in the other
    language, and sitemap.xml still gives crawlers every page's translations.
    """
    if i18n_plugin(config) is None:
        return output
    head, end, rest = output.partition("</head>")
    return _HEAD_ALTERNATE.sub("", head) + end + rest


def without_copies_of_the_default(
    docs: list[dict[str, Any]], languages: Sequence[str]
) -> list[dict[str, Any]]:
    """The entries, less each language's entry that repeats one of the default language
    (the same title and text, at a location ending with its location): what
    mkdocs-static-i18n's reconfigure_search_duplicates keeps, found through a table
    instead of comparing every entry of one with every entry of the other, which took
    minutes at 1,000 maps in 13 languages."""
    prefixes = tuple(f"{language}/" for language in languages)
    default_locations: dict[tuple[Any, Any], list[str]] = {}
    for entry in docs:
        if not entry["location"].startswith(prefixes):
            key = (entry["title"], entry["text"])
            default_locations.setdefault(key, []).append(entry["location"])
    return [
        entry
        for entry in docs
        if not entry["location"].startswith(prefixes)
        or not any(
            entry["location"].endswith(location)
            for location in default_locations.get((entry["title"], entry["text"]), ())
        )
    ]


def not_about_offline_language_links(record: logging.LogRecord) -> bool:
    """mkdocs-static-i18n says, once per language in every build after the first (156
    lines for 13 languages), that its own language links end in index.html; they must, in
    a site built ``offline`` (no directory URLs). Nothing to act on: a log filter leaves
    it out."""
    return "'extra.alternate' configuration contains a 'link'" not in record.getMessage()

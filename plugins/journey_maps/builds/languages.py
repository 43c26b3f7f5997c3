"""Each language of a site built in a process of its own, then merged into one site.

mkdocs-static-i18n builds a site's languages one after another in one process, whose memory
grows with each language. The languages are independent, so here each is built by a process
forked from the one that loaded the config and read the journeys (neither is done again):
it tells mkdocs-static-i18n to build only its language, into a folder of its own. The
folders are then merged into the site:

- most files belong to one language alone and are moved into place;
- the theme's assets, written by every build, are the same in each and kept once;
- the search index and the sitemap, which mkdocs-static-i18n joins across its sequential
  builds, are joined here in the same order, so the site is the one a sequential build
  writes, byte for byte;
- 404.html is the default language's, as the plugin keeps it in a sequential build;
- a file the theme or another plugin writes in every build (Material's tags.json) is the
  last language's, as in a sequential build;
- an address two languages claim from different sources is an error, as within one build.

On Linux only, and not with plugins that fill a cache shared between builds: elsewhere the
languages are built one after another.
"""

from __future__ import annotations

import contextlib
import ctypes
import filecmp
import gc
import gzip
import importlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..mkdocs_plugin import search, sites, static_i18n
from ..mkdocs_plugin.search import INDEX_FILE as SEARCH_INDEX
from ..mkdocs_plugin.search import OFFLINE_INDEX_FILE as SEARCH_SCRIPT
from ..mkdocs_plugin.sites import SiteConfig
from ..pages.site_files import Addresses, SiteFile

SITEMAP = "sitemap.xml"
SITEMAP_GZ = "sitemap.xml.gz"
NOT_FOUND = "404.html"
PARTS = ".journey-maps-languages"
"""The folder inside the staging site where each language is built before the merge."""


@dataclass
class Outcome:
    """What one language's build sends back to the process that merges."""

    language: str
    problem: str | None = None
    claims: list[SiteFile] = field(default_factory=list)


# Plugins that fill a cache shared by the builds while they run (Material's privacy plugin
# downloads into one, the social plugin draws cards into one): two processes would write
# the same file at once.
_SHARED_CACHES = ("material/privacy", "privacy", "material/social", "social")


def can_build_in_parallel(config: SiteConfig) -> bool:
    """Whether this site's languages can be built in forked processes: on Linux (where
    fork is safe for what a build runs; Windows has no fork), without a plugin that
    writes a cache shared between the builds."""
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and not any(name in config.plugins for name in _SHARED_CACHES)
    )


def default_jobs() -> int:
    """As many builds at once as this process may use cores."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_languages(
    config: SiteConfig,
    site_dir: Path,
    languages: Sequence[str],
    *,
    jobs: int,
    build_one: Callable[[SiteConfig, Path], str | None],
) -> str | None:
    """Build ``languages`` of ``config`` into ``site_dir``, at most ``jobs`` at a time;
    what went wrong, in as many lines as there were problems, or None.

    ``build_one(config, folder)`` runs one whole MkDocs build and says what failed."""
    parts = site_dir / PARTS
    parts.mkdir(parents=True)
    _load_before_forking()
    # What is loaded now (the config, the journeys) the collector leaves alone in the
    # forked processes, so they share its memory instead of each copying what it touches.
    gc.freeze()
    try:
        outcomes = _run_in_processes(config, parts, languages, jobs, build_one)
    finally:
        gc.unfreeze()
    failed = [o.problem for o in outcomes if o.problem is not None]
    if failed:  # "" where MkDocs has said what went wrong itself
        return "\n".join(dict.fromkeys(problem for problem in failed if problem))
    addresses = Addresses()
    clashes = [clash for o in outcomes for clash in addresses.claim(o.claims)]
    if clashes:
        return "\n".join(dict.fromkeys(clashes))
    _merge(parts, languages, site_dir, config)
    shutil.rmtree(parts)
    return None


def _run_in_processes(
    config: SiteConfig,
    parts: Path,
    languages: Sequence[str],
    jobs: int,
    build_one: Callable[[SiteConfig, Path], str | None],
) -> list[Outcome]:
    """Each language's outcome, in the order of ``languages``. After the first failure no
    other language is started: its problem is most often every language's."""
    context = multiprocessing.get_context("fork")
    waiting = list(languages)
    running: dict[Connection, tuple[Any, str]] = {}
    outcomes: dict[str, Outcome] = {}
    try:
        while waiting or running:
            failed = any(o.problem is not None for o in outcomes.values())
            while waiting and len(running) < jobs and not failed:
                language = waiting.pop(0)
                receiving, sending = context.Pipe(duplex=False)
                process = context.Process(
                    target=_build_language,
                    args=(config, language, parts / language, build_one, sending),
                    name=f"journey-maps build of {language}",
                )
                process.start()
                sending.close()
                running[receiving] = (process, language)
            if not running:
                break
            for connection in wait(list(running)):
                assert isinstance(connection, Connection)
                process, language = running[connection]
                try:
                    outcomes[language] = connection.recv()
                except (EOFError, OSError):  # it died before saying (all of) how it went
                    process.join()
                    outcomes[language] = Outcome(
                        language, f"error: the build of '{language}' stopped ({_ended(process)})"
                    )
                process.join()
                del running[connection]
                connection.close()
    finally:
        for connection, (process, _) in running.items():  # interrupted: stop the rest
            process.kill()
            process.join()
            connection.close()
    return [outcomes[language] for language in languages if language in outcomes]


def _load_before_forking() -> None:
    """Load here, once, what each language's build would otherwise load for itself:
    jieba's dictionary, with which mkdocs-material's search splits any Chinese text into
    words (0.6 s for each process that meets a Chinese word, as every language's gallery
    does in its language menu)."""
    with contextlib.suppress(ImportError):
        importlib.import_module("jieba").initialize()


def _ended(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def _build_language(
    config: SiteConfig,
    language: str,
    folder: Path,
    build_one: Callable[[SiteConfig, Path], str | None],
    report: Connection,
) -> None:
    """In the forked process: build one language and report how it went."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the merging process's to handle
    static_i18n.build_only(config, language)
    sites.build_as_one_language_of_many(config)
    problem = build_one(config, folder)
    claims = [] if problem is not None else sites.claimed_addresses(config)
    report.send(Outcome(language, problem, claims))
    report.close()


def _die_with_parent() -> None:
    """Linux: end this process when the one that started it ends, killed or not, so that
    no build goes on writing into a staging folder that the next build removes."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before that took effect
        os._exit(1)


def _merge(parts: Path, languages: Sequence[str], site_dir: Path, config: SiteConfig) -> None:
    """Move every language's files into ``site_dir``."""
    owners: dict[str, str] = {}
    indexes: list[dict[str, Any]] = []
    sitemaps: list[str] = []
    for language in languages:
        part = parts / language
        for relative in _files_below(part):
            source = part / relative
            if relative == SEARCH_INDEX:
                indexes.append(json.loads(source.read_text(encoding="utf-8")))
            elif relative == SITEMAP:
                sitemaps.append(source.read_text(encoding="utf-8"))
            elif relative in (SEARCH_SCRIPT, SITEMAP_GZ):
                continue  # written again from the joined files
            elif relative == NOT_FOUND and language != languages[0]:
                continue
            elif relative not in owners:
                owners[relative] = language
                destination = site_dir / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                source.replace(destination)
            elif not filecmp.cmp(source, site_dir / relative, shallow=False):
                # A file another plugin or the theme writes in every language's build
                # (Material's tags.json, a feed): the last language's, as in a sequential
                # build, where each build writes over the one before. The site's own
                # files at one address were refused before the merge (Addresses).
                source.replace(site_dir / relative)
    if indexes:
        _write_search_index(site_dir, indexes, config)
    if sitemaps:
        _write_sitemap(site_dir, sitemaps, gzip_mtime(parts / languages[0] / SITEMAP_GZ))
    if sites.searched_by_pagefind(config):
        search.index_with_pagefind(site_dir)


def _files_below(folder: Path) -> list[str]:
    """Every file below ``folder``, as a path relative to it with forward slashes."""
    found = []
    for directory, _, names in os.walk(folder):
        relative = os.path.relpath(directory, folder)
        for name in names:
            found.append(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return found


def _write_search_index(site_dir: Path, indexes: list[dict[str, Any]], config: SiteConfig) -> None:
    """One index of every language's pages, as mkdocs-static-i18n joins them: in the
    order of the builds, without a language's copy of a page that is the default's."""
    entries = [entry for index in indexes for entry in index["docs"]]
    if static_i18n.drops_copies_from_search(config):
        languages = static_i18n.languages_to_build(config)
        entries = static_i18n.without_copies_of_the_default(entries, languages)
    search.write_search_index(site_dir, indexes[0]["config"], entries)
    if sites.is_offline(config):
        search.write_offline_search_index(site_dir)


def gzip_mtime(path: Path) -> int:
    """The modification time in a gzip file's header (MkDocs dates the sitemap's)."""
    with path.open("rb") as file:
        header = file.read(8)
    return int.from_bytes(header[4:8], "little")


def _write_sitemap(site_dir: Path, sitemaps: list[str], mtime: int) -> None:
    """Every language's <url> entries in one sitemap, and its gzip as MkDocs writes it."""
    first = sitemaps[0]
    opening = first.index(">", first.index("<urlset")) + 1
    closing = first.rindex("</urlset>")
    # Each language's entries, without the line break before its </urlset>.
    entries = [
        sitemap[sitemap.index(">", sitemap.index("<urlset")) + 1 : sitemap.rindex("</urlset>")]
        for sitemap in sitemaps
    ]
    text = first[:opening] + "".join(e.rstrip("\n") for e in entries) + "\n" + first[closing:]
    path = site_dir / SITEMAP
    path.write_bytes(text.encode("utf-8"))
    with (
        (site_dir / SITEMAP_GZ).open("wb") as file,
        gzip.GzipFile(fileobj=file, filename=f"{path}.gz", mode="wb", mtime=mtime) as compressed,
    ):
        compressed.write(text.encode("utf-8"))

"""Everything journey-maps reads or changes of the search plugins beyond their settings:
MkDocs' own (``search``) and mkdocs-material's (``material/search``).

A dirty build under the preview renders a few pages, so their search index would hold
those pages alone: the preview keeps every page's entries from the last build and puts
them back (``incremental``). The entries are an attribute of the plugin's index, which
neither plugin offers to others; they are read here, and nowhere else. The index file
itself, written as mkdocs-material writes it, is read here too, for sites opened from
disk. ``missing_internals`` names anything a release no longer has; a test runs it
against the installed releases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .sites import SiteConfig

CHECKED_AGAINST = "mkdocs 1.6.1 and mkdocs-material 9.8.2"
"""The releases whose search plugins this module was checked against."""

SEARCH_PLUGINS = ("material/search", "search")
INDEX_FILE = "search/search_index.json"
OFFLINE_INDEX_FILE = "search/search_index.js"


def missing_internals(config: SiteConfig) -> list[str]:
    """What this module relies on that the site's search plugins lack, once a build has
    begun (each makes its index when the build starts)."""
    missing = []
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is None or getattr(plugin.config, "enabled", True) is False:
            continue  # Material's search switched off makes no index
        index = getattr(plugin, "search_index", None)
        if not any(isinstance(getattr(index, a, None), list) for a in ("entries", "_entries")):
            missing.append(f"{name}: search_index.entries")
        if name == "material/search" and not (
            hasattr(plugin, "is_dirty") and hasattr(plugin, "search_index_prev")
        ):
            missing.append(f"{name}: is_dirty and search_index_prev")
    return missing


def search_entries(config: SiteConfig) -> list[Any] | None:
    """The list of entries MkDocs' or Material's search plugin is filling, if any."""
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        for attribute in ("entries", "_entries"):
            entries = getattr(index, attribute, None)
            if isinstance(entries, list):
                return entries
    return None


def stop_search_guessing(config: SiteConfig) -> None:
    """Material's search plugin, told the build is dirty, joins the last index with this
    build's on the guess that one page was rendered: wrong here, where several are, and
    with mkdocs-static-i18n. The index is put together in ``incremental`` instead."""
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index_prev"):
            plugin.is_dirty = False
            plugin.search_index_prev = None


def write_search_index(site_dir: Path, settings: Any, entries: list[Any]) -> None:
    """A search index of ``entries``, as mkdocs-material writes it (the per-language builds
    are joined into one; see ``builds.languages``)."""
    text = json.dumps({"config": settings, "docs": entries}, separators=(",", ":"), default=str)
    (site_dir / INDEX_FILE).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / INDEX_FILE).write_bytes(text.encode("utf-8"))


def write_offline_search_index(site_dir: Path) -> None:
    """The search index as a script (search/search_index.js), which mkdocs-material loads
    instead of fetching the JSON when the page was opened from disk."""
    index = site_dir / INDEX_FILE
    if index.is_file():
        data = index.read_text(encoding="utf-8")
        (site_dir / OFFLINE_INDEX_FILE).write_text(f"var __index = {data}", encoding="utf-8")


PAGEFIND_WORKER = "assets/journey-maps/search-pagefind.js"
"""The search worker that answers mkdocs-material's search box from Pagefind."""
_CONFIG_END = "</script>"
_PAGEFIND_SWITCH = (
    "<script>"
    # Only served: Pagefind cannot load from disk, where the lunr index is read as before.
    'if (location.protocol !== "file:") {'
    ' var c = document.getElementById("__config"), j = JSON.parse(c.textContent);'
    " var root = new URL(j.base, location);"
    f' j.search = new URL("{PAGEFIND_WORKER}?lang=" + encodeURIComponent('
    'document.documentElement.lang) + "&root=" + encodeURIComponent(root.href), root).href;'
    " c.textContent = JSON.stringify(j);"
    "}</script>"
)


_ARTICLE = '<article class="md-content__inner'


def searched_by_pagefind(page: str, *, indexed: bool) -> str:
    """``page`` with mkdocs-material's search pointed at the Pagefind worker when it is
    served: a script right after the theme's ``__config``, which the theme reads later.
    ``indexed``: whether search finds the page (as lunr's index holds it, not the pages
    a page's meta leaves out): Pagefind then reads its article, and no other part."""
    if indexed:
        page = page.replace(_ARTICLE, "<article data-pagefind-body" + _ARTICLE[8:], 1)
    start = page.find('<script id="__config"')
    end = page.find(_CONFIG_END, start)
    if start == -1 or end == -1:
        return page
    end += len(_CONFIG_END)
    return page[:end] + _PAGEFIND_SWITCH + page[end:]


def index_with_pagefind(site_dir: Path) -> None:
    """Pagefind's index of a built site, one per language (from each page's <html lang>),
    in ``pagefind/``; the lunr index a served page would fetch becomes a stub (the
    offline one, ``search_index.js``, is kept whole for pages opened from disk)."""
    import subprocess
    import sys

    from mkdocs.exceptions import PluginError

    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site_dir),
            # One selector list: given twice, the option keeps the last only.
            "--exclude-selectors",
            "[data-search-exclude], .headerlink",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if ran.returncode != 0:
        said = (ran.stderr or ran.stdout).strip() or f"exit status {ran.returncode}"
        raise PluginError(
            f"Pagefind could not index the site (served_search: pagefind): {said}; install "
            "it with pip install 'mkdocs-journey-maps[search]', or use served_search: lunr"
        )
    index = site_dir / INDEX_FILE
    if index.is_file():
        settings = json.loads(index.read_text(encoding="utf-8")).get("config", {})
        write_search_index(site_dir, settings, [])

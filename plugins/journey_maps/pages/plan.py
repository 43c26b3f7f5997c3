"""The pages and files the plugin adds to a site beside the maps, and where they go.

Everything hangs off the gallery page (``maps.md`` by default): its facet pages are
``maps/industry/retail.md`` and the like, the indexes ``maps/touchpoints.md`` and
``maps/priorities.md``, and each touchpoint's and channel's page ``maps/touchpoint/kiosk.md``
and ``maps/channel/phone.md``. The machine-readable outputs sit at each language's root.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal

from .gallery import Card, facets
from .touchpoints import SORTS, PointKind

PageKind = Literal["gallery", "facet", "touchpoints", "point", "priorities"]

JOURNEY_CATALOG_FILE = "journeys.json"
METRICS_FILE = "metrics.csv"


@dataclass(frozen=True)
class SitePage:
    """A page the plugin fills in: the gallery, a facet page, an index or a touchpoint's
    (or channel's) page."""

    src_uri: str
    kind: PageKind
    facet: str | None = None
    """The facet of a facet page; "touchpoint" or "channel" for a point's page."""
    key: str | None = None


def index_folder(gallery_uri: str) -> str:
    """The folder of the gallery's own pages: ``maps`` for maps.md, ``""`` for index.md."""
    stem = posixpath.splitext(gallery_uri)[0]
    if posixpath.basename(stem) in ("index", "README"):
        return posixpath.dirname(stem)
    return stem


def in_folder(folder: str, name: str) -> str:
    return posixpath.join(folder, name) if folder else name


def facet_uri(gallery_uri: str, facet: str, key: str) -> str:
    return in_folder(index_folder(gallery_uri), f"{facet}/{key}.md")


def touchpoints_uri(gallery_uri: str, by: str = "name") -> str:
    """The touchpoint index, by name (``touchpoints.md``) or in another of its orders
    (``touchpoints-by-score.md``): a static page each, so that sorting needs no script."""
    name = "touchpoints.md" if by == "name" else f"touchpoints-by-{by}.md"
    return in_folder(index_folder(gallery_uri), name)


def point_uri(gallery_uri: str, kind: str, key: str) -> str:
    """A touchpoint's or channel's own page, with the steps through it."""
    return in_folder(index_folder(gallery_uri), f"{kind}/{key}.md")


def priorities_uri(gallery_uri: str) -> str:
    return in_folder(index_folder(gallery_uri), "priorities.md")


def plan(
    gallery_uri: str, cards: list[Card], points: dict[PointKind, list[str]] | None = None
) -> dict[str, SitePage]:
    """Every page the plugin fills in, by src_uri (facet values and the keys of
    ``points``, touchpoints and channels, from the source texts, so every language's
    build plans the same pages)."""
    pages = {
        gallery_uri: SitePage(gallery_uri, "gallery"),
        touchpoints_uri(gallery_uri): SitePage(touchpoints_uri(gallery_uri), "touchpoints"),
        priorities_uri(gallery_uri): SitePage(priorities_uri(gallery_uri), "priorities"),
    }
    for by in SORTS[1:]:
        uri = touchpoints_uri(gallery_uri, by)
        pages[uri] = SitePage(uri, "touchpoints", key=by)
    for facet in facets(cards, lambda _facet, key: key):
        for value in facet.values:
            uri = facet_uri(gallery_uri, facet.name, value.key)
            pages[uri] = SitePage(uri, "facet", facet.name, value.key)
    for kind, keys in (points or {}).items():
        for key in keys:
            uri = point_uri(gallery_uri, kind, key)
            pages[uri] = SitePage(uri, "point", kind, key)
    return pages


def page_path(src_uri: str, *, directory_urls: bool = True) -> str:
    """The site path of the page built from ``src_uri`` (as MkDocs lays pages out)."""
    stem = posixpath.splitext(src_uri)[0]
    name = posixpath.basename(stem)
    if name in ("index", "README"):
        folder = posixpath.dirname(stem)
        if not directory_urls:
            return in_folder(folder, "index.html")
        return f"{folder}/" if folder else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def language_prefix(lang: str, default: str) -> str:
    """Where a language's site sits: the default language at the root, others below it."""
    return "" if lang == default else f"{lang}/"


def download_path(src_uri: str, *, directory_urls: bool = True) -> str:
    """Where a template's Markdown source is published: beside its page, under its own name."""
    name = posixpath.basename(src_uri)
    page = page_path(src_uri, directory_urls=directory_urls)
    folder = page.rstrip("/") if directory_urls else posixpath.dirname(page)
    return in_folder(folder, name)

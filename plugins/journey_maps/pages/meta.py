"""What a page hands the theme as page metadata.

mkdocs-material prints ``page.meta.title`` and ``page.meta.description`` into ``<title>``,
the header, the navigation and ``<meta content="...">`` without escaping, so the values
are escaped here (quotes included), a journey's and any other page's alike.
"""

from __future__ import annotations

import html
from collections.abc import MutableMapping
from typing import Any

from ..core.model import Journey, Persona
from ..core.text import plain
from ..core.translation import TranslationState


def page_meta(journey: Journey, state: TranslationState = "source") -> dict[str, Any]:
    """Page metadata for the theme: title and description already escaped for HTML.

    A map not translated into a page's language is a copy of the original under another
    language's chrome: it stays out of search, where it would repeat the original once per
    language and crowd out other maps.
    """
    meta: dict[str, Any] = {
        "title": html.escape(plain(journey.title), quote=True),
        "description": html.escape(plain(journey.summary), quote=True),
        # A map needs the whole width: maps stay out of the navigation (a gallery lists
        # them), and the narrative under the map is short enough to read without a table
        # of contents beside the map.
        "hide": ["navigation", "toc"],
    }
    if not searched(state):
        meta["search"] = {"exclude": True}
    return meta


def searched(state: TranslationState) -> bool:
    """Whether search indexes a map page: not when it only copies the source's text
    into another language's chrome (no translation), which would crowd out other maps."""
    return state != "missing"


def persona_meta(persona: Persona, state: TranslationState = "source") -> dict[str, Any]:
    """Page metadata of a persona of the library, as ``page_meta`` gives a map's."""
    meta: dict[str, Any] = {
        "title": html.escape(plain(persona.name), quote=True),
        "hide": ["navigation"],
    }
    if persona.role:
        meta["description"] = html.escape(plain(persona.role), quote=True)
    if not searched(state):
        meta["search"] = {"exclude": True}
    return meta


PRINTED_AS_IS = ("title", "description")
"""The front-matter fields of any page that MkDocs and the theme print without escaping."""


def escape_printed_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape, in place, the fields of a page's own front-matter that the theme prints
    unescaped: a page's ``title: <script>…`` is shown as text, not run."""
    for field in PRINTED_AS_IS:
        value = meta.get(field)
        if isinstance(value, str):
            meta[field] = html.escape(value, quote=True)

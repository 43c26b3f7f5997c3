"""A map printed to a PDF beside its page (see ``builds.pdf``): where the file goes, and
the link to it that the map page shows."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class PdfLink:
    """The map printed to a PDF, beside its page."""

    href: str
    paper: str
    """A3 or A4 (landscape)."""


def pdf_path(page: str) -> str:
    """Where the PDF of the map page at site path ``page`` is published: beside the page,
    under the page's name: ``retail/jacket.pdf`` for ``retail/jacket.html``,
    ``retail/jacket/jacket.pdf`` for ``retail/jacket/``."""
    if page.endswith("/"):
        folder = page.rstrip("/")
        return f"{folder}/{posixpath.basename(folder)}.pdf"
    return posixpath.splitext(page)[0] + ".pdf"

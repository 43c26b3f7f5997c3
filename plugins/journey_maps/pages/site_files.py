"""What may reach the built site: one file per address.

When two files land at one address, MkDocs writes one over the other without a word; this
check finds them, for the MkDocs adapter to refuse the build. (Links that lead out of the
docs directory, whose targets MkDocs would copy into the site, are refused with the docs
folder's other errors: ``docs_folder.links_out``.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.file_names import same_file, where_one


@dataclass(frozen=True)
class SiteFile:
    """A file a build writes: where it lands in the site, and where it comes from."""

    dest: str
    """Its path from the site root, with forward slashes."""
    source: str
    """What the author knows it by: its path, or what the plugin generates."""


class Addresses:
    """Every address the builds of one site write (one build per language), and from
    what: two sources meeting at one address are reported, never written one over the
    other. Addresses that Windows or macOS hold as one file meet too (they differ in case,
    or in Unicode form on macOS; see ``file_names.same_file``): those systems, and the web
    servers and zip files on them, keep one of the two."""

    def __init__(self) -> None:
        self.taken: dict[str, SiteFile] = {}

    def claim(self, files: Iterable[SiteFile]) -> list[str]:
        """Take the addresses of ``files``; what is wrong for each one already taken."""
        problems = []
        for file in files:
            held = self.taken.setdefault(same_file(file.dest), file)
            if held.source == file.source:
                continue
            first, second = sorted((held, file), key=lambda f: f.source)
            systems = where_one(first.dest, second.dest)
            where = (
                f"as {first.dest} and {second.dest}, one file on {systems}"
                if systems
                else f"as {file.dest}"
            )
            problems.append(
                f"{first.source} and {second.source} would both be published {where}; "
                "rename or move one of them"
            )
        return problems

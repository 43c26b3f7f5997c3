"""What may reach the built site: files from inside the docs directory, one per address.

MkDocs follows links (symbolic links) out of the docs directory and copies what they point
to into the site, and when two files land at one address it writes one over the other
without a word. These checks find both, for the MkDocs adapter to refuse the build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..core.file_names import same_file, where_one
from ..core.paths import absolute, display_path


def links_out_of(docs_dir: Path, sources: Iterable[Path | str]) -> list[str]:
    """For the files among ``sources`` that lie in ``docs_dir`` as written but outside it
    once links are followed: each link that leads out, with what is wrong and the fix."""
    root = docs_dir.resolve()
    written = absolute(docs_dir)
    found: dict[Path, Path] = {}
    for source in sources:
        path = absolute(source)
        if not path.is_relative_to(written) or path.resolve().is_relative_to(root):
            continue
        # The first part of the path that leads out: a linked file, or a linked folder
        # (one message for the folder, not one per file in it).
        parts = path.relative_to(written).parts
        for end in range(1, len(parts) + 1):
            link = written.joinpath(*parts[:end])
            if not link.resolve().is_relative_to(root):
                found.setdefault(link, link.resolve())
                break
    return [
        f"{display_path(link)}: links to {display_path(target)}, outside the docs directory, "
        "and MkDocs would publish what it points to; move that into the docs directory, "
        "or remove the link"
        for link, target in sorted(found.items())
    ]


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

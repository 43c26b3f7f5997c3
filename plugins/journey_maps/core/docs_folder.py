"""The one walk of a site's docs folder: every file in it, with what tells a change.

A build walks it to find the journeys, the links that lead out of it, and whether
anything changed since the journeys were last read; the preview walks it (and the other
files it watches) to know what changed since the site it serves was built. All walk it
the same way.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from .errors import FileError
from .paths import display_path

Stamp = tuple[int, int, int, int]
"""A file's size, inode, modification and change time (ns): a file rewritten in place,
or replaced by another of the same size and time, has another stamp."""

UNREADABLE: Stamp = (-1, -1, -1, -1)
"""The stamp of a file that cannot be read (a broken link): whoever reads it says why."""


@dataclass(frozen=True)
class FolderScan:
    """Every file below a folder, by its path relative to the folder (with forward
    slashes), and its stamp."""

    files: dict[str, Stamp]
    links: frozenset[str] = frozenset()
    """The symbolic links met on the way (to files or folders), by the same paths."""

    def fingerprint(self) -> frozenset[tuple[str, Stamp]]:
        """What equals another scan's exactly when no file changed in between."""
        return frozenset(self.files.items()) | {(link, UNREADABLE) for link in self.links}


def scan(root: Path) -> FolderScan:
    """Every file below ``root`` (or ``root`` itself, when it is a file), but what MkDocs
    leaves out by default (names that start with a dot) and what editors leave about
    while an author types (Vim's swap files, Emacs' locks, backups ending in '~'). Links
    are followed, as MkDocs follows them, but not back into a folder that holds them."""
    try:
        if not root.is_dir():
            return FolderScan({".": _stamp(root)})
    except OSError:
        return FolderScan({".": UNREADABLE})
    files: dict[str, Stamp] = {}
    links: set[str] = set()
    _walk(root, "", files, links, frozenset())
    return FolderScan(files, frozenset(links))


def links_out(docs_dir: Path, folder: FolderScan) -> list[FileError]:
    """Each link of ``folder`` (the walk of ``docs_dir``) that leads out of ``docs_dir``:
    to a file, an editor's backup too (which MkDocs publishes), or to a folder, even an
    empty one (what is put there later would be published); one error for a linked
    folder, none for the links in it."""
    root = docs_dir.resolve()
    found: list[FileError] = []
    out: list[str] = []
    for link in sorted(folder.links):
        if any(link.startswith(f"{other}/") for other in out):
            continue
        target = (docs_dir / link).resolve()
        if target.is_relative_to(root):
            continue
        out.append(link)
        found.append(
            FileError(
                display_path(docs_dir / link),
                0,
                0,
                f"links to {display_path(target)}, outside the docs directory, and MkDocs "
                "would publish what it points to; move that into the docs directory, or "
                "remove the link",
            )
        )
    return found


def is_left_about(name: str) -> bool:
    """Whether the walk leaves out a file of this name: what MkDocs leaves out by default
    (names that start with a dot) and an editor's backup (a name ending in '~')."""
    return name.startswith(".") or name.endswith("~")


def _walk(
    folder: Path,
    relative: str,
    files: dict[str, Stamp],
    links: set[str],
    above: frozenset[Path],
) -> None:
    try:
        real = folder.resolve()
        if real in above:
            return
        above |= {real}
        with os.scandir(folder) as entries:
            found = sorted(entries, key=lambda entry: entry.name)
    except OSError:  # gone meanwhile, or not to be read: a build says what is wrong
        return
    for entry in found:
        if entry.name.startswith("."):
            continue
        path = posixpath.join(relative, entry.name) if relative else entry.name
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if entry.is_symlink():
            links.add(path)
        if is_folder:
            _walk(Path(entry.path), path, files, links, above)
        elif not is_left_about(entry.name):
            files[path] = _stamp(Path(entry.path))


def _stamp(path: Path) -> Stamp:
    try:
        stat = path.stat()
    except OSError:  # a broken link: its own checks report it
        return UNREADABLE
    return (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)

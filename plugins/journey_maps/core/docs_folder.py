"""The one walk of a site's docs folder: every file in it, with what tells a change.

A build walks it to find the journeys and to know whether anything changed since the
journeys were last read; the preview walks it (and the other files it watches) to know
what changed since the site it serves was built. All walk it the same way.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

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

    def markdown_under(self, folder: str) -> list[str]:
        """The Markdown files (``.md``) in ``folder`` and below, sorted."""
        prefix = folder.strip("/") + "/"
        return sorted(
            path for path in self.files if path.startswith(prefix) and path.endswith(".md")
        )

    def fingerprint(self) -> frozenset[tuple[str, Stamp]]:
        """What equals another scan's exactly when no file changed in between."""
        return frozenset(self.files.items())


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
    _walk(root, "", files, frozenset())
    return FolderScan(files)


def _walk(folder: Path, relative: str, files: dict[str, Stamp], above: frozenset[Path]) -> None:
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
        if is_folder:
            _walk(Path(entry.path), path, files, above)
        elif not entry.name.endswith("~"):
            files[path] = _stamp(Path(entry.path))


def _stamp(path: Path) -> Stamp:
    try:
        stat = path.stat()
    except OSError:  # a broken link: its own checks report it
        return UNREADABLE
    return (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)

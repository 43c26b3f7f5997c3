"""Replacing a built site in one step, so a reader or a failed build never sees half a site."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system can't."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished directory ``new`` in place of ``target`` and delete the old one.

    ``new`` must be on the same filesystem (a sibling). Like ``mkdocs build``, the old
    site's top-level dot entries (``.git``, ``.htaccess``) are kept: they move into the new
    site first. Where the swap can't be one atomic exchange, the old site is renamed aside
    first and restored if the move fails.
    """
    _readable(new)
    if not target.exists():
        new.rename(target)
        return
    kept = _move_dot_entries(target, new)
    try:
        if _exchange(new, target):
            shutil.rmtree(new)
            return
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
        try:
            new.rename(target)
        except OSError:
            old.rename(target)
            raise
    except OSError:
        for name in kept:
            (new / name).rename(target / name)
        raise
    shutil.rmtree(old)


def _move_dot_entries(source: Path, destination: Path) -> list[str]:
    moved = []
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") and not (destination / entry.name).exists():
            entry.rename(destination / entry.name)
            moved.append(entry.name)
    return moved


def _readable(directory: Path) -> None:
    """A temporary directory is private (0700); a site must be readable by a web server."""
    umask = os.umask(0)
    os.umask(umask)
    directory.chmod(0o777 & ~umask)

"""Replacing a built site in one step, so a reader or a failed build never sees half a site,
and one build at a time into the same folder."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: builds are not serialised there
    fcntl = None  # type: ignore[assignment]

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


def staging_dir(target: Path) -> Path:
    """A new, empty sibling of ``target`` to build into (a sibling: same filesystem, so
    ``replace_dir`` can swap it in with a rename)."""
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))


@contextlib.contextmanager
def one_build_at_a_time(target: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the lock of ``target`` (``.<name>.lock`` beside it), calling ``on_wait`` first
    if another build holds it. The system frees the lock when its holder ends in any way,
    even killed; the file stays, as removing it would let two builds hold two locks.

    Inside, any build folder beside ``target`` is a leftover of a build that was killed,
    and is removed.
    """
    if fcntl is None:
        yield
        return
    with target.with_name(f".{target.name}.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _remove_leftovers(target)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_leftovers(target: Path) -> None:
    for pattern in (f".{target.name}-build-*", f".{target.name}-old-*"):
        for leftover in target.parent.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)

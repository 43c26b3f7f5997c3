"""Replacing a built site in one step, so a reader or a failed build never sees half a site,
and one build at a time into the same folder."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
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


def replace_dir(new: Path, target: Path, *, keep_old: bool = False) -> Path | None:
    """Put the finished directory ``new`` in place of ``target`` and delete the old one
    (with ``keep_old``, return where it now is instead).

    ``new`` must be on the same filesystem (a sibling). Like ``mkdocs build``, the old
    site's top-level dot entries (``.git``, ``.htaccess``) are kept: they move into the new
    site first. Where the swap can't be one atomic exchange, the old site is renamed aside
    first and restored if the move fails.
    """
    _readable(new)
    if not target.exists():
        new.rename(target)
        return None
    kept: list[str] = []
    try:
        _move_dot_entries(target, new, kept)
        if _exchange(new, target):
            old = new  # the old site, now where the new one was
        else:
            old = target.with_name(f".{target.name}-old-{os.getpid()}")
            target.rename(old)
            try:
                new.rename(target)
            except BaseException:
                old.rename(target)
                raise
    except BaseException:  # Ctrl-C too: the old site gets its dot entries back
        for name in kept:
            (new / name).rename(target / name)
        raise
    if keep_old:
        return old
    shutil.rmtree(old, ignore_errors=True)
    return None


def _move_dot_entries(source: Path, destination: Path, moved: list[str]) -> None:
    """Move ``source``'s top-level dot entries into ``destination``, naming each in
    ``moved`` as soon as it has moved, so that a failure part way can put them back."""
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") and not (destination / entry.name).exists():
            entry.rename(destination / entry.name)
            moved.append(entry.name)


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
    """Remove what killed builds into ``target`` left: folders named exactly as
    ``staging_dir`` and ``replace_dir`` name them, and nothing else."""
    name = re.escape(target.name)
    staging = re.compile(rf"\.{name}-build-[a-z0-9_]{{8}}")
    old_site = re.compile(rf"\.{name}-old-[0-9]+")
    for leftover in sorted(target.parent.iterdir()):
        ours = staging.fullmatch(leftover.name) or old_site.fullmatch(leftover.name)
        if not (ours and leftover.is_dir()) or leftover.is_symlink():
            continue
        if old_site.fullmatch(leftover.name) and not target.exists():
            leftover.rename(target)  # killed between the two renames: the old site is back
        else:
            shutil.rmtree(leftover, ignore_errors=True)

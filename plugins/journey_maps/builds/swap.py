"""Replacing a built site in one step, so a reader or a failed build never sees half a site,
and one build at a time into the same folder.

A site folder that is a mount point (a Docker bind mount, an NFS share) cannot be renamed
or exchanged: the site is built in a hidden folder inside it instead, and its top-level
entries are swapped in one by one (``_replace_entries``), each in one step where the
system can exchange two entries (Linux, most local filesystems). A failure part way puts
back those already swapped, so a failed build still leaves the old site as it was; but
while the entries are swapped, a reader may meet some of them new and others old.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
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

    ``new`` must be on the same filesystem: a sibling, or, for a site folder that is a
    mount point, a folder inside it (as ``staging_dir`` makes them). Like ``mkdocs
    build``, the old site's top-level dot entries (``.git``, ``.htaccess``) are kept: they
    move into the new site first. Where the swap can't be one atomic exchange, the old
    site is renamed aside first and restored if the move fails. Where the site folder
    turns out to be a mount point that ``staging_dir`` did not see (a bind mount of a
    folder of the same disk), ``new`` is copied inside it and swapped in entry by entry.
    """
    _readable(new)
    if new.parent == target:
        return _kept_or_removed(_replace_entries(new, target), keep_old)
    if not target.exists():
        new.rename(target)
        return None
    try:
        old = _replace_whole(new, target)
    except OSError as error:
        if error.errno not in _MOUNT_POINT_ERRORS:
            raise
        inside = _staging_inside(target)
        try:
            shutil.copytree(new, inside, symlinks=True, dirs_exist_ok=True)
            old = _replace_entries(inside, target)
        finally:
            shutil.rmtree(inside, ignore_errors=True)
    return _kept_or_removed(old, keep_old)


_MOUNT_POINT_ERRORS = {errno.EBUSY, errno.EXDEV}
"""What renaming a mount point, or into one, fails with."""
_INSIDE = ".journey-maps-"
"""How the folders a build makes inside a site folder that is a mount point begin."""


def _kept_or_removed(old: Path, keep_old: bool) -> Path | None:
    if keep_old:
        return old
    shutil.rmtree(old, ignore_errors=True)
    return None


def _replace_whole(new: Path, target: Path) -> Path:
    """Swap the sibling ``new`` in for ``target``; where the old site now is."""
    kept: list[str] = []
    try:
        _move_dot_entries(target, new, kept)
        if _exchange(new, target):
            return new  # the old site, now where the new one was
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
        try:
            new.rename(target)
        except BaseException:
            old.rename(target)
            raise
        return old
    except BaseException:  # Ctrl-C too: the old site gets its dot entries back
        for name in kept:
            (new / name).rename(target / name)
        raise


def _replace_entries(staged: Path, target: Path) -> Path:
    """Swap the entries of ``staged``, a folder inside ``target``, in for ``target``'s
    own, one by one; return the folder inside ``target`` that now holds the old ones.

    Each entry is exchanged atomically where the system can (else renamed aside, then
    the new one renamed in). ``target``'s dot entries that the new site lacks stay, as
    the whole swap keeps them. If any step fails, even on Ctrl-C, the steps done are
    undone, last first, and ``target`` is as it was.
    """
    old = Path(tempfile.mkdtemp(prefix=f"{_INSIDE}old-", dir=target))
    names = sorted(entry.name for entry in staged.iterdir())
    done: list[tuple[str, str]] = []
    try:
        for name in names:
            entry, place = staged / name, target / name
            if os.path.lexists(place):
                if _exchange(entry, place):
                    done.append(("exchanged", name))
                    entry.rename(old / name)
                    done.append(("kept", name))
                    continue
                place.rename(old / name)
                done.append(("aside", name))
            entry.rename(place)
            done.append(("in", name))
        for entry in sorted(target.iterdir()):
            if not _kept_in_place(entry.name) and entry.name not in names:
                entry.rename(old / entry.name)
                done.append(("aside", entry.name))
    except BaseException:
        for step, name in reversed(done):
            if step == "exchanged":
                _exchange(staged / name, target / name)
            elif step == "kept":
                (old / name).rename(staged / name)
            elif step == "aside":
                (old / name).rename(target / name)
            else:
                (target / name).rename(staged / name)
        old.rmdir()
        raise
    staged.rmdir()
    return old


def _kept_in_place(name: str) -> bool:
    """Whether an entry of a mount point the site is built into is left where it is: its
    dot entries, as a whole swap keeps them, and the lost+found folder of a filesystem
    mounted there, which belongs to the filesystem (a builder who is not root cannot even
    move it)."""
    return name.startswith(".") or name == "lost+found"


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
    """A new, empty folder to build ``target``'s site into, on its filesystem so that
    ``replace_dir`` can swap it in with renames: a sibling of ``target``, or a hidden
    folder inside it where ``target`` is a mount point."""
    if _is_mount_point(target):
        return _staging_inside(target)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))


def _staging_inside(target: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{_INSIDE}staging-", dir=target))


def _is_mount_point(target: Path) -> bool:
    return target.is_dir() and not target.is_symlink() and os.path.ismount(target)


def _lock_file(target: Path) -> Path:
    """Beside ``target``; inside it where ``target`` is a mount point, whose parent is
    often not the builder's to write in (/mnt, a container's root)."""
    if _is_mount_point(target):
        return target / f"{_INSIDE}build.lock"
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def one_build_at_a_time(target: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the lock of ``target`` (``.<name>.lock`` beside it, or ``.journey-maps-build.lock``
    inside a mount point), calling ``on_wait`` first if another build holds it. The
    system frees the lock when its holder ends in any way, even killed; the file stays,
    as removing it would let two builds hold two locks.

    Inside, any build folder beside or in ``target`` is a leftover of a build that was
    killed, and is removed.
    """
    if fcntl is None:
        yield
        return
    with _lock_file(target).open("a") as lock:
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
    ``staging_dir`` and ``replace_dir`` name them, and nothing else.

    A build killed in the middle of swapping a mount point's entries leaves some of them
    new and the others old: an old entry it had moved aside and not yet replaced is put
    back, and the next build replaces them all."""
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
    inside = re.compile(rf"{re.escape(_INSIDE)}(staging|old)-[a-z0-9_]{{8}}")
    for leftover in sorted(target.iterdir()) if target.is_dir() else ():
        found = inside.fullmatch(leftover.name)
        if not (found and leftover.is_dir()) or leftover.is_symlink():
            continue
        if found[1] == "old":  # put back what the killed swap had taken and not replaced
            for entry in sorted(leftover.iterdir()):
                if not os.path.lexists(target / entry.name):
                    entry.rename(target / entry.name)
        shutil.rmtree(leftover, ignore_errors=True)

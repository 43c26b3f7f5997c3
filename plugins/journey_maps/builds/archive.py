"""The date of a site's sources, and a dated zip of a built site that is the same bytes
every time it is made from the same sources."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..core.errors import SourceDateError, UnsafeArchive
from ..core.file_names import meetings, same_file, shown_path, unportable, where_one

_ZIP_EPOCH = datetime.date(1980, 1, 1)  # the earliest date a zip entry can carry
_FILE_MODE = 0o100644  # a regular file, rw-r--r--
_UNIX = 3  # the "made by" system of every entry, whatever system writes the zip


def source_date_epoch(folder: Path) -> int:
    """When the sources were last changed, in seconds since 1970: SOURCE_DATE_EPOCH if set;
    else the date of the newest commit of the git repository holding ``folder``; else now.

    The build dates the sitemap with it and the archive is named after it, so two builds
    of the same commit are the same bytes, on any day.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        if not value.strip().isdigit():
            raise SourceDateError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not '{value}'"
            )
        return int(value)
    committed = _newest_commit_epoch(folder)
    if committed is not None:
        return committed
    return int(datetime.datetime.now(datetime.UTC).timestamp())


def _newest_commit_epoch(folder: Path) -> int | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        result = subprocess.run(
            [git, "-C", str(folder), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    output = result.stdout.strip()
    return int(output) if result.returncode == 0 and output.isdigit() else None


def day_of(epoch: int) -> datetime.date:
    """The calendar day (UTC) of a moment, as MkDocs dates the sitemap."""
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).date()


def archive_name(site_name: str, day: datetime.date) -> str:
    """'journey-maps-site-2026-11-23.zip' for the site 'Journey Maps'."""
    slug = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-")
    return f"{slug + '-' if slug else ''}site-{day.isoformat()}.zip"


def site_files(site_dir: Path) -> list[str]:
    """Every file of a built site, as sorted posix paths. Dot entries are left out: MkDocs
    publishes none, and those it keeps from a previous site (``.git``) are no part of it."""
    files = []
    for root, dirs, names in os.walk(site_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                files.append(Path(root, name).relative_to(site_dir).as_posix())
    return sorted(files)


def unsafe_names(site_dir: Path, files: list[str]) -> list[str]:
    """What would go wrong with ``files`` (of ``site_dir``) unpacked on Windows or macOS,
    one line each: a name that system cannot hold or reads as something else (a device,
    a folder separator, a hidden stream), or two names it holds as one file."""
    problems = [
        f"{shown_path(site_dir / path)}: {message}" for path, message in unportable(files).items()
    ]
    for other, first in meetings(files, same_file):
        problems.append(
            f"{shown_path(site_dir / first)} and {shown_path(site_dir / other)} are one file "
            f"on {where_one(first, other)}; rename or remove one of them"
        )
    return sorted(problems)


def write_archive(site_dir: Path, destination: Path, day: datetime.date) -> int:
    """Zip ``site_dir`` into the file ``destination``, inside a folder named after it;
    return the number of files. UnsafeArchive, and nothing written, when a file's name
    would be lost or misplaced unpacked on Windows or macOS (``unsafe_names``): the build
    refuses such names in the docs folder, but a theme, a hook or another plugin may
    write them into the site.

    Entries are sorted and carry the same date (``day``, 00:00), mode (0644) and system, and
    no folder entries, so the same site gives the same bytes. The zip is written beside
    ``destination`` and moved into place when complete: an interrupted run leaves no half
    archive under the final name.
    """
    folder = destination.name.removesuffix(".zip")
    stamp = max(day, _ZIP_EPOCH).timetuple()[:6]
    files = site_files(site_dir)
    unsafe = unsafe_names(site_dir, files)
    if unsafe:
        raise UnsafeArchive("\n".join(unsafe))
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}-", suffix=".tmp", dir=destination.parent
    )
    os.close(handle)
    partial = Path(temporary)
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for path in files:
                entry = zipfile.ZipInfo(f"{folder}/{path}", date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = _FILE_MODE << 16
                entry.create_system = _UNIX
                archive.writestr(entry, (site_dir / path).read_bytes(), compresslevel=9)
        umask = os.umask(0)
        os.umask(umask)
        partial.chmod(0o666 & ~umask)  # mkstemp's file is private; a share's readers need it
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return len(files)

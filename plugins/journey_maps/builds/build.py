"""One MkDocs build of a site into a folder, all or nothing: for ``build`` and ``serve``.

The site is built into a staging sibling of the folder and swapped in only when the whole
build succeeded. Whatever goes wrong (an error MkDocs reports, a full disk, an exception in
another plugin or a ``hooks:`` file) is said in one line on stderr, without a traceback,
and the folder is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from ..core.errors import WholeBuildNeeded
from ..core.paths import display_path
from ..mkdocs_plugin.sites import SiteConfig
from ..mkdocs_plugin.static_i18n import dirty_builds_of_other_languages, languages_to_build
from .languages import build_languages, can_build_in_parallel
from .swap import replace_dir, staging_dir

Command = Literal["build", "serve"]
"""What a build is for, as MkDocs tells plugins (``on_startup``)."""


def build_into(
    target: Path,
    config: SiteConfig,
    *,
    command: Command = "build",
    epoch: int | None = None,
    serve_url: str | None = None,
    jobs: int = 1,
    dirty: bool = False,
    spare: Spare | None = None,
    finish: Callable[[Path], str | None] | None = None,
) -> bool:
    """Build the site of ``config`` into ``target``; False, after saying why, if anything
    failed, with ``target`` untouched and the staging folder gone. ``epoch`` dates the
    build (see ``dated``); ``serve_url`` is the preview's address under ``serve``; with
    ``jobs`` above 1, that many languages are built at once (see ``languages``);
    ``dirty``: render only the pages an edit to the maps changed (see ``incremental``),
    into a copy of ``target``; WholeBuildNeeded when the edit changes more (build again,
    whole, from the config loaded afresh). With ``spare``, the site replaced is kept
    there, and a dirty build copies into it only the files the last build changed.
    ``finish`` adds to the built site before it is swapped in (the maps' PDFs): None, or
    what went wrong, which fails the build."""
    kept = spare.path if spare is not None else None
    if spare is not None:
        spare.path = None
    if dirty and kept is not None and kept.is_dir():
        staging = kept
    else:
        if kept is not None:
            shutil.rmtree(kept, ignore_errors=True)
        staging = staging_dir(target)

    def build_one(config: SiteConfig, folder: Path) -> str | None:
        return build_once(config, folder, command=command, serve_url=serve_url)

    try:
        with dated(epoch), fewer_collections():
            languages = languages_to_build(config)
            if dirty:
                sync_folder(target, staging)  # the served site, with its files' times
                with _dirty_build_quietly():
                    problem = build_once(
                        config, staging, command=command, serve_url=serve_url, dirty=True
                    )
            elif jobs > 1 and len(languages) > 1 and can_build_in_parallel(config):
                problem = build_languages(
                    config, staging, languages, jobs=jobs, build_one=build_one
                )
            else:
                problem = build_one(config, staging)
            if problem is None and finish is not None:
                problem = finish(staging)
        if problem is not None:
            if problem:
                print(problem, file=sys.stderr)
            return False
        old = replace_dir(staging, target, keep_old=spare is not None)
        if spare is not None:
            spare.path = old or staging_dir(target)
            if not dirty:
                # Every file is new: copy them now, not when the author is waiting for
                # the next edit to show.
                try:
                    sync_folder(target, spare.path)
                except OSError:  # the site is served all the same; the next build copies
                    spare.remove()
    except WholeBuildNeeded:
        raise
    except OSError as error:
        print(f"error: {os_error(error)}", file=sys.stderr)
        return False
    except Exception as error:  # in the merge of the languages' builds
        print(f"error: {failure(error)}", file=sys.stderr)
        return False
    finally:
        if staging.exists() and (spare is None or staging != spare.path):
            shutil.rmtree(staging, ignore_errors=True)
    return True


@dataclass
class Spare:
    """Where a preview keeps the site it served before the last build: the next dirty
    build starts from it, and copies only what changed since (see ``sync_folder``)."""

    path: Path | None = None

    def remove(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None


def sync_folder(source: Path, target: Path) -> None:
    """Make ``target`` hold what ``source`` holds, with the same modification times (which
    MkDocs' dirty build compares with the sources'), copying only the files whose size or
    time differ (after a dirty build, a few dozen of a site's thousands) and deleting
    what ``source`` lacks."""
    target.mkdir(exist_ok=True)
    with os.scandir(target) as entries:
        present = {entry.name: entry for entry in entries}
    with os.scandir(source) as entries:
        for entry in entries:
            there = present.pop(entry.name, None)
            destination = target / entry.name
            if entry.is_dir(follow_symlinks=False):
                if there is not None and not there.is_dir(follow_symlinks=False):
                    destination.unlink()
                sync_folder(Path(entry.path), destination)
                continue
            stat = entry.stat(follow_symlinks=False)
            if there is not None:
                if there.is_dir(follow_symlinks=False):
                    shutil.rmtree(destination)
                else:
                    was = there.stat(follow_symlinks=False)
                    if (was.st_size, was.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                        continue
                    destination.unlink()
            if entry.is_symlink():
                destination.symlink_to(Path(entry.path).readlink())
            else:
                shutil.copyfile(entry.path, destination)
                os.utime(destination, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    for entry in present.values():  # gone from source
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            Path(entry.path).unlink()


@contextlib.contextmanager
def _dirty_build_quietly() -> Iterator[None]:
    """A dirty build of every language; without MkDocs' warnings that a dirty build's
    navigation may be wrong (the plugin renders every page that shows it) and that the
    folder holds stale files (it holds none)."""
    said = ("A 'dirty' build", "The directory contains stale files")

    def not_said(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(said)

    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(not_said)
    try:
        with dirty_builds_of_other_languages():
            yield
    finally:
        logger.removeFilter(not_said)


def build_once(
    config: SiteConfig,
    site_dir: Path,
    *,
    command: Command = "build",
    serve_url: str | None = None,
    dirty: bool = False,
) -> str | None:
    """One MkDocs build of ``config`` into ``site_dir``: None, or what went wrong in one
    line per problem ("" when MkDocs has said it already)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    config.site_dir = str(site_dir)
    try:
        config.plugins.on_startup(command=command, dirty=dirty)
        try:
            mkdocs_build(cast(MkDocsConfig, config), serve_url=serve_url, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    except WholeBuildNeeded:  # the preview builds again, whole
        raise
    except (Abort, BuildError, ConfigurationError) as error:
        return f"error: {error}" if str(error) else ""
    except OSError as error:
        return f"error: {os_error(error)}"
    except Exception as error:  # a plugin's or a hook's own failure
        return f"error: {failure(error)}"
    return None


def os_error(error: OSError) -> str:
    """What the system refused, and on which file."""
    where = f" ({display_path(Path(error.filename))})" if error.filename else ""
    return f"{error.strerror or error}{where}"


def failure(error: BaseException) -> str:
    """An unexpected exception in one line: what it was and where it was raised (a
    ``hooks:`` file, another plugin), so that its owner knows where to look."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return f"{type(error).__name__}: {error}"
    last = frames[-1]
    where = f"{display_path(Path(last.filename))}:{last.lineno} in {last.name}"
    return f"{type(error).__name__}: {error} (raised at {where})"


@contextlib.contextmanager
def dated(epoch: int | None) -> Iterator[None]:
    """MkDocs dates the sitemap (each page's lastmod, the mtime in sitemap.xml.gz) from
    SOURCE_DATE_EPOCH, else from today: give it the sources' date for this build only."""
    if epoch is None:
        yield
        return
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector, run less often during a build.

    A build makes millions of short-lived containers (template contexts, parsed HTML)
    while the pages it keeps pile up; at the default threshold the collector ran every
    700 allocations and took a sixth of a 1,000-map build, more the bigger the site.
    """
    saved = gc.get_threshold()
    gc.set_threshold(100_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*saved)

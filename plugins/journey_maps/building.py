"""One MkDocs build of a site into a folder, all or nothing: for ``build`` and ``serve``.

The site is built into a staging sibling of the folder and swapped in only when the whole
build succeeded. Whatever goes wrong (an error MkDocs reports, a full disk, an exception in
another plugin or a ``hooks:`` file) is said in one line on stderr, without a traceback,
and the folder is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .language_builds import build_languages, can_build_in_parallel, languages_to_build
from .publish import replace_dir, staging_dir


def build_into(
    target: Path,
    config: Any,
    *,
    command: str = "build",
    epoch: int | None = None,
    serve_url: str | None = None,
    jobs: int = 1,
) -> bool:
    """Build the site of ``config`` into ``target``; False, after saying why, if anything
    failed, with ``target`` untouched and the staging folder gone. ``epoch`` dates the
    build (see ``dated``); ``serve_url`` is the preview's address under ``serve``; with
    ``jobs`` above 1, that many languages are built at once (see ``language_builds``)."""
    staging = staging_dir(target)

    def build_one(config: Any, folder: Path) -> str | None:
        return build_once(config, folder, command=command, serve_url=serve_url)

    try:
        with dated(epoch), fewer_collections():
            languages = languages_to_build(config)
            if jobs > 1 and len(languages) > 1 and can_build_in_parallel(config):
                problem = build_languages(
                    config, staging, languages, jobs=jobs, build_one=build_one
                )
            else:
                problem = build_one(config, staging)
        if problem is not None:
            if problem:
                print(problem, file=sys.stderr)
            return False
        replace_dir(staging, target)
    except OSError as error:
        print(f"error: {os_error(error)}", file=sys.stderr)
        return False
    except Exception as error:  # in the merge of the languages' builds
        print(f"error: {failure(error)}", file=sys.stderr)
        return False
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return True


def build_once(
    config: Any, site_dir: Path, *, command: str = "build", serve_url: str | None = None
) -> str | None:
    """One MkDocs build of ``config`` into ``site_dir``: None, or what went wrong in one
    line per problem ("" when MkDocs has said it already)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    config.site_dir = str(site_dir)
    try:
        config.plugins.on_startup(command=command, dirty=False)
        try:
            mkdocs_build(config, serve_url=serve_url)
        finally:
            config.plugins.on_shutdown()
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


def display_path(path: Path) -> str:
    """A path as a person gave it: relative to the working folder where it can be."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)

"""``serve``: a live preview that only ever shows finished builds.

``mkdocs serve`` empties the folder it serves and builds into it. A rebuild that fails
(a map saved half-edited) leaves half a site there, which MkDocs hides by stalling every
request until the sources are fixed, after printing a traceback; and a ``--dirty`` rebuild
writes a search index holding only the pages it rebuilt. Here every rebuild is a whole
build into a staging folder (``building.build_into``) that replaces the served one only
when complete: readers keep the last good site with its complete search index, and the
author reads what is wrong as ``file:line: message``.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .building import build_into, failure

KEPT = "the preview still shows the last good build"


def serve(
    config_file: Path,
    *,
    load: Callable[[], Any | None],
    check: Callable[[Any], bool],
) -> bool:
    """Build, then serve and rebuild on every change until interrupted. ``load`` reads
    the site's config afresh (None after saying why it can't); ``check`` validates the
    journeys and reports their errors. False if the first build failed."""
    from mkdocs.livereload import LiveReloadServer

    config = load()
    if config is None or not check(config):
        return False
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{host}:{port}{mount_path}"
    _stop_on_terminate()
    served = Path(tempfile.mkdtemp(prefix="journey-maps-preview-"))

    def rebuild(fresh: Any | None = None) -> bool:
        try:
            current = fresh or load()
            if current is None or not check(current):
                return False
            current.site_url = serve_url
            return build_into(served, current, command="serve", serve_url=serve_url)
        except Exception as error:  # the server's thread must go on serving
            print(f"error: {failure(error)}", file=sys.stderr)
            return False

    def rebuild_on_change() -> None:
        if not rebuild():
            print(f"{KEPT}; fix the above and save again", file=sys.stderr)

    try:
        if not rebuild(config):
            return False
        server = LiveReloadServer(
            builder=rebuild_on_change,
            host=host,
            port=port,
            root=str(served),
            mount_path=mount_path,
        )
        server.error_handler = lambda code: _error_page(served, code)
        server.watch(config.docs_dir)
        server.watch(str(config_file))
        for folder in config.theme.dirs:
            server.watch(folder)
        server = config.plugins.on_serve(server, config=config, builder=rebuild_on_change)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(served, ignore_errors=True)
    return True


def _error_page(served: Path, code: int) -> bytes | None:
    page = served / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _stop_on_terminate() -> None:
    """SIGTERM and SIGHUP (a closed terminal) stop the preview as Ctrl-C does, so that it
    removes its copies of the site instead of leaving them in the temporary folder."""

    def stop(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError):  # not the main thread: leave it be
                signal.signal(number, stop)

"""``serve``: a live preview that only ever shows finished builds.

``mkdocs serve`` empties the folder it serves and builds into it. A rebuild that fails
(a map saved half-edited) leaves half a site there, which MkDocs hides by stalling every
request until the sources are fixed, after printing a traceback; and a ``--dirty`` rebuild
writes a search index holding only the pages it rebuilt. Here every rebuild goes into a
staging folder (``build.build_into``) that replaces the served one only when complete:
readers keep the last good site with its complete search index, and the author reads what
is wrong as ``file:line: message``.

When the files that changed since the last build are all maps (or their translations),
the rebuild renders only the pages they change, in a copy of the served site (see
``incremental``): an edit to one of 1,000 maps is served in about a second, not half a
minute. Any other change, or an edit that adds or removes pages, is a whole build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from ..core.docs_folder import Stamp, scan
from ..core.errors import WholeBuildNeeded
from ..i18n.catalogs import PACKAGE_CATALOGS
from ..mkdocs_plugin import sites
from ..mkdocs_plugin.incremental import can_build_dirty
from ..mkdocs_plugin.sites import SiteConfig
from ..pages.rendering import PACKAGE_TEMPLATES
from .build import Spare, build_into, failure

KEPT = "the preview still shows the last good build"


def serve(
    config_file: Path,
    *,
    load: Callable[[], SiteConfig | None],
    check: Callable[[SiteConfig], bool],
) -> bool:
    """Build, then serve and rebuild on every change until interrupted. ``load`` reads
    the site's config afresh (None after saying why it can't); ``check`` validates the
    journeys and reports their errors. False if the first build failed."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

    config = load()
    if config is None:
        return False
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{host}:{port}{mount_path}"
    _stop_on_terminate()
    served = Path(tempfile.mkdtemp(prefix="journey-maps-preview-"))
    # The first build's check too goes through the rebuilder, which keeps what it reads.
    rebuild = Rebuilder(config_file, served, load=load, check=check, serve_url=serve_url)

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
        for path in watched(config, config_file):
            server.watch(path)
        server = config.plugins.on_serve(
            server, config=cast(MkDocsConfig, config), builder=rebuild_on_change
        )
        try:
            server.serve()  # type: ignore[no-untyped-call]  # MkDocs leaves it untyped
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(served, ignore_errors=True)
        rebuild.spare.remove()
    return True


@dataclass(frozen=True)
class Sources:
    """The files a preview watches, with their stamps, before a build."""

    stamps: dict[str, Stamp]
    maps_dir: str
    """Where the journeys and their translations are (a path prefix)."""

    @classmethod
    def of(cls, config: SiteConfig, config_file: Path) -> Sources:
        stamps: dict[str, Stamp] = {}
        # With the plugin's own templates and catalogs, which a dirty build would not
        # take in (someone working on the plugin changes them).
        for root in [*watched(config, config_file), str(PACKAGE_TEMPLATES), str(PACKAGE_CATALOGS)]:
            found = scan(Path(root))
            stamps |= {os.path.normpath(Path(root, path)): s for path, s in found.files.items()}
        maps_dir = Path(config.docs_dir) / sites.journeys_dir(config)
        return cls(stamps, str(maps_dir) + os.sep)

    def only_maps_changed_since(self, before: Sources) -> bool:
        """Whether some files changed, each there before and a map or a translation (a
        Markdown file in the journeys folder): then a dirty build can do. (Nothing seen
        to change: something else did, which a whole build takes in.)"""
        if self.stamps.keys() != before.stamps.keys() or self.maps_dir != before.maps_dir:
            return False
        changed = [path for path, stamp in self.stamps.items() if before.stamps[path] != stamp]
        return bool(changed) and all(
            path.startswith(self.maps_dir) and path.endswith(".md") for path in changed
        )


def watched(config: SiteConfig, config_file: Path) -> list[str]:
    """What the preview watches: the docs, the config, the site's theme overrides and
    catalogs, and what the config's ``watch:`` names. Not the installed theme's own
    templates (as ``mkdocs serve``, unless told to): Material's are 15,000 files, and
    the watcher reads every one's time twice a second, slowing every build."""
    paths = [config.docs_dir, str(config_file)]
    if config.theme.custom_dir:
        paths.append(config.theme.custom_dir)
    site_catalogs = sites.catalog_folders(config)[0]
    paths += [str(site_catalogs)] if site_catalogs.is_dir() else []
    return paths + list(config.watch)


class Rebuilder:
    """Builds the site into the served folder, each time from the sources as they are:
    a dirty build when only maps changed since the build being served, else a whole one."""

    def __init__(
        self,
        config_file: Path,
        served: Path,
        *,
        load: Callable[[], SiteConfig | None],
        check: Callable[[SiteConfig], bool],
        serve_url: str | None = None,
    ) -> None:
        self.config_file, self.served = config_file, served
        self.load, self.check, self.serve_url = load, check, serve_url
        self.served_from: Sources | None = None
        """The sources of the site being served."""
        self.dirty = False
        """Whether the last build was a dirty one."""
        self.spare = Spare()
        """The site served before the last build, for the next build to start from."""

    def __call__(self, fresh: SiteConfig | None = None) -> bool:
        """Build; False after saying why not."""
        try:
            config = fresh or self.load()
            if config is None:
                return False
            sources = Sources.of(config, self.config_file)
            before = self.served_from
            dirty = before is not None and sources.only_maps_changed_since(before)
            try:
                return self._build(config, sources, dirty=dirty and can_build_dirty(config))
            except WholeBuildNeeded:
                # The edit changes which pages there are. The config, which the dirty
                # build's plugins have begun to change, is loaded again.
                config = self.load()
                return config is not None and self._build(config, sources, dirty=False)
        except Exception as error:  # the server's thread must go on serving
            print(f"error: {failure(error)}", file=sys.stderr)
            return False

    def _build(self, config: SiteConfig, sources: Sources, *, dirty: bool) -> bool:
        incremental = sites.kept_builds(config)
        if self.served_from is None:
            incremental.forget()  # another preview's, in this process
        if not self.check(config):
            return False
        if self.serve_url:
            config.site_url = self.serve_url
        self.dirty = dirty
        if not build_into(
            self.served,
            config,
            command="serve",
            serve_url=self.serve_url,
            dirty=dirty,
            spare=self.spare,
        ):
            return False
        incremental.remember()
        self.served_from = sources
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

"""A site as the command line and the builds see it: its config, loaded, and what they
ask of the journey-maps plugin in it.

Nothing outside this room reaches into ``config.plugins["journey-maps"]``: the command
line, the preview and the per-language builds call the functions here. ``SiteConfig``
names what the package reads of a site's config, so that any host whose config has
these (MkDocs, or a continuation of it) will do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..core.collection import Collection
from ..core.errors import SiteConfigError
from ..core.loading import LoadOptions
from ..i18n.catalogs import catalog_dirs
from ..pages.site_files import SiteFile
from .incremental import Incremental

if TYPE_CHECKING:
    from mkdocs.config.base import LegacyConfig
    from mkdocs.plugins import PluginCollection

    from .plugin import JourneyMapsPlugin

PLUGIN_NAME = "journey-maps"


class SiteConfig(Protocol):
    """What the package reads (and, for a build, sets) of a site's loaded config."""

    @property
    def config_file_path(self) -> str | None: ...
    @property
    def docs_dir(self) -> str: ...

    site_dir: str
    site_url: str | None

    @property
    def site_name(self) -> str: ...
    @property
    def plugins(self) -> PluginCollection: ...
    @property
    def theme(self) -> Any: ...
    @property
    def extra(self) -> LegacyConfig: ...
    @property
    def dev_addr(self) -> Any: ...
    @property
    def watch(self) -> list[str]: ...


def load_site(config_file: Path, **overrides: Any) -> SiteConfig:
    """The site's config, loaded as MkDocs loads it (``overrides`` as its command line
    gives them); SiteConfigError saying why it cannot be used."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        config = load_config(str(config_file), **overrides)
    except (Abort, ConfigurationError) as error:
        raise SiteConfigError(f"{config_file}: {error}") from error
    if PLUGIN_NAME not in config.plugins:
        raise SiteConfigError(
            f"{config_file}: the journey-maps plugin is not enabled; add it under plugins:"
        )
    return config


def catalog_folders(config: SiteConfig) -> list[Path]:
    """Where the site's interface words are: its own ``locale/`` beside its config file
    first, then the package's."""
    return catalog_dirs(Path(config.config_file_path or "mkdocs.yml"))


def _plugin(config: SiteConfig) -> JourneyMapsPlugin:
    from .plugin import JourneyMapsPlugin

    plugin = config.plugins.get(PLUGIN_NAME)
    assert isinstance(plugin, JourneyMapsPlugin)
    return plugin


def check_journeys(config: SiteConfig) -> Collection:
    """Every journey and translation of the site, checked as the plugin checks them (and
    read only once for the build that follows)."""
    return _plugin(config).collect(config)


def journeys_dir(config: SiteConfig) -> str:
    """The folder of the docs folder that holds the journeys."""
    return str(_plugin(config).config.journeys_dir).strip("/")


def load_options(config: SiteConfig) -> LoadOptions:
    return _plugin(config).config.load_options()


def lane_labels(config: SiteConfig) -> list[str]:
    """The words of the site's own lanes (labels, legends, line captions), which
    translators translate."""
    lanes = _plugin(config).config.site_lanes().values()
    return [text for lane in lanes for text in (lane.label, lane.about, lane.line_above) if text]


def searched_by_pagefind(config: SiteConfig) -> bool:
    """Whether a served copy of the site searches with Pagefind (option ``served_search``)."""
    return _plugin(config).config.served_search == "pagefind"


def build_as_one_language_of_many(config: SiteConfig) -> None:
    """Tell the plugin this process builds one language of a site that is put together
    afterwards (``builds.languages``): what needs the whole site is done there."""
    _plugin(config).one_language_of_many = True


def is_offline(config: SiteConfig) -> bool:
    """Whether the site is built to work opened from disk as well (option ``offline``)."""
    return bool(_plugin(config).config.offline)


def pdf_paper(config: SiteConfig) -> str | None:
    """The paper the site's maps are printed on when its build prints them (option
    ``pdf``, on ``pdf_paper``); None when it does not."""
    options = _plugin(config).config
    return str(options.pdf_paper) if options.pdf else None


@contextmanager
def printing_pdfs(config: SiteConfig, paper: str) -> Iterator[None]:
    """While the command line builds the site to print its maps on ``paper``: each map
    page links its PDF."""
    kept = _plugin(config).kept
    kept.pdf_paper = paper
    try:
        yield
    finally:
        kept.pdf_paper = None


def kept_builds(config: SiteConfig) -> Incremental:
    """What each build of the site leaves for the next, dirty one, under the preview."""
    return _plugin(config).kept.keep_builds()


def claimed_addresses(config: SiteConfig) -> list[SiteFile]:
    """The addresses the last build of the site wrote, and from what."""
    addresses = _plugin(config).build.addresses
    return [] if addresses is None else list(addresses.taken.values())

"""The files of one language's build: what the plugin refuses, hides, adds and makes.

Each function does one thing to MkDocs' ``Files`` of the build, in the order
``JourneyMapsPlugin.on_files`` calls them.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.collection import Collection
from ..core.docs_folder import is_left_about
from ..core.errors import FileError, error_summary
from ..core.paths import display_path
from ..pages.outputs import JOURNEY_CATALOG_SCHEMA_URI
from ..pages.site import Site
from ..pages.site_files import Addresses, SiteFile
from . import static_i18n
from .incremental import MadePage
from .search import PAGEFIND_WORKER

PACKAGE = Path(__file__).parent.parent
ASSETS = "assets/journey-maps/"
# One stylesheet and one script per kind of page, so that each has one home; every page
# loads them all (a few kilobytes, cached once for the whole site).
STYLESHEETS = ("journey-maps.css", "gallery.css", "derived-views.css")
SCRIPTS = ("journey-maps.js", "gallery.js")
WORKER_SHIM_URI = ASSETS + "iframe-worker.js"
SCHEMA_URI = "schema/journey.schema.json"
PACKAGE_FILES = (
    *((ASSETS + name, PACKAGE / "assets" / name) for name in STYLESHEETS + SCRIPTS),
    (WORKER_SHIM_URI, PACKAGE / "assets" / "vendor" / "iframe-worker.js"),
    (PAGEFIND_WORKER, PACKAGE / "assets" / "search-pagefind.js"),  # served sites' search
    (SCHEMA_URI, PACKAGE / "schema" / "journey.schema.json"),
    (JOURNEY_CATALOG_SCHEMA_URI, PACKAGE / "schema" / "journeys.schema.json"),
)
"""The plugin's own files every site publishes, where it publishes them, and whence."""


def refuse_problems(errors: list[FileError]) -> None:
    """Refuse a build of a docs folder with errors (``collection.collect_docs``: names,
    links out of it, journeys and author files), saying all of them at once: what
    ``check`` says."""
    if errors:
        raise PluginError("\n".join([*map(str, errors), error_summary(errors)]))


def publish_journeys(files: Files, collection: Collection, author_folders: list[str]) -> None:
    """Drafts go (no page, no search entry, no sitemap line), and so do the files they
    alone name and editors' backups in the author folders; journeys and their
    translations stay out of the navigation, which the gallery stands in for."""
    for file in list(files):
        if file.src_uri in collection.unpublished or _left_about(file, author_folders):
            files.remove(file)
        elif (
            file.src_uri in collection.journeys
            or file.src_uri in collection.translation_files
            or file.src_uri in collection.persona_files
        ):
            file.inclusion = InclusionLevel.NOT_IN_NAV


def add_site_pages(files: Files, config: MkDocsConfig, site: Site) -> dict[str, MadePage]:
    """The gallery, facet, touchpoint and index pages the site lacks, in this language."""
    made: dict[str, MadePage] = {}
    for uri, site_page in site.pages.items():
        if files.get_file_from_path(uri) is not None:
            continue  # the site's own page (its gallery text), placed by i18n
        # Facet and point pages are found from the gallery and the touchpoint index, the
        # index's other orders from its column headers: in a navigation they would be
        # listed on every page of the site.
        listed = site_page.kind not in ("facet", "point") and not (
            site_page.kind == "touchpoints" and site_page.key
        )
        file = MadePage.generated(
            config,
            uri,
            content="",
            inclusion=InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV,
        )
        assert isinstance(file, MadePage)  # File.generated makes its class's own
        made[uri] = file
        file.dest_uri = site.prefix + file.dest_uri  # this language's copy
        static_i18n.give_alternates(config, file, site.page_path(uri), site.languages)
        files.append(file)
    return made


def add_plugin_files(files: Files, config: MkDocsConfig, site: Site) -> dict[str, MadePage]:
    """Everything the plugin adds to this language's build: its pages, its own files and
    the outputs. The pages it made, by src_uri."""
    made = add_site_pages(files, config, site)
    add_package_files(files, config)
    add_outputs(files, config, site)
    return made


def add_package_files(files: Files, config: MkDocsConfig) -> None:
    """The plugin's CSS, script and schemas, unless the site has its own at the address."""
    for uri, source in PACKAGE_FILES:
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(source)))


def add_outputs(files: Files, config: MkDocsConfig, site: Site) -> None:
    """journeys.json, metrics.csv and the templates' downloads, in this language."""
    for path, content in site.outputs().items():
        # not a page: the src_uri is only a unique name; dest_uri is where it lands
        file = File.generated(config, f"{path}.journey-maps", content=content)
        file.dest_uri = path
        files.append(file)


def refuse_clashes(files: Files, addresses: Addresses) -> None:
    """Refuse two files at one address, in this language's build or across languages."""
    clashes = addresses.claim(_site_file(f) for f in files if not f.inclusion.is_excluded())
    if clashes:
        raise PluginError("\n".join(clashes))


def _left_about(file: File, author_folders: list[str]) -> bool:
    """Whether ``file`` is an editor's leftover in an author folder, which the walk of
    the docs folder leaves out: MkDocs would publish it, unchecked."""
    in_author_folder = any(file.src_uri.startswith(f"{folder}/") for folder in author_folders)
    return in_author_folder and is_left_about(posixpath.basename(file.src_uri))


def _site_file(file: File) -> SiteFile:
    if file.generated_by:
        return SiteFile(file.dest_uri, f"{file.dest_uri} (made by {file.generated_by})")
    return SiteFile(file.dest_uri, display_path(file.abs_src_path or file.src_uri))


THEME_SUPPORT = str(PACKAGE / "theme_support")
"""Templates the plugin gives a theme that lacks them (a 404 page for the languages)."""


def use_package_assets(config: MkDocsConfig, *, offline: bool) -> None:
    """Have every page load the plugin's CSS and script, and the theme find its
    templates; ``offline``: make the site work opened from disk (file://)."""
    for uri in (ASSETS + name for name in STYLESHEETS):
        if uri not in config.extra_css:
            config.extra_css.append(uri)
    for uri in (ASSETS + name for name in SCRIPTS):
        if uri not in config.extra_javascript:
            config.extra_javascript.append(uri)
    if THEME_SUPPORT not in config.theme.dirs:
        config.theme.dirs.append(THEME_SUPPORT)  # last: only what the theme lacks
    if offline:
        # What mkdocs-material's offline plugin does, without its shim from a CDN: the
        # site must not ask any outside host for anything.
        config.use_directory_urls = False
        polyfills = config.extra.setdefault("polyfills", [])
        if WORKER_SHIM_URI not in polyfills:
            polyfills.append(WORKER_SHIM_URI)

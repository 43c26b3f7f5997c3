"""The MkDocs adapter: thin hooks over the core (loading, rendering).

Journey front-matter is parsed and validated here before MkDocs reads any page, because
MkDocs 1.6 swallows front-matter YAML errors (and ``--strict`` still exits 0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .lanes import Lane, resolve_lanes
from .loading import MAX_FILE_BYTES, LoadedJourney, LoadOptions, load_journeys
from .rendering import Renderer
from .site_meta import page_meta

log = get_plugin_logger(__name__)

PACKAGE = Path(__file__).parent
CSS_URI = "assets/journey-maps/journey-maps.css"
SCHEMA_URI = "schema/journey.schema.json"


class JourneyMapsConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    """Folder inside docs_dir whose Markdown pages are journeys."""
    lanes = c.ListOfItems(c.Type(str), default=[])
    """Lane ids in the order to draw them; lanes not listed are hidden. Empty: all lanes."""
    custom_lanes = c.DictOfItems(c.Type(str), default={})
    """Extra text lanes, id: label (e.g. frontstage: Frontstage); steps fill them under lanes:."""
    hide_empty_lanes = c.Type(bool, default=True)
    """Leave out a lane that no step of a map fills."""
    allow_raw_html = c.Type(bool, default=False)
    """Trust raw HTML in journey bodies (styles, iframes); scripts and bad URLs still go."""
    locale = c.Optional(c.Type(str))
    """Locale for numbers and dates; defaults to the theme's language."""
    max_file_size = c.Type(int, default=MAX_FILE_BYTES)
    """Largest journey file accepted, in bytes."""

    def validate(self) -> tuple[list[Any], list[Any]]:
        failed, warnings = super().validate()
        if not failed:
            try:
                resolve_lanes(self.lanes, self.custom_lanes)
            except ValueError as error:
                failed.append(("lanes", ValidationError(str(error))))
            if self.journeys_dir.strip("/") in ("", "."):
                failed.append(
                    (
                        "journeys_dir",
                        ValidationError(
                            "journeys_dir must be a folder inside docs_dir, not the docs_dir itself"
                        ),
                    )
                )
        return failed, warnings


class JourneyMapsPlugin(BasePlugin[JourneyMapsConfig]):
    """Turns every Markdown page under ``journeys_dir`` into a journey map page."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.journeys: dict[str, LoadedJourney] = {}
        self.renderer: Renderer | None = None
        self.lanes: list[Lane] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.lanes = resolve_lanes(self.config.lanes, self.config.custom_lanes)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        self.renderer = Renderer(
            [Path(d) for d in config.theme.dirs],
            lanes=self.lanes,
            locale=self.config.locale or str(config.theme.get("language") or "en"),
            hide_empty_lanes=self.config.hide_empty_lanes,
            allow_raw_html=self.config.allow_raw_html,
        )
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        prefix = self.config.journeys_dir.strip("/") + "/"
        sources = {
            f.src_uri: f for f in files.documentation_pages() if f.src_uri.startswith(prefix)
        }
        result = load_journeys(Path(config.docs_dir), sources, self._load_options())
        if result.errors:
            raise PluginError(_error_report(result.errors))
        self.journeys = {}
        for loaded in result.journeys:
            file = sources[loaded.src_uri]
            if loaded.journey.draft:
                files.remove(file)  # a draft has no page, no search entry, no sitemap line
                continue
            file.inclusion = InclusionLevel.NOT_IN_NAV
            self.journeys[loaded.src_uri] = loaded
        for uri, source in (
            (CSS_URI, PACKAGE / "assets" / "journey-maps.css"),
            (SCHEMA_URI, PACKAGE / "schema" / "journey.schema.json"),
        ):
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, **_: Any) -> str:
        loaded = self.journeys.get(page.file.src_uri)
        if loaded is None:
            return markdown
        page.meta = page_meta(loaded.journey)
        return loaded.body

    def on_page_content(self, html: str, *, page: Page, **_: Any) -> str:
        loaded = self.journeys.get(page.file.src_uri)
        if loaded is None or self.renderer is None:
            return html
        return self.renderer.render_page(loaded, body_html=html, page_url=page.url)

    def _load_options(self) -> LoadOptions:
        return LoadOptions(frozenset(self.config.custom_lanes), self.config.max_file_size)


def _error_report(errors: list[Any]) -> str:
    count = len(errors)
    lines = [str(error) for error in errors]
    lines.append(f"{count} error{'s' if count != 1 else ''} in journey files")
    return "\n".join(lines)

"""The plugin's options in ``mkdocs.yml``, each with a line of what it does."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from babel import UnknownLocaleError
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from pydantic import ValidationError as PydanticValidationError

from ..core.languages import babel_locale
from ..core.loading import MAX_FILE_BYTES, LoadOptions
from ..core.model import LaneSpec, lane_spec
from ..core.paths import display_path
from ..pages.lanes import resolve_lanes
from ..pages.touchpoints import DEFAULT_THRESHOLD, IndexOptions, alias_problems


class JourneyMapsConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    """Folder inside docs_dir whose Markdown pages are journeys."""
    lanes = c.ListOfItems(c.Type(str), default=[])
    """Lane ids in the order to draw them; lanes not listed are hidden. Empty: all lanes."""
    custom_lanes = c.DictOfItems(c.Type((str, dict)), default={})
    """The site's own lanes, as a map's lanes: are written: key: label (frontstage:
    Frontstage), or key: {label, about, line_above}; steps fill them under lanes:."""
    hide_empty_lanes = c.Type(bool, default=True)
    """Leave out a lane that no step of a map fills."""
    allow_raw_html = c.Type(bool, default=False)
    """Trust raw HTML in journey bodies (styles, iframes); scripts and bad URLs still go."""
    locale = c.Optional(c.Type(str))
    """Locale for numbers and dates; defaults to the theme's language."""
    max_file_size = c.Type(int, default=MAX_FILE_BYTES)
    """Largest journey file accepted, in bytes."""
    offline = c.Type(bool, default=False)
    """Make the built site work opened from disk (file://) as well as served: page URLs
    end in .html, and search reads its index from a script, in a local worker shim."""
    served_search = c.Choice(("lunr", "pagefind"), default="lunr")
    """What searches a served site: mkdocs-material's lunr index of every language (lunr),
    or Pagefind's index of the reader's language, fetched in chunks as they type
    (pagefind). Opened from disk, a site searches with lunr either way."""
    personas_dir = c.Type(str, default="personas")
    """Folder inside docs_dir of the persona library: one Markdown file per persona."""
    pdf = c.Type(bool, default=False)
    """Print each map to a PDF beside its page, and link it from the page: done by the
    command line's build (``build.py build``), which needs Chromium, Playwright and pikepdf;
    a plain ``mkdocs build`` prints none and links none."""
    pdf_paper = c.Choice(("A3", "A4"), default="A3")
    """The paper the PDFs are printed on, landscape: A3 or A4."""
    touchpoint_aliases = c.DictOfItems(c.Type((str, list)), default={})
    """A touchpoint written several ways, as one: its canonical name and the other names
    it is written as (Checkout: [Checkout, payment step]). Indexes, priorities and
    touchpoint pages count the aliases as the canonical name."""
    outside_our_control = c.ListOfItems(c.Type(str), default=[])
    """Touchpoints no one in the organisation can change (Commute): listed apart in the
    priority view, never ranked as work to do."""
    priority_threshold = c.Type(int, default=DEFAULT_THRESHOLD)
    """The priority view ranks touchpoints scoring this much (0 to 100) or more."""
    gallery = c.Type(str, default="maps.md")
    """The gallery page; created when the site has none, else its text shows above the
    cards. Facet pages and the touchpoint indexes go in the folder of the same name."""

    def load_options(self) -> LoadOptions:
        """What checking a journey needs to know of these options."""
        return LoadOptions(
            frozenset(self.custom_lanes),
            self.max_file_size,
            journeys_dir=self.journeys_dir,
            personas_dir=self.personas_dir,
        )

    def site_lanes(self) -> dict[str, LaneSpec]:
        """The site's own lanes, each as a ``LaneSpec`` (checked by ``validate``)."""
        return {
            key: lane_spec(value if isinstance(value, str) else LaneSpec.model_validate(value))
            for key, value in self.custom_lanes.items()
        }

    def index_options(self) -> IndexOptions:
        """What the touchpoint indexes and the priority view are told of the site's
        touchpoints (checked by ``validate``)."""
        return IndexOptions.of(
            self.touchpoint_aliases, self.outside_our_control, self.priority_threshold
        )

    def validate(self) -> tuple[list[Any], list[Any]]:
        failed, warnings = self._checked()
        # Every problem is led by the file and line of its option in the site's config.
        return [
            (name, ValidationError(_at_line(self.config_file_path, where, str(error))))
            for name, where, error in failed
        ], warnings

    def _checked(self) -> tuple[list[tuple[str, tuple[str, ...], Any]], list[Any]]:
        """Each problem with its option and where under it (a key, an item) it is written."""
        failed_types, warnings = super().validate()
        failed: list[tuple[str, tuple[str, ...], Any]] = [
            (name, (name,), error) for name, error in failed_types
        ]
        if not failed:
            # "./journeys/", "journeys//" and "journeys" name one folder, written as the
            # walk of the docs folder writes it.
            self.journeys_dir = _folder(self.journeys_dir)
            self.personas_dir = _folder(self.personas_dir)
            failed += [
                (name, (name,), problem)
                for name, problem in (
                    ("custom_lanes", _custom_lanes_problem(self.custom_lanes)),
                    ("lanes", _lanes_problem(self.lanes, self.custom_lanes)),
                    ("locale", _locale_problem(self.locale)),
                    ("gallery", _gallery_problem(self.gallery)),
                    ("journeys_dir", _journeys_dir_problem(self.journeys_dir)),
                    ("personas_dir", _personas_dir_problem(self.personas_dir, self.journeys_dir)),
                    ("priority_threshold", _threshold_problem(self.priority_threshold)),
                )
                if problem
            ]
            failed += [
                ("touchpoint_aliases", ("touchpoint_aliases", *where), text)
                for where, text in alias_problems(self.touchpoint_aliases)
            ]
        return failed, warnings


def _custom_lanes_problem(custom_lanes: dict[str, Any]) -> str | None:
    for key, value in custom_lanes.items():
        if isinstance(value, dict):
            try:
                LaneSpec.model_validate(value)
            except PydanticValidationError as invalid:
                first = invalid.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                return (
                    f"lane '{key}': {where}: {first['msg']} (a lane has label, about, line_above)"
                )
    return None


def _threshold_problem(threshold: int) -> str | None:
    if not 0 <= threshold <= 100:
        return f"priority_threshold {threshold} must be a score from 0 to 100 (e.g. 30)"
    return None


def _at_line(config_file: str | None, where: tuple[str, ...], problem: str) -> str:
    """``problem``, led by the file and line of the site's config where ``where`` (an
    option's key, then keys or items under it) is written, when it can be found."""
    if not config_file:
        return problem
    line = _line_of(config_file, where)
    return f"{display_path(config_file)}:{line}: {problem}" if line else problem


def _line_of(config_file: str, path: tuple[str, ...]) -> int | None:
    """The line of ``path`` (keys, then an item of a list) under the journey-maps
    plugin's options in a MkDocs config file; None when it is not written there (in an
    inherited file, say)."""
    import yaml

    try:
        with Path(config_file).open(encoding="utf-8") as file:
            node = yaml.compose(file, Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None
    plugins = _child(node, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else []
    found = next(
        (_child(entry, "journey-maps") for entry in entries if _child(entry, "journey-maps")), None
    )
    for part in path:
        if found is None:
            return None
        found = _child(found, part)
    return found.start_mark.line + 1 if found is not None else None


def _child(node: Any, name: str) -> Any:
    """The value under key ``name`` of a mapping node, or the item ``name`` of a
    sequence node (its key node for a mapping, so that the line is the key's)."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == name:
                return value if not isinstance(value, yaml.ScalarNode) else key_node
    if isinstance(node, yaml.SequenceNode):
        return next((item for item in node.value if getattr(item, "value", None) == name), None)
    return None


def _personas_dir_problem(personas_dir: str, journeys_dir: str) -> str | None:
    if personas_dir in ("", ".") or personas_dir == ".." or personas_dir.startswith("../"):
        return (
            f"personas_dir '{personas_dir}' must be a folder inside docs_dir, written relative "
            "to it (e.g. personas)"
        )
    if f"{personas_dir}/".startswith(f"{journeys_dir}/") or f"{journeys_dir}/".startswith(
        f"{personas_dir}/"
    ):
        return (
            f"personas_dir '{personas_dir}' and journeys_dir '{journeys_dir}' must be two "
            "folders, neither inside the other"
        )
    return None


def _lanes_problem(lanes: list[str], custom_lanes: dict[str, Any]) -> str | None:
    try:
        resolve_lanes(lanes, custom_lanes)
    except ValueError as error:
        return str(error)
    return None


def _locale_problem(locale: str | None) -> str | None:
    if not locale:
        return None
    try:
        babel_locale(locale)
    except (ValueError, UnknownLocaleError):
        return f"'{locale}' is not a language code Babel knows (e.g. pt-BR)"
    return None


def _gallery_problem(gallery: str) -> str | None:
    if (
        not gallery.endswith(".md")
        or gallery.startswith(("/", "\\"))
        or posixpath.normpath(gallery) != gallery
        or ".." in gallery.split("/")
    ):
        return (
            f"'{gallery}' must be a Markdown page inside docs_dir, written relative to it "
            "(e.g. maps.md or catalogue/index.md)"
        )
    return None


def _folder(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/")).strip("/")


def _journeys_dir_problem(journeys_dir: str) -> str | None:
    if journeys_dir in ("", "."):
        return "journeys_dir must be a folder inside docs_dir, not the docs_dir itself"
    if journeys_dir == ".." or journeys_dir.startswith("../"):
        return (
            f"journeys_dir '{journeys_dir}' must be a folder inside docs_dir, written "
            "relative to it (e.g. journeys or research/maps)"
        )
    return None

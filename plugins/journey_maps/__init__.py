"""Journey Maps: customer journey maps written as Markdown with YAML front-matter.

The package is a house of rooms, each a sub-package, and imports run one way, down:

    cli  ->  builds  ->  mkdocs_plugin  ->  pages, i18n  ->  core

``core`` is what a journey map is (model, YAML, loading, translations, a site's set of
them); ``pages`` renders what readers get; ``i18n`` holds the interface's words;
``mkdocs_plugin`` adapts all of it to MkDocs; ``builds`` builds and previews whole sites;
``cli`` is the command line. Nothing below ``mkdocs_plugin`` imports MkDocs, so the maps
outlive any one site generator. ``tests/test_architecture.py`` holds the allowed arrows.

This module is the package's public face: what another program may import from it.
"""

from .core.errors import FileError, InvalidFile
from .core.loading import LoadedJourney, LoadOptions, parse_journey
from .core.model import Journey, json_schema

__version__ = "0.1.0"

__all__ = [
    "FileError",
    "InvalidFile",
    "Journey",
    "LoadOptions",
    "LoadedJourney",
    "__version__",
    "json_schema",
    "parse_journey",
]

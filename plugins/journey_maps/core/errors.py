"""Every exception the package raises, and the record of one mistake in a file.

They are kept in one module, whichever room raises them, so that a caller finds in one
place what it may have to catch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .yaml_source import KeyPath, Position


@dataclass(frozen=True, order=True)
class FileError:
    """One thing an author must fix in a journey or translation file, and where."""

    path: str
    """The file, as ``paths.display_path`` shows it."""
    line: int
    """0 for what is wrong with the file as a whole (its name): it is shown without."""
    column: int
    message: str

    def __str__(self) -> str:
        if not self.line:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def error_summary(errors: Sequence[FileError]) -> str:
    """The line that ends a report of ``errors``: '3 errors in 2 files' (journeys,
    catalogs, images, names in the docs folder)."""
    count = len(errors)
    files = len({error.path for error in errors})
    return f"{count} error{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"


class InvalidFile(Exception):
    """A journey or translation file that cannot be used, with every error found in it."""

    def __init__(self, errors: Sequence[FileError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = list(errors)


class YamlProblem(Exception):
    """Something in a file's YAML that no schema could accept, and where it is."""

    def __init__(self, message: str, position: Position, path: KeyPath | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.path = path
        """The value's path when the problem is one value, so validation can skip it."""


class ScaffoldError(Exception):
    """Why a new map could not be started from a template, worded for whoever asked."""


class UnsafeArchive(Exception):
    """Files of a built site whose names Windows or macOS cannot hold: unpacked there, a
    zip of it would lose them or put them elsewhere. Each line names one, and the fix."""


class SourceDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds."""


class WholeBuildNeeded(Exception):
    """A dirty build was asked for, but the edit changes more than pages: the site is to
    be built again, whole (see ``mkdocs_plugin.incremental``)."""


class SiteConfigError(Exception):
    """A site's config that cannot be used, with why, worded for whoever runs the build."""

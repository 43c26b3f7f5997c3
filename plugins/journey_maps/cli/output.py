"""What the command line prints: errors for authors, and the log of the build it runs."""

from __future__ import annotations

import contextlib
import importlib
import logging
import sys

from ..core.errors import FileError, error_summary
from ..mkdocs_plugin.static_i18n import not_about_offline_language_links

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


def say_error(message: str) -> None:
    """One line on stderr, as every error the command line reports itself."""
    print(f"error: {message}", file=sys.stderr)


def report(errors: list[FileError]) -> bool:
    """Print each error in the journeys, then how many in how many files; True if none."""
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(error_summary(errors), file=sys.stderr)
    return not errors


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Writes to whatever sys.stderr is at the time (tests and tools swap it)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _: object) -> None:
        pass


def configure_logging() -> None:
    """MkDocs' and the package's log on stderr, as ``mkdocs build`` prints it."""
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(not_about_offline_language_links)
    for name in ("mkdocs", "journey_maps"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def quiet_jieba() -> None:
    """mkdocs-material's search segments Chinese with jieba, which announces its dictionary
    at DEBUG level: the level jieba gives its logger when imported, so import it first."""
    with contextlib.suppress(ImportError):
        importlib.import_module("jieba")
    logging.getLogger("jieba").setLevel(logging.WARNING)

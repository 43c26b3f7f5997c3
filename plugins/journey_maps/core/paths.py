"""How a path is shown to the person who runs a command."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    """``path`` as users see it in every message: relative to the working folder when it
    lies inside it, else absolute; with forward slashes; and named as written, a link not
    followed to where it points (the author knows the link's name)."""
    full = absolute(path)
    here = absolute(Path.cwd())
    if full.is_relative_to(here):
        return full.relative_to(here).as_posix()
    return full.as_posix()


def absolute(path: Path | str) -> Path:
    """An absolute path with links left as they are (``resolve`` would follow them)."""
    return Path(os.path.normpath(Path(path).absolute()))

"""What a map author can publish, and what a draft takes with it.

The journeys folder and the personas folder are the authors' (options ``journeys_dir``
and ``personas_dir``). Each file in them is one of three things:

- a journey or a persona (``.md``, translations too): checked, and sanitised on its page;
- an image or a PDF, which cannot run a script: published as it is, an SVG once it is
  read and found safe (``svg_images``);
- anything else, refused with the fix: other Markdown extensions (MkDocs would publish
  them as plain pages, raw HTML and all), web pages and scripts, any other type, and
  symbolic links, in the folders or leading into them (MkDocs follows them, publishing
  the same files twice, once unchecked).

``check`` and the build both read the folders through ``collection.collect_docs``, so they
refuse the same files.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import svg_images
from .docs_folder import FolderScan
from .errors import FileError
from .loading import LoadOptions
from .paths import display_path

PAGES = ".md"
"""The extension of journeys, personas and their translations."""
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
DOCUMENTS = (".pdf",)
CHECKED = ".svg"
"""The one type of image that is read first: it could hold a script."""
MKDOCS_PAGES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""What MkDocs publishes as pages (``mkdocs.utils.markdown_extensions``)."""
RUN_BY_BROWSERS = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".xml", ".xsl")
"""Types a browser runs scripts in (an XML file through its XSLT stylesheet)."""
PUBLISHED = f"{{kind}}s ({PAGES}), images ({', '.join(IMAGES)}) and PDFs"
"""The policy in a few words, for messages; ``kind``: journey or persona."""


@dataclass
class AuthorFiles:
    """The files of a site's journeys and personas folders, sorted by the policy."""

    folders: dict[str, str]
    """Each author folder, and what its pages are (journey, persona)."""
    pages: dict[str, list[str]] = field(default_factory=dict)
    """The Markdown files of each folder, to be read as its pages."""
    svgs: list[str] = field(default_factory=list)
    """The SVG images, to be read before they are published."""
    refused: dict[str, str] = field(default_factory=dict)
    """The files and links refused, with what is wrong and the fix."""

    def folder_of(self, path: str) -> str | None:
        """The author folder ``path`` is in (or is), if any."""
        return next((f for f in self.folders if path == f or path.startswith(f + "/")), None)


def sort_out(docs_dir: Path, folder: FolderScan, options: LoadOptions) -> AuthorFiles:
    """The files of the author folders, by what the policy makes of each (without reading
    any); ``folder`` is the walk of ``docs_dir``."""
    found = AuthorFiles({options.journeys_dir: "journey", options.personas_dir: "persona"})
    found.pages = {name: [] for name in found.folders}
    avoided = _links(docs_dir, folder.links, found)
    for path in sorted(folder.files):
        author_folder = found.folder_of(path)
        if author_folder is None or any(_under(path, link) for link in avoided):
            continue
        problem = _problem(posixpath.basename(path), found.folders[author_folder], author_folder)
        if problem:
            found.refused[path] = problem
        elif path.endswith(PAGES):
            found.pages[author_folder].append(path)
        elif path.lower().endswith(CHECKED):
            found.svgs.append(path)
    return found


def problems(docs_dir: Path, found: AuthorFiles) -> list[FileError]:
    """Every file the policy refuses, and what in each SVG image could run a script."""
    errors = [
        FileError(display_path(docs_dir / path), 0, 0, problem)
        for path, problem in found.refused.items()
    ]
    for path in found.svgs:
        errors += svg_images.problems(docs_dir / path, display_path(docs_dir / path))
    return errors


def _problem(name: str, kind: str, author_folder: str) -> str | None:
    """What is wrong with a file of this name in an author folder, and the fix; None
    when the folder may publish it."""
    stem, extension = posixpath.splitext(name)
    lowered = extension.lower()
    if extension == PAGES or lowered in IMAGES or lowered in DOCUMENTS:
        return None
    if lowered in MKDOCS_PAGES:
        return (
            f"MkDocs would publish this file as a page of its own, raw HTML and scripts "
            f"included, not as a checked {kind}; rename it to {stem}.md"
        )
    if lowered == ".svgz":
        what = "a compressed SVG image, which cannot be checked for scripts"
    elif lowered in RUN_BY_BROWSERS:
        what = f"a {extension} file, which could run a script on the site"
    elif not extension:
        what = "a file without an extension"
    else:
        what = f"a {extension} file"
    return (
        f"{what}; {author_folder}/ publishes only {PUBLISHED.format(kind=kind)}: remove it, "
        "or save it as one of those"
    )


def _links(docs_dir: Path, links: Iterable[str], found: AuthorFiles) -> list[str]:
    """The links in, above or into the author folders, which nothing is read through;
    those that stay in the docs folder are refused here (``pages.site_files`` refuses
    those that lead out of it)."""
    root = docs_dir.resolve()
    avoided: list[str] = []
    for link in sorted(links):
        if any(_under(link, other) for other in avoided):
            continue
        target = (docs_dir / link).resolve()
        inside = target.is_relative_to(root)
        into = target.relative_to(root).as_posix() if inside else ""
        own = next((f for f in found.folders if _overlap(link, f)), None)
        entered = next((f for f in found.folders if inside and _overlap(into, f)), None)
        if own is None and entered is None:
            continue
        avoided.append(link)
        if not inside:
            continue
        shown = display_path(target)
        if own is not None:
            found.refused[link] = (
                f"a symbolic link (to {shown}); {own}/ publishes only the files it holds "
                "itself, each checked once: put the files themselves there, or remove the link"
            )
        else:
            found.refused[link] = (
                f"a symbolic link into {entered}/ (to {shown}), which MkDocs would publish "
                "again as plain pages, raw HTML and scripts included; remove the link"
            )
    return avoided


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


def _overlap(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder``, in it, or holds it."""
    return _under(path, folder) or _under(folder, path)

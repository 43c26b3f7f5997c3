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
refuse the same files. A draft's own files, those only unpublished pages name, are not
published either (``left_by_drafts``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from . import svg_images
from .docs_folder import FolderScan
from .errors import FileError
from .file_names import MKDOCS_PAGES
from .languages import is_locale
from .loading import LoadOptions
from .paths import display_path

PAGES = ".md"
"""The extension of journeys, personas and their translations."""
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
DOCUMENTS = (".pdf",)
CHECKED = ".svg"
"""The one type of image that is read first: it could hold a script."""
RUN_BY_BROWSERS = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".xml", ".xsl")
"""Types a browser runs scripts in (an XML file through its XSLT stylesheet)."""
PUBLISHED = f"{{kind}}s ({PAGES}), images ({', '.join(IMAGES)}) and PDFs"
"""The policy in a few words, for messages; ``kind``: journey or persona."""
TEXTS = (*MKDOCS_PAGES, ".html", ".htm", ".css", ".js")
"""The files of the docs folder that can name an image or a PDF of the author folders."""


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


# --------------------------------------------------------------------------------------
# A draft's own files
# --------------------------------------------------------------------------------------

_NAMED = re.compile(
    r"\]\(\s*<(?P<angled>[^>\n]+)>"  # [text](<a path with spaces>)
    r"|\]\(\s*(?P<link>[^)\s]+)"  # [text](path "title")
    r"|^ {0,3}\[[^\]\n]+\]:\s*<?(?P<label>[^>\s]+)"  # [label]: path
    # src="path", <object data=path>, srcset='path 2x, ...', photo: path (front-matter)
    r"|\b(?P<attribute>src|srcset|href|data|poster|photo)\s*[=:]\s*"
    r"""(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^"'\s>]+))""",
    re.MULTILINE | re.IGNORECASE,
)


def left_by_drafts(
    docs_dir: Path, folder: FolderScan, unpublished: Iterable[str | None], found: AuthorFiles
) -> set[str]:
    """The images and PDFs of the author folders that only unpublished pages (drafts,
    and translations not published) name, with their translated variants (``plan.fr.png``
    for ``plan.png``): they are a draft's own, and go unpublished with it. One that
    another file of the docs folder names too (a published page, a stylesheet), by its
    file name, stays."""
    drafts = {uri for uri in unpublished if uri and uri.endswith(PAGES)}
    named = {_unlocalized(path) for uri in drafts for path in _named_in(docs_dir, uri)}
    if not named:
        return set()
    names = {
        path: _names(path)
        for path in folder.files
        if found.folder_of(path) is not None
        and not path.endswith(PAGES)
        and path not in found.refused
        and _unlocalized(path) in named
    }
    for path in folder.files:
        if not names:
            break
        if path not in drafts and path.lower().endswith(TEXTS):
            text = _read(docs_dir / path)
            names = {own: n for own, n in names.items() if not any(name in text for name in n)}
    return set(names)


def _named_in(docs_dir: Path, uri: str) -> set[str]:
    """The files the page at ``uri`` names, as paths in the docs folder."""
    found = set()
    for match in _NAMED.finditer(_read(docs_dir / uri)):
        value = match[match.lastgroup or 0]
        srcset = (match["attribute"] or "").lower() == "srcset"
        for written in _srcset_urls(value) if srcset else [value.strip()]:
            target = re.split(r"[?#]", unquote(written), maxsplit=1)[0]
            if not target or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                continue
            base = "" if target.startswith("/") else posixpath.dirname(uri)
            path = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
            if not path.startswith("../"):
                found.add(path)
    return found


def _srcset_urls(srcset: str) -> list[str]:
    """The URLs of an ``srcset``: candidates apart by commas, each a URL, then perhaps a
    descriptor (``2x``, ``600w``). A comma inside a URL is part of it (as browsers read
    it), one that ends a URL ends its candidate."""
    urls = []
    rest = srcset
    while rest := rest.lstrip(" \t\n\r\f,"):
        url, *after = rest.split(None, 1)
        rest = after[0] if after else ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            rest = rest.partition(",")[2]  # past the descriptor
        urls.append(url)
    return urls


def _unlocalized(path: str) -> str:
    """A file's path without a language before its extension: images/plan.png for
    images/plan.fr.png, which mkdocs-static-i18n shows in its place in French."""
    stem, extension = posixpath.splitext(path)
    base, dot, language = stem.rpartition(".")
    if dot and "/" not in language and is_locale(language):
        return base + extension
    return path


def _names(path: str) -> set[str]:
    """How a page can name the file at ``path``: by its file name, or its untranslated
    one, as written or as a URL."""
    names = {posixpath.basename(path), posixpath.basename(_unlocalized(path))}
    return names | {name.replace(" ", "%20") for name in names}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""  # a page that cannot be read names nothing; its own check says why

"""File names every common system can hold, and when two names are one file.

Linux takes any name of up to 255 bytes without '/'. Windows keeps the names of its
devices (CON, AUX, COM1 ...) whatever extension follows, and refuses a few marks and
names ending in a dot or a space. Windows and macOS compare names without case, each
character against its own upper and lower case (not the full folding that makes 'ß'
"ss"); macOS also without Unicode form: an 'é' of one character (NFC) and an 'e' with an
accent after it (NFD) are one name there.

Pages named after a text (a tag, a touchpoint) take a name that fits everywhere
(``holds``, ``bounded``), and ``same_file`` tells which addresses are one file. Names an
author (or a theme, or another plugin) gave are checked (``unportable``, ``meetings``):
what another system cannot hold is refused, with the fix.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import FileError
from .paths import display_path

MKDOCS_PAGES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""What MkDocs publishes as pages (``mkdocs.utils.markdown_extensions``)."""

MAX_NAME_BYTES = 100
"""The longest name made from a text, in UTF-8 bytes: with '.html' after it, well within
the 255 bytes of Linux's and macOS's file systems, the 255 UTF-16 units of Windows', and
the 143 bytes of an encrypted Linux home folder (eCryptfs)."""

_DIGITS = "0123456789¹²³"
DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"{port}{d}" for port in ("COM", "LPT") for d in _DIGITS)}
)
"""Names Windows keeps for its devices, in any case and with any extension after them."""

_MARKS = {
    "\\": "which Windows reads as a folder separator (unpacked there, the file could land "
    "outside its folder)",
    ":": "which makes a hidden stream of another file on Windows (NTFS) and shows as '/' on macOS",
    **dict.fromkeys('*?"<>|', "which Windows does not allow in a file name"),
}


def device(name: str) -> str | None:
    """The Windows device ``name`` is the name of (``CON`` for 'con.html'), or None."""
    stem = name.split(".", 1)[0].rstrip(" ").upper()
    return stem if stem in DEVICES else None


def problem(name: str, fix: str = "rename it") -> str | None:
    """What Windows or macOS cannot hold in the file or folder name ``name``, and
    ``fix``; None if they can."""
    shown = shown_name(name)
    if any(_undecoded(char) for char in name):
        return f"'{shown}' is not UTF-8 text, which Windows and macOS need a name to be; {fix}"
    held = device(name)
    if held:
        return (
            f"Windows keeps {held} for a device, with any extension after it, so nothing "
            f"there can be named '{shown}'; {fix}"
        )
    for mark in name:
        if mark in _MARKS:
            return f"'{shown}' holds '{mark}', {_MARKS[mark]}; {fix}"
        if unicodedata.category(mark) == "Cc":
            return (
                f"'{shown}' holds U+{ord(mark):04X}, an invisible control character, which "
                f"Windows does not allow in a file name; {fix}"
            )
    if name.endswith((".", " ")):
        end = "a dot" if name.endswith(".") else "a space"
        return (
            f"'{shown}' ends in {end}, which Windows drops from a name (it would be "
            f"'{shown.rstrip('. ')}' there); {fix}"
        )
    return None


def shown_name(name: str) -> str:
    """``name`` as a message can show it: control characters (which could move the cursor
    of a terminal) and bytes that are not UTF-8 written as ``\\x07``."""
    return "".join(map(_shown_char, name))


def _shown_char(char: str) -> str:
    if _undecoded(char):
        return f"\\x{ord(char) - 0xDC00:02x}"  # the byte Python read it from
    if unicodedata.category(char) == "Cc":
        return f"\\x{ord(char):02x}"
    return char


def _undecoded(char: str) -> bool:
    # Python reads each byte of a name that is not UTF-8 as one of these (surrogateescape).
    return "\udc80" <= char <= "\udcff"


def same_file(name: str) -> str:
    """What all names Windows or macOS hold as one file with ``name`` have in common:
    each character in its own simple case folding, in one Unicode form."""
    decomposed = unicodedata.normalize("NFD", name)
    return unicodedata.normalize("NFC", "".join(map(_fold, decomposed)))


def _fold(char: str) -> str:
    # Only mappings to one character, as Windows (its table of upper cases) and macOS
    # compare: 'ı' meets 'i' through 'I'; 'ß' stays 'ß', never 'ss'.
    upper = char.upper()
    char = upper if len(upper) == 1 else char
    for folded in (char.casefold(), char.lower()):
        if len(folded) == 1:
            return folded
    return char


def where_one(first: str, second: str) -> str | None:
    """Where the two different names ``first`` and ``second`` are one file: 'Windows and
    macOS' (they differ in case), 'macOS' (in Unicode form, too), or None."""
    if first == second or same_file(first) != same_file(second):
        return None
    if _fold_each(first) == _fold_each(second):
        return "Windows and macOS"
    return "macOS"


def _fold_each(name: str) -> str:
    return "".join(map(_fold, name))


def holds(name: str) -> bool:
    """Whether ``name``, made from a text, can be a file's name as it is: short enough
    for any system, no device's name on Windows, and its own case folding, so that no
    other name made from a text is the same file on Windows or macOS."""
    return (
        len(name.encode()) <= MAX_NAME_BYTES and problem(name) is None and same_file(name) == name
    )


def bounded(name: str, fingerprint: str, limit: int = MAX_NAME_BYTES) -> str:
    """``name`` and ``-fingerprint`` after it, ``name`` cut (between characters) so that
    the whole is at most ``limit`` bytes: two long names that begin alike stay two."""
    room = limit - len(fingerprint.encode()) - 1
    cut = name.encode()[:room].decode(errors="ignore").rstrip("-_") or "x"
    return f"{cut}-{fingerprint}"


def unportable(paths: Iterable[str]) -> dict[str, str]:
    """For the files at ``paths`` (relative, with forward slashes): each file or folder
    name in them that Windows or macOS cannot hold, by its path (a folder once, not once
    per file in it), with what is wrong and the fix."""
    found: dict[str, str] = {}
    for path in paths:
        parts = path.split("/")
        for end in range(1, len(parts) + 1):
            wrong = problem(parts[end - 1])
            if wrong:
                found.setdefault("/".join(parts[:end]), wrong)
                break
    return found


def meetings(paths: Iterable[str], one: Callable[[str], str]) -> list[tuple[str, str]]:
    """Pairs of different file or folder names among ``paths`` (relative, with forward
    slashes) that are one where ``one(name)`` is the same: ``(a path, the other)``, each
    the path up to the name, the other beside the first in the same folder."""
    names: dict[tuple[str, str], set[str]] = {}
    for path in paths:
        parts = path.split("/")
        for end in range(1, len(parts) + 1):
            folder, name = "/".join(parts[: end - 1]), parts[end - 1]
            names.setdefault((folder, one(name)), set()).add(name)
    pairs = []
    for (folder, _), group in sorted(names.items()):
        first, *others = sorted(group, key=lambda name: (_nfc(name) != name, name))
        for other in others:
            pairs.append((_joined(folder, other), _joined(folder, first)))
    return pairs


def docs_name_errors(docs_dir: Path, paths: Iterable[str]) -> list[FileError]:
    """Each name in the docs folder (``paths``, relative to ``docs_dir``) that Windows or
    macOS cannot hold, as an error of the file or folder it names: a name one of them
    refuses, one written beside the same name in another Unicode form, or a file whose
    path differs from another's only in case (two folders so named merely become one
    there, and are fine while no file is in both)."""
    paths = [path for path in paths if path != "."]  # "." is a docs_dir that is a file
    found = unportable(paths)
    for path in paths:
        page_problem = _page_folder_problem(path)
        if page_problem:
            found.setdefault(path, page_problem)
    errors = [
        FileError(shown_path(docs_dir / path), 0, 0, message)
        for path, message in sorted(found.items())
    ]
    for path, other in meetings(paths, _nfc):
        errors.append(
            FileError(
                shown_path(docs_dir / path),
                0,
                0,
                f"this name is written in Unicode form {form(path)}, and the same name "
                f"beside it in {form(other)}: macOS holds them as one file; remove or "
                "rename one of them",
            )
        )
    for path, other in _case_meetings(paths):
        systems = where_one(path, other)
        differ = "case" if systems == "Windows and macOS" else "case and Unicode form"
        errors.append(
            FileError(
                shown_path(docs_dir / path),
                0,
                0,
                f"this file and {shown_path(docs_dir / other)} are one file on {systems} "
                f"(their names differ only in {differ}); rename or move one of them",
            )
        )
    return errors


def _case_meetings(paths: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of files among ``paths`` that Windows or macOS hold as one, their names
    differing in case: ``(a path, the first of them)``. (Names that differ in Unicode
    form alone meet in ``meetings``, folder by folder.)"""
    files: dict[str, list[str]] = {}
    for path in paths:
        files.setdefault(same_file(path), []).append(path)
    pairs = []
    for group in files.values():
        first, *others = sorted(group)
        pairs += [(other, first) for other in others if _nfc(other) != _nfc(first)]
    return sorted(pairs)


def _page_folder_problem(path: str) -> str | None:
    """What Windows cannot hold in the folder a page is published as ('notes .md' as
    'notes /'), if anything."""
    name = path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    if not name.endswith(MKDOCS_PAGES) or not stem.endswith((".", " ")):
        return None
    end = "dot" if stem.endswith(".") else "space"
    return (
        f"'{shown_name(name)}' is published as the folder '{shown_name(stem)}', and Windows "
        f"drops the {end} that ends a name (it would be '{shown_name(stem.rstrip('. '))}' "
        "there); rename it"
    )


def shown_path(path: Path) -> str:
    """``path`` as messages show it (``paths.display_path``), any name in it that could
    move a terminal's cursor written out (``shown_name``)."""
    return shown_name(display_path(path))


def form(name: str) -> str:
    """The Unicode form of the last name in ``name``: 'NFC', 'NFD', or 'neither'."""
    name = name.rsplit("/", 1)[-1]
    if _nfc(name) == name:
        return "NFC"
    return "NFD" if unicodedata.normalize("NFD", name) == name else "neither"


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def _joined(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name

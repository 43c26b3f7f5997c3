"""An SVG image is read before it is published: it must not be able to run a script.

A browser shows an SVG in a page (``<img>``) as a picture, but one opened on its own, from
a link or by its address, as a document of the site: its scripts and event attributes run
with the site's rights, its links can be ``javascript:``, and it loads what it names from
anywhere. A persona photo or a diagram needs none of that, so ``problems`` refuses an SVG
holding any of it, with where and the fix, rather than publish a cleaned copy that differs
from the author's file.

The file is read by expat, which fetches nothing: a DOCTYPE with declarations of its own
stops the reading before any entity is expanded.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from .errors import FileError

SVG = "http://www.w3.org/2000/svg"
ELEMENTS = {
    "script": "a <script> element, which runs when the image is opened on its own",
    "foreignObject": "a <foreignObject> element, which can hold a web page and its scripts",
    "handler": "a <handler> element, which runs a script",
}
"""The SVG elements that run a script, or hold what does."""
ANIMATIONS = ("set", "animate")
"""The SVG elements that can change an attribute, a link's href among them."""
PAGE_LANGUAGES = {
    "http://www.w3.org/1999/xhtml": "an HTML element",
    "http://www.w3.org/1998/Math/MathML": "a MathML element",
}
"""The other languages a browser gives behaviour to, links and scripts among it."""
LINKS = ("href", "src")
"""The attributes that name what an element shows or leads to, in any namespace."""
_INSIDE = re.compile(r"#|data:image/(png|jpeg|gif|webp|avif)[;,]", re.IGNORECASE)
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)""", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20]")
FIX = "remove it, or save the image as PNG"
ONLY_INSIDE = (
    "(an image may refer only to its own parts, #id, and to pictures inside it, data:image/png;...)"
)


class _Stop(Exception):
    """Reading the image any further would be unsafe, or pointless."""


def problems(path: Path, display: str) -> list[FileError]:
    """What in the SVG image at ``path`` could run a script or load something from
    outside it, each at its line and column with the fix; ``display`` names the file."""
    reader = _Reader(display)
    try:
        with path.open("rb") as file:
            reader.parser.ParseFile(file)
    except _Stop:
        pass
    except expat.ExpatError as error:
        reason = expat.errors.messages[error.code]
        reader.found.append(
            FileError(
                display,
                error.lineno,
                error.offset + 1,
                f"not a readable SVG image ({reason}); save it again, or as PNG",
            )
        )
    except OSError as error:
        return [FileError(display, 0, 0, f"cannot read file: {error.strerror or error}")]
    return reader.found


class _Reader:
    """Handles expat's events for one file, noting each problem where the event is."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.found: list[FileError] = []
        self.started = False
        self.style: list[str] | None = None
        """The text of the <style> element being read."""
        self.style_at = (0, 0)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.namespace_prefixes = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.entity
        self.parser = parser

    def note(self, message: str, where: tuple[int, int] | None = None) -> None:
        line, column = where or (
            self.parser.CurrentLineNumber,
            self.parser.CurrentColumnNumber + 1,
        )
        self.found.append(FileError(self.display, line, column, message))

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, local, shown = _parts(name)
        if not self.started:
            self.started = True
            if (namespace, local) != (SVG, "svg"):
                self.note(
                    f"not an SVG image: it begins with <{shown}>, where an SVG image begins "
                    f'with <svg xmlns="{SVG}">; save it again as SVG, or as PNG'
                )
                raise _Stop
        if namespace == SVG and local in ELEMENTS:
            self.note(f"{ELEMENTS[local]}; {FIX}")
        elif namespace in PAGE_LANGUAGES:
            self.note(f"{PAGE_LANGUAGES[namespace]} <{shown}>, which can run a script; {FIX}")
        elif namespace == SVG and local in ANIMATIONS:
            changed = attributes.get("attributeName", "")
            if changed.rpartition(":")[2] in LINKS:
                self.note(
                    f'a <{shown}> that changes a link (attributeName="{changed}"), which '
                    f"can make it run a script; {FIX}"
                )
        for attribute, value in attributes.items():
            self.attribute(attribute, value)
        if namespace == SVG and local == "style":
            self.style = []
            self.style_at = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)

    def attribute(self, name: str, value: str) -> None:
        namespace, local, shown = _parts(name)
        if local.lower().startswith("on"):
            self.note(f"an {shown} attribute, which runs a script; {FIX}")
        elif local in LINKS:
            self.reference(value)
        elif not namespace:  # SVG's presentation attributes are CSS
            self.css(value)

    def reference(self, target: str, where: tuple[int, int] | None = None) -> None:
        target = target.strip()
        if not target or _INSIDE.match(target):
            return
        if _INVISIBLE.sub("", target).lower().startswith("javascript:"):
            self.note(f"a link to '{target}', which runs a script when followed; {FIX}", where)
        else:
            self.note(f"a reference to '{target}', outside the image {ONLY_INSIDE}; {FIX}", where)

    def css(self, text: str, where: tuple[int, int] | None = None) -> None:
        lowered = text.lower()
        if "@import" in lowered:
            self.note(
                f"a stylesheet import (@import), which loads from outside the image; {FIX}",
                where,
            )
        if "image-set(" in lowered:
            self.note(f"an image-set(), which loads pictures by their address; {FIX}", where)
        if "\\" in text:
            self.note(
                "a backslash escape in a style, which can hide a reference to outside the "
                f"image; {FIX}",
                where,
            )
        for match in _URL.finditer(text):
            self.reference(next(group for group in match.groups() if group is not None), where)

    def end(self, name: str) -> None:
        if self.style is not None and _parts(name)[:2] == (SVG, "style"):
            self.css("".join(self.style), self.style_at)
            self.style = None

    def text(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.note(
                "an <?xml-stylesheet?> instruction, which loads a stylesheet or a program "
                f"(XSLT) from outside the image; {FIX}"
            )

    def doctype(self, name: str, system: str | None, public: str | None, inner: bool) -> None:
        if inner:
            self.entity()

    def entity(self, *_: object) -> None:
        self.note(
            "declarations in the DOCTYPE ([...]), which can hide markup in entities; remove "
            "them, or save the image as PNG"
        )
        raise _Stop


def _parts(name: str) -> tuple[str, str, str]:
    """An expat name ('namespace local prefix') as its namespace, its local name, and as
    written (prefix:local)."""
    parts = name.split(" ")
    if len(parts) == 1:
        return "", name, name
    if len(parts) == 2:
        return parts[0], parts[1], parts[1]
    return parts[0], parts[1], f"{parts[2]}:{parts[1]}"

"""Text fields and Markdown bodies made safe for a page.

Text fields allow inline Markdown only, and raw HTML in them is shown as text, never
interpreted. Bodies are sanitised with nh3's allowlist after MkDocs renders them.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

from . import file_names

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link may use; javascript:, data:, vbscript: and the rest never survive."""

_INLINE_TAGS = frozenset({"em", "strong", "code", "a", "del", "br", "sub", "sup", "mark"})

BODY_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
BODY_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
    "abbr": {"title"},
}
# Sites that opt in to raw HTML may use these too; scripts, handlers and bad URLs still go.
RAW_EXTRA_TAGS = frozenset(
    {
        "iframe",
        "video",
        "audio",
        "source",
        "picture",
        "section",
        "article",
        "aside",
        "nav",
        "header",
        "footer",
        "cite",
        "time",
    }
)
RAW_EXTRA_ATTRIBUTES = {
    "*": {"style"},
    "iframe": {"src", "width", "height", "allowfullscreen"},
    "video": {"src", "controls", "poster"},
    "audio": {"src", "controls"},
    "source": {"src", "type", "srcset"},
    "time": {"datetime"},
}

# Characters that may start inline Markdown or an entity; text without them is escaped directly.
_MARKUP_HINT = re.compile(r"[*_`\[\]<>&\\~=^!]|https?:")

MAX_BRACKETS = 16
"""Python-Markdown matches brackets in quadratic time: a field of a few thousand '[' would
take minutes to render. A sentence never holds this many links, so a text field with more
'[' than this is shown exactly as written, without Markdown."""


class _InlineOnly(markdown.Extension):
    """Python-Markdown reduced to inline syntax, without raw HTML.

    A text field is one line of prose: "#1 hotline", "2. Pays by card" and "> 30 min" are
    text, not a heading, a list or a quote; tags in it are shown as text.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        for name in (
            "hashheader",
            "setextheader",
            "olist",
            "ulist",
            "quote",
            "code",
            "hr",
            "indent",
        ):
            if name in md.parser.blockprocessors:
                md.parser.blockprocessors.deregister(name)


@lru_cache(maxsize=1)
def _inline_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_InlineOnly()])


# A map's texts are shown many times in a build (its page, its card on the gallery and on
# each facet page, the indexes), and Markdown is the costliest part of rendering them.
@lru_cache(maxsize=1 << 16)
def inline(text: str | None) -> Markup:
    """A text field as safe HTML: escaped, with inline Markdown (emphasis, code, links)."""
    # A NUL (YAML's "\0" escape) cannot be in a page: HTML parsers drop it, as plain() does.
    text = text.replace("\x00", "") if text else text
    if not text:
        return Markup("")
    if not _MARKUP_HINT.search(text) or text.count("[") > MAX_BRACKETS:
        return Markup(html.escape(text, quote=False))  # noqa: S704 - escaped just now
    converter = _inline_markdown()
    converter.reset()
    rendered = converter.convert(text)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(  # noqa: S704 - sanitised by nh3's allowlist
        nh3.clean(
            rendered,
            tags=set(_INLINE_TAGS),
            attributes={"a": {"href", "title"}},
            url_schemes=set(SAFE_URL_SCHEMES),
            link_rel="noopener noreferrer",
        ).strip()
    )


@lru_cache(maxsize=1 << 16)
def plain(text: str | None) -> str:
    """A text field as plain text (for titles and descriptions): Markdown markup removed."""
    if not text:
        return ""
    return html.unescape(nh3.clean(str(inline(text)), tags=set()))


def slug(value: str) -> str:
    """A URL fragment from text in any script: lowercase letters and digits joined by '-'."""
    value = unicodedata.normalize("NFKC", plain(value)).lower()
    return re.sub(r"[^\w]+", "-", value).strip("-_") or "x"


@lru_cache(maxsize=1 << 16)  # every step's touchpoint and channel, in every build
def key(value: str) -> str:
    """A name for a facet value or touchpoint, in addresses and ids, and so the name of its
    page's file: its slug when the slug says all the text does ("Call centre" and
    "call-centre" are one) and every system can hold it as a file's name. Else the slug,
    cut short enough, with a short fingerprint of the text: "C++", "C#" and "C" stay three
    values, and no key is too long for a file system, the name of a Windows device ("con")
    or the same file on Windows or macOS as another key ("ς" and "σ"). The key depends on
    the text alone: adding a map never changes another value's address."""
    words = " ".join(unicodedata.normalize("NFKC", plain(value)).lower().split())
    short = slug(value)
    if short == words.replace(" ", "-") and file_names.holds(short):
        return short
    return file_names.bounded(short, hashlib.sha256(words.encode()).hexdigest()[:6])


def sanitize_body(body_html: str, *, allow_raw_html: bool = False) -> str:
    """A rendered Markdown body with everything outside the allowlist removed."""
    tags = set(BODY_TAGS | RAW_EXTRA_TAGS) if allow_raw_html else set(BODY_TAGS)
    attributes = {name: set(values) for name, values in BODY_ATTRIBUTES.items()}
    if allow_raw_html:
        for name, values in RAW_EXTRA_ATTRIBUTES.items():
            attributes.setdefault(name, set()).update(values)
    return nh3.clean(
        body_html,
        tags=tags,
        attributes=attributes,
        attribute_filter=_page_names_stay_ours,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Ids and classes the theme and the map rely on. A body that claimed id="__config" would
# clobber Material's configuration (and with it the search index's address); one that used
# md- or jm- classes could pass for the site's own interface.
_RESERVED = ("__", "md-", "jm-", "step-")


def _page_names_stay_ours(_tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return None if value.startswith(_RESERVED) else value
    if attribute == "class":
        kept = [name for name in value.split() if not name.startswith(_RESERVED)]
        return " ".join(kept) or None
    if attribute == "href" and value.startswith("#__"):
        # The target's id was taken off above (a code block's line anchors,
        # #__codelineno-0-1): a link to it would lead nowhere.
        return None
    return value

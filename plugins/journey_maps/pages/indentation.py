"""Pages without the indentation of the templates that wrote them.

mkdocs-material's templates and ours indent their markup for people reading the templates;
in a page it is about a tenth of the bytes (3 KB of a 33 KB map page). A line break stays
where each indentation was, so that text reads and wraps as before: between tags and words,
a line break is white space as the indentation was. Inside elements whose white space is
kept as written (pre, textarea, and code and kbd, which mkdocs-material shows as pre-wrap)
and in scripts, nothing is changed.

Only the templates' markup loses it: what an author wrote (a page's content, a map's
narrative) may hold raw HTML whose indentation matters (a Mermaid diagram in a div, an
element styled white-space: pre), and keeps it.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|code|kbd|script)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t]+")


def without_indentation(html: str) -> str:
    """``html`` with every line's leading spaces and tabs removed, except where kept."""
    parts = []
    done = 0
    for kept in _KEPT.finditer(html):
        parts.append(_INDENT.sub("\n", html[done : kept.start()]))
        parts.append(kept.group(0))
        done = kept.end()
    parts.append(_INDENT.sub("\n", html[done:]))
    return "".join(parts)


_CONTENT_START = '<article class="md-content__inner'
_CONTENT_END = "</article>"


def theme_without_indentation(page: str) -> str:
    """A page of mkdocs-material without the indentation of the theme's markup around its
    content (the ``md-content__inner`` article, left as it is). Another theme's page is
    left as it is."""
    start = page.find(_CONTENT_START)
    end = page.rfind(_CONTENT_END)
    if start < 0 or end < start:
        return page
    return without_indentation(page[:start]) + page[start:end] + without_indentation(page[end:])

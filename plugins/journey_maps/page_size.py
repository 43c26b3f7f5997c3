"""Pages without the indentation of the templates that wrote them.

mkdocs-material's templates and ours indent their markup for people reading the templates;
in a page it is about a tenth of the bytes (3 KB of a 33 KB map page). A line break stays
where each indentation was, so that text reads and wraps as before: between tags and words,
a line break is white space as the indentation was. Inside elements whose white space is
kept as written (pre, textarea, and code and kbd, which mkdocs-material shows as pre-wrap)
and in scripts, nothing is changed.
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

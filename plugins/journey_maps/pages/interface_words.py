"""The interface's words in templates: gettext for Jinja's newstyle calls
(``_("%(num)s maps", num=...)``), with a catalog's text escaped, and formatted only when
the call gives values.

Jinja's own newstyle gettext formats every translation with '%', values or not, so a
translator's "100 %" in a message without placeholders stopped the build. Here a message
without values shows exactly as written, as the words the plugin looks up in Python do
(facet names, page titles); one with values is formatted, and ``i18n.placeholders`` sees
to it that each translation a build uses formats with its original's values.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from typing import Any

import jinja2
from markupsafe import Markup


def install(env: jinja2.Environment, catalog: gettext.NullTranslations) -> None:
    """Give ``env``'s templates the words of ``catalog`` (``_``, ``gettext``,
    ``ngettext``, ``pgettext``, ``npgettext``). Jinja trusts a translation as markup; a
    catalog is text like any other input (a site's own locale/ may hold anyone's words),
    so its words are escaped."""
    # Newstyle: {% trans %} blocks give their values to gettext, as _() calls do.
    env.newstyle_gettext = True  # type: ignore[attr-defined]

    def gettext_(message: str, **values: Any) -> Markup:
        return _words(catalog.gettext(message), values)

    def ngettext(one: str, many: str, n: int, **values: Any) -> Markup:
        return _words(catalog.ngettext(one, many, n), {"num": n, **values})

    def pgettext(context: str, message: str, **values: Any) -> Markup:
        return _words(catalog.pgettext(context, message), values)

    def npgettext(context: str, one: str, many: str, n: int, **values: Any) -> Markup:
        return _words(catalog.npgettext(context, one, many, n), {"num": n, **values})

    env.globals.update(gettext=gettext_, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)


def _words(translated: str, values: Mapping[str, Any]) -> Markup:
    if not values:
        return Markup.escape(translated)
    return Markup.escape(translated) % values

"""Whether a catalog's translation fits its original: what in it would break a page, or
lose a number, said for the translator.

Templates call gettext as Jinja's newstyle gettext does, with the values of the
original's ``%(name)s`` placeholders (``pages.interface_words``): a translation is
formatted with them when the original has placeholders, and shown as written when it has
none (a lone '%' included). Babel's reader counts the plural forms, and its checker judges
the placeholders a translation has; this module adds what they let through and formatting
would not: a plural form left empty, a placeholder left out, a '%' that is not one, a
placeholder in a message that has none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from babel.messages import checkers
from babel.messages.catalog import Catalog, Message, TranslationError

_NAMED = re.compile(r"%\((\w*)\)")
"""A named placeholder's start, as the templates write them: %(num)s."""
_WRITTEN = re.compile(r"%\(\w*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]?")
"""A named placeholder whole, to quote it."""


def entry_problem(catalog: Catalog, message: Message) -> str | None:
    """What is wrong with ``message``'s translation in ``catalog``, or None. An entry
    without a translation, or marked fuzzy, is never shown, so never wrong."""
    strings = _strings(message.string)
    if not message.id or message.fuzzy or not any(strings):
        return None
    originals = _strings(message.id)
    quoted = f'the translation of "{originals[0]}"'
    if not all(strings):
        empty = ", ".join(f"msgstr[{i}]" for i, string in enumerate(strings) if not string)
        return (
            f"{quoted} leaves {empty} empty: write every plural form, msgstr[0] to "
            f"msgstr[{len(strings) - 1}], or none"
        )
    names = _names(originals)
    if not message.pluralizable and not names:
        shown = _placeholder_in(strings)
        if shown is None and any("%%" in string for string in strings):
            return (
                f"{quoted} has %%, which shows as written in a message without "
                "placeholders: write a percent sign as % there"
            )
        if shown is None:
            return None  # shown as written, '%' and all
        return (
            f"{quoted} has {shown}, which the original has not: it would show as written; remove it"
        )
    try:
        checkers.python_format(catalog, message)
    except TranslationError as error:
        return (
            f"{quoted} does not fit the original's placeholders: {error}; use them as they "
            f"are written there ({_listed(names)}), and write a percent sign as %%"
        )
    # ngettext gives num also to an original that does not show it ("one step")
    values = dict.fromkeys([*names, "num"] if message.pluralizable else names, 1)
    kept = set.intersection(*(set(_NAMED.findall(s)) for s in originals))
    for string in strings:
        missing = [name for name in names if name in kept and name not in _NAMED.findall(string)]
        if missing:
            return (
                f"{quoted} leaves out {_listed(missing)}; a translation keeps every "
                f"placeholder of the original ({_listed(names)}), in any order"
            )
        try:
            string % values  # whether it formats at all
        except (ValueError, TypeError):
            return (
                f"{quoted} has a % that is not a placeholder; where the original has "
                "placeholders, a percent sign is written %%"
            )
    return None


def _strings(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return [""]
    return [value] if isinstance(value, str) else list(value)


def _names(strings: Sequence[str]) -> list[str]:
    """The placeholders' names in ``strings``, each once, in order of appearance."""
    return list(dict.fromkeys(name for s in strings for name in _NAMED.findall(s)))


def _listed(names: Sequence[str]) -> str:
    return ", ".join(f"%({name})s" for name in names)


def _placeholder_in(strings: Sequence[str]) -> str | None:
    """The first named placeholder in ``strings``, as written, if any."""
    for string in strings:
        found = _WRITTEN.search(string)
        if found:
            return found[0]
    return None

"""A site's languages, and what Babel (CLDR) knows of each: its name, its direction."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class Languages:
    """The languages of a site, as one language's build sees them."""

    current: str
    """The language this build is for."""
    default: str
    """The site's default language: the one its journeys are written in."""
    all: tuple[str, ...]
    """Every language the site is published in, the default among them."""

    def of_source(self) -> Languages:
        """The languages as the default language's build sees them."""
        return Languages(self.default, self.default, self.all)


@lru_cache(maxsize=256)  # asked for each number, date and text shown in another language
def babel_locale(code: str) -> Locale:
    """The Babel locale of a site's language code (``zh-Hans``, ``pt_BR``, ``fa``);
    ValueError or UnknownLocaleError for a code Babel does not know."""
    return Locale.parse(code.replace("-", "_"))


def is_locale(code: str) -> bool:
    """Whether Babel knows ``code`` as a language."""
    try:
        babel_locale(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def native_name(code: str) -> str:
    """A language named in itself, from CLDR: Deutsch, فارسی, 日本語, 中文 (简体)."""
    locale = babel_locale(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def direction(code: str) -> str:
    """'rtl' or 'ltr' for a language code."""
    return "rtl" if babel_locale(code).character_order == "right-to-left" else "ltr"

"""Numbers, units and dates for a reader, in the page's locale (Babel).

Babel formats with a locale's symbols but always Latin digits; where CLDR says a locale
writes its own digits by default (Persian: ۱۲٫۵), they are put in here.
"""

from __future__ import annotations

import datetime
import decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from ..core.languages import babel_locale

NBSP = "\u00a0"

# CLDR numbering systems' digits, for the locales whose default is not Latin.
_DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
    "beng": "০১২৩৪৫৬৭৮৯",
    "deva": "०१२३४५६७८९",
    "mymr": "၀၁၂၃၄၅၆၇၈၉",
}


def _locale(locale: Locale | str) -> Locale:
    return locale if isinstance(locale, Locale) else babel_locale(locale)


def native_digits(text: str, locale: Locale | str) -> str:
    """``text`` with Latin digits written in the locale's own digits, where it has them."""
    digits = _DIGITS.get(_locale(locale).default_numbering_system or "latn")
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


# Babel rounds in the current decimal context, whose 28 digits cannot hold a number such as
# 1e25 written in full: it raised InvalidOperation. Any float fits in this many digits.
_ALL_DIGITS = 800


def format_number(value: float, locale: Locale | str) -> str:
    """A plain number: ``1,234.5``, ``1.234,5``, ``۱٬۲۳۴٫۵``."""
    with decimal.localcontext(prec=_ALL_DIGITS):
        formatted = format_decimal(
            value, locale=locale, decimal_quantization=False, numbering_system="default"
        )
    return native_digits(formatted, locale)


def format_quantity(value: float, unit: str | None, locale: Locale | str) -> str:
    """``4.5 min``, ``83%``, ``€45.00``: a metric value with its unit, for ``locale``."""
    with decimal.localcontext(prec=_ALL_DIGITS):
        return native_digits(_quantity(value, unit, locale), locale)


def _quantity(value: float, unit: str | None, locale: Locale | str) -> str:
    if unit == "percent":
        formatted = format_percent(
            value / 100, locale=locale, decimal_quantization=False, numbering_system="default"
        )
    elif unit and unit.startswith("currency:"):
        formatted = format_currency(
            value, unit.removeprefix("currency:"), locale=locale, numbering_system="default"
        )
    else:
        number = format_decimal(
            value, locale=locale, decimal_quantization=False, numbering_system="default"
        )
        formatted = f"{number}{NBSP}{unit}" if unit else number
    return formatted


def format_day(day: datetime.date, locale: Locale | str) -> str:
    """A date as a reader of ``locale`` writes it (medium length: 'Oct 1, 2026')."""
    return native_digits(format_date(day, format="medium", locale=locale), locale)

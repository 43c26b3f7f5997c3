"""Numbers, units and dates for a reader, in the page's locale (Babel)."""

from __future__ import annotations

import datetime

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

NBSP = "\u00a0"


def format_quantity(value: float, unit: str | None, locale: Locale | str) -> str:
    """``4.5 min``, ``83%``, ``€45.00``: a metric value with its unit, for ``locale``."""
    if unit == "percent":
        return format_percent(value / 100, locale=locale, decimal_quantization=False)
    if unit and unit.startswith("currency:"):
        return format_currency(value, unit.removeprefix("currency:"), locale=locale)
    number = format_decimal(value, locale=locale, decimal_quantization=False)
    return f"{number}{NBSP}{unit}" if unit else number


def format_day(day: datetime.date, locale: Locale | str) -> str:
    """A date as a reader of ``locale`` writes it (medium length: 'Oct 1, 2026')."""
    return format_date(day, format="medium", locale=locale)

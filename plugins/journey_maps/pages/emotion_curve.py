"""The emotion lane's geometry: one point per step, joined across cell borders.

Each step's cell draws its own slice of the curve: from the midpoint with the previous step,
through its own point, to the midpoint with the next. Slices meet exactly at the borders, so
the cells form one line while every cell keeps its own accessible text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lanes import N_

LEVEL_WORDS = {
    -2: N_("Very negative"),
    -1: N_("Negative"),
    0: N_("Neutral"),
    1: N_("Positive"),
    2: N_("Very positive"),
}
PADDING = 12.0
"""Percent of the cell height kept free above +2 and below -2, for the point marker."""


@dataclass(frozen=True)
class CurveSlice:
    """What one step's cell draws; y values are percent of the cell height from the top."""

    emotion: float | None
    level: int | None
    word: str | None
    y: float | None
    path: str
    """SVG path in a 0..100 box, or '' when the step has no emotion."""


def level_of(emotion: float) -> int:
    """The nearest of the five levels (-2..2), for the word and the colour."""
    return max(-2, min(2, round(emotion)))


def y_of(emotion: float) -> float:
    return PADDING + (2 - emotion) / 4 * (100 - 2 * PADDING)


def slices(emotions: list[float | None]) -> list[CurveSlice]:
    """One slice per step, in reading order."""
    result = []
    for index, emotion in enumerate(emotions):
        if emotion is None:
            result.append(CurveSlice(None, None, None, None, ""))
            continue
        y = y_of(emotion)
        before = emotions[index - 1] if index > 0 else None
        after = emotions[index + 1] if index + 1 < len(emotions) else None
        parts = []
        if before is not None:
            parts.append(f"M0 {_fmt((y_of(before) + y) / 2)} L50 {_fmt(y)}")
        if after is not None:
            parts.append(f"M50 {_fmt(y)} L100 {_fmt((y + y_of(after)) / 2)}")
        level = level_of(emotion)
        result.append(CurveSlice(emotion, level, LEVEL_WORDS[level], y, " ".join(parts)))
    return result


def _fmt(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def sparkline(emotions: list[float | None] | tuple[float | None, ...]) -> str:
    """An SVG path of the whole curve in a 0..100 box, one point per step, with a gap where
    a step has no emotion; a lone point is drawn as a short dash."""
    count = len(emotions)
    parts: list[str] = []
    pen_down = False
    for index, emotion in enumerate(emotions):
        if emotion is None:
            pen_down = False
            continue
        x = (index + 0.5) / count * 100
        y = y_of(emotion)
        parts.append(f"{'L' if pen_down else 'M'}{_fmt(x)} {_fmt(y)}")
        if not pen_down and (index + 1 == count or emotions[index + 1] is None):
            parts.append("h0.01")  # a lone point: round line caps draw it as a dot
        pen_down = True
    return " ".join(parts)


def extremes(emotions: list[float | None] | tuple[float | None, ...]) -> tuple[str, str] | None:
    """The words for the lowest and the highest feeling, for the curve's text alternative."""
    known = [emotion for emotion in emotions if emotion is not None]
    if not known:
        return None
    return LEVEL_WORDS[level_of(min(known))], LEVEL_WORDS[level_of(max(known))]

"""What a Markdown body may cost to render, and where a body asks for more.

A body is rendered by Python-Markdown in every language a map is published in and again by
the preview, so one body can hold a build hostage. Two shapes of text cost far more than
their size:

- **Openers without their closer.** For each '[' (and each '(' after ']', each '<' that
  could start a tag) Python-Markdown looks ahead for the closer, to the end of the
  paragraph when there is none: 3,000 lone '[' in one paragraph take seconds, 12,000 take
  minutes. Real text closes its brackets a few words on.
- **Nesting.** Each level of a nested list or quote is a level of recursion: a list nested
  300 deep overflows Python's stack. Real text nests a few levels.

Both are measured here in one linear pass, before any Markdown runs, so ``check`` and the
build refuse the same bodies, each at its line, with the fix.
"""

from __future__ import annotations

import bisect
import re

from .errors import YamlProblem
from .yaml_source import Position

MAX_LOOKAHEAD = 1_000_000
"""Characters Python-Markdown may scan, in all, looking for closers in one body: about half
a second of rendering. A body of real prose and a thousand links scans some thousands."""

MAX_NESTING = 20
"""Levels of lists, quotes and indented blocks one line may sit in (each four columns of
indentation, or one '>', is a level)."""

_OPENER = re.compile(r"(`{3,}|~{3,})")
_CLOSER = re.compile(r"(`{3,}|~{3,}) *")
_TAG_START = re.compile(r"<[A-Za-z/!?]")


def body_problems(body: str, first_line: int) -> list[YamlProblem]:
    """What in ``body`` (which starts on line ``first_line`` of its file) Markdown could not
    render in bounded time and depth: at most one problem of each kind, where it starts."""
    problems: list[YamlProblem] = []
    lines = body.split("\n")
    code = _fenced(lines)
    nested = _too_deep(lines, code)
    if nested is not None:
        index, depth = nested
        problems.append(
            YamlProblem(
                f"this line is nested {depth} levels deep in lists, quotes or indented "
                f"blocks; Markdown renders at most {MAX_NESTING}: indent it less, or put it "
                "in a fenced code block (```) if it is code",
                Position(first_line + index, 1),
            )
        )
    scanned, costliest = _lookahead(lines, code)
    if scanned > MAX_LOOKAHEAD:
        problems.append(
            YamlProblem(
                "the paragraph from here holds so many '[', '(' or '<' without a closing "
                "']', ')' or '>' that Markdown would take minutes to render it: close them, "
                "or put the text in a fenced code block (```) to show it as written",
                Position(first_line + costliest, 1),
            )
        )
    return problems


def _fenced(lines: list[str]) -> set[int]:
    """The indexes of the lines in fenced code, fences included: a fence at the start of a
    line, closed later by the same fence alone on its line. Markdown renders what is in
    it as written; a fence indented, quoted or never closed is text to it, and here."""
    closers: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        closing = _CLOSER.fullmatch(line)
        if closing:
            closers.setdefault(closing.group(1), []).append(index)
    code: set[int] = set()
    index = 0
    while index < len(lines):
        opened = _OPENER.match(lines[index])
        if opened:
            after = closers.get(opened.group(1), [])
            found = bisect.bisect_right(after, index)
            if found < len(after):
                code.update(range(index, after[found] + 1))
                index = after[found]
        index += 1
    return code


def _paragraphs(lines: list[str], code: set[int]) -> list[tuple[int, str]]:
    """The runs of non-blank lines outside fenced code, each with its first line's index:
    Markdown looks for a closer within one run at most."""
    runs: list[tuple[int, str]] = []
    start: int | None = None
    for index, line in enumerate([*lines, ""]):
        if index in code or not line.strip():
            if start is not None:
                runs.append((start, "\n".join(lines[start:index])))
            start = None
        elif start is None:
            start = index
    return runs


def _lookahead(lines: list[str], code: set[int]) -> tuple[int, int]:
    """How many characters the search for closers scans in all, and the index of the line
    where the paragraph that costs most starts."""
    total, most, costliest = 0, -1, 0
    for start, text in _paragraphs(lines, code):
        cost = _nested_distance(text, "[", "]") + _tag_distance(text)
        cost += _nested_distance(text, "(", ")", after="]")
        total += cost
        if cost > most:
            most, costliest = cost, start
    return total, costliest


def _nested_distance(text: str, opener: str, closer: str, after: str = "") -> int:
    """The sum, over each ``opener`` (only those right after ``after``, when given), of the
    distance to its closer, or to the end of ``text`` when it has none."""
    open_at: list[int] = []
    cost = 0
    for found in re.finditer(f"[{re.escape(opener + closer)}]", text):
        position = found.start()
        if found.group() == opener:
            if not after or text[position - 1 : position] == after:
                open_at.append(position)
        elif open_at:
            cost += position - open_at.pop()
    return cost + sum(len(text) - position for position in open_at)


def _tag_distance(text: str) -> int:
    """The sum, over each '<' that could start a tag, of the distance to the next '>'."""
    cost = 0
    for match in _TAG_START.finditer(text):
        end = text.find(">", match.start())
        cost += (end if end != -1 else len(text)) - match.start()
    return cost


def _too_deep(lines: list[str], code: set[int]) -> tuple[int, int] | None:
    """The first line outside fenced code nested more than MAX_NESTING levels, and how
    deep it is."""
    for index, line in enumerate(lines):
        if index not in code:
            depth = _depth(line)
            if depth > MAX_NESTING:
                return index, depth
    return None


def _depth(line: str) -> int:
    """Levels of a line: one per '>' and one per four columns of indentation before its
    text (tabs to the next multiple of four, as Python-Markdown reads them)."""
    quotes = columns = 0
    for char in line:
        if char == ">":
            quotes += 1
        elif char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        else:
            break
    return quotes + columns // 4

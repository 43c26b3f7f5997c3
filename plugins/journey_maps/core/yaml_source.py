"""Safe, bounded YAML parsing that remembers where every key and value came from.

PyYAML's own loaders forget positions, accept duplicate keys silently and follow YAML 1.1,
where ``no`` is false and ``0755`` is octal. Journeys are parsed here instead: PyYAML only
composes the node graph (with libyaml when available) and this module turns nodes into plain
Python values under the YAML 1.2 core schema, refusing tags, duplicate keys, deep nesting
and alias bombs, and recording a file position for every path.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .errors import YamlProblem

KeyPath = tuple[str | int, ...]
"""Where a value is in a document: the keys and list indexes that lead to it."""

# Bounds that a real journey never comes near: a 200-step map has ~5,000 nodes.
MAX_NODES = 50_000
MAX_DEPTH = 40
TOO_DEEP = (
    f"front-matter is nested more than {MAX_DEPTH} levels deep; a journey never is: "
    "look for a bracket [ or { left open"
)

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in the journey file."""

    line: int
    column: int


class Lines:
    """File positions from character offsets, counting only '\\n' as a line break.

    libyaml follows YAML 1.1, where U+0085, U+2028 and U+2029 also break lines; its own
    line numbers would drift from what every editor shows after such a character.
    """

    def __init__(self, text: str, line_offset: int) -> None:
        self.text = text
        self.line_offset = line_offset
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index) - 1
        return Position(line + 1 + self.line_offset, index - self.starts[line] + 1)

    def of(self, mark: Any) -> Position:
        return self.at(min(mark.index, len(self.text)))


class YamlInt(int):
    """An integer that remembers how it was written (``007`` stays ``007`` as text)."""

    source: str


class YamlFloat(float):
    """A float that remembers how it was written (``1.10`` stays ``1.10`` as text)."""

    source: str


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of the parsed document starts."""

    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)

    def find(self, path: KeyPath, *, key: bool = False) -> Position | None:
        """The position of ``path``, or of its nearest ancestor that has one."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return None


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans; no sexagesimals, no implicit dates."""


CORE_RESOLVERS = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]
for _name, _pattern, _first in CORE_RESOLVERS:
    _CoreResolver.add_implicit_resolver(_TAG + _name, re.compile(_pattern), list(_first))

if yaml.__with_libyaml__:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Composer(CParser, _CoreResolver):
        """libyaml's parser and composer, with our resolver."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _CoreResolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _Composer(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _CoreResolver,
    ):
        def __init__(self, text: str) -> None:
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _CoreResolver.__init__(self)


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser: events only, no nesting limit of its own."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def compose(text: str, line_offset: int) -> Node | None:
    """Compose ``text`` into a node graph; syntax errors become a positioned YamlProblem.

    The events are read once before composing, to refuse deep nesting: libyaml's composer
    recurses in C and a hundred thousand ``[`` would crash the interpreter.
    """
    lines = Lines(text, line_offset)
    try:
        try:
            _refuse_deep_nesting(_Composer(text), lines)
        except yaml.MarkedYAMLError as error:
            if "nesting depth" in str(error.problem):
                # libyaml (PyYAML 6.0.4 and later) has a nesting limit of its own, which it
                # meets while scanning ahead, before the events reach ours: find ours
                # with the pure-Python parser, which has none and scans as far.
                with contextlib.suppress(yaml.YAMLError):  # libyaml's error says it all
                    _refuse_deep_nesting(_PythonParser(text), lines)
            raise
        composer = _Composer(text)
        try:
            return composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, lines) from error
    except yaml.reader.ReaderError as error:
        raise _character_problem(error, lines) from error
    except yaml.YAMLError as error:
        raise YamlProblem(f"YAML error: {error}", lines.at(0)) from error


def _syntax_problem(error: yaml.MarkedYAMLError, lines: Lines) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    where = lines.of(mark) if mark else lines.at(0)
    problem = (error.problem or "invalid YAML").strip()
    if mark and problem == "mapping values are not allowed in this context":
        indented = _indented_too_far(lines, mark.index)
        if indented:
            return YamlProblem(indented, where)
        return YamlProblem(_colon_in_value(lines, mark.index), where)
    if mark and lines.text[mark.index : mark.index + 1] == "\t":
        # libyaml's words ("found a tab character that violates indentation", "it started
        # on line 6") send the author to the wrong line; the tab is here.
        return YamlProblem("YAML syntax error: a tab here; indent with spaces only", where)
    plain = _in_plain_words(error, lines)
    if plain:
        return plain
    context = (error.context or "").strip()
    if context and context != problem:
        problem = f"{context}: {problem}"
    if error.context_mark and error.problem_mark:
        started = lines.of(error.context_mark)
        if started.line != where.line:
            problem += f" (it started on line {started.line})"
    return YamlProblem(f"YAML syntax error: {problem}", where)


def _line_at(lines: Lines, index: int) -> tuple[int, str]:
    """The start and the text of the line holding character ``index``."""
    start = lines.text.rfind("\n", 0, index) + 1
    end = lines.text.find("\n", index)
    return start, lines.text[start : end if end >= 0 else None]


_KEY = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#'\"][^:#]*?):(?:\s|$)")


def _indented_too_far(lines: Lines, index: int) -> str | None:
    """``touchpoint:`` indented under ``action: Do`` reads to YAML as more of action's
    text, which may not hold ': ': the fix is where the line starts, not quotes."""
    start, line = _line_at(lines, index)
    field = _KEY.match(line)
    if not field or start + field.end("key") != index:
        return None  # not the colon of the line's own key: one inside its value
    column = len(field["indent"])
    above = lines.text[:start].rstrip("\n").split("\n")
    for number in range(len(above), 0, -1):
        earlier = _KEY.match(above[number - 1])
        if not above[number - 1].strip() or above[number - 1].lstrip().startswith("#"):
            continue
        if earlier is None or len(earlier["indent"]) >= column:
            return None
        line_number = number + lines.line_offset
        return (
            f"indentation: '{field['key']}:' is indented further than '{earlier['key']}:' on "
            f"line {line_number}, so YAML reads it as more of {earlier['key']}'s text; start "
            f"it at column {len(earlier['indent']) + 1}, under '{earlier['key']}', to make it "
            "a field of its own"
        )
    return None


def _in_plain_words(error: yaml.MarkedYAMLError, lines: Lines) -> YamlProblem | None:
    """What libyaml's words mean, for the mistakes authors make most: a quote left open,
    and lines indented unlike their neighbours."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    started = error.context_mark
    if context.startswith("while scanning a quoted scalar") and started is not None:
        # The end of the file is no help: say where the quote opened.
        quote = lines.text[started.index : started.index + 1] or '"'
        return YamlProblem(
            f"YAML syntax error: the quote {quote} opened here is never closed, so everything "
            f"after it reads as one text; end the text with {quote}",
            lines.of(started),
        )
    if started is None or error.problem_mark is None:
        return None
    opened = lines.of(started)
    if problem == "did not find expected '-' indicator" or (
        context == "while parsing a block collection" and "expected" in problem
    ):
        dash = started.index - (lines.text.rfind("\n", 0, started.index) + 1)
        fields = dash + 3  # after '- '
        return YamlProblem(
            f"indentation: this line lines up neither with the '- ' items of the list that "
            f"starts on line {opened.line} (column {dash + 1}) nor with their fields (column "
            f"{fields}); start it at column {fields} to go on with the item above, or write "
            f"'- ' at column {dash + 1} to start a new item",
            lines.of(error.problem_mark),
        )
    if problem == "did not find expected key" or (
        context == "while parsing a block mapping" and "expected" in problem
    ):
        return YamlProblem(
            f"indentation: this line does not line up with the fields above it, which start "
            f"at column {opened.column} from line {opened.line}; start it at column "
            f"{opened.column}, or if it goes on with the text above, put that text in quotes",
            lines.of(error.problem_mark),
        )
    if problem == "could not find expected ':'":
        return YamlProblem(
            "YAML syntax error: a line here is neither 'field: value' nor a '- ' item; add "
            "': ' after the field's name, or if it goes on with the text above, put that "
            "text in quotes",
            lines.of(error.problem_mark),
        )
    return None


def _colon_in_value(lines: Lines, index: int) -> str:
    """``title: Foo: bar``: YAML reads a second field where the author wrote one text."""
    start = lines.text.rfind("\n", 0, index) + 1
    end = lines.text.find("\n", index)
    line = lines.text[start : end if end >= 0 else None]
    field = re.match(r"^\s*((?:-\s+)?[^\s:#][^:#]*?):\s+(.+?)(?:\s+#.*)?$", line)
    fix = "put the whole text in quotes"
    if field:
        fix += f": {field[1].lstrip()}: {_quoted(field[2])}"
    return (
        "YAML syntax error: ': ' (a colon and a space) inside a value starts another field; "
        f"if the colon is part of the text, {fix}"
    )


def _quoted(text: str) -> str:
    """``text`` as a YAML quoted scalar an author can paste."""
    return (
        f'"{text}"' if '"' not in text and "\\" not in text else "'" + text.replace("'", "''") + "'"
    )


def _character_problem(error: yaml.reader.ReaderError, lines: Lines) -> YamlProblem:
    """A character YAML does not allow (a control character, usually invisible)."""
    position = error.position
    if yaml.__with_libyaml__:  # libyaml counts bytes of the UTF-8 text, not characters
        position = len(lines.text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    code = error.character if isinstance(error.character, int) else ord(error.character)
    what = (
        "an invisible control character"
        if unicodedata.category(chr(code)) == "Cc"
        else "a character YAML does not allow"
    )
    return YamlProblem(
        f"U+{code:04X}, {what}, is not allowed in front-matter; delete it", lines.at(position)
    )


def _refuse_deep_nesting(parser: Any, lines: Lines) -> None:
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(TOO_DEEP, lines.of(event.start_mark))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()


class _Builder:
    """Turns a node graph into Python values, collecting every problem it finds."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.source_map = SourceMap()
        self.problems: list[YamlProblem] = []
        self.visited = 0

    def where(self, node: Node) -> Position:
        return self.lines.of(node.start_mark)

    def build(self, node: Node, path: KeyPath, depth: int = 0) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise YamlProblem(
                f"front-matter expands to more than {MAX_NODES:,} values (an alias bomb?); "
                "a journey never needs that many: write values out instead of repeating "
                "them with '*' aliases",
                self.where(node),
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(TOO_DEEP, self.where(node))
        self.source_map.values.setdefault(path, self.where(node))
        if node.tag not in _ALLOWED_TAGS:
            self.problems.append(
                YamlProblem(
                    f"YAML tag {node.tag.replace(_TAG, '!!')} is not allowed in a journey; "
                    "remove the tag",
                    self.where(node),
                    path,
                )
            )
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            where = self.where(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                self.problems.append(YamlProblem("a key must be plain text", where))
                continue
            key = key_node.value
            if key in first_seen:
                self.problems.append(
                    YamlProblem(
                        f"duplicate key '{key}' (first given on line {first_seen[key].line}); "
                        "keep one of them",
                        where,
                    )
                )
                continue
            first_seen[key] = where
            self.source_map.keys[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: ScalarNode, path: KeyPath) -> Any:
        text: str = node.value
        kind = node.tag.removeprefix(_TAG)
        if (
            kind in ("str", "null")
            and node.style in (None, "")
            and self._cut_by_comment(node, path)
        ):
            return None
        try:
            if kind == "null":
                return None
            if kind == "bool":
                return text.lower() == "true"
            if kind == "int":
                number = YamlInt(_integer(text))
                number.source = text
                return number
            if kind == "float":
                real = YamlFloat(
                    text.replace(".inf", "inf")
                    .replace(".Inf", "inf")
                    .replace(".INF", "inf")
                    .replace(".nan", "nan")
                    .replace(".NaN", "nan")
                    .replace(".NAN", "nan")
                )
                real.source = text
                return real
        except ValueError:
            self.problems.append(
                YamlProblem(f"'{text}' is not a valid {kind}", self.where(node), path)
            )
            return None
        return text

    def _cut_by_comment(self, node: ScalarNode, path: KeyPath) -> bool:
        """``title: Update #2``: a '#' after a space starts a comment, and the title would be
        "Update". A comment written as such (``# text``, a space after '#') is left alone."""
        source = self.lines.text
        end = node.end_mark.index
        line_end = source.find("\n", end)
        rest = source[end : line_end if line_end >= 0 else None].rstrip()
        comment = re.match(r"[ \t]+(#\S.*)$", rest)
        if not comment:
            return False
        written = (node.value + rest).strip()
        kept = f"the text ends at '{node.value}'" if node.value else "the field is empty"
        self.problems.append(
            YamlProblem(
                f"'{comment[1]}' is read as a YAML comment, so {kept}; if it is part of the "
                f"text, put the whole text in quotes: {_quoted(written)} "
                "(a comment has a space after '#')",
                self.lines.at(end + comment.start(1)),
                path,
            )
        )
        return True


def _integer(text: str) -> int:
    """YAML 1.2 core integers: decimal (leading zeros allowed, as in ``007``), 0o, 0x."""
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def build(node: Node, text: str, line_offset: int) -> tuple[Any, SourceMap, list[YamlProblem]]:
    """Python values, their positions and the problems found, for a composed ``text``."""
    builder = _Builder(Lines(text, line_offset))
    value = builder.build(node, ())
    return value, builder.source_map, builder.problems

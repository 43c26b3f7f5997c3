"""The package's rooms and the arrows between them.

Each sub-package of ``journey_maps`` is a room. A module imports from its own room and
from the rooms its room may use (``ROOMS``), never from a room above it: imports run one
way, from the command line down to the core, and a wrong import fails here, not in review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import journey_maps
import pytest

PACKAGE = Path(journey_maps.__file__).parent

ROOMS: dict[str, set[str]] = {
    "core": set(),
    "i18n": {"core"},
    "pages": {"core"},
    "mkdocs_plugin": {"core", "pages", "i18n"},
    "builds": {"core", "pages", "i18n", "mkdocs_plugin"},
    "cli": {"core", "pages", "i18n", "mkdocs_plugin", "builds"},
}
"""Each room, and the rooms it may import from besides its own."""

FACE = {"core"}
"""What the package's public face (``journey_maps/__init__.py``) may import."""

WITHOUT_MKDOCS = ("core", "pages", "i18n")
"""The rooms that must work with no site generator installed."""

GENERATORS = ("mkdocs", "material", "mkdocs_static_i18n", "properdocs", "zensical")


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, *, top_level_only: bool = False) -> set[str]:
    """The modules ``name`` imports, by dotted name (relative imports resolved); with
    ``top_level_only``, only those imported when it is imported (not inside functions,
    not for type checking only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = ast.walk(tree) if not top_level_only else _run_on_import(tree.body)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def _run_on_import(body: list[ast.stmt]) -> list[ast.AST]:
    """The statements of ``body`` that run when the module is imported."""
    nodes: list[ast.AST] = []
    for statement in body:
        if isinstance(statement, ast.If) and "TYPE_CHECKING" in ast.unparse(statement.test):
            nodes += _run_on_import(statement.orelse)
        elif isinstance(statement, ast.Try | ast.If):
            nodes += _run_on_import(statement.body)
        elif not isinstance(statement, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            nodes.append(statement)
    return nodes


def room_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "journey_maps" else None


def test_every_module_lives_in_a_room() -> None:
    homeless = [name for name in modules() if name != "journey_maps" and room_of(name) not in ROOMS]
    assert homeless == []


def test_imports_run_down_from_the_command_line_to_the_core() -> None:
    wrong = []
    for name, path in modules().items():
        own = room_of(name)
        allowed = FACE if own is None else ROOMS[own] | {own}
        for imported in imports(name, path):
            room = room_of(imported)
            if room in ROOMS and room not in allowed:
                wrong.append(f"{name} imports {imported}")
    assert wrong == []


def test_no_module_imports_itself_back() -> None:
    """No cycle among the modules imported when the package is: each can be read, and
    loaded, after those it imports."""
    known = modules()
    graph = {
        name: {i for i in imports(name, path, top_level_only=True) if i in known} - {name}
        for name, path in known.items()
    }
    loaded: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            pytest.fail("import cycle: " + " -> ".join([*trail[trail.index(name) :], name]))
        if name in loaded:
            return
        for imported in sorted(graph[name]):
            # Importing a module imports the packages above it first: not a cycle.
            if not name.startswith(imported + "."):
                visit(imported, (*trail, name))
        loaded.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_below_the_adapter_no_module_names_a_site_generator() -> None:
    named = [
        f"{name} imports {imported}"
        for name, path in modules().items()
        if room_of(name) in WITHOUT_MKDOCS
        for imported in imports(name, path)
        if imported.split(".")[0] in GENERATORS
    ]
    assert named == []


def test_core_pages_and_i18n_load_and_render_without_mkdocs() -> None:
    below = sorted(name for name in modules() if room_of(name) in WITHOUT_MKDOCS)
    program = f"""
import sys
sys.modules["mkdocs"] = None  # any import of mkdocs now fails
for name in {below!r}:
    __import__(name)
from journey_maps import LoadOptions, parse_journey
from journey_maps.pages.lanes import resolve_lanes
from journey_maps.pages.rendering import Renderer
from tests.conftest import MINIMAL_JOURNEY
loaded = parse_journey(MINIMAL_JOURNEY.encode(), src_uri="journeys/a.md", docs_dir=None,
                       options=LoadOptions(), display="a.md")
html = Renderer(lanes=resolve_lanes([], {{}})).render_page(loaded, body_html="<p>x</p>",
                                                          page_url="journeys/a/")
assert "<table" in html
assert not [m for m, module in sys.modules.items()
            if module is not None and m.split(".")[0] == "mkdocs"]
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=False,
        cwd=str(PACKAGE.parent.parent),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_public_face_is_what_it_says() -> None:
    assert sorted(journey_maps.__all__) == [
        "FileError",
        "InvalidFile",
        "Journey",
        "LoadOptions",
        "LoadedJourney",
        "__version__",
        "json_schema",
        "parse_journey",
    ]
    assert all(hasattr(journey_maps, name) for name in journey_maps.__all__)

"""The core (model, loading, rendering) must outlive MkDocs: it may not import it."""

import subprocess
import sys

CORE = [
    "journey_maps.model",
    "journey_maps.translation",
    "journey_maps.collection",
    "journey_maps.catalogs",
    "journey_maps.i18n_commands",
    "journey_maps.yaml_source",
    "journey_maps.loading",
    "journey_maps.rendering",
    "journey_maps.text",
    "journey_maps.lanes",
    "journey_maps.emotion_curve",
    "journey_maps.formatting",
    "journey_maps.site_meta",
    "journey_maps.publish",
    "journey_maps.site_files",
]


def test_core_imports_and_renders_without_mkdocs() -> None:
    program = f"""
import sys
sys.modules["mkdocs"] = None  # any import of mkdocs now fails
for name in {CORE!r}:
    __import__(name)
from journey_maps.lanes import resolve_lanes
from journey_maps.loading import LoadOptions, parse_journey
from journey_maps.rendering import Renderer
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
        cwd=str(__import__("pathlib").Path(__file__).parent.parent),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_only_the_adapters_import_mkdocs() -> None:
    # The MkDocs plugin, and the command line's use of MkDocs: loading a config (cli),
    # building (building), the live preview (preview) and its dirty builds (incremental).
    # Everything else is core.
    from pathlib import Path

    package = Path(__file__).parent.parent / "plugins" / "journey_maps"
    importers = sorted(
        p.name
        for p in package.glob("*.py")
        if "from mkdocs" in p.read_text() or "import mkdocs" in p.read_text()
    )
    assert importers == ["building.py", "cli.py", "incremental.py", "plugin.py", "preview.py"]

"""What a map author can publish: the journeys and personas folders hold journeys (checked
and sanitised), images and PDFs that cannot run a script (an SVG is read first), and
nothing else. ``check`` and the build refuse everything else alike, all at once, each
file named with what is wrong and the fix; a draft leaves no file of its own behind.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from journey_maps.core import author_files
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils import markdown_extensions

from tests.conftest import MINIMAL_JOURNEY, MKDOCS_YML, Site
from tests.test_faults import snapshot

PUBLISHED = "journeys (.md), images (.png, .jpg, .jpeg, .gif, .webp, .avif, .svg) and PDFs"
SVG_FIX = "remove it, or save the image as PNG"


@dataclass
class Run:
    code: int
    err: str


def run(site: Site, *argv: str) -> Run:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = site.run(*argv)
    return Run(code, err.getvalue())


def new_site(root: Path) -> Site:
    site = Site(root)
    site.config.write_text(MKDOCS_YML.format(options=""), encoding="utf-8")
    site.write("index.md", "# Home\n\nWelcome.\n")
    site.write("journeys/library-card.md", MINIMAL_JOURNEY)
    return site


def shown(path: Path) -> str:
    """``path`` as the messages name it: from the working folder when inside it."""
    return (path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path).as_posix()


# --------------------------------------------------------------------------------------
# Refused: every file that could run a script, or reach the site unchecked
# --------------------------------------------------------------------------------------

SVGS = {
    "evil.svg": """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
</svg>
""",
    "outside.svg": """\
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
  <style>@import "https://example.com/a.css";</style>
  <a xlink:href="javascript:alert(1)"><circle r="1" fill="url(https://example.com/p.svg#g)"/></a>
  <image href="https://example.com/track.png"/>
</svg>
""",
    "foreign.svg": """\
<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml">
  <foreignObject width="10" height="10"><g/></foreignObject>
  <h:script>alert(1)</h:script>
</svg>
""",
    "entities.svg": """\
<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY lol "lol">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol;</text></svg>
""",
    "stylesheet.svg": """\
<?xml-stylesheet type="text/xsl" href="https://example.com/run.xsl"?>
<svg xmlns="http://www.w3.org/2000/svg"/>
""",
    "animated.svg": """\
<svg xmlns="http://www.w3.org/2000/svg">
  <a><set attributeName="href" to="javascript:alert(1)"/><text>Go</text></a>
</svg>
""",
    "broken.svg": '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>\n',
    "page.svg": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>\n',
}


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A site whose journeys and personas folders hold one of each thing refused."""
    site = new_site(tmp_path_factory.mktemp("refused"))
    site.write("journeys/real/card.md", MINIMAL_JOURNEY.replace("Renewing", "Replacing"))
    (site.docs / "journeys" / "linked").symlink_to("real", target_is_directory=True)
    (site.docs / "other").symlink_to("journeys/real", target_is_directory=True)
    raw = MINIMAL_JOURNEY.replace("Readers blame", "<script>alert(1)</script>\n\nReaders blame")
    for name in ("raw.markdown", "old.mkd", "notes.mdown", "plan.mkdn", "shout.MD"):
        site.write(f"journeys/{name}", raw)
    site.write("journeys/page.html", "<script>alert(1)</script>\n")
    site.write("journeys/app.js", "alert(1)\n")
    site.write("journeys/notes.txt", "notes\n")
    site.write("journeys/README", "notes\n")
    site.write("journeys/logo.svgz", "not really compressed\n")
    site.write("personas/page.htm", "<script>alert(1)</script>\n")
    for name, text in SVGS.items():
        site.write(f"journeys/images/{name}", text)
    return site


def expected_refusals(site: Site) -> list[str]:
    journeys = shown(site.docs / "journeys")
    images = f"{journeys}/images"

    def other_file(name: str, what: str) -> str:
        return (
            f"{journeys}/{name}: {what}; journeys/ publishes only {PUBLISHED}: remove it, "
            "or save it as one of those"
        )

    def markdown(name: str, stem: str) -> str:
        return (
            f"{journeys}/{name}: MkDocs would publish this file as a page of its own, raw "
            f"HTML and scripts included, not as a checked journey; rename it to {stem}.md"
        )

    return [
        other_file("README", "a file without an extension"),
        other_file("app.js", "a .js file, which could run a script on the site"),
        f'{images}/animated.svg:2:6: a <set> that changes a link (attributeName="href"), '
        f"which can make it run a script; {SVG_FIX}",
        f"{images}/broken.svg:1:46: not a readable SVG image (mismatched tag); save it "
        "again, or as PNG",
        f"{images}/entities.svg:2:15: declarations in the DOCTYPE ([...]), which can hide "
        "markup in entities; remove them, or save the image as PNG",
        f"{images}/evil.svg:1:1: an onload attribute, which runs a script; {SVG_FIX}",
        f"{images}/evil.svg:2:3: a <script> element, which runs when the image is opened "
        f"on its own; {SVG_FIX}",
        f"{images}/foreign.svg:2:3: a <foreignObject> element, which can hold a web page "
        f"and its scripts; {SVG_FIX}",
        f"{images}/foreign.svg:3:3: an HTML element <h:script>, which can run a script; {SVG_FIX}",
        f"{images}/outside.svg:2:3: a stylesheet import (@import), which loads from "
        f"outside the image; {SVG_FIX}",
        f"{images}/outside.svg:3:3: a link to 'javascript:alert(1)', which runs a script "
        f"when followed; {SVG_FIX}",
        f"{images}/outside.svg:3:39: a reference to 'https://example.com/p.svg#g', outside "
        "the image (an image may refer only to its own parts, #id, and to pictures inside "
        f"it, data:image/png;...); {SVG_FIX}",
        f"{images}/outside.svg:4:3: a reference to 'https://example.com/track.png', outside "
        "the image (an image may refer only to its own parts, #id, and to pictures inside "
        f"it, data:image/png;...); {SVG_FIX}",
        f"{images}/page.svg:1:1: not an SVG image: it begins with <html>, where an SVG "
        'image begins with <svg xmlns="http://www.w3.org/2000/svg">; save it again as '
        "SVG, or as PNG",
        f"{images}/stylesheet.svg:1:1: an <?xml-stylesheet?> instruction, which loads a "
        f"stylesheet or a program (XSLT) from outside the image; {SVG_FIX}",
        f"{journeys}/linked: a symbolic link (to {journeys}/real); journeys/ publishes "
        "only the files it holds itself, each checked once: put the files themselves "
        "there, or remove the link",
        other_file("logo.svgz", "a compressed SVG image, which cannot be checked for scripts"),
        markdown("notes.mdown", "notes"),
        other_file("notes.txt", "a .txt file"),
        markdown("old.mkd", "old"),
        other_file("page.html", "a .html file, which could run a script on the site"),
        markdown("plan.mkdn", "plan"),
        markdown("raw.markdown", "raw"),
        markdown("shout.MD", "shout"),
        f"{shown(site.docs)}/other: a symbolic link into journeys/ (to {journeys}/real), "
        "which MkDocs would publish again as plain pages, raw HTML and scripts included; "
        "remove the link",
        f"{shown(site.docs)}/personas/page.htm: a .htm file, which could run a script on "
        f"the site; personas/ publishes only {PUBLISHED.replace('journeys', 'personas', 1)}: "
        "remove it, or save it as one of those",
    ]


def test_check_names_every_file_the_site_would_refuse_at_once(refused: Site) -> None:
    result = run(refused, "check")
    expected = expected_refusals(refused)
    assert result.code == 1
    assert result.err.splitlines() == [*expected, f"{len(expected)} errors in 21 files"]


def test_the_build_refuses_the_same_and_writes_nothing(refused: Site) -> None:
    result = run(refused, "build")
    assert result.code == 1
    assert result.err.splitlines()[: len(expected_refusals(refused))] == expected_refusals(refused)
    assert not refused.site_dir.exists()
    assert "Traceback" not in result.err


def test_mkdocs_itself_refuses_the_same(refused: Site) -> None:
    # A plain `mkdocs build` goes through the plugin alone, not through `check`.
    said: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addHandler(handler)
    try:
        config = load_config(str(refused.config), site_dir=str(refused.root / "mkdocs-site"))
        with pytest.raises(Abort):
            mkdocs_build(config)
    finally:
        logger.removeHandler(handler)
    assert "\n".join(said).splitlines()[: len(expected_refusals(refused))] == (
        expected_refusals(refused)
    )
    assert not any((refused.root / "mkdocs-site").rglob("*.svg"))


def test_every_extension_mkdocs_publishes_as_a_page_is_refused_unless_md() -> None:
    # A MkDocs release that reads one more extension as Markdown would publish such a
    # file in the journeys folder as a plain page, raw HTML and all, unless refused.
    assert set(markdown_extensions) == set(author_files.MKDOCS_PAGES)


# --------------------------------------------------------------------------------------
# Published as they are: images, PDFs, a clean SVG; and nothing a draft alone names
# --------------------------------------------------------------------------------------

CLEAN_SVG = """\
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
     xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"
     viewBox="0 0 10 10" inkscape:version="1.3" sodipodi:docname="dana.svg">
  <sodipodi:namedview id="base" pagecolor="#ffffff"/>
  <metadata><rdf:RDF><cc:Work rdf:about="">
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>
  </cc:Work></rdf:RDF></metadata>
  <style>.skin { fill: #e6b694; }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <circle id="c" class="skin" r="4" style="fill: url(#g)"/>
  <use xlink:href="#c" x="5"/>
  <image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>
  <a href="#c"><text>Dana</text></a>
</svg>
"""

PUBLISHED_MAP = MINIMAL_JOURNEY.replace(
    "  name: Sam\n", "  name: Sam\n  photo: images/dana.svg\n"
).replace(
    "Readers blame the kiosk, not the card.",
    "Readers blame the kiosk.\n\n![The desk](images/shared.png)\n\n[The study](files/report.pdf)\n",
)

DRAFT = MINIMAL_JOURNEY.replace(
    "title: Renewing a library card", "title: Secret merger plan\ndraft: true"
).replace(
    "Readers blame the kiosk, not the card.",
    "![Sketch](images/sketch.png)\n\n![The desk](images/shared.png)\n\n"
    "[Notes](<files/draft notes.pdf>)\n\n![Guide](images/guide-only.webp)\n",
)

BYTES = {
    "journeys/images/dana.svg": CLEAN_SVG.encode(),
    "journeys/images/shared.png": b"\x89PNG\r\n\x1a\nshared",
    "journeys/images/unused.GIF": b"GIF89a unused",
    "journeys/images/photo.jpeg": b"\xff\xd8\xff jpeg",
    "journeys/images/guide-only.webp": b"RIFF webp",
    "journeys/files/report.pdf": b"%PDF-1.7 report",
    "journeys/images/sketch.png": b"\x89PNG\r\n\x1a\nsketch of the draft",
    "journeys/files/draft notes.pdf": b"%PDF-1.7 the draft's notes",
    "personas/avatar.avif": b"avif",
}

DRAFTS_OWN = ("journeys/images/sketch.png", "journeys/files/draft notes.pdf")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A site with a map, a draft, the files each names, and an editor's backup; built
    with its archive."""
    site = new_site(tmp_path_factory.mktemp("published"))
    site.write("journeys/library-card.md", PUBLISHED_MAP)
    site.write("journeys/draft.md", DRAFT)
    site.write("journeys/library-card.md~", MINIMAL_JOURNEY.replace("Renewing", "Old"))
    site.write("guide.md", "# Guide\n\n![Guide](journeys/images/guide-only.webp)\n")
    for path, data in BYTES.items():
        (site.docs / path).parent.mkdir(parents=True, exist_ok=True)
        (site.docs / path).write_bytes(data)
    result = run(site, "build", "--archive")
    assert result.code == 0, result.err
    return site


def test_a_draft_leaves_no_file_of_its_own_and_the_rest_is_published_as_it_is(
    published: Site,
) -> None:
    files = snapshot(published.site_dir)
    built = set(files)
    (archive,) = published.root.glob("*.zip")
    with zipfile.ZipFile(archive) as opened:
        zipped = {name.split("/", 1)[1] for name in opened.namelist() if not name.endswith("/")}
    assert zipped == built
    authored = {path for path in built if path.startswith(("journeys/", "personas/"))}
    assert authored == {
        "journeys/library-card/index.html",
        *(path for path in BYTES if path not in DRAFTS_OWN),
    }
    assert not any("Secret merger plan" in path for path in built)
    for path, data in BYTES.items():
        if path not in DRAFTS_OWN:
            assert files[path] == data, path
    assert published.html("journeys/library-card").select_one("img[src$='dana.svg']")


def test_an_editors_backup_is_not_published_nor_refused(published: Site) -> None:
    assert not (published.site_dir / "journeys" / "library-card.md~").exists()
    assert run(published, "check").code == 0

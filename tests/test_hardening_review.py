"""What review found after the hardening: ``check`` and the build read the same list of
what they refuse (names that differ only in case, links out of the docs folder, an
editor's backup among them); ``new`` names a file every system can hold; a draft takes
along the images it names in any way a page can name one."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from journey_maps.core import author_files, file_names

from .conftest import MINIMAL_JOURNEY, Site
from .test_faults import snapshot
from .test_publishing_policy import new_site, shown

OTHER = MINIMAL_JOURNEY.replace("Renewing a library card", "Another map")
TEMPLATE = MINIMAL_JOURNEY.replace("summary:", "kind: template\nsummary:")


def capture(site: Site, *argv: str) -> tuple[int, str, str]:
    """Run the command line on ``site``: its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = site.run(*argv)
    return code, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------------------
# check refuses what the build refuses: names one file on Windows and macOS, links out
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[str], tuple, tuple]:
    """A site whose docs folder holds names that differ only in case, and an editor's
    backup that is a link out of it: the lines both should say, then check and build."""
    site = new_site(tmp_path_factory.mktemp("refused"))
    site.write("journeys/Card.md", OTHER)
    site.write("journeys/card.md", OTHER.replace("Another map", "A third map"))
    site.write("journeys/images/Plan.png", "png")
    site.write("journeys/images/plan.png", "png")
    site.write("Notes/a.md", "# A\n")
    site.write("notes/a.md", "# a\n")
    site.write("Guides/one.md", "# One\n")  # two folders, no file in both: fine
    site.write("guides/two.md", "# Two\n")
    outside = site.root / "outside" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text("SECRET\n", encoding="utf-8")
    (site.docs / "notes~").symlink_to(outside)
    docs = shown(site.docs)
    expected = [
        f"{docs}/journeys/card.md: this file and {docs}/journeys/Card.md are one file on "
        "Windows and macOS (their names differ only in case); rename or move one of them",
        f"{docs}/journeys/images/plan.png: this file and {docs}/journeys/images/Plan.png are "
        "one file on Windows and macOS (their names differ only in case); rename or move "
        "one of them",
        f"{docs}/notes/a.md: this file and {docs}/Notes/a.md are one file on Windows and "
        "macOS (their names differ only in case); rename or move one of them",
        f"{docs}/notes~: links to {shown(outside)}, outside the docs directory, and MkDocs "
        "would publish what it points to; move that into the docs directory, or remove "
        "the link",
    ]
    checked = capture(site, "check")
    built = capture(site, "build", "-j", "1")
    return site, expected, checked, built


def test_check_refuses_names_that_differ_only_in_case_and_a_backup_linking_out(
    refused,
) -> None:
    _, expected, (code, _, err), _ = refused
    assert code == 1
    assert err.splitlines() == [*expected, "4 errors in 4 files"]


def test_the_build_refuses_the_same_once_each_and_writes_nothing(refused) -> None:
    site, expected, _, (code, _, err) = refused
    assert code == 1
    for line in expected:
        assert err.count(line) == 1, (line, err)
    assert "would both be published" not in err
    assert "Traceback" not in err
    assert not site.site_dir.exists()


# --------------------------------------------------------------------------------------
# new: a file name every system can hold
# --------------------------------------------------------------------------------------


@pytest.fixture
def template_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    site = new_site(tmp_path)
    site.write("journeys/templates/card.md", TEMPLATE)
    monkeypatch.chdir(tmp_path)
    return site


def test_new_cuts_a_long_title_to_a_name_of_at_most_100_bytes(template_site: Site) -> None:
    site = template_site
    code, out, err = capture(site, "new", "𠀀" * 90, "--template", "card")
    assert (code, err) == (0, "")
    written = Path(out.strip())
    assert written.parent == Path("docs/journeys")
    assert len(written.name.encode()) <= file_names.MAX_NAME_BYTES
    assert written.name.startswith("𠀀" * 22 + "-")
    assert written.name.endswith(".md")
    assert written.is_file()
    # A second title that begins alike gets a file of its own.
    code, again, err = capture(site, "new", "𠀀" * 91, "--template", "card")
    assert (code, err) == (0, "")
    assert again != out
    assert capture(site, "check")[::2] == (0, "")


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        (
            "con",
            "folder 'con': Windows keeps CON for a device, with any extension after it, so "
            "nothing there can be named 'con'; choose another --folder",
        ),
        (
            "retail/a:b",
            "folder 'retail/a:b': 'a:b' holds ':', which makes a hidden stream of another "
            "file on Windows (NTFS) and shows as '/' on macOS; choose another --folder",
        ),
        (
            "stores.",
            "folder 'stores.': 'stores.' ends in a dot, which Windows drops from a name (it "
            "would be 'stores' there); choose another --folder",
        ),
        (
            "a" * 300,
            f"cannot write docs/journeys/{'a' * 300}/first-claim.md: File name too long",
        ),
    ],
)
def test_new_refuses_a_folder_windows_cannot_hold_and_writes_nothing(
    template_site: Site, folder: str, message: str
) -> None:
    site = template_site
    before = sorted(site.docs.rglob("*"))
    code, out, err = capture(site, "new", "First claim", "-t", "card", "--folder", folder)
    assert (code, out, err) == (1, "", f"error: {message}\n")
    assert sorted(site.docs.rglob("*")) == before, "no file, no folder written"


# --------------------------------------------------------------------------------------
# A draft's images, however a page names them
# --------------------------------------------------------------------------------------

DRAFT = MINIMAL_JOURNEY.replace(
    "title: Renewing a library card", "title: Secret merger plan\ndraft: true"
).replace(
    "Readers blame the kiosk, not the card.",
    '<img srcset="images/small.png 1x,images/large.png 2x, images/wide.png 600w">\n\n'
    '<img srcset="images/only,comma.png">\n\n'
    '<object data="files/board.pdf"></object>\n\n'
    '<video poster = "images/poster.webp"></video>\n\n'
    "<img alt='x' src = 'images/draft sketch.png'>\n\n"
    '<img srcset="images/shared.png 2x">\n',
)

DRAFTS_OWN = [
    "journeys/files/board.pdf",
    "journeys/images/draft sketch.png",
    "journeys/images/large.png",
    "journeys/images/only,comma.png",
    "journeys/images/poster.webp",
    "journeys/images/small.png",
    "journeys/images/wide.png",
]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = new_site(tmp_path_factory.mktemp("drafted"))
    site.write("journeys/draft.md", DRAFT)
    site.write("guide.md", '# Guide\n\n<img srcset="journeys/images/shared.png 1x">\n')
    for path in [*DRAFTS_OWN, "journeys/images/shared.png"]:
        site.write(path, path)
    code, _, err = capture(site, "build", "-j", "1")
    assert code == 0, err
    return site


def test_a_draft_takes_the_images_it_names_by_srcset_data_and_poster(drafted: Site) -> None:
    built = snapshot(drafted.site_dir)
    assert [path for path in DRAFTS_OWN if path in built] == []
    # One a published page names too, by srcset, stays.
    assert built["journeys/images/shared.png"] == b"journeys/images/shared.png"


# --------------------------------------------------------------------------------------
# One list of what MkDocs makes pages of
# --------------------------------------------------------------------------------------


def test_one_list_of_what_mkdocs_makes_pages_of() -> None:
    assert not hasattr(file_names, "MARKDOWN")
    assert file_names.MKDOCS_PAGES is author_files.MKDOCS_PAGES

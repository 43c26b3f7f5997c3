"""File names stay bounded and portable: a page named after a text fits every common
file system and is never a Windows device; the docs folder and the archive hold no name
that Windows or macOS cannot; and two names meet exactly where those systems say so."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import os
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st
from journey_maps.builds.archive import write_archive
from journey_maps.core.errors import UnsafeArchive
from journey_maps.core.text import key
from journey_maps.pages.site_files import Addresses, SiteFile

from .conftest import MINIMAL_JOURNEY, MKDOCS_YML, Site

LONG_TOUCHPOINT = "窓口" * 43 + "窓"
"""87 characters, 261 bytes in UTF-8: more than Linux holds in one name."""
LONG_TAG = " ".join(["Onboarding"] * 20)
DEVICE_TAGS = {"con": "con", "Nul": "nul", "COM1": "com1", "lpt¹": "lpt1"}
"""Tags named as Windows devices, and the text each is named after."""
WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789¹²³"
}


def fingerprint(words: str) -> str:
    return hashlib.sha256(words.encode()).hexdigest()[:6]


def capture(site: Site, *argv: str) -> tuple[int, str]:
    """Run the command line on ``site``: its exit code and what it wrote on stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = site.run(*argv)
    return code, err.getvalue()


def new_site(root: Path, journeys: dict[str, str], extra_yml: str = "") -> Site:
    site = Site(root)
    site.root.mkdir(parents=True, exist_ok=True)
    site.config.write_text(MKDOCS_YML.format(options="") + extra_yml, encoding="utf-8")
    site.write("index.md", "# Home\n")
    for name, text in journeys.items():
        site.write(f"journeys/{name}", text)
    return site


def links(page: Path) -> set[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {unquote(str(a["href"])) for a in soup.find_all("a", href=True)}


# --------------------------------------------------------------------------------------
# Pages named after a text
# --------------------------------------------------------------------------------------

NAMED = (
    MINIMAL_JOURNEY.replace("touchpoint: Front desk", f"touchpoint: {LONG_TOUCHPOINT}")
    .replace("touchpoint: Kiosk", "touchpoint: Call centre")
    .replace("channel: Store", "channel: Aux", 1)
    .replace("industry: Public sector", "industry: PRN")
    .replace(
        "tags: [library, renewal]",
        f"tags: [Straßenbahn, {LONG_TAG}, {', '.join(DEVICE_TAGS)}, library]",
    )
)
TRAM = MINIMAL_JOURNEY.replace("Renewing a library card", "Riding the tram").replace(
    "tags: [library, renewal]", "tags: [Strassenbahn]"
)


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, int, str, int, str]:
    """A site whose tags, channel and touchpoint are long, Windows devices, or 'ß' and
    'ss': checked, then built."""
    site = new_site(tmp_path_factory.mktemp("named"), {"names.md": NAMED, "tram.md": TRAM})
    checked, check_err = capture(site, "check")
    built, build_err = capture(site, "build", "-j", "1")
    return site, checked, check_err, built, build_err


def test_check_and_build_agree_on_long_and_device_names(named) -> None:
    _, checked, check_err, built, build_err = named
    assert (checked, check_err) == (0, "")
    assert built == 0, build_err
    assert "Traceback" not in build_err


def test_a_long_touchpoint_gets_a_page_whose_name_fits(named) -> None:
    site = named[0]
    name = "窓口" * 15 + "窓" + "-" + fingerprint(LONG_TOUCHPOINT)
    assert len(name.encode()) == 100
    assert (site.site_dir / "maps" / "touchpoint" / name / "index.html").is_file()
    index = site.site_dir / "maps" / "touchpoints" / "index.html"
    assert f"../touchpoint/{name}/" in links(index)


def test_a_long_tag_gets_a_page_whose_name_fits(named) -> None:
    site = named[0]
    words = LONG_TAG.lower()
    name = words.replace(" ", "-")[:93].rstrip("-") + "-" + fingerprint(words)
    assert len(name.encode()) <= 100
    assert (site.site_dir / "maps" / "tag" / name / "index.html").is_file()
    assert f"tag/{name}/" in links(site.site_dir / "maps" / "index.html")


def test_no_page_is_named_as_a_windows_device(named) -> None:
    site = named[0]
    maps = site.site_dir / "maps"
    expected = {maps / "tag" / f"{name}-{fingerprint(name)}" for name in DEVICE_TAGS.values()} | {
        maps / "channel" / f"aux-{fingerprint('aux')}",
        maps / "industry" / f"prn-{fingerprint('prn')}",
    }
    for folder in expected:
        assert (folder / "index.html").is_file(), folder
    for path in maps.rglob("*"):
        assert path.name.split(".")[0] not in WINDOWS_DEVICES, path
    # The gallery leads to them: the link and the page agree.
    assert f"tag/con-{fingerprint('con')}/" in links(maps / "index.html")


def test_sharp_s_and_ss_are_two_tags_each_with_its_page(named) -> None:
    site = named[0]
    for name, title in (
        ("straßenbahn", "Renewing a library card"),
        ("strassenbahn", "Riding the tram"),
    ):
        page = site.site_dir / "maps" / "tag" / name / "index.html"
        assert title in page.read_text(encoding="utf-8")


def test_ordinary_values_keep_their_addresses(named) -> None:
    site = named[0]
    for path in ("maps/tag/library", "maps/touchpoint/call-centre", "maps/channel/store"):
        assert (site.site_dir / path / "index.html").is_file(), path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call centre", "call-centre"),
        ("call-centre", "call-centre"),
        ("Straßenbahn", "straßenbahn"),
        ("C++", "c-cedb1b"),
        ("C#", "c-951a4d"),
        ("窓口", "窓口"),
        ("Ресепшн", "ресепшн"),
        ("پشتیبانی تلفنی", "پشتیبانی-تلفنی"),
        ("Café", "café"),
        ("Cafe\u0301", "café"),
        ("e-commerce", "e-commerce"),
        ("ΣΟΦΙΑ", "σοφια"),
    ],
)
def test_a_value_within_bounds_keeps_its_key(text: str, expected: str) -> None:
    assert key(text) == expected


WORDS = st.text(st.characters(categories=("L", "Nd", "No", "Zs")), min_size=1, max_size=300)


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.text(min_size=1, max_size=400), WORDS))
@example(LONG_TOUCHPOINT)
@example(LONG_TAG)
@example("COM¹")
@example("Con")
def test_every_key_can_be_a_file_name_anywhere(text: str) -> None:
    name = key(text)
    assert 0 < len(name.encode()) <= 100
    assert name.split(".")[0] not in WINDOWS_DEVICES
    assert not set(name) & set('<>:"/\\|?*'), name
    assert not name.endswith((".", " "))


# --------------------------------------------------------------------------------------
# Two addresses, one file
# --------------------------------------------------------------------------------------


def test_names_in_two_unicode_forms_are_one_address_on_macos() -> None:
    problems = Addresses().claim(
        [
            SiteFile(unicodedata.normalize("NFC", "café/index.html"), "docs/café.md (NFC)"),
            SiteFile(unicodedata.normalize("NFD", "café/index.html"), "docs/café.md (NFD)"),
        ]
    )
    nfc, nfd = (unicodedata.normalize(f, "café/index.html") for f in ("NFC", "NFD"))
    assert problems == [
        f"docs/café.md (NFC) and docs/café.md (NFD) would both be published as {nfc} and "
        f"{nfd}, one file on macOS; rename or move one of them"
    ]


def test_sharp_s_and_ss_are_two_addresses_and_case_still_one() -> None:
    addresses = Addresses()
    assert addresses.claim([SiteFile("straße.html", "a"), SiteFile("strasse.html", "b")]) == []
    assert addresses.claim([SiteFile("Straße.html", "c")]) == [
        "a and c would both be published as straße.html and Straße.html, one file on "
        "Windows and macOS; rename or move one of them"
    ]


# --------------------------------------------------------------------------------------
# Names in the docs folder
# --------------------------------------------------------------------------------------

CAFE_NFC = unicodedata.normalize("NFC", "café.md")
CAFE_NFD = unicodedata.normalize("NFD", "café.md")
BAD_NAMES = {
    "con.html": "Windows keeps CON for a device, with any extension after it, so nothing "
    "there can be named 'con.html'; rename it",
    "nul": "Windows keeps NUL for a device, with any extension after it, so nothing there "
    "can be named 'nul'; rename it",
    "COM¹.txt": "Windows keeps COM¹ for a device, with any extension after it, so nothing "
    "there can be named 'COM¹.txt'; rename it",
    "a\\..\\..\\evil.txt": "'a\\..\\..\\evil.txt' holds '\\', which Windows reads as a "
    "folder separator (unpacked there, the file could land outside its folder); rename it",
    "notes.txt:hidden": "'notes.txt:hidden' holds ':', which makes a hidden stream of "
    "another file on Windows (NTFS) and shows as '/' on macOS; rename it",
    "what?.md": "'what?.md' holds '?', which Windows does not allow in a file name; rename it",
    "bell\x07.txt": "'bell\\x07.txt' holds U+0007, an invisible control character, which "
    "Windows does not allow in a file name; rename it",
    "draft.": "'draft.' ends in a dot, which Windows drops from a name (it would be 'draft' "
    "there); rename it",
    "notes .md": "'notes .md' is published as the folder 'notes ', and Windows drops the "
    "space that ends a name (it would be 'notes' there); rename it",
    CAFE_NFD: "this name is written in Unicode form NFD, and the same name beside it in "
    "NFC: macOS holds them as one file; remove or rename one of them",
}


@pytest.fixture(scope="module")
def unportable(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, int, str, int, str]:
    """A site whose docs folder holds names Windows or macOS cannot: checked, then built."""
    site = new_site(tmp_path_factory.mktemp("unportable"), {"library-card.md": MINIMAL_JOURNEY})
    for name in BAD_NAMES:
        site.write(f"{name}/readme.md" if name == "nul" else name, "# Page\n")
    site.write(CAFE_NFC, "# Café\n")
    site.write("files/notes.txt", "fine\n")
    checked, check_err = capture(site, "check")
    built, build_err = capture(site, "build", "-j", "1")
    return site, checked, check_err, built, build_err


def _expected_lines(site: Site) -> list[str]:
    docs = site.docs.as_posix()
    shown = {"bell\x07.txt": "bell\\x07.txt"}
    return sorted(
        f"{docs}/{shown.get(name, name)}: {message}" for name, message in BAD_NAMES.items()
    )


def test_check_refuses_names_windows_or_macos_cannot_hold(unportable) -> None:
    site, checked, check_err, _, _ = unportable
    assert checked == 1
    lines = check_err.splitlines()
    assert lines[:-1] == _expected_lines(site)
    assert "Traceback" not in check_err


def test_build_refuses_them_too_and_writes_nothing(unportable) -> None:
    site, _, _, built, build_err = unportable
    assert built == 1
    for line in _expected_lines(site):
        assert line in build_err.splitlines() or f"ERROR   -  {line}" in build_err.splitlines()
    assert "Traceback" not in build_err
    assert not site.site_dir.exists()


# --------------------------------------------------------------------------------------
# A new map's file
# --------------------------------------------------------------------------------------


def test_new_names_a_map_titled_as_a_windows_device_so_that_check_accepts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = MINIMAL_JOURNEY.replace("summary:", "kind: template\nsummary:")
    site = new_site(tmp_path, {"templates/card.md": template})
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert site.run("new", "Con", "--template", "card") == 0
    assert out.getvalue() == "docs/journeys/con-map.md\n"
    assert capture(site, "check") == (0, "")


# --------------------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------------------

DAY = datetime.date(2026, 11, 23)


def test_the_archive_refuses_names_unsafe_on_windows_or_macos(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    for name in (
        "index.html",
        "con.html",
        "a\\..\\..\\evil.txt",
        "notes.txt:hidden",
        "Page.html",
        "page.html",
    ):
        (site_dir / name).write_text("x")
    os.close(os.open(site_dir / os.fsdecode(b"\xff.txt"), os.O_CREAT | os.O_WRONLY))
    destination = tmp_path / "site-2026-11-23.zip"
    with pytest.raises(UnsafeArchive) as raised:
        write_archive(site_dir, destination, DAY)
    shown = site_dir.as_posix()
    assert str(raised.value).splitlines() == [
        f"{shown}/Page.html and {shown}/page.html are one file on Windows and macOS; "
        "rename or remove one of them",
        f"{shown}/\\xff.txt: '\\xff.txt' is not UTF-8 text, which Windows and macOS need "
        "a name to be; rename it",
        f"{shown}/a\\..\\..\\evil.txt: " + BAD_NAMES["a\\..\\..\\evil.txt"],
        f"{shown}/con.html: Windows keeps CON for a device, with any extension after it, so "
        "nothing there can be named 'con.html'; rename it",
        f"{shown}/notes.txt:hidden: " + BAD_NAMES["notes.txt:hidden"],
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no archive, no leftover"


def test_the_archive_of_a_portable_site_holds_every_file(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    (site_dir / "maps" / "tag" / "straßenbahn").mkdir(parents=True)
    (site_dir / "maps" / "tag" / "strassenbahn").mkdir(parents=True)
    for folder in ("straßenbahn", "strassenbahn"):
        (site_dir / "maps" / "tag" / folder / "index.html").write_text(folder)
    destination = tmp_path / "site.zip"
    assert write_archive(site_dir, destination, DAY) == 2
    with zipfile.ZipFile(destination) as archive:
        assert sorted(archive.namelist()) == [
            "site/maps/tag/strassenbahn/index.html",
            "site/maps/tag/straßenbahn/index.html",
        ]


HOOK = """\
from pathlib import Path


def on_post_build(config, **_):
    Path(config.site_dir, "aux.html").write_text("made by a hook")
"""


def test_build_archive_says_which_file_another_plugin_put_there(tmp_path: Path) -> None:
    site = new_site(tmp_path, {"library-card.md": MINIMAL_JOURNEY}, "hooks: [hook.py]\n")
    (tmp_path / "hook.py").write_text(HOOK)
    code, err = capture(site, "build", "-j", "1", "--archive")
    assert code == 1
    shown = site.site_dir.as_posix()
    archive = tmp_path.as_posix() + "/test-site-site-"
    said = err[err.index("error: ") :]
    assert said.startswith(f"error: {shown} was built, but {archive}")
    assert said.split(".zip", 1)[1] == (
        " was not written: unpacked on Windows or macOS, it would lose or misplace these "
        "files of the site; rename them where they come from (the theme, a hook or another "
        "plugin):\n"
        f"{shown}/aux.html: Windows keeps AUX for a device, with any extension after it, so "
        "nothing there can be named 'aux.html'; rename it\n"
    )
    assert not list(tmp_path.glob("*.zip"))

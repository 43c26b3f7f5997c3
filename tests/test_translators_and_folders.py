"""What a translator's catalog or a deployment's folders can do to a build: a catalog's
'%' shows as written and a catalog entry that would break a page is named by file and
line; ``i18n done`` writes only into translations, keeping their line endings; the site
folder may be a mount point; ``new`` writes only inside the docs folder."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from journey_maps.cli import main
from journey_maps.core.paths import display_path
from journey_maps.i18n.catalogs import PACKAGE_CATALOGS, translations_for

from tests.conftest import MINIMAL_JOURNEY, REPO
from tests.test_faults import snapshot, with_hook
from tests.test_i18n import FRENCH, i18n_site, page

HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""
"""A French catalog's header: its first entry is on line 6."""


def site_catalog(root: Path, entries: str) -> Path:
    """The site's own French catalog, holding ``entries`` from line 6 on."""
    catalog = root / "locale" / "fr" / "LC_MESSAGES" / "journey_maps.po"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text(HEADER + textwrap.dedent(entries), encoding="utf-8")
    return catalog


# A catalog's text on the page ----------------------------------------------------------------


def test_a_percent_sign_in_a_translation_shows_as_written(tmp_path: Path) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    site_catalog(
        tmp_path,
        """\
        msgid "Journey map"
        msgstr "Carte du parcours (100 %)"

        msgid "%(num)s step"
        msgid_plural "%(num)s steps"
        msgstr[0] "%(num)s étape (100 %%)"
        msgstr[1] "%(num)s étapes (100 %%)"
        """,
    )
    assert main(["-f", str(config), "check"]) == 0
    assert main(["-f", str(config), "build"]) == 0
    html = page(tmp_path / "site", "fr/journeys/card")
    assert html.select_one("#jm-map-heading").get_text() == "Carte du parcours (100 %)"
    assert html.select_one(".jm-map-count").get_text(strip=True) == "2 phases · 3 étapes (100 %)"


BROKEN = [
    pytest.param(
        '"%(num)s step"\nmsgid_plural "%(num)s steps"\n'
        'msgstr[0] "%(nom)s étape"\nmsgstr[1] "%(num)s étapes"',
        'the translation of "%(num)s step" does not fit the original\'s placeholders: '
        "unknown named placeholder 'nom'; use them as they are written there (%(num)s), "
        "and write a percent sign as %%",
        id="renamed",
    ),
    pytest.param(
        '"%(missed)s of %(judged)s targets missed"\nmsgstr "%(missed)s cibles manquées"',
        'the translation of "%(missed)s of %(judged)s targets missed" leaves out '
        "%(judged)s; a translation keeps every placeholder of the original "
        "(%(missed)s, %(judged)s), in any order",
        id="missing",
    ),
    pytest.param(
        '"Pains"\nmsgstr "Irritants %(num)s"',
        'the translation of "Pains" has %(num)s, which the original has not: it would '
        "show as written; remove it",
        id="extra",
    ),
    pytest.param(
        '"Listed: touchpoints scoring %(threshold)s or more."\n'
        'msgstr "Listés (100 %) : score %(threshold)s ou plus."',
        'the translation of "Listed: touchpoints scoring %(threshold)s or more." has a % '
        "that is not a placeholder; where the original has placeholders, a percent sign "
        "is written %%",
        id="lone-percent",
    ),
    pytest.param(
        '"Listed: touchpoints scoring %(threshold)s or more."\n'
        'msgstr "100 % de score %(threshold)s ou plus."',
        'the translation of "Listed: touchpoints scoring %(threshold)s or more." does not '
        "fit the original's placeholders: format string mixes positional and named "
        "placeholders; use them as they are written there (%(threshold)s), and write a "
        "percent sign as %%",
        id="percent-read-as-placeholder",
    ),
    pytest.param(
        '"Journey map"\nmsgstr "Carte (100 %%)"',
        'the translation of "Journey map" has %%, which shows as written in a message '
        "without placeholders: write a percent sign as % there",
        id="double-percent-without-placeholders",
    ),
    pytest.param(
        '"%(num)s step"\nmsgid_plural "%(num)s steps"\nmsgstr[0] "%(num)s étape"',
        'the translation of "%(num)s step" leaves msgstr[1] empty: write every plural '
        "form, msgstr[0] to msgstr[1], or none",
        id="plural-form-missing",
    ),
    pytest.param(
        '"%(num)s step"\nmsgid_plural "%(num)s steps"\nmsgstr[0] "%(num)s étape"\n'
        'msgstr[1] "%(num)s étapes"\nmsgstr[2] "%(num)s étapes"',
        "this entry has more plural forms than the catalog's Plural-Forms header gives "
        "(2): write msgstr[0] to msgstr[1]",
        id="plural-forms",
    ),
]


@pytest.mark.parametrize(("entry", "message"), BROKEN)
def test_a_translation_that_would_break_a_page_is_named_by_file_and_line(
    tmp_path: Path, capsys, entry: str, message: str
) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    catalog = site_catalog(tmp_path, 'msgid "Actions"\nmsgstr "Actions"\n\nmsgid ' + entry)
    expected = f"{display_path(catalog)}:9:1: {message}"
    assert main(["-f", str(config), "check"]) == 1
    assert expected in capsys.readouterr().err.splitlines()
    status = ["-f", str(config), "i18n", "--catalogs", str(PACKAGE_CATALOGS), "status"]
    assert main(status) == 1
    assert expected in capsys.readouterr().err.splitlines()
    assert main(["-f", str(config), "build"]) == 1
    err = capsys.readouterr().err
    assert expected in err.splitlines()
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_a_build_without_the_check_shows_the_next_catalogs_words_for_a_broken_entry(
    tmp_path: Path, caplog
) -> None:
    # As under a plain 'mkdocs build': the page is made, with the package's French.
    catalog = site_catalog(
        tmp_path,
        """\
        msgid "%(num)s step"
        msgid_plural "%(num)s steps"
        msgstr[0] "%(num)s étape (100 %)"
        msgstr[1] "%(num)s étapes (100 %)"

        msgid "Pains"
        msgstr "Frictions"
        """,
    )
    words = translations_for("fr", [tmp_path / "locale", PACKAGE_CATALOGS])
    assert words.ngettext("%(num)s step", "%(num)s steps", 3) == "%(num)s étapes"
    assert words.gettext("Pains") == "Frictions"
    assert f'{display_path(catalog)}:6:1: the translation of "%(num)s step" has a % ' in (
        caplog.text
    )


def test_a_catalog_that_is_not_po_text_is_named_by_file_and_line(tmp_path: Path, capsys) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    catalog = site_catalog(tmp_path, 'msgid "Pains"\nmsgstr "Frictions"\nIrritants\n')
    assert main(["-f", str(config), "check"]) == 1
    assert (
        f"{display_path(catalog)}:8:1: this line is not a part of a .po entry ('Irritants'); "
        'an entry is a line msgid "..." and a line msgstr "...", with its text in double '
        "quotes"
    ) in capsys.readouterr().err.splitlines()
    catalog.write_bytes(HEADER.encode() + b'msgid "Pains"\nmsgstr "Irritants \xe9"\n')
    assert main(["-f", str(config), "check"]) == 1
    assert (
        f"{display_path(catalog)}:7:1: not UTF-8 text; save the catalog as UTF-8"
        in capsys.readouterr().err.splitlines()
    )


def test_the_packages_catalogs_have_no_broken_entry() -> None:
    from journey_maps.i18n.catalogs import catalog_errors

    codes = [path.name for path in PACKAGE_CATALOGS.iterdir() if path.is_dir()]
    assert catalog_errors(codes, [PACKAGE_CATALOGS]) == []


# i18n done -----------------------------------------------------------------------------------


def test_done_keeps_a_translations_line_endings(tmp_path: Path, capsys) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    translation = tmp_path / "docs" / "journeys" / "card.fr.md"
    written = translation.read_bytes().replace(b"\n", b"\r\n")
    assert written.startswith(b"---\r\ntitle: ")
    translation.write_bytes(written)
    done = ["-f", str(config), "i18n", "done", str(translation)]
    assert main(done) == 0
    fingerprint = capsys.readouterr().out.rsplit("(", 1)[1].split(")")[0]
    assert translation.read_bytes() == (
        b"---\r\ntranslated_from: " + fingerprint.encode() + b"\r\n" + written[5:]
    )
    source = tmp_path / "docs" / "journeys" / "card.md"
    source.write_text(source.read_text().replace("Renews at the desk", "Renews online"))
    assert main(done) == 0
    again = capsys.readouterr().out.rsplit("(", 1)[1].split(")")[0]
    assert again != fingerprint
    assert translation.read_bytes() == (
        b"---\r\ntranslated_from: " + again.encode() + b"\r\n" + written[5:]
    )
    assert main(["-f", str(config), "check"]) == 0


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("release.new.md", "'new' is not a language this site is translated into (fr)"),
        ("release.nl.md", "'nl' is not a language this site is translated into (fr)"),
        ("release.en.md", "'en' is not a language this site is translated into (fr)"),
        ("release.md", "it has no language in its name"),
    ],
)
def test_done_refuses_a_file_that_is_not_a_translation(
    tmp_path: Path, capsys, name: str, why: str
) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    journeys = tmp_path / "docs" / "journeys"
    (journeys / "release.md").write_text(MINIMAL_JOURNEY)
    path = journeys / name
    # A language's suffix makes a file a translation, for check as for done.
    path.write_text(FRENCH if name.endswith((".nl.md", ".en.md")) else MINIMAL_JOURNEY)
    before = path.read_bytes()
    assert main(["-f", str(config), "i18n", "done", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: {display_path(path)}: not a translation: {why}; a translation is named "
        "after its source and its language, as release.fr.md"
    ]
    assert path.read_bytes() == before


# build.py new --------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["share", "share/stores"])
def test_new_writes_nothing_through_a_link_out_of_the_docs_folder(
    make_site, monkeypatch, capsys, tmp_path: Path, folder: str
) -> None:
    site = make_site()
    template = MINIMAL_JOURNEY.replace("summary:", "kind: template\nsummary:")
    site.write("journeys/templates/card.md", template)
    outside = tmp_path / "outside"
    outside.mkdir()
    (site.docs / "journeys" / "share").symlink_to(outside, target_is_directory=True)
    monkeypatch.chdir(site.root)
    # The folder is empty, and yet the check refuses the link: new writes nothing.
    assert site.run("new", "Lost card", "--template", "card", "--folder", folder) == 1
    assert capsys.readouterr().err == (
        "docs/journeys/share: links to outside, outside the docs directory, and MkDocs would "
        "publish what it points to; move that into the docs directory, or remove the link\n"
        "1 error in 1 file\n"
    )
    assert list(outside.iterdir()) == []


# A site folder that is a mount point -------------------------------------------------------


def as_mount_point(
    monkeypatch: pytest.MonkeyPatch, target: Path, *, seen: bool, exchange: bool = True
) -> None:
    """Make the folder ``target`` act as a mount point does: renaming or exchanging it
    fails with EBUSY, and renaming anything across it with EXDEV; ``seen``: whether
    ``os.path.ismount`` says so (a bind mount of a folder of the same disk it does not);
    ``exchange``: whether the system can exchange two entries at all."""
    from journey_maps.builds import swap

    rename, exchanged, ismount = os.rename, swap._exchange, os.path.ismount

    def refused(first: object, second: object) -> int | None:
        paths = [Path(os.fsdecode(os.fspath(p))).absolute() for p in (first, second)]
        if target in paths:
            return errno.EBUSY
        if paths[0].is_relative_to(target) != paths[1].is_relative_to(target):
            return errno.EXDEV
        return None

    def fake_rename(first, second, **options):
        code = refused(first, second)
        if code is not None:
            raise OSError(code, os.strerror(code), os.fspath(first))
        return rename(first, second, **options)

    def fake_exchange(first: Path, second: Path) -> bool:
        return exchange and refused(first, second) is None and exchanged(first, second)

    monkeypatch.setattr(os, "rename", fake_rename)
    monkeypatch.setattr(swap, "_exchange", fake_exchange)
    monkeypatch.setattr(
        os.path, "ismount", lambda path: (seen and Path(path) == target) or ismount(path)
    )


def entries(folder: Path) -> list[str]:
    """Every file and folder below ``folder``, dot entries too, by relative path."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def test_a_site_folder_that_is_a_mount_point_is_replaced_and_kept_when_a_build_fails(
    make_site, monkeypatch, capsys
) -> None:
    # A bind mount of a folder of the same disk: os.path.ismount does not see it, and
    # only the rename fails.
    site = make_site()
    assert site.run("build") == 0
    (site.site_dir / ".htaccess").write_text("Options -Indexes\n")
    (site.site_dir / "stale.html").write_text("from an older build")
    as_mount_point(monkeypatch, site.site_dir, seen=False)
    card = site.docs / "journeys" / "library-card.md"
    card.write_text(card.read_text().replace("Renewing a library card", "Renewing a card"))
    assert site.run("build") == 0
    assert site.html("journeys/library-card").select_one("h1").get_text() == "Renewing a card"
    assert (site.site_dir / ".htaccess").read_text() == "Options -Indexes\n"
    assert not (site.site_dir / "stale.html").exists()
    assert not [path for path in site.site_dir.iterdir() if path.name.startswith(".journey")]
    before, listed = snapshot(site.site_dir), entries(site.site_dir)
    with_hook(
        site,
        """\
        def on_post_page(output, page, config):
            raise RuntimeError("the hook broke")
        """,
    )
    capsys.readouterr()
    assert site.run("build") == 1
    assert f"build failed; {display_path(site.site_dir)} was left as it was" in (
        capsys.readouterr().err
    )
    assert snapshot(site.site_dir) == before
    assert entries(site.site_dir) == listed


@pytest.mark.parametrize("exchange", [True, False], ids=["exchanged", "renamed-aside"])
def test_a_swap_into_a_mount_point_that_fails_part_way_puts_every_entry_back(
    tmp_path: Path, monkeypatch, exchange: bool
) -> None:
    from journey_maps.builds.swap import replace_dir, staging_dir

    target = tmp_path / "site"
    for name, text in [("index.html", "old home"), ("a/page.html", "old a"), (".git/HEAD", "x")]:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text)
    (target / "gone.html").write_text("only in the old site")
    as_mount_point(monkeypatch, target, seen=True, exchange=exchange)
    staging = staging_dir(target)
    assert staging.parent == target
    for name, text in [("index.html", "new home"), ("a/page.html", "new a"), ("b.html", "new")]:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(text)
    before, listed = snapshot(target), entries(target)

    failing = os.rename

    def rename_failing_at_b(first, second, **options):
        if Path(first).name == "b.html":
            raise OSError(errno.EIO, os.strerror(errno.EIO), os.fspath(first))
        return failing(first, second, **options)

    monkeypatch.setattr(os, "rename", rename_failing_at_b)
    with pytest.raises(OSError, match="Input/output error"):
        replace_dir(staging, target)
    assert snapshot(target) == before
    assert entries(target) == listed

    monkeypatch.setattr(os, "rename", failing)
    assert replace_dir(staging, target) is None
    assert snapshot(target) == {
        ".git/HEAD": b"x",
        "a/page.html": b"new a",
        "b.html": b"new",
        "index.html": b"new home",
    }
    assert entries(target) == [".git", ".git/HEAD", "a", "a/page.html", "b.html", "index.html"]


def test_a_mount_points_lost_and_found_stays_where_it_is(make_site, monkeypatch) -> None:
    """A filesystem mounted as the site folder has its own lost+found: not the site's to
    move (a builder who is not root cannot), nor to delete with an old site."""
    site = make_site()
    (site.site_dir / "lost+found").mkdir(parents=True)
    (site.site_dir / "lost+found" / "#1234").write_text("a block fsck saved")
    as_mount_point(monkeypatch, site.site_dir, seen=True)
    assert site.run("build") == 0
    assert site.run("build") == 0
    assert (site.site_dir / "lost+found" / "#1234").read_text() == "a block fsck saved"
    assert (site.site_dir / "journeys" / "library-card" / "index.html").is_file()


def test_a_build_killed_while_swapping_a_mount_points_entries_is_tidied_up(
    tmp_path: Path, monkeypatch
) -> None:
    from journey_maps.builds.swap import one_build_at_a_time

    target = tmp_path / "site"
    (target / ".journey-maps-staging-abcd1234" / "b.html").parent.mkdir(parents=True)
    (target / ".journey-maps-staging-abcd1234" / "b.html").write_text("new, not swapped in")
    (target / ".journey-maps-old-abcd1234").mkdir()
    (target / ".journey-maps-old-abcd1234" / "index.html").write_text("old home")
    (target / ".journey-maps-old-abcd1234" / "a.html").write_text("old a")
    (target / "a.html").write_text("new a")
    (target / ".journey-maps-other").mkdir()  # not a name builds give: not theirs
    as_mount_point(monkeypatch, target, seen=True)
    with one_build_at_a_time(target, on_wait=lambda: None):
        assert snapshot(target) == {
            ".journey-maps-build.lock": b"",
            "a.html": b"new a",
            "index.html": b"old home",
        }
        assert sorted(path.name for path in target.iterdir()) == [
            ".journey-maps-build.lock",
            ".journey-maps-other",
            "a.html",
            "index.html",
        ]


REAL_MOUNT = """\
import json, shutil, subprocess, sys
from pathlib import Path
from journey_maps.cli import main
from tests.test_faults import with_hook
from tests.conftest import Site

site, out = Site(Path(sys.argv[1])), Path(sys.argv[2])
subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(site.site_dir)], check=True)
codes = [site.run("build")]
card = site.docs / "journeys" / "library-card.md"
card.write_text(card.read_text().replace("Renewing a library card", "Renewing a card"))
codes.append(site.run("build"))
shutil.copytree(site.site_dir, out / "second", symlinks=True)
with_hook(site, "def on_post_page(output, page, config):\\n    raise RuntimeError('broke')\\n")
codes.append(site.run("build"))
shutil.copytree(site.site_dir, out / "failed", symlinks=True)
print(json.dumps(codes))
"""


def test_a_real_mount_point_as_the_site_folder(make_site, tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.skip("mounting a folder needs root and unshare (util-linux)")
    probe = subprocess.run(
        [unshare, "--mount", "--propagation", "private", "true"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip(f"this system refuses a mount namespace: {probe.stderr.decode().strip()}")
    site = make_site()
    site.site_dir.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    ran = subprocess.run(
        [
            unshare,
            "--mount",
            "--propagation",
            "private",
            sys.executable,
            "-c",
            REAL_MOUNT,
            str(site.root),
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == "[0, 0, 1]", ran.stderr
    assert f"build failed; {site.site_dir} was left as it was" in ran.stderr
    second, failed = out / "second", out / "failed"
    assert "Renewing a card" in (second / "journeys/library-card/index.html").read_text()
    assert snapshot(failed) == snapshot(second)
    assert entries(failed) == entries(second)
    assert [path.name for path in second.iterdir() if path.name.startswith(".")] == [
        ".journey-maps-build.lock"
    ]


# The translator's other commands, on catalogs they cannot use --------------------------------


@pytest.mark.parametrize("step", [["init", "it"], ["update"], ["status"]])
def test_a_step_without_the_template_says_how_to_make_it(
    tmp_path: Path, capsys, step: list[str]
) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    assert main(["-f", str(config), "i18n", "--catalogs", str(catalogs), *step]) == 2
    assert capsys.readouterr().err == (
        f"error: {display_path(catalogs / 'journey_maps.pot')}: no such file; make it with "
        "'build.py i18n extract', or give --catalogs the folder that holds it\n"
    )
    assert list(catalogs.iterdir()) == []


def test_update_changes_no_catalog_while_one_has_a_line_it_would_drop(
    tmp_path: Path, capsys
) -> None:
    catalogs = tmp_path / "locale"
    catalogs.mkdir()
    (catalogs / "journey_maps.pot").write_text(HEADER + 'msgid "Pains"\nmsgstr ""\n')
    good = catalogs / "de" / "LC_MESSAGES" / "journey_maps.po"
    good.parent.mkdir(parents=True)
    good.write_text(HEADER + 'msgid "Pains"\nmsgstr "Schmerzpunkte"\n')
    # A continuation line that lost its opening quote: Babel would drop it, and the text.
    broken = site_catalog(tmp_path, 'msgid "Pains"\nmsgstr "Irritants "\nde tous les jours"\n')
    before = {path: path.read_bytes() for path in (good, broken)}
    argv = ["-f", str(tmp_path / "none.yml"), "i18n", "--catalogs", str(catalogs), "update"]
    assert main(argv) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{display_path(broken)}:8:1: this line is not a part of a .po entry "
        '(\'de tous les jours"\'); an entry is a line msgid "..." and a line msgstr '
        '"...", with its text in double quotes',
        "1 error in 1 file",
    ]
    assert {path: path.read_bytes() for path in (good, broken)} == before

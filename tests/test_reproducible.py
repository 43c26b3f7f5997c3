"""Reproducible output: two builds of the same sources are the same bytes, on any day and
with any hash seed; `build --archive` writes a dated zip that is the same bytes too."""

from __future__ import annotations

import datetime
import gzip
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from journey_maps.builds.archive import (
    SourceDateError,
    archive_name,
    day_of,
    site_files,
    source_date_epoch,
    write_archive,
)
from journey_maps.core.paths import display_path

from tests.conftest import REPO

DAY = datetime.date(2026, 11, 23)
EPOCH = 1795392000  # 2026-11-23 00:00 UTC
EPOCH_LATER = EPOCH + 15 * 3600  # 15:00 the same day


def differences(first: Path, second: Path) -> list[str]:
    """Files only one site has, or whose bytes differ."""
    one, two = set(site_files(first)), set(site_files(second))
    only = [f"only in {first}: {path}" for path in sorted(one - two)]
    only += [f"only in {second}: {path}" for path in sorted(two - one)]
    changed = [
        f"differs: {path}"
        for path in sorted(one & two)
        if (first / path).read_bytes() != (second / path).read_bytes()
    ]
    return only + changed


def test_two_builds_of_the_shipped_site_are_identical(shipped_site: Path, tmp_path: Path) -> None:
    """The fixture built the site's 13 languages in parallel processes; this build runs
    them one after another in one process (as mkdocs-static-i18n does), under another
    hash seed, which changes set and dict orders. Both must write the same bytes."""
    current = os.environ.get("PYTHONHASHSEED", "")
    seed = (int(current) + 1) % 2**32 if current.isdigit() else 1
    second = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "build.py", "build", "-d", str(second), "--jobs", "1"],
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": str(seed)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(site_files(second)) > 800
    differ = differences(shipped_site, second)
    assert not differ, f"{len(differ)} files differ between two builds:\n" + "\n".join(differ)
    assert (second / "sitemap.xml.gz").is_file()


def test_archive_of_the_shipped_site_unpacks_into_the_site(
    shipped_site: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first" / archive_name("Journey Maps", DAY)
    first.parent.mkdir()
    assert first.name == "journey-maps-site-2026-11-23.zip"
    assert write_archive(shipped_site, first, DAY) == len(site_files(shipped_site))

    # The same site with other file times and modes gives the same bytes.
    copy = tmp_path / "copy"
    shutil.copytree(shipped_site, copy, copy_function=shutil.copy)
    (copy / "index.html").chmod(0o600)
    os.utime(copy / "sitemap.xml", (0, 0))
    second = tmp_path / "second" / first.name
    second.parent.mkdir()
    write_archive(copy, second, DAY)
    assert first.read_bytes() == second.read_bytes()

    with zipfile.ZipFile(first) as archive:
        entries = archive.infolist()
        archive.extractall(tmp_path / "unpacked")
    names = [entry.filename for entry in entries]
    assert names == sorted(names)
    assert {entry.date_time for entry in entries} == {(2026, 11, 23, 0, 0, 0)}
    assert {entry.external_attr >> 16 for entry in entries} == {0o100644}
    assert not any(name.endswith("/") for name in names), "no folder entries"
    unpacked = tmp_path / "unpacked" / "journey-maps-site-2026-11-23"
    assert differences(shipped_site, unpacked) == []
    index = unpacked / "index.html"
    page = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    local = [
        urlsplit(tag.get("href") or tag.get("src")).path
        for tag in page.select("[href], [src]")
        if not urlsplit(tag.get("href") or tag.get("src")).scheme
    ]
    assert "maps.html" in local
    missing = [url for url in local if url and not (unpacked / unquote(url)).is_file()]
    assert missing == []


def test_build_archive_is_dated_and_reproducible(make_site, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH_LATER))
    site = make_site(extra_yml="site_url: https://intranet.example.com/cx/maps/\n")
    (site.root / "a").mkdir()
    (site.root / "b").mkdir()
    assert site.run("build", "--archive") == 0
    beside = site.root / "test-site-site-2026-11-23.zip"
    count = len(site_files(site.site_dir))
    assert f"archived {count} files into {display_path(beside)}\n" in capsys.readouterr().out
    # MkDocs dates the sitemap with the same day.
    assert "<lastmod>2026-11-23</lastmod>" in (site.site_dir / "sitemap.xml").read_text()
    with gzip.open(site.site_dir / "sitemap.xml.gz") as sitemap:
        sitemap.read()
        assert sitemap.mtime == EPOCH

    # A rebuild keeps the site folder's dot entries; the archive leaves them out.
    (site.site_dir / ".git").mkdir()
    (site.site_dir / ".git" / "HEAD").write_text("ref: refs/heads/pages\n")
    assert site.run("build", "--archive", str(site.root / "a")) == 0
    assert site.run("build", "--archive", str(site.root / "b")) == 0
    made = (site.root / "a" / beside.name).read_bytes()
    assert made == (site.root / "b" / beside.name).read_bytes() == beside.read_bytes()
    with zipfile.ZipFile(beside) as archive:
        assert "test-site-site-2026-11-23/index.html" in archive.namelist()
        assert not [name for name in archive.namelist() if "/." in name]


@pytest.mark.parametrize(
    ("folder", "problem"),
    [
        ("missing", "no such folder"),
        ("mkdocs.yml", "not a folder"),
        ("site/zips", "it is inside the site folder, which the next build replaces"),
    ],
)
def test_archive_folder_that_cannot_take_it(make_site, capsys, folder, problem) -> None:
    site = make_site()
    assert site.run("build", "--archive", str(site.root / folder)) == 2
    err = capsys.readouterr().err
    relative = display_path(site.root / folder)
    assert err == f"error: cannot write the archive into {relative}: {problem}; nothing was built\n"
    assert not site.site_dir.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_archive_folder_not_writable(make_site, capsys) -> None:
    site = make_site()
    locked = site.root / "locked"
    locked.mkdir(mode=0o555)
    assert site.run("build", "--archive", str(locked)) == 2
    assert "locked: not writable; nothing was built\n" in capsys.readouterr().err


def test_bad_source_date_epoch_is_a_usage_error(make_site, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    site = make_site()
    assert site.run("build") == 2
    assert capsys.readouterr().err == (
        "error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not 'yesterday'\n"
    )


def test_source_date_from_environment_then_git_then_today(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert source_date_epoch(tmp_path) == EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "x")
    with pytest.raises(SourceDateError):
        source_date_epoch(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert day_of(source_date_epoch(tmp_path)) == datetime.datetime.now(datetime.UTC).date()

    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    settings = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    for argv in (["init", "-q"], ["add", "mkdocs.yml"], ["commit", "-qm", "first"]):
        subprocess.run(
            [git, *settings, "-C", str(tmp_path), *argv],
            env={**os.environ, "GIT_COMMITTER_DATE": f"@{EPOCH_LATER} +0000"},
            check=True,
        )
    assert source_date_epoch(tmp_path) == EPOCH_LATER
    assert day_of(EPOCH_LATER) == DAY


@pytest.mark.parametrize(
    ("site_name", "name"),
    [
        ("Journey Maps", "journey-maps-site-2026-11-23.zip"),
        ("CX: Maps & Blueprints!", "cx-maps-blueprints-site-2026-11-23.zip"),
        ("旅程地图", "site-2026-11-23.zip"),
    ],
)
def test_archive_name(site_name, name) -> None:
    assert archive_name(site_name, DAY) == name

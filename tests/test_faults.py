"""Faults during a build: whatever stops it, the previous site/ stays exactly as it was.

Each test builds a good site first, then breaks the next build a different way: an
exception in a `hooks:` file, a write that fails for lack of room, a kill in the middle,
a second build started while the first runs, a `--dirty` build. Builds that must be
killed or run side by side run as separate processes, as a user would start them.
"""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from journey_maps.core.paths import display_path

from .conftest import REPO, Site
from .processes import HUNG, finished, running, wait_until

BUILD_PY = str(REPO / "build.py")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder``, by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(site: Site) -> list[str]:
    return sorted(path.name for path in site.root.glob(".site-*"))


def built(site: Site) -> dict[str, bytes]:
    assert site.run("build") == 0
    before = snapshot(site.site_dir)
    assert "journeys/library-card/index.html" in before
    return before


def with_hook(site: Site, code: str) -> None:
    """Add a MkDocs `hooks:` file (the simplest plugin a site can have) to the site."""
    (site.root / "hook.py").write_text(textwrap.dedent(code), encoding="utf-8")
    with site.config.open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - hook.py\n")


@contextmanager
def started_build(site: Site, **environment: str) -> Iterator[subprocess.Popen[str]]:
    """``build.py build`` of ``site`` in a process of its own, ended when the block is."""
    with running(
        [sys.executable, BUILD_PY, "-f", str(site.config), "build"],
        cwd=site.root,
        env={**os.environ, **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as build:
        yield build


@contextmanager
def stalled_build(site: Site) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """A build that has written all its pages into its staging folder, then stalls (a
    hook waits for good), to be stopped midway; and that staging folder."""
    marker = site.root / "pages-written"
    with_hook(
        site,
        f"""\
        import pathlib, threading

        def on_post_build(config):
            pathlib.Path({str(marker)!r}).write_text(config.site_dir)
            threading.Event().wait()
        """,
    )
    with started_build(site) as build:
        wait_until(marker.exists, "the build to write its pages", process=build)
        yield build, Path(marker.read_text())


def test_an_exception_in_a_hook_says_where_and_keeps_the_site(make_site, capsys) -> None:
    site = make_site()
    before = built(site)
    with_hook(
        site,
        """\
        def on_post_page(output, page, config):
            if "library-card" in page.file.src_uri:
                raise RuntimeError("the hook broke")
            return output
        """,
    )
    capsys.readouterr()
    assert site.run("build") == 1
    err = capsys.readouterr().err
    assert "error: RuntimeError: the hook broke (raised at " in err
    assert "hook.py:3 in on_post_page)" in err
    assert "Traceback" not in err
    assert f"build failed; {display_path(site.site_dir)} was left as it was" in err
    assert snapshot(site.site_dir) == before
    assert leftovers(site) == []


def test_a_write_that_fails_for_lack_of_room_keeps_the_site(make_site) -> None:
    # A full disk, made real for one process: the system refuses any write past 300 KB
    # (EFBIG, as it refuses one past the end of a full disk with ENOSPC); Python ignores
    # the signal that would otherwise kill it. Material's search worker is bigger.
    site = make_site()
    before = built(site)

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    result = subprocess.run(
        [sys.executable, BUILD_PY, "-f", str(site.config), "build"],
        cwd=site.root,
        capture_output=True,
        text=True,
        preexec_fn=small_disk,
        timeout=HUNG,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "error: File too large (" in result.stderr
    assert "build failed; site was left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site.site_dir) == before
    assert leftovers(site) == []


def test_a_killed_build_keeps_the_site_and_the_next_build_tidies_up(make_site) -> None:
    site = make_site()
    before = built(site)
    with stalled_build(site) as (build, staging):
        assert staging.parent == site.root
        assert staging.name.startswith(".site-build-")
        assert (staging / "journeys/library-card/index.html").is_file()
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=HUNG)
    assert snapshot(site.site_dir) == before
    assert staging.is_dir(), "a killed build cannot clean up after itself"

    # Folders of the user's own whose names start alike are not leftovers.
    kept = [site.root / ".site-old-backup", site.root / ".site-build-notes"]
    for folder in kept:
        folder.mkdir()
        (folder / "keep.txt").write_text("mine")
    (site.root / "hook.py").write_text("")
    site.write("index.md", "# Home\n\nWelcome back.\n")
    assert site.run("build") == 0
    assert leftovers(site) == sorted(folder.name for folder in kept)
    assert all((folder / "keep.txt").read_text() == "mine" for folder in kept)
    assert "Welcome back." in (site.site_dir / "index.html").read_text()


def test_ctrl_c_mid_build_keeps_the_site_and_says_so(make_site) -> None:
    site = make_site()
    before = built(site)
    with stalled_build(site) as (build, _):
        build.send_signal(signal.SIGINT)
        _, err = finished(build)
    assert build.returncode == 130
    assert err.endswith("interrupted; site was left as it was\n")
    assert "Traceback" not in err
    assert snapshot(site.site_dir) == before
    assert leftovers(site) == []


def test_a_second_build_waits_for_the_first(make_site) -> None:
    site = make_site()
    built(site)
    started, release = site.root / "first-started", site.root / "first-may-finish"
    with_hook(
        site,
        f"""\
        import os, pathlib, time

        def on_post_build(config):
            if os.environ.get("SLOW_BUILD"):
                pathlib.Path({str(started)!r}).write_text("")
                while not pathlib.Path({str(release)!r}).exists():
                    time.sleep(0.05)
        """,
    )
    site.write("index.md", "# Home\n\nFirst edit.\n")
    with started_build(site, SLOW_BUILD="1") as first:
        wait_until(started.exists, "the first build to write its pages", process=first)
        site.write("index.md", "# Home\n\nSecond edit.\n")
        with started_build(site) as second:
            assert second.stderr is not None
            # The first build holds the lock until it is released: the second says it waits.
            line = second.stderr.readline()
            assert line == "another build into site is running; waiting for it to finish\n"
            assert second.poll() is None
            release.write_text("")
            _, first_err = finished(first)
            _second_out, second_err = finished(second)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert "waiting" not in first_err
    # The second build swapped its site in after the first had finished: the newest
    # sources win, whole.
    assert "Second edit." in (site.site_dir / "index.html").read_text()
    assert "library-card" in (site.site_dir / "search/search_index.json").read_text()
    assert leftovers(site) == []


def test_a_build_starts_only_once_the_lock_is_free(make_site) -> None:
    site = make_site()
    before = built(site)
    began = site.root / "build-began"
    with_hook(
        site,
        f"""\
        import pathlib, time

        def on_pre_build(config):
            pathlib.Path({str(began)!r}).write_text(repr(time.time()))
        """,
    )
    site.write("index.md", "# Home\n\nEdited.\n")
    with (site.root / ".site.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build holds it
        with started_build(site) as build:
            try:
                assert build.stderr is not None
                line = build.stderr.readline()
                assert line == "another build into site is running; waiting for it to finish\n"
                time.sleep(1)
                assert snapshot(site.site_dir) == before
            finally:
                released = time.time()
                fcntl.flock(lock, fcntl.LOCK_UN)
            _, err = finished(build)
    assert build.returncode == 0, err
    assert float(began.read_text()) >= released, "MkDocs began building before the lock was free"
    assert "Edited." in (site.site_dir / "index.html").read_text()


def test_a_dirty_build_is_refused_before_it_writes(make_site) -> None:
    # MkDocs' --dirty renders changed pages only, and its search plugin then writes an
    # index of those pages alone.
    site = make_site()
    before = built(site)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(site.config)],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=HUNG,
        check=False,
    )
    assert result.returncode == 1
    assert (
        "Error: journey-maps rebuilds the whole site each time: run without --dirty"
        in result.stderr
    )
    assert snapshot(site.site_dir) == before

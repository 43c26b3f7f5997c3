"""Languages built in parallel processes: the same site as one language after another, and
the same promises when one of them fails, dies or is interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from journey_maps.cli import main
from journey_maps.core.paths import display_path
from journey_maps.mkdocs_plugin.static_i18n import without_copies_of_the_default

from tests.conftest import REPO
from tests.processes import alive, finished, running, wait_until
from tests.test_faults import snapshot
from tests.test_i18n import i18n_site

BUILD_PY = str(REPO / "build.py")
LOCALES = ["en", "de", "fr"]


def multilingual_site(root: Path, hook: str | None = None) -> Path:
    """A site in three languages; with ``hook``, a MkDocs hooks: file of that code."""
    config = i18n_site(root, LOCALES)
    if hook is not None:
        add_hook(config, hook)
    return config


def add_hook(config: Path, code: str) -> None:
    (config.parent / "hook.py").write_text(textwrap.dedent(code), encoding="utf-8")
    with config.open("a", encoding="utf-8") as file:
        file.write("hooks:\n  - hook.py\n")


def leftovers(root: Path) -> list[str]:
    return sorted(path.name for path in root.glob(".site-*"))


def test_any_number_of_jobs_builds_the_same_site(tmp_path: Path) -> None:
    config = multilingual_site(tmp_path)
    sites = {}
    for jobs in (1, 2, 5):
        site = tmp_path / f"site-{jobs}"
        assert main(["-f", str(config), "build", "-d", str(site), "--jobs", str(jobs)]) == 0
        sites[jobs] = snapshot(site)
    assert "fr/journeys/card/index.html" in sites[1]
    assert "de/journeys/card/index.html" in sites[1]
    assert sites[2] == sites[1]
    assert sites[5] == sites[1]


def test_a_failure_in_one_language_says_where_once_and_keeps_the_site(
    tmp_path: Path, capsys
) -> None:
    config = multilingual_site(tmp_path)
    assert main(["-f", str(config), "build", "--jobs", "3"]) == 0
    before = snapshot(tmp_path / "site")
    add_hook(
        config,
        """\
        def on_page_markdown(markdown, page, config, files):
            if config.theme["language"] == "de":
                raise RuntimeError("no German today")
            return markdown
        """,
    )
    capsys.readouterr()
    assert main(["-f", str(config), "build", "--jobs", "3"]) == 1
    err = capsys.readouterr().err
    assert err.count("error: RuntimeError: no German today (raised at ") == 1
    assert "hook.py:3 in on_page_markdown)" in err
    assert "Traceback" not in err
    assert f"build failed; {display_path(tmp_path / 'site')} was left as it was" in err
    assert snapshot(tmp_path / "site") == before
    assert leftovers(tmp_path) == []


def test_a_language_build_that_dies_is_named(tmp_path: Path, capsys) -> None:
    config = multilingual_site(
        tmp_path,
        hook="""\
        import os, signal

        def on_post_build(config):
            if config.theme["language"] == "fr":
                os.kill(os.getpid(), signal.SIGKILL)
        """,
    )
    capsys.readouterr()
    assert main(["-f", str(config), "build", "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert "error: the build of 'fr' stopped (killed by SIGKILL)" in err
    assert not (tmp_path / "site").exists()
    assert leftovers(tmp_path) == []


def test_ctrl_c_stops_every_language_build_and_keeps_the_site(tmp_path: Path) -> None:
    config = multilingual_site(tmp_path)
    assert main(["-f", str(config), "build", "--jobs", "3"]) == 0
    before = snapshot(tmp_path / "site")
    marker = tmp_path / "started"
    marker.mkdir()
    add_hook(
        config,
        f"""\
        import os, pathlib, threading

        def on_post_build(config):
            pathlib.Path({str(marker)!r}, str(os.getpid())).write_text("")
            threading.Event().wait()
        """,
    )
    # A terminal's Ctrl-C interrupts the whole foreground process group.
    with running(
        [sys.executable, BUILD_PY, "-f", str(config), "build", "--jobs", "3"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as build:
        wait_until(
            lambda: len(list(marker.iterdir())) == 3, "three languages to be built", process=build
        )
        workers = [int(path.name) for path in marker.iterdir()]
        os.killpg(build.pid, signal.SIGINT)
        _, err = finished(build)
    assert build.returncode == 130
    assert err.endswith("interrupted; site was left as it was\n")
    assert "Traceback" not in err
    # The build killed and reaped its languages' processes before it exited.
    assert not any(alive(pid) for pid in workers), "a language's build outlived the build"
    assert snapshot(tmp_path / "site") == before
    assert leftovers(tmp_path) == []


def test_a_number_of_jobs_below_one_is_refused(tmp_path: Path, capsys) -> None:
    config = multilingual_site(tmp_path)
    assert main(["-f", str(config), "build", "--jobs", "0"]) == 2
    assert "'0' is not a whole number of 1 or more" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_the_joined_search_index_drops_each_languages_copy_of_a_default_entry() -> None:
    def entry(location: str, title: str = "Home", text: str = "Welcome.") -> dict[str, str]:
        return {"location": location, "title": title, "text": text}

    docs = [
        entry(""),
        entry("guide/", "Guide", "How to."),
        entry("de/", "Startseite", "Willkommen."),  # translated: kept
        entry("de/guide/", "Guide", "How to."),  # the untranslated copy: dropped
        entry("fr/"),  # a copy of the home page: dropped
        entry("fr/guide/", "Guide", "Comment faire."),
    ]
    assert without_copies_of_the_default(docs, LOCALES) == [
        docs[0],
        docs[1],
        docs[2],
        docs[5],
    ]

"""The preview's rebuild after an edit to the maps: only the pages the edit changes are
rendered again, and the site is the one a whole build makes, byte for byte, search index
and other languages included."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from journey_maps.builds.preview import Rebuilder
from journey_maps.cli import main
from journey_maps.cli.site import checked, load_or_say
from journey_maps.core.collection import Collection
from journey_maps.core.errors import WholeBuildNeeded
from journey_maps.mkdocs_plugin.incremental import Incremental

from tests.conftest import MINIMAL_JOURNEY
from tests.test_faults import snapshot
from tests.test_i18n import i18n_site

FUTURE = MINIMAL_JOURNEY.replace(
    "title: Renewing a library card", "title: Renewing a card online"
).replace("tags: [library, renewal]", "tags: [library]\nstate: future\nimproves: card.md")
OTHER = MINIMAL_JOURNEY.replace(
    "title: Renewing a library card", "title: Paying a late fee"
).replace("industry: Public sector", "industry: Culture")


@pytest.fixture
def preview(tmp_path: Path) -> tuple[Path, Rebuilder]:
    """A site in three languages, served from a folder by the preview's rebuilder: a
    map, its French translation, a future-state map that improves it, and another map."""
    config = i18n_site(tmp_path, ["en", "de", "fr"])
    journeys = tmp_path / "docs" / "journeys"
    (journeys / "future.md").write_text(FUTURE)
    (journeys / "other.md").write_text(OTHER)
    served = tmp_path / "served"
    served.mkdir()
    rebuild = Rebuilder(
        config,
        served,
        load=lambda: load_or_say(config),
        check=checked,
    )
    assert rebuild()
    return config, rebuild


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    time.sleep(0.01)  # a later modification time than the pages built from it
    path.write_text(text.replace(old, new))


def times(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file()
    }


def whole_build(config: Path, tmp_path: Path) -> dict[str, bytes]:
    site = tmp_path / "whole"
    assert main(["-f", str(config), "build", "-d", str(site), "--jobs", "1"]) == 0
    return snapshot(site)


def rendered_again(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, time_ns in after.items() if before.get(path) != time_ns}


def test_an_edited_map_renders_its_pages_and_its_neighbours_only(
    preview: tuple[Path, Rebuilder], tmp_path: Path
) -> None:
    config, rebuild = preview
    before = times(rebuild.served)
    edit(config.parent / "docs/journeys/card.md", "No reason shown", "No reason shown at all")
    assert rebuild()
    assert rebuild.dirty
    assert snapshot(rebuild.served) == whole_build(config, tmp_path)
    again = rendered_again(before, times(rebuild.served))
    for language in ("", "de/", "fr/"):
        assert f"{language}journeys/card/index.html" in again
        # The future-state map compares itself with the edited one.
        assert f"{language}journeys/future/index.html" in again
        assert f"{language}journeys/other/index.html" not in again
    assert "search/search_index.json" in again
    # The next build starts from the site served before this one, brought up to date.
    before = times(rebuild.served)
    edit(config.parent / "docs/journeys/other.md", "Paying a late fee", "Paying a fine")
    assert rebuild()
    assert rebuild.dirty
    assert snapshot(rebuild.served) == whole_build(config, tmp_path / "again")
    again = rendered_again(before, times(rebuild.served))
    assert "fr/journeys/other/index.html" in again
    assert "fr/journeys/card/index.html" not in again


def test_an_edited_translation_renders_its_map_again(
    preview: tuple[Path, Rebuilder], tmp_path: Path
) -> None:
    config, rebuild = preview
    before = times(rebuild.served)
    edit(config.parent / "docs/journeys/card.fr.md", "Découvrir", "Découvrir la borne")
    assert rebuild()
    assert rebuild.dirty
    assert snapshot(rebuild.served) == whole_build(config, tmp_path)
    again = rendered_again(before, times(rebuild.served))
    assert "fr/journeys/card/index.html" in again
    assert "fr/journeys/other/index.html" not in again


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ("industry: Culture", "industry: Libraries"),  # a new facet page, one gone
        ("title: Paying a late fee", "title: Paying a late fee\ndraft: true"),  # a page gone
    ],
    ids=["new-facet-value", "made-a-draft"],
)
def test_an_edit_that_changes_which_pages_there_are_builds_the_whole_site(
    preview: tuple[Path, Rebuilder], tmp_path: Path, change: str, why: str
) -> None:
    config, rebuild = preview
    edit(config.parent / "docs/journeys/other.md", change, why)
    assert rebuild()
    assert snapshot(rebuild.served) == whole_build(config, tmp_path)


def test_a_new_map_or_another_file_builds_the_whole_site(
    preview: tuple[Path, Rebuilder], tmp_path: Path
) -> None:
    config, rebuild = preview
    (config.parent / "docs/journeys/new.md").write_text(
        OTHER.replace("title: Paying a late fee", "title: Returning a book")
    )
    assert rebuild()
    assert not rebuild.dirty
    edit(config.parent / "docs/index.md", "# Home", "# Welcome")
    assert rebuild()
    assert not rebuild.dirty
    assert snapshot(rebuild.served) == whole_build(config, tmp_path)


def test_a_broken_edit_keeps_the_site_and_its_fix_is_rendered(
    preview: tuple[Path, Rebuilder], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, rebuild = preview
    card = config.parent / "docs/journeys/card.md"
    served = snapshot(rebuild.served)
    edit(card, "emotion: very negative", "emotion: furious")
    assert not rebuild()
    assert "card.md:22:18: " in capsys.readouterr().err
    assert snapshot(rebuild.served) == served
    edit(card, "emotion: furious", "emotion: negative")
    assert rebuild()
    assert rebuild.dirty
    assert snapshot(rebuild.served) == whole_build(config, tmp_path)


def test_editors_files_beside_a_map_leave_the_build_dirty(
    preview: tuple[Path, Rebuilder], tmp_path: Path
) -> None:
    config, rebuild = preview
    journeys = config.parent / "docs/journeys"
    (journeys / ".card.md.swp").write_bytes(b"vim swap")
    (journeys / "card.md~").write_text(MINIMAL_JOURNEY)
    edit(journeys / "card.md", "No reason shown", "No reason given")
    assert rebuild()
    assert rebuild.dirty
    assert snapshot(rebuild.served) == whole_build(config, tmp_path)


def test_a_map_in_the_navigation_makes_every_build_whole(
    preview: tuple[Path, Rebuilder], tmp_path: Path
) -> None:
    """Its title is on every page, in the navigation."""
    config, rebuild = preview
    with config.open("a") as file:
        file.write("nav:\n  - index.md\n  - journeys/card.md\n")
    assert rebuild()
    edit(config.parent / "docs/journeys/card.md", "Renewing a library card", "Renewing a card")
    assert rebuild()
    assert not rebuild.dirty
    assert snapshot(rebuild.served) == whole_build(config, tmp_path)


def test_a_map_saved_while_the_languages_were_built_makes_the_next_build_whole() -> None:
    """Each language's build reads the maps that are there when it starts: after an edit
    part way, the languages' pages come from two versions of the map, and the memory of
    that build cannot tell the next which pages are out of date."""
    incremental = Incremental()
    incremental.start(dirty=False)
    assert incremental.plan([], Collection(), frozenset())  # the first language
    assert not incremental.plan([], Collection(), frozenset())  # another map read
    incremental.remember()
    with pytest.raises(WholeBuildNeeded):
        incremental.start(dirty=True)

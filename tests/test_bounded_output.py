"""What one map author can cost a site: output that grows with the input, not its square,
and Markdown that renders in bounded time and depth in every language.

The hostile corpus (tests/hostile/refused/body-*.md) holds the bodies a single file is
refused for; here are what a whole site does with them: a translation's body, the pages a
map with many tags or touchpoints adds.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from journey_maps.core.model import MAX_POINTS, MAX_STAGES, MAX_STEPS, MAX_TAGS

from tests.conftest import MINIMAL_JOURNEY, Site
from tests.test_faults import snapshot
from tests.test_i18n import FRENCH, i18n_site

TAGS = MAX_TAGS
STEPS = 60


def _journey_with(tags: int, steps: int) -> str:
    listed = ", ".join(f"tag {n}" for n in range(tags))
    rows = "".join(
        f"      - action: Step {n}\n        touchpoint: Touchpoint {n}\n"
        f"        channel: Channel {n}\n        emotion: 0\n"
        for n in range(steps)
    )
    return (
        "---\ntitle: Everything at once\nsummary: One map with many values.\n"
        f"tags: [{listed}]\nstages:\n  - name: All\n    steps:\n{rows}---\nA body.\n"
    )


def _links_to(page: Path, folder: str) -> set[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    content = soup.select_one("article") or soup
    return {a["href"] for a in content.select("a[href]") if f"/{folder}/" in f"/{a['href']}"}


def test_a_value_page_does_not_repeat_the_other_values(make_site, capsys) -> None:
    """A map with as many tags as it may have, and 60 touchpoints and channels, gets a page
    for each: were each page to list them all, or the map's card on each to carry them, the
    site would grow with their square (1,000 tags once made 3 GB)."""
    site: Site = make_site(journey=_journey_with(TAGS, STEPS))
    assert site.run("build") == 0, capsys.readouterr().err
    tag_pages = sorted((site.site_dir / "maps" / "tag").glob("*/index.html"))
    assert len(tag_pages) == TAGS
    points = sorted((site.site_dir / "maps" / "touchpoint").glob("*/index.html"))
    channels = sorted((site.site_dir / "maps" / "channel").glob("*/index.html"))
    assert len(points) == len(channels) == STEPS
    for page in (tag_pages[0], tag_pages[-1]):
        # Its own value (to unselect it) at most: the full list is one link away.
        assert len({href for href in _links_to(page, "tag") if "tag-" in href}) <= 1
        assert "tag-2" not in page.read_text(encoding="utf-8").replace(page.parent.name, "")
    for page in (points[0], channels[-1]):
        assert len(_links_to(page, "touchpoint") | _links_to(page, "channel")) <= 2
    # Each value page stays the size of one, whatever the number of values.
    for pages in (tag_pages, points, channels):
        sizes = [page.stat().st_size for page in pages]
        assert max(sizes) - min(sizes) < 500, (min(sizes), max(sizes))


def test_a_map_past_the_limits_is_refused_at_the_first_one_too_many(make_site, capsys) -> None:
    """check and the build agree: one stage, step and tag too many, each at its line."""
    stages = "".join(f"  - name: Stage {n}\n    steps:\n      - action: Go\n" for n in range(35))
    tags = ", ".join(f"t{n}" for n in range(40))
    journey = f"---\ntitle: Too much\nsummary: s\ntags: [{tags}]\nstages:\n{stages}---\n"
    site: Site = make_site(journey=journey)
    tag_column = journey.split("\n")[3].index(f"t{MAX_TAGS},") + 1
    stage_line = 6 + 3 * MAX_STAGES
    expected = [
        f"journeys/library-card.md:4:{tag_column}: tags[{MAX_TAGS}]: a map has at most "
        f"{MAX_TAGS} tags and this is tag {MAX_TAGS + 1}",
        f"journeys/library-card.md:{stage_line}:5: stages[{MAX_STAGES}]: a map has at most "
        f"{MAX_STAGES} stages and this is stage {MAX_STAGES + 1}",
    ]
    for command in ("check", "build"):
        assert site.run(command) == 1
        err = capsys.readouterr().err
        for message in expected:
            assert message in err, err
    steps = "".join(f"      - action: Step {n}\n" for n in range(MAX_STEPS + 5))
    site.write(
        "journeys/library-card.md",
        f"---\ntitle: Long\nsummary: s\nstages:\n  - name: All\n    steps:\n{steps}---\n",
    )
    assert site.run("check") == 1
    assert (
        f"journeys/library-card.md:{7 + MAX_STEPS}:9: stages[0].steps[{MAX_STEPS}]: a map has at "
        f"most {MAX_STEPS} steps and this is step {MAX_STEPS + 1}"
    ) in capsys.readouterr().err


NESTED_BODY = "## Ce que nous avons appris\n\n" + "".join(
    "    " * level + "- étape\n" for level in range(30)
)


def test_a_translation_body_too_deep_to_render_is_refused_at_its_line(
    tmp_path: Path, capsys
) -> None:
    """A translator's body is rendered like the source's: refused by check and by the
    build, at the line of the file, and the site already built stays as it was."""
    config = i18n_site(tmp_path, ["en", "fr"], translation=FRENCH.split("---\n## ")[0] + "---\n")
    from journey_maps.cli import main

    assert main(["-f", str(config), "build"]) == 0, capsys.readouterr().err
    before = snapshot(tmp_path / "site")
    translation = tmp_path / "docs" / "journeys" / "card.fr.md"
    translation.write_text(translation.read_text() + NESTED_BODY, encoding="utf-8")
    first_line = translation.read_text().split("\n").index("- étape") + 1
    deepest = first_line + 21  # the 22nd item sits 21 levels in
    expected = (
        f"docs/journeys/card.fr.md:{deepest}:1: this line is nested 21 levels deep in lists, "
        "quotes or indented blocks; Markdown renders at most 20: indent it less, or put it "
        "in a fenced code block (```) if it is code"
    )
    for command in ("check", "build"):
        capsys.readouterr()
        assert main(["-f", str(config), command]) == 1
        err = capsys.readouterr().err
        assert expected in err.replace(str(tmp_path) + "/", ""), err
        assert "Traceback" not in err
    assert snapshot(tmp_path / "site") == before


def test_a_paragraph_of_lone_brackets_is_refused_before_markdown_runs(make_site, capsys) -> None:
    """12,000 '[' once took minutes per language; refused at the paragraph, by check."""
    site: Site = make_site(journey=MINIMAL_JOURNEY + "\nThe kiosk printed:\n" + "[" * 12_000)
    assert site.run("check") == 1
    err = capsys.readouterr().err
    line = MINIMAL_JOURNEY.count("\n") + 2
    assert f"journeys/library-card.md:{line}:1: the paragraph from here holds so many '['" in err


DEEP_LIST = "".join("    " * level + "- x\n" for level in range(30))


def test_a_fence_markdown_does_not_close_hides_nothing_from_the_guard() -> None:
    """Markdown renders the text after a fence never closed, or indented, or quoted, as
    text: so does the guard. A closed fence holds code, shown as written, never nested."""
    from journey_maps.core.markdown_cost import body_problems

    def lines_of(body: str) -> list[int]:
        return [problem.position.line for problem in body_problems(body, 1)]

    assert lines_of("```\n\n" + DEEP_LIST) == [3 + 21]
    assert lines_of("```\n" + "[" * 3000) == [1]
    assert lines_of("Text\n\n    ```\n\n" + "[" * 3000) == [5]
    assert lines_of("> ```\n" + "[" * 3000 + "\n> ```\n") == [1]
    assert lines_of("````\n" + "[" * 3000 + "\n```\n") == [1]
    assert lines_of("```text\n" + DEEP_LIST + "[" * 3000 + "\n```\n") == []


def test_a_translation_with_empty_front_matter_has_its_body_guarded_too(
    tmp_path: Path, capsys
) -> None:
    config = i18n_site(tmp_path, ["en", "fr"], translation="---\n---\n" + DEEP_LIST)
    from journey_maps.cli import main

    assert main(["-f", str(config), "check"]) == 1
    err = capsys.readouterr().err.replace(str(tmp_path) + "/", "")
    assert "docs/journeys/card.fr.md:24:1: this line is nested 21 levels deep" in err, err


def test_a_map_naming_too_many_touchpoints_is_refused_at_the_step(make_site, capsys) -> None:
    """Each touchpoint and channel is a page: one step listing 5,000 would be 10,000."""
    listed = ", ".join(f"tp{n}" for n in range(MAX_POINTS + 50))
    journey = (
        "---\ntitle: Everywhere\nsummary: s\nstages:\n  - name: All\n    steps:\n"
        f"      - action: Go\n        touchpoint: [{listed}]\n        channel: [{listed}]\n"
        "---\n"
    )
    site: Site = make_site(journey=journey)
    for command in ("check", "build"):
        assert site.run(command) == 1
        err = capsys.readouterr().err
        for at, field, noun in (
            ("8:21", "touchpoint", "touchpoints"),
            ("9:18", "channel", "channels"),
        ):
            assert (
                f"journeys/library-card.md:{at}: stages[0].steps[0].{field}: a map names at "
                f"most {MAX_POINTS} different {noun} and this step goes past them"
            ) in err, err

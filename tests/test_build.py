"""End to end: real MkDocs builds of tiny sites in tmp_path, HTML parsed and checked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_JOURNEY, Site

LANES = [  # lanes.DEFAULT_ORDER: doing, thinking, feeling first; then where and who
    "Actions",
    "Thoughts",
    "Emotions",
    "Pains",
    "Opportunities",
    "Touchpoints",
    "Channels",
    "Owner",
    "Metrics",
]


def test_map_page_structure(make_site, capsys) -> None:
    site = make_site()
    assert site.run("build") == 0
    page = site.html("journeys/library-card")
    article = page.select_one("article.jm-page")
    assert article is not None
    assert article.select_one("h1").get_text(strip=True) == "Renewing a library card"
    badges = [b.get_text(strip=True) for b in article.select(".jm-badge")]
    assert badges == ["Example", "Current state"]
    facts = {
        dt.get_text(strip=True): dd.get_text(" ", strip=True)
        for dt, dd in zip(
            article.select(".jm-facts dt"), article.select(".jm-facts dd"), strict=True
        )
    }
    assert facts == {
        "Industry": "Public sector",
        "Owner": "Member services",
        "Reviewed": "Oct 1, 2026",
        "Tags": "library renewal",
    }
    assert article.select_one(".jm-persona__name").get_text(" ", strip=True).startswith("Sam")
    assert "expired" in article.select_one(".jm-scenario").get_text()

    table = article.select_one("table.jm-map")
    phases = [(th.get_text(strip=True), th["colspan"]) for th in table.select(".jm-phase")]
    assert phases == [("Before", "1"), ("During", "2")]
    stages = [(th.get_text(strip=True), th["colspan"]) for th in table.select("th.jm-stage")]
    assert stages == [("Discover", "1"), ("Renew", "2")]
    assert len(table.select("thead th[scope=col].jm-step")) == 3
    row_labels = [th.get_text(strip=True) for th in table.select("tbody th[scope=row]")]
    assert row_labels == LANES
    for row in table.select("tbody tr"):
        assert len(row.find_all("td")) == 3, row.th.get_text()

    words = [w.get_text(strip=True) for w in table.select(".jm-emotion__word")]
    assert words == ["Very negative", "Positive", "Very positive"]
    metrics = table.select(".jm-metric")
    assert [m.select_one(".jm-metric__value").get_text() for m in metrics] == ["12\u00a0min", "98%"]
    assert [m.select_one(".jm-metric__mark").get_text(" ", strip=True) for m in metrics] == [
        "✗ Missed",
        "✓ Met",
    ]
    assert metrics[0].select_one(".jm-metric__target").get_text() == "target ≤ 5\u00a0min"

    body = article.select_one(".jm-body")
    assert body.h2.get_text(strip=True).startswith("What we learned")
    assert table.find_all_next("div", class_="jm-body"), "the narrative renders below the map"
    assert "built" in capsys.readouterr().out


def test_lane_order_visibility_and_custom_lanes(make_site) -> None:
    journey = MINIMAL_JOURNEY.replace(
        "        owner: Branch team\n",
        "        owner: Branch team\n        lanes: {backstage: Card status check}\n",
    )
    site = make_site(
        "lanes: [backstage, actions, emotions]\n"
        "custom_lanes: {backstage: Backstage, support: Support}",
        journey=journey,
    )
    assert site.run("build") == 0
    table = site.html("journeys/library-card").select_one("table.jm-map")
    assert [th.get_text(strip=True) for th in table.select("tbody th[scope=row]")] == [
        "Backstage",
        "Actions",
        "Emotions",
    ]
    assert table.select_one(".jm-lane--backstage td").get_text(strip=True) == "Card status check"


def test_unknown_lane_option_is_a_configuration_error(make_site, capsys) -> None:
    site = make_site("lanes: [actions, emotion]")
    assert site.run("build") == 2
    assert "unknown lane 'emotion'; did you mean 'emotions'?" in capsys.readouterr().err


def test_errors_of_all_files_reported_and_previous_site_kept(make_site, capsys) -> None:
    site = make_site()
    assert site.run("build") == 0
    marker = site.site_dir / "journeys" / "library-card" / "index.html"
    before = marker.read_bytes()
    site.write("journeys/bad-one.md", MINIMAL_JOURNEY.replace("summary:", "sumary:"))
    site.write("journeys/deep/bad-two.md", MINIMAL_JOURNEY.replace("emotion: 1", "emotion: 7"))
    capsys.readouterr()
    assert site.run("build") == 1
    err = capsys.readouterr().err
    docs = site.docs.relative_to(Path.cwd()) if site.docs.is_relative_to(Path.cwd()) else site.docs
    expected = "journeys/bad-one.md:3:1: unknown field 'sumary'; did you mean 'summary'?"
    assert f"{docs.as_posix()}/{expected}" in err
    line = MINIMAL_JOURNEY.splitlines().index("        emotion: 1") + 1
    assert (
        f"{docs.as_posix()}/journeys/deep/bad-two.md:{line}:18: stages[1].steps[0].emotion: "
        "emotion 7 is out of range"
    ) in err
    assert "3 errors in 2 files" in err  # bad-one also lacks summary
    assert marker.read_bytes() == before
    assert not list(site.root.glob(".site-build-*"))


def test_mkdocs_swallowed_yaml_error_is_ours_to_report(make_site, capsys) -> None:
    # MkDocs 1.6 would render this page with the broken front-matter as text and exit 0.
    site = make_site(journey=MINIMAL_JOURNEY.replace("tags: [library, renewal]", "tags: [library"))
    assert site.run("build") == 1
    assert "library-card.md:6:" in capsys.readouterr().err
    assert not site.site_dir.exists()


def test_failed_mkdocs_build_keeps_previous_site(make_site, capsys) -> None:
    site = make_site()
    assert site.run("build") == 0
    index_before = (site.site_dir / "index.html").read_bytes()
    site.write("index.md", "# Home\n\n[broken](missing.md)\n")  # a warning: fatal in strict mode
    assert site.run("build") == 1
    assert "left as it was" in capsys.readouterr().err
    assert (site.site_dir / "index.html").read_bytes() == index_before


def test_draft_appears_nowhere(make_site) -> None:
    site = make_site(extra_yml="site_url: https://intranet.example/maps/\n")
    site.write(
        "journeys/secret.md",
        MINIMAL_JOURNEY.replace(
            "title: Renewing a library card", "title: Secret merger plan\ndraft: true"
        ),
    )
    assert site.run("build") == 0
    assert not (site.site_dir / "journeys" / "secret").exists()
    everything = "".join(
        p.read_text(errors="ignore")
        for p in site.site_dir.rglob("*")
        if p.is_file() and p.suffix in {".html", ".json", ".xml"}
    )
    assert "secret" not in everything.lower()
    assert "library-card" in (site.site_dir / "sitemap.xml").read_text()
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text())
    assert not [doc for doc in index["docs"] if "Secret" in doc["title"]]


def test_maps_stay_out_of_generated_navigation(make_site) -> None:
    site = make_site()
    site.write("about.md", "# About\n")
    assert site.run("build") == 0
    nav = site.html("about").select_one("nav.md-nav--primary")
    links = [a.get_text(strip=True) for a in nav.select("a.md-nav__link")]
    assert "About" in links
    assert not any("library" in link.lower() for link in links)


HOSTILE_TITLE = '</title><script>alert("t")</script> & "quotes"'


def test_text_is_escaped_everywhere(make_site) -> None:
    journey = (
        MINIMAL_JOURNEY.replace("title: Renewing a library card", f"title: '{HOSTILE_TITLE}'")
        .replace(
            "summary: A reader renews an expired card before borrowing a book.",
            "summary: '\"><img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}'",
        )
        .replace(
            "thought: Why does it beep?",
            "thought: '[click](javascript:alert(1)) <b onmouseover=x>b</b>'",
        )
    )
    journey += (
        "\n<script>alert('body')</script>\n\n[x](javascript:alert(2))\n\n"
        '## Heading {: onmouseover="alert(3)" }\n'
    )
    site = make_site(extra_yml="markdown_extensions: [attr_list]\n", journey=journey)
    assert site.run("build") == 0
    raw = (site.site_dir / "journeys" / "library-card" / "index.html").read_text()
    assert "<script>alert" not in raw
    assert "onerror=" not in raw.replace("onerror=alert(1)&gt;", "")
    assert "javascript:" not in raw
    assert "onmouseover" not in raw.replace("&lt;b onmouseover=x&gt;", "")
    page = site.html("journeys/library-card")
    assert page.title.get_text() == f"{HOSTILE_TITLE} - Test site"
    assert page.select_one("meta[name=description]")["content"].startswith('"><img src=x')
    assert page.select_one("h1.jm-title").get_text() == HOSTILE_TITLE
    assert "{{ 7*7 }} {% raw %}" in page.select_one(".jm-summary").get_text()
    assert page.select_one(".jm-lane--thoughts td b") is None


def test_any_pages_title_and_description_are_escaped(make_site) -> None:
    # Not only maps: Material prints any page's front-matter title and description as is.
    site = make_site()
    site.write(
        "about.md",
        "---\n"
        f"title: '{HOSTILE_TITLE}'\n"
        'description: \'"><script>alert("d")</script>\'\n'
        "---\n\n# About\n\nWho we are.\n",
    )
    assert site.run("build") == 0
    raw = (site.site_dir / "about" / "index.html").read_text()
    assert "<script>alert" not in raw
    page = site.html("about")
    assert page.title.get_text() == f"{HOSTILE_TITLE} - Test site"
    assert page.select_one("meta[name=description]")["content"] == '"><script>alert("d")</script>'
    nav = [a.get_text(strip=True) for a in page.select("nav.md-nav--primary a.md-nav__link")]
    assert HOSTILE_TITLE in nav


def test_journeys_are_read_again_when_a_photo_appears(make_site) -> None:
    # One collection serves every language of a build, and MkDocs keeps the plugin for
    # all of `serve`: a photo added after the error must end the error.
    from journey_maps.mkdocs_plugin.sites import check_journeys, load_site

    journey = MINIMAL_JOURNEY.replace("  role: Student\n", "  role: Student\n  photo: sam.svg\n")
    site = make_site(journey=journey)
    config = load_site(site.config)
    assert next(e.message for e in check_journeys(config).errors).startswith("persona.photo")
    site.write("journeys/sam.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert check_journeys(config).errors == []


def test_photo_resolves_inside_site(make_site) -> None:
    journey = MINIMAL_JOURNEY.replace(
        "  role: Student\n", "  role: Student\n  photo: img/sam.svg\n"
    )
    site = make_site(journey=journey)
    site.write("journeys/img/sam.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert site.run("build") == 0
    img = site.html("journeys/library-card").select_one("img.jm-persona__photo")
    page_dir = site.site_dir / "journeys" / "library-card"
    assert (page_dir / img["src"]).resolve().is_file()


def test_photo_outside_docs_dir_is_refused(make_site, capsys) -> None:
    journey = MINIMAL_JOURNEY.replace(
        "  role: Student\n", "  role: Student\n  photo: ../../mkdocs.yml\n"
    )
    site = make_site(journey=journey)
    assert site.run("check") == 1
    assert (
        "library-card.md:11:10: persona.photo: photo '../../mkdocs.yml' points outside"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("argv", "code", "stream", "text"),
    [
        (["check"], 0, "out", "1 journeys and 0 translations valid"),
        (["frobnicate"], 2, "err", "invalid choice"),
        (["-f", "nope.yml", "check"], 2, "err", "no such config file"),
    ],
    ids=["check-ok", "unknown-command", "missing-config"],
)
def test_command_line(make_site, capsys, argv, code, stream, text) -> None:
    site: Site = make_site()
    from journey_maps.cli import main

    full = argv if argv[0] == "-f" else ["-f", str(site.config), *argv]
    assert main(full) == code
    captured = capsys.readouterr()
    assert text in (captured.out if stream == "out" else captured.err)


def test_site_without_the_plugin_is_a_usage_error(make_site, capsys) -> None:
    site = make_site()
    site.config.write_text(site.config.read_text().replace("  - journey-maps\n", ""))
    assert site.run("check") == 2
    assert "journey-maps plugin is not enabled" in capsys.readouterr().err


def test_shipped_schema_is_generated_from_the_model() -> None:
    from journey_maps.core.model import json_schema

    shipped = Path(__file__).parent.parent / "plugins/journey_maps/schema/journey.schema.json"
    assert json.loads(shipped.read_text()) == json_schema(), (
        "run: python build.py schema -o plugins/journey_maps/schema/journey.schema.json"
    )


def test_schema_is_published_with_the_site(make_site) -> None:
    site = make_site()
    assert site.run("build") == 0
    schema = json.loads((site.site_dir / "schema" / "journey.schema.json").read_text())
    assert schema["title"] == "Journey map"
    assert set(schema["required"]) == {"title", "summary"}
    # Steps grouped in stages, or a map without stages: one or the other.
    assert schema["oneOf"] == [{"required": ["stages"]}, {"required": ["steps"]}]


def test_non_journey_pages_are_untouched(make_site) -> None:
    site = make_site()
    assert site.run("build") == 0
    assert site.html("").select_one("article.jm-page") is None
    assert re.search(r"Welcome\.", (site.site_dir / "index.html").read_text())


def test_build_refuses_a_site_dir_that_holds_the_docs(make_site, capsys) -> None:
    site = make_site()
    assert site.run("build", "-d", str(site.root)) == 2
    assert "site_dir" in capsys.readouterr().err
    assert (site.docs / "journeys" / "library-card.md").is_file()
    assert site.config.is_file()


def test_rebuild_keeps_dotfiles_and_leaves_the_site_readable(make_site) -> None:
    site = make_site()
    assert site.run("build") == 0
    (site.site_dir / ".git").mkdir()
    (site.site_dir / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (site.site_dir / ".htaccess").write_text("Options -Indexes\n")
    assert site.run("build") == 0
    assert (site.site_dir / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (site.site_dir / ".htaccess").is_file()
    assert site.site_dir.stat().st_mode & 0o005 == 0o005, "others may read and enter site/"


def test_body_cannot_claim_the_themes_ids_or_classes(make_site) -> None:
    journey = MINIMAL_JOURNEY + (
        '\n<div id="__config" class="md-header note">{"base": "http://evil.example/"}</div>\n'
        "\n## Findings {: #__search .md-typeset }\n"
    )
    site = make_site(extra_yml="markdown_extensions: [attr_list, md_in_html]\n", journey=journey)
    assert site.run("build") == 0
    page = site.html("journeys/library-card")
    configs = page.select("#__config")
    assert len(configs) == 1
    assert "evil" not in configs[0].get_text()
    body = page.select_one(".jm-body")
    assert not body.select("[id^=__]")
    assert not [c for tag in body.select("[class]") for c in tag["class"] if c.startswith("md-")]


def test_draft_photo_is_not_published(make_site) -> None:
    site = make_site()
    site.write("journeys/img/secret.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.write(
        "journeys/secret.md",
        MINIMAL_JOURNEY.replace(
            "title: Renewing a library card", "title: Secret\ndraft: true"
        ).replace("  role: Student\n", "  role: Student\n  photo: img/secret.svg\n"),
    )
    assert site.run("build") == 0
    assert not (site.site_dir / "journeys" / "img" / "secret.svg").exists()


def test_custom_lane_label_with_a_percent_sign(make_site) -> None:
    journey = MINIMAL_JOURNEY.replace(
        "        owner: Branch team\n",
        "        owner: Branch team\n        lanes: {share: 40 of 100}\n",
    )
    site = make_site('custom_lanes: {share: "Share of calls (%)"}', journey=journey)
    assert site.run("build") == 0
    labels = [th.get_text() for th in site.html("journeys/library-card").select("tbody th")]
    assert "Share of calls (%)" in labels


MERMAID = '<div class="mermaid">\nmindmap\n  root\n    child\n      leaf\n</div>\n'


def test_pages_lose_the_templates_indentation_but_authors_keep_theirs(make_site) -> None:
    site = make_site(journey=MINIMAL_JOURNEY + "\n" + MERMAID)
    site.write("index.md", "# Home\n\n" + MERMAID)
    assert site.run("build") == 0
    for page in ("index.html", "journeys/library-card/index.html"):
        html = (site.site_dir / page).read_text(encoding="utf-8")
        # A Mermaid mind map is drawn from its indentation.
        assert "mindmap\n  root\n    child\n      leaf\n" in html, page
        # The theme's markup around the content has none.
        start = html.index('<article class="md-content__inner')
        end = html.rindex("</article>")
        theme = html[:start] + html[end:]
        assert not re.search(r"\n[ \t]+<(?!/?(?:path|circle|code))", theme), page
    # Nor has the map's markup, the body (with the diagram) aside.
    html = (site.site_dir / "journeys/library-card/index.html").read_text(encoding="utf-8")
    map_page = html[html.index('<article class="jm-page"') : html.index('<div class="jm-body"')]
    assert "<table" in map_page
    assert not re.search(r"\n[ \t]+<", map_page)


def test_the_generated_gallery_is_found_by_search(make_site) -> None:
    site = make_site()  # no maps.md of its own: the plugin writes the whole gallery page
    assert site.run("build") == 0
    docs = json.loads((site.site_dir / "search/search_index.json").read_text())["docs"]
    gallery = [doc for doc in docs if doc["location"].startswith("maps/")]
    assert [(doc["location"], doc["title"]) for doc in gallery] == [("maps/", "Journey maps")]
    assert "Renewing" not in gallery[0]["text"], "the cards would repeat every map"


@pytest.mark.parametrize("written", ["./journeys/", "journeys//", "/journeys", "journeys\\"])
def test_journeys_dir_is_found_however_it_is_written(make_site, written: str) -> None:
    site = make_site(f"journeys_dir: '{written}'")
    assert site.run("build") == 0
    assert site.html("journeys/library-card").select_one("table.jm-map") is not None


def test_journeys_dir_outside_the_docs_dir_is_a_configuration_error(make_site, capsys) -> None:
    site = make_site("journeys_dir: ../elsewhere")
    assert site.run("check") == 2
    assert "journeys_dir '../elsewhere' must be a folder inside docs_dir" in capsys.readouterr().err


def test_journeys_in_a_folder_ending_in_a_tilde_are_maps(make_site) -> None:
    # MkDocs publishes its pages: as maps, checked and sanitised, not as ordinary pages
    # with the author's raw HTML. (A linked folder is refused: test_publishing_policy.)
    site = make_site()
    site.write("journeys/drafts~/tilde.md", MINIMAL_JOURNEY.replace("Renewing", "Tilde"))
    assert site.run("build") == 0
    assert site.html("journeys/drafts~/tilde").select_one("table.jm-map") is not None

"""Templates people can use: the source a reader downloads, and ``new`` maps started from one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from journey_maps.core.collection import Collection
from journey_maps.core.loading import LoadedJourney, LoadOptions, parse_journey
from journey_maps.core.scaffold import template_source
from journey_maps.core.translation import overlay
from journey_maps.mkdocs_plugin.sites import check_journeys, load_options
from mkdocs.config import load_config

from tests.conftest import MINIMAL_JOURNEY, REPO, Site

CONTENT = REPO / "content"
TEMPLATES = CONTENT / "journeys" / "templates"
BLANK = "journeys/templates/blank-journey-map.md"
I18N = """\
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: en, name: en, default: true}
        - {locale: de, name: de}
"""


@pytest.fixture(scope="module")
def shipped() -> tuple[Collection, LoadOptions]:
    """This repo's journeys and translations, loaded (read only) as ``check`` loads them."""
    config = load_config(str(REPO / "mkdocs.yml"))
    collection = check_journeys(config)
    assert collection.errors == []
    return collection, load_options(config)


def reparse(text: str, loaded: LoadedJourney, options: LoadOptions) -> LoadedJourney:
    return parse_journey(
        text.encode(), src_uri=loaded.src_uri, docs_dir=CONTENT, options=options, display="x.md"
    )


# The download ------------------------------------------------------------------------------


def test_every_translation_downloads_as_a_journey_equal_to_the_overlay(shipped) -> None:
    collection, options = shipped
    kinds = set()
    for (src_uri, locale), translation in collection.translations.items():
        loaded = collection.journeys[src_uri]
        kinds.add(loaded.journey.kind)
        text = template_source(loaded, CONTENT, translation, "en")
        merged = overlay(loaded, translation, "en")
        again = reparse(text, loaded, options)
        assert again.journey == merged.journey, (src_uri, locale)
        assert again.body == merged.body, (src_uri, locale)
        assert "translated_from" not in text
    assert len(collection.translations) >= 29
    assert kinds == {"example", "template"}


def test_german_blank_template_is_a_complete_german_journey_file(shipped) -> None:
    collection, options = shipped
    loaded = collection.journeys[BLANK]
    translation = collection.translations[(BLANK, "de")]
    text = template_source(loaded, CONTENT, translation, "en")
    assert text.startswith(
        "---\ntitle: Leere Customer Journey Map\nsummary: Ein Ausgangspunkt mit vier Phasen"
    )
    lines = text.splitlines()
    # Fields the template spells out at their default stay in the download.
    for line in ("kind: template", "state: current", "tags:", "  - Ist-Zustand"):
        assert line in lines
    assert "    steps:" in lines
    assert "        emotion: 0" in lines
    assert "            value: 0" in lines
    assert "            better: higher" in lines
    assert "0.0" not in text
    assert "\n---\n\n## So verwenden Sie diese Vorlage\n" in text
    again = reparse(text, loaded, options)
    assert again.journey == overlay(loaded, translation, "en").journey
    assert again.journey.stages[0].name == "Entdecken"
    assert again.journey.kind == "template"


def test_partial_translation_keeps_source_text_numbers_and_dates(make_site) -> None:
    site = make_site(extra_yml=I18N)
    site.write(
        "journeys/library-card.de.md", "---\ntitle: Einen Bibliotheksausweis erneuern\n---\n"
    )
    config = load_config(str(site.config))
    collection = check_journeys(config)
    assert collection.errors == []
    loaded = collection.journeys["journeys/library-card.md"]
    translation = collection.translations[("journeys/library-card.md", "de")]
    text = template_source(loaded, site.docs, translation, "en")
    lines = text.splitlines()
    for line in (
        "title: Einen Bibliotheksausweis erneuern",
        "summary: A reader renews an expired card before borrowing a book.",
        "reviewed: 2026-10-01",
        "        emotion: -2",
        "            value: 12",
        "            better: lower",
    ):
        assert line in lines
    assert text.endswith("\n---\n## What we learned\n\nReaders blame the kiosk, not the card.\n")
    again = parse_journey(
        text.encode(),
        src_uri=loaded.src_uri,
        docs_dir=site.docs,
        options=LoadOptions(),
        display="x.md",
    )
    assert again.journey == overlay(loaded, translation, "en").journey


def test_text_that_reads_as_a_number_or_date_survives_the_round_trip(make_site) -> None:
    journey = MINIMAL_JOURNEY.replace("tags: [library, renewal]", "tags: [1e3, 0o17, '2026-01-02']")
    site = make_site(journey=journey, extra_yml=I18N)
    site.write("journeys/library-card.de.md", "---\ntags: ['true', 1.10]\n---\n")
    collection = check_journeys(load_config(str(site.config)))
    assert collection.errors == []
    loaded = collection.journeys["journeys/library-card.md"]
    translation = collection.translations[("journeys/library-card.md", "de")]
    text = template_source(loaded, site.docs, translation, "en")
    again = parse_journey(
        text.encode(), src_uri="a.md", docs_dir=None, options=LoadOptions(), display="x.md"
    )
    assert again.journey.tags == ["true", "1.10", "2026-01-02"]
    assert again.journey == overlay(loaded, translation, "en").journey


def test_scaffold_is_core_and_never_imports_mkdocs() -> None:
    program = (
        "import sys; sys.modules['mkdocs'] = None; import journey_maps.core.scaffold; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'mkdocs' and sys.modules[m]]"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


# build.py new -------------------------------------------------------------------------------


@pytest.fixture
def template_site(make_site, monkeypatch: pytest.MonkeyPatch) -> Site:
    """A site in English and German with the blank template and its German translation."""
    site = make_site(extra_yml=I18N)
    for name in ("blank-journey-map.md", "blank-journey-map.de.md"):
        shutil.copy(TEMPLATES / name, site.docs / "journeys" / name)
    monkeypatch.chdir(site.root)
    return site


def load(path: Path, src_uri: str, docs: Path) -> LoadedJourney:
    return parse_journey(
        path.read_bytes(), src_uri=src_uri, docs_dir=docs, options=LoadOptions(), display="x"
    )


def test_new_writes_a_valid_example_in_the_folder_and_check_passes(template_site, capsys) -> None:
    site = template_site
    argv = ["new", "First claim", "--template", "blank-journey-map", "--folder", "insurance/home"]
    assert site.run(*argv) == 0
    assert capsys.readouterr().out == "docs/journeys/insurance/home/first-claim.md\n"
    written = site.docs / "journeys/insurance/home/first-claim.md"
    new = load(written, "journeys/insurance/home/first-claim.md", site.docs)
    template = load(site.docs / "journeys/blank-journey-map.md", "journeys/x.md", site.docs)
    assert new.journey.title == "First claim"
    assert new.journey.kind == "example"
    assert new.journey.stages == template.journey.stages
    assert new.body == template.body
    text = written.read_text(encoding="utf-8")
    # A draft, and the file says so at the top, until the template's questions are
    # answered.
    assert text.startswith(
        "---\n# A draft, published nowhere: answer the template's questions, then remove the "
        "next line.\ndraft: true\ntitle: First claim\nsummary: A four-stage starting point"
    )
    assert new.journey.draft
    assert "kind: example" in text.splitlines()
    assert site.run("check") == 0
    assert capsys.readouterr().out.startswith("2 journeys and 1 translations valid")
    # Nothing of its placeholders reaches the site, journeys.json or metrics.csv.
    assert site.run("build") == 0
    assert not (site.site_dir / "journeys/insurance/home/first-claim").exists()
    for output in ("journeys.json", "metrics.csv", "search/search_index.json", "sitemap.xml"):
        assert "home/first-claim" not in (site.site_dir / output).read_text(), output


def test_new_in_german_starts_from_the_translation(template_site, capsys) -> None:
    site = template_site
    assert site.run("new", "Erster Schadenfall", "-t", "blank-journey-map", "--lang", "de") == 0
    assert capsys.readouterr().out == "docs/journeys/erster-schadenfall.md\n"
    new = load(site.docs / "journeys/erster-schadenfall.md", "journeys/a.md", site.docs)
    assert new.journey.title == "Erster Schadenfall"
    assert new.journey.summary.startswith("Ein Ausgangspunkt mit vier Phasen")
    assert [stage.name for stage in new.journey.stages][:2] == ["Entdecken", "Abwägen"]
    assert new.body.startswith("\n## So verwenden Sie diese Vorlage\n")
    assert site.run("check") == 0


def test_new_rewrites_paths_relative_to_the_new_file(make_site, monkeypatch, capsys) -> None:
    site = make_site()
    site.write("images/sam.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    template = MINIMAL_JOURNEY.replace(
        "  name: Sam\n", "  name: Sam\n  photo: ../../images/sam.svg\n"
    )
    site.write(
        "journeys/templates/card.md", template.replace("summary:", "kind: template\nsummary:")
    )
    monkeypatch.chdir(site.root)
    assert site.run("new", "Lost card", "--template", "card") == 0
    text = (site.docs / "journeys/lost-card.md").read_text(encoding="utf-8")
    assert "  photo: ../images/sam.svg" in text.splitlines()
    capsys.readouterr()
    assert site.run("check") == 0


def test_new_never_overwrites(template_site, capsys) -> None:
    site = template_site
    assert site.run("new", "Library card", "--template", "blank-journey-map") == 1
    assert capsys.readouterr().err == (
        "error: docs/journeys/library-card.md already exists; choose another title or --folder\n"
    )
    assert (site.docs / "journeys/library-card.md").read_text(encoding="utf-8") == MINIMAL_JOURNEY


@pytest.mark.parametrize(
    ("argv", "code", "error"),
    [
        (
            ["--template", "blank-journey"],
            1,
            "error: no template named 'blank-journey'; did you mean 'blank-journey-map'? "
            "Templates: blank-journey-map\n",
        ),
        (
            ["--template", "library-card"],
            1,
            "error: journeys/library-card.md is an example, not a template; only journeys with "
            "kind: template can start a new map. Templates: blank-journey-map\n",
        ),
        (
            ["--template", "blank-journey-map", "--lang", "fr"],
            1,
            "error: template 'blank-journey-map' has no translation into 'fr'; "
            "it is available in: en, de\n",
        ),
        (
            ["--template", "blank-journey-map", "--folder", "../elsewhere"],
            1,
            "error: folder '../elsewhere' must be a folder inside journeys/, written relative "
            "to it (e.g. retail or retail/stores)\n",
        ),
    ],
)
def test_new_errors(template_site, capsys, argv: list[str], code: int, error: str) -> None:
    before = sorted(template_site.docs.rglob("*"))
    assert template_site.run("new", "A map", *argv) == code
    captured = capsys.readouterr()
    assert captured.err == error
    assert captured.out == ""
    assert sorted(template_site.docs.rglob("*")) == before


def test_new_without_template_is_a_usage_error(template_site, capsys) -> None:
    assert template_site.run("new", "A map") == 2
    assert "the following arguments are required: -t/--template" in capsys.readouterr().err


def test_new_refuses_while_the_site_has_errors(template_site, capsys) -> None:
    template_site.write("journeys/broken.md", "---\ntitle: Broken\n---\n")
    assert template_site.run("new", "A map", "--template", "blank-journey-map") == 1
    err = capsys.readouterr().err
    assert "docs/journeys/broken.md:2:1: missing required field 'summary'" in err
    assert not (template_site.docs / "journeys/a-map.md").exists()

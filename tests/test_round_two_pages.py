"""Round 2 of the format, drawn: a map with two personas (one from the library), two
paths, its own lanes, moments, evidence, stage notes and a sub-journey, built into a real
site and read as a reader gets it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from journey_maps.core.loading import LoadOptions, parse_journey
from journey_maps.pages.emotion_curve import OFF, curves
from journey_maps.pages.rendering import emotion_lines

from tests.conftest import Site
from tests.test_i18n import i18n_site

CAREGIVER = """\
---
title: Applying for caregiver support
summary: How family caregivers apply, with help or on their own.
industry: Public sector
emotion_scale: 1-5
lanes:
  backoffice:
    label: Back office
    about: What staff do that the caregiver does not see.
    line_above: Line of visibility
personas:
  - dana
  - id: helper
    name: Sam
    role: Family member who helps
stages:
  - name: Find out
    description: Learning that support exists.
    duration: 1-3 weeks
    evidence:
      - text: 6 of 9 caregivers heard of it from a nurse.
        source: Discovery interviews, 2019
    steps:
      - action: Hears about the programme from a nurse
        actors: [Nurse, Caregiver]
        touchpoint: [Clinic, Leaflet]
        channel: [In person, Paper]
        emotions: {dana: 4, helper: 3}
        feeling: Relieved
        moment: The first time anyone tells them help exists.
        evidence:
          - quote: Nobody told me this existed for two years.
            source: Caregiver P3
            basis: reported
        lanes: {backoffice: Nurse logs the referral.}
  - name: Apply
    steps:
      - action: Applies with a social worker
        path: With help
        touchpoint: Social worker
        emotions: {dana: 4, helper: 4}
      - action: Applies online alone
        path: On their own
        touchpoint: Online form
        emotions: {dana: 2}
        journey: stipend
      - action: Gets a decision letter
        touchpoint: Letter
        emotions: {dana: 5, helper: 4}
---
What we learned.
"""

STIPEND = """\
---
title: Claiming the caregiver stipend
summary: Monthly claims once support is granted.
persona: dana
steps:
  - action: Fills in the monthly claim
    touchpoint: Online form
    emotion: -1
  - action: Waits for the payment
    emotion: 0
---
"""

# A flow with branches, as research maps draw it: a step shared by two of three paths
# names both; the outcomes alone carry feelings, the same for both personas.
BRANCHES = """\
---
title: Asking for data
summary: Find it alone, or ask and get it or not.
personas:
  - dana
  - id: sam
    name: Sam
  - id: kim
    name: Kim
steps:
  - action: Needs data
    feeling: Curious
  - action: Finds it online
    path: Alone
    feeling: Success!
    emotions: {dana: 2, sam: 2}
  - action: Writes to the team
    path: [Asks, Is refused]
  - action: Gets the answer
    path: Asks
    emotions: {dana: 1, sam: 1}
  - action: Is told the data is withheld
    path: Is refused
    feeling: Disappointed
    emotions: {dana: -2, sam: -2}
  - action: Tells a colleague
    emotions: {dana: 0}
  - action: Waits for a reply
    path: Asks
    emotions: {sam: -1}
    feeling: Worried
---
"""

DANA = """\
---
name: Dana
role: Caregiver for her father
quote: I just want someone to tell me what I can get.
goals: [Keep her father at home]
---
Dana cares for her father since his stroke.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    from tests.conftest import MINIMAL_JOURNEY, MKDOCS_YML

    site = Site(tmp_path_factory.mktemp("round-two"))
    site.config.write_text(MKDOCS_YML.format(options=""), encoding="utf-8")
    site.write("index.md", "# Home\n")
    site.write("journeys/library-card.md", MINIMAL_JOURNEY)
    site.write("journeys/caregiver.md", CAREGIVER)
    site.write("journeys/stipend.md", STIPEND)
    site.write("journeys/branches.md", BRANCHES)
    site.write("personas/dana.md", DANA)
    assert site.run("build") == 0
    return site


def text(element) -> str:  # type: ignore[no-untyped-def]
    return " ".join(element.get_text(" ").split())


def test_two_personas_on_two_paths_are_four_lines_keyed_by_shape_and_dash(built: Site) -> None:
    page = built.html("journeys/caregiver")
    legends = page.select(".jm-lane--emotions .jm-line-legend")
    # A marker shape per persona and a dash per path, each named once.
    assert [[text(li) for li in legend.select("li")] for legend in legends] == [
        ["Dana", "Sam"],
        ["With help", "On their own"],
    ]
    personas, paths = legends
    shapes = [svg.find(["circle", "rect", "polygon"]) for svg in personas.select("svg svg")]
    assert len({(s.name, s.get("points")) for s in shapes}) == 2
    assert not personas.select("line")  # a persona is a shape, whatever its path
    dashes = [line.get("class", [""])[0] for line in paths.select("line")]
    assert len(set(dashes)) == 2
    assert not paths.select("svg svg")  # a path is a dash, whoever walks it
    # On the curve, Sam's point at the last step has Sam's shape, and Dana's line on
    # "On their own" (from step 3, her only point on that path) arrives there with the
    # dash the legend gives that path.
    sam_shape = (shapes[1].name, shapes[1].get("points"))
    last = page.select(".jm-lane--emotions td")[-1]
    marks = [svg.find(["circle", "rect", "polygon"]) for svg in last.select(".jm-emotion__point")]
    assert sam_shape in {(m.name, m.get("points")) for m in marks}
    on_their_own = dashes[1]
    assert on_their_own != "jm-line--0"
    assert on_their_own in {
        cls for path in last.select(".jm-emotion__line path") for cls in path.get("class", [])
    }


def test_a_line_passes_over_the_other_paths_steps_and_breaks_where_its_persona_has_none() -> None:
    loaded = parse_journey(
        CAREGIVER.encode(),
        src_uri="journeys/c.md",
        docs_dir=None,
        options=LoadOptions(),
        display="c",
    )
    lines, values = emotion_lines(loaded.journey, loaded.journey, ["Dana", "Sam"])
    assert [(line.persona, line.path) for line in lines] == [
        ("Dana", "With help"),
        ("Dana", "On their own"),
        ("Sam", "With help"),
        ("Sam", "On their own"),
    ]
    # Steps: shared, With help, On their own, shared. 4 of 1-5 is +1 on -2..2.
    assert values[0] == [1.0, 1.0, OFF, 2.0]
    assert values[1] == [1.0, OFF, -1.0, 2.0]  # 2 of 1-5 is -1
    assert values[3] == [0.0, OFF, None, 1.0]  # Sam has no value alone online
    slices = curves(values)
    # Dana with help goes from step 2 to step 4 across step 3's cell without a point there.
    on_step_three = {point.line for point in slices[2].points}
    assert 0 not in on_step_three
    assert 1 in on_step_three
    assert 0 in {line for line, _ in slices[2].segments}
    # Sam alone: no point at step 3, and no line into or out of it.
    assert 3 not in on_step_three
    assert 3 not in {line for line, _ in slices[3].segments}


def test_a_step_on_a_list_of_paths_lies_on_those_paths_alone() -> None:
    loaded = parse_journey(
        BRANCHES.encode(),
        src_uri="journeys/b.md",
        docs_dir=None,
        options=LoadOptions(),
        display="b",
    )
    lines, values = emotion_lines(loaded.journey, loaded.journey, ["Dana", "Sam"])
    assert [line.path for line in lines[:3]] == ["Alone", "Asks", "Is refused"]
    # "Writes to the team" (step 3) is on Asks and Is refused, not on Alone.
    assert [line_values[2] for line_values in values[:3]] == [OFF, None, None]
    # "Tells a colleague" has no path: on every path, Dana's value on each of her lines.
    assert [line_values[5] for line_values in values[:3]] == [0.0, 0.0, 0.0]


def test_the_feeling_is_written_where_the_first_line_has_no_point(built: Site) -> None:
    page = built.html("journeys/branches")
    cells = page.select(".jm-lane--emotions td")
    # Step 5 is on "Is refused" only: Dana's line on "Alone" (the first) passes over it,
    # yet the step's feeling is written under the point of the line that is there.
    refused = cells[4]
    assert text(refused.select_one(".jm-emotion__word")).startswith("Dana · Is refused:")
    assert "Disappointed" in text(refused.select_one(".jm-emotion__feeling"))
    # Sam feels the same there: his mark is drawn beside Dana's, not hidden under it.
    other = refused.select_one(".jm-emotion__other")
    assert "--jm-nudge: 1" in other["style"]
    # The last step lies on all three of Dana's paths: her mark is drawn once, and each
    # of her lines is still read out.
    last = cells[5]
    assert len(last.select(".jm-emotion__point")) == 1
    assert [text(s) for s in last.select(".jm-sr-only")] == [
        "Dana · Alone:",
        "Dana · Asks: Neutral",
        "Dana · Is refused: Neutral",
    ]
    # The path badges name both paths of the shared step.
    header = page.select("tr.jm-row-steps th.jm-step")[2]
    assert [text(b) for b in header.select(".jm-path-badge")] == [
        "Path: Asks",
        "Path: Is refused",
    ]


def test_a_feeling_is_the_first_personas_and_stands_alone_without_her_point(
    built: Site,
) -> None:
    page = built.html("journeys/branches")
    cells = page.select(".jm-lane--emotions td")
    # Step 7: only Sam has a value; "Worried" is Dana's (the first persona's) word, so it
    # is not written under Sam's point, and Sam's point is only a mark.
    waits = cells[6]
    assert text(waits.select_one(".jm-emotion__word--alone")) == "“Worried”"
    assert waits.select_one(".jm-emotion__word:not(.jm-emotion__word--alone)") is None
    assert "Sam · Asks: Negative" in text(waits.select_one(".jm-emotion__other"))
    # Step 1 has a feeling and no emotion at all: the feeling is still on the map.
    assert text(cells[0].select_one(".jm-emotion__word--alone")) == "“Curious”"


def test_a_persona_with_no_feeling_anywhere_is_not_in_the_legend(built: Site) -> None:
    page = built.html("journeys/branches")
    legends = [[text(li) for li in ul.select("li")] for ul in page.select(".jm-line-legend")]
    assert legends[0] == ["Dana", "Sam"]  # Kim is on the map but has no line to key


def test_the_gallery_curve_follows_one_path_and_passes_over_the_others(built: Site) -> None:
    card = next(
        card
        for card in built.html("maps").select(".jm-card")
        if text(card.select_one(".jm-card__title")) == "Asking for data"
    )
    # Dana on "Alone": step 2 (+2) to step 6 (0), over the steps of "Asks" and "Is
    # refused" (+1, -2), which would make one journey of three.
    assert card.select_one(".jm-thumb__curve path")["d"] == "M21.43 12 L78.57 50"


def test_the_maps_own_lane_has_its_legend_and_a_captioned_line_above(built: Site) -> None:
    page = built.html("journeys/caregiver")
    rows = page.select("table.jm-map tbody tr")
    index = next(i for i, row in enumerate(rows) if "jm-lane--backoffice" in row.get("class", []))
    assert "jm-line-above" in rows[index - 1]["class"]
    assert text(rows[index - 1]) == "Line of visibility"
    label = rows[index].select_one("th.jm-lane-label")
    assert text(label) == "Back office What staff do that the caregiver does not see."
    assert "Nurse logs the referral." in text(rows[index])
    # The map's own lanes come after the site's.
    assert index == len(rows) - 1


def test_moments_evidence_feelings_and_stage_notes_are_shown(built: Site) -> None:
    page = built.html("journeys/caregiver")
    moment = page.select_one("th.jm-step--moment")
    assert "Moment that matters" in text(moment)
    # Why it matters is read with the action, so the header row stays short.
    why = page.select(".jm-lane--actions td")[0].select_one(".jm-moment__why")
    assert text(why) == "Moment that matters: The first time anyone tells them help exists."
    assert moment.select_one(".jm-moment [aria-hidden]").get_text() == "★"
    cell = page.select(".jm-lane--emotions td")[0]
    assert "jm-emotion--moment" in cell.select_one(".jm-emotion")["class"]
    assert "Relieved" in text(cell.select_one(".jm-emotion__feeling"))
    quote = page.select_one(".jm-lane--evidence blockquote.jm-evidence__quote")
    assert "Nobody told me this existed for two years." in text(quote)
    meta = quote.find_next_sibling(class_="jm-evidence__meta")
    assert text(meta) == "Reported · Caregiver P3"
    notes = page.select_one("tr.jm-row-stage-notes")
    assert "1-3 weeks" in text(notes)
    assert "Learning that support exists." in text(notes)
    assert "6 of 9 caregivers heard of it from a nurse." in text(notes)
    actors = page.select_one(".jm-lane--actors td")
    assert [text(li) for li in actors.select("li")] == ["Nurse", "Caregiver"]
    badges = [text(b) for b in page.select("th.jm-step .jm-path-badge")]
    assert badges == ["Path: With help", "Path: On their own"]


def test_a_step_opens_a_map_and_that_map_says_what_it_is_part_of(built: Site) -> None:
    page = built.html("journeys/caregiver")
    opens = page.select_one(".jm-lane--actions .jm-opens a")
    assert text(opens) == "Claiming the caregiver stipend"
    assert opens["href"] == "../stipend/"
    child = built.html("journeys/stipend")
    part_of = child.select_one(".jm-part-of a")
    assert text(part_of) == "Applying for caregiver support"
    assert part_of["href"] == "../caregiver/#step-apply--applies-online-alone"


def test_a_map_without_stages_reads_as_steps_alone(built: Site) -> None:
    page = built.html("journeys/stipend")
    assert page.select("tr.jm-row-stages") == []
    assert text(page.select_one(".jm-map-count")) == "2 steps"
    assert page.select_one("th.jm-step")["id"] == "step-fills-in-the-monthly-claim"


def test_the_persona_library_has_a_page_per_persona_listing_its_maps(built: Site) -> None:
    page = built.html("personas/dana")
    assert text(page.select_one("h1")) == "Dana"
    assert "Caregiver for her father" in text(page.select_one(".jm-header"))
    assert "Dana cares for her father since his stroke." in text(page)
    maps = {text(a): a["href"] for a in page.select(".jm-appearances a")}
    assert maps == {
        "Applying for caregiver support": "../../journeys/caregiver/",
        "Claiming the caregiver stipend": "../../journeys/stipend/",
        "Asking for data": "../../journeys/branches/",
    }
    # A map names the library's persona, with a link to its page.
    card = built.html("journeys/caregiver").select(".jm-persona")
    assert [text(c.select_one(".jm-persona__name")) for c in card] == [
        "Dana · Caregiver for her father",
        "Sam · Family member who helps",
    ]
    assert card[0].select_one(".jm-persona__name a")["href"] == "../../personas/dana/"


def test_the_gallery_filters_by_persona(built: Site) -> None:
    gallery = built.html("maps")
    values = {
        v["data-key"]: text(v) for v in gallery.select('.jm-facet__value[data-facet="persona"]')
    }
    # Sam of the library card and Sam of the caregiver map are one Sam to a reader.
    assert values == {"dana": "Dana 3", "sam": "Sam 3", "kim": "Kim 1"}
    facet = built.html("maps/persona/dana")
    titles = sorted(text(a) for a in facet.select(".jm-card__title a"))
    assert titles == [
        "Applying for caregiver support",
        "Asking for data",
        "Claiming the caregiver stipend",
    ]


def test_each_touchpoint_of_a_list_counts_on_its_own(built: Site) -> None:
    for key in ("clinic", "leaflet"):
        page = built.html(f"maps/touchpoint/{key}")
        rows = page.select(".jm-point__steps tbody tr")
        assert len(rows) == 1, key
        assert "Hears about the programme from a nurse" in text(rows[0])
        # 4 on 1-5 is +1 on -2..2: "Positive", and the page says how scales are compared.
        assert "Positive (+1)" in text(rows[0])
        assert "compared on one scale" in text(page.select_one(".jm-scale-note"))
    # Each has its own score in the index by score (the priority view lists only those
    # above its threshold).
    by_score = built.html("maps/touchpoints-by-score")
    rows = {row["id"]: row for row in by_score.select("tr[id^=tp-]")}
    for key in ("clinic", "leaflet"):
        assert rows[f"tp-{key}"].select("td.jm-num")[-1].get_text() != "–", key


def test_journeys_json_says_what_round_two_adds(built: Site) -> None:
    catalog = json.loads((built.site_dir / "journeys.json").read_text())
    entries = {entry["source"]: entry for entry in catalog["journeys"]}
    caregiver = entries["journeys/caregiver.md"]
    assert caregiver["emotion_scale"] == "1-5"
    assert [(p["id"], p["name"], p["url"]) for p in caregiver["personas"]] == [
        ("dana", "Dana", "personas/dana/"),
        ("helper", "Sam", None),
    ]
    assert caregiver["persona"]["name"] == "Dana"
    assert caregiver["paths"] == ["With help", "On their own"]
    assert (caregiver["moments"], caregiver["evidence"]) == (1, 2)
    assert caregiver["opens"] == ["journeys/stipend/"]
    assert entries["journeys/stipend.md"]["part_of"] == ["journeys/caregiver/"]
    # Dana's feelings on 1-5 (4, 4, 2, 5) are +1, +1, -1, +2 on -2..2.
    assert caregiver["average_emotion"] == 0.75
    import jsonschema

    jsonschema.validate(
        catalog, json.loads((built.site_dir / "schema/journeys.schema.json").read_text())
    )


# Site-wide links that are wrong ------------------------------------------------------------


def _refused(make_site, capsys, files: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    site = make_site(journey=None)
    for path, content in files.items():
        site.write(path, content)
    capsys.readouterr()
    assert site.run("check") == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": " in line]


def test_an_unknown_persona_of_the_library_is_named_with_the_nearest(make_site, capsys) -> None:
    lines = _refused(
        make_site,
        capsys,
        {
            "personas/dana.md": DANA,
            "journeys/stipend.md": STIPEND.replace("persona: dana", "persona: dan"),
        },
    )
    assert lines[0].endswith(
        "docs/journeys/stipend.md:4:10: persona: 'dan' is not a persona of the library (a file "
        "personas/dan.md in the docs folder); did you mean 'dana'?"
    )


def test_maps_that_open_each_other_are_a_loop_named_in_full(make_site, capsys) -> None:
    a = STIPEND.replace("    emotion: 0\n", "    emotion: 0\n    journey: b\n").replace(
        "persona: dana\n", ""
    )
    b = a.replace("journey: b", "journey: a").replace("Claiming", "Reclaiming")
    lines = _refused(make_site, capsys, {"journeys/a.md": a, "journeys/b.md": b})
    assert lines[0].endswith(
        "docs/journeys/a.md:10:14: journey: these maps open each other in a loop "
        "(journeys/a.md -> journeys/b.md -> journeys/a.md); a map cannot be part of itself: "
        "remove one of these journey: links"
    )
    assert len([line for line in lines if "loop" in line]) == 1


def test_a_step_cannot_open_a_draft_or_a_map_that_is_not_there(make_site, capsys) -> None:
    a = STIPEND.replace("    emotion: 0\n", "    emotion: 0\n    journey: drafty\n").replace(
        "persona: dana\n", ""
    )
    b = a.replace("journey: drafty", "journey: stipnd").replace("Claiming", "Reclaiming")
    draft = STIPEND.replace("persona: dana\n", "draft: true\n")
    lines = _refused(
        make_site,
        capsys,
        {
            "journeys/a.md": a,
            "journeys/b.md": b,
            "journeys/drafty.md": draft,
            "journeys/stipend.md": STIPEND.replace("persona: dana\n", ""),
        },
    )
    assert any("journey: 'drafty' is a draft, which is not published" in line for line in lines)
    assert any(
        re.search(r"journey: 'stipnd' is not a map of this site .*did you mean 'stipend'\?", line)
        for line in lines
    )


def test_evidence_links_to_a_page_that_is_there(make_site, capsys) -> None:
    evidence = """\
---
title: Evidence
summary: Where the findings come from.
stages:
  - name: Find out
    evidence:
      - text: Stage finding.
        link: ../research/notes.md#p3
    steps:
      - action: Reads the leaflet
        evidence:
          - quote: I never saw it.
            link: ../research/note.md
          - text: Drafted.
            link: stipend.md
          - text: Elsewhere.
            link: ../../../outside.md
          - text: On the web.
            link: https://example.org/report
---
"""
    lines = _refused(
        make_site,
        capsys,
        {
            "research/notes.md": "# Notes\n",
            "journeys/evidence.md": evidence,
            "journeys/stipend.md": STIPEND.replace("persona: dana\n", "draft: true\n"),
        },
    )
    # The stage's link and the web address are fine; each other link is named at its line.
    assert [re.sub(r"^.*?journeys/evidence.md:", "", line) for line in lines] == [
        "13:19: stages[0].steps[0].evidence[0].link: link '../research/note.md' is not a page "
        "of this site (looked for research/note.md); write the path of a file in the docs "
        "folder, relative to this file",
        "15:19: stages[0].steps[0].evidence[1].link: link 'stipend.md' is a draft map, which "
        "is not published; publish it (remove draft: true) or link another page",
        "17:19: stages[0].steps[0].evidence[2].link: link '../../../outside.md' points outside "
        "the docs directory; link a page of this site, relative to this file",
    ]


# Translations ----------------------------------------------------------------------------


FRENCH = """\
---
title: Demander l'aide aux aidants
summary: Comment les aidants font leur demande.
lanes:
  backoffice:
    label: Arrière-boutique
    line_above: Ligne de visibilité
stages:
  - name: Découvrir
    description: Apprendre que l'aide existe.
    steps:
      - action: Entend parler du programme par une infirmière
        feeling: Soulagée
        moment: La première fois qu'on lui dit que l'aide existe.
        evidence:
          - quote: Personne ne m'en avait parlé pendant deux ans.
  - name: Demander
    steps:
      - action: Fait la demande avec une assistante sociale
        path: Avec aide
      - action: Fait la demande seule en ligne
        path: Seule
      - action: Reçoit la décision
---
"""


def test_a_translation_carries_the_new_texts_and_only_them(tmp_path: Path) -> None:
    from journey_maps.cli import main

    config = i18n_site(tmp_path, ["en", "fr"], translation=None)
    docs = tmp_path / "docs"
    (docs / "journeys" / "caregiver.md").write_text(CAREGIVER)
    (docs / "journeys" / "caregiver.fr.md").write_text(FRENCH)
    (docs / "journeys" / "stipend.md").write_text(STIPEND)
    (docs / "personas").mkdir()
    (docs / "personas" / "dana.md").write_text(DANA)
    (docs / "personas" / "dana.fr.md").write_text("---\nrole: Aidante de son père\n---\n")
    assert main(["-f", str(config), "build", "--jobs", "1"]) == 0
    page = BeautifulSoup(
        (tmp_path / "site/fr/journeys/caregiver/index.html").read_text(), "html.parser"
    )
    assert "Arrière-boutique" in text(page.select_one(".jm-lane--backoffice th"))
    assert text(page.select_one("tr.jm-line-above")) == "Ligne de visibilité"
    assert "Apprendre que l'aide existe." in text(page.select_one("tr.jm-row-stage-notes"))
    assert "Soulagée" in text(page.select_one(".jm-emotion__feeling"))
    assert "La première fois" in text(page.select_one(".jm-moment__why"))
    assert "Personne ne m'en avait parlé" in text(page.select_one(".jm-evidence__quote"))
    assert text(page.select_one(".jm-path-badge")).endswith("Avec aide")
    # The legend names the paths in French too, and the library's persona in its own
    # translation: Dana's role is French, her name (not translated) falls back.
    legends = [text(legend) for legend in page.select(".jm-line-legend")]
    assert "Dana" in legends[0]
    assert "Avec aide" in legends[1]
    assert "Aidante de son père" in text(page.select_one(".jm-persona"))


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("        emotions: {dana: 2}", "emotions"),
        ("        journey: elsewhere", "journey"),
    ],
)
def test_a_translation_may_not_give_what_is_not_text(
    tmp_path: Path, capsys, line: str, field: str
) -> None:
    from journey_maps.cli import main

    config = i18n_site(tmp_path, ["en", "fr"], translation=None)
    docs = tmp_path / "docs"
    (docs / "journeys" / "caregiver.md").write_text(CAREGIVER)
    (docs / "journeys" / "stipend.md").write_text(STIPEND)
    (docs / "personas").mkdir()
    (docs / "personas" / "dana.md").write_text(DANA)
    french = FRENCH.replace("        feeling: Soulagée\n", f"        feeling: Soulagée\n{line}\n")
    (docs / "journeys" / "caregiver.fr.md").write_text(french)
    capsys.readouterr()
    assert main(["-f", str(config), "check"]) == 1
    assert f"'{field}' comes from the source" in capsys.readouterr().err

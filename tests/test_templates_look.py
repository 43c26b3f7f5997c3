"""A template reads as a template: its prompts look like prompts, its placeholder metrics
carry no met or missed mark, and its header and footer speak of a template, not of a
journey someone keeps. Read from a small real site built with this repository's theme
override (the footer), in HTML and in Chromium."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import MINIMAL_JOURNEY, REPO, Site

TEMPLATE = """\
---
title: Blank service map
kind: template
summary: A starting point for mapping any service.
industry: Any industry
tags: [starter]
state: current
owner: Who keeps this map up to date?
persona:
  name: Who is this customer?
  role: What is their situation?
  goals: [What are they trying to achieve?]
scenario: What starts this journey?
stages:
  - name: Discover
    steps:
      - action: How does the customer first hear of you?
        touchpoint: Where do they meet you first?
        emotion: neutral
        pains: [What worries them here?]
        metrics:
          - name: What would you measure here?
            value: 0
            target: 0
            unit: visits
            better: higher
          - name: Which share do you track?
            value: 0
            target: 0
            unit: percent
---
Replace every question with what you know.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of one template and one example, with this repository's theme overrides."""
    from journey_maps.cli import main

    root = tmp_path_factory.mktemp("templates")
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
        site_name: Test site
        docs_dir: docs
        theme: {{name: material, font: false, custom_dir: {REPO / "theme"}}}
        plugins:
          - search
          - journey-maps
        """),
        encoding="utf-8",
    )
    site = Site(root)
    site.write("index.md", "# Home\n")
    site.write("journeys/blank.md", TEMPLATE)
    site.write("journeys/library-card.md", MINIMAL_JOURNEY)
    assert main(["-f", str(site.config), "build", "-j", "1"]) == 0
    return site.site_dir


@pytest.fixture(scope="module")
def template(built: Path) -> BeautifulSoup:
    return BeautifulSoup((built / "journeys/blank/index.html").read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def example(built: Path) -> BeautifulSoup:
    page = built / "journeys/library-card/index.html"
    return BeautifulSoup(page.read_text("utf-8"), "html.parser")


def prompts(page: BeautifulSoup) -> list[str]:
    """The prompts' words, without the word that tells screen readers they are prompts."""
    found = []
    for prompt in page.select(".jm-page .jm-prompt"):
        label = prompt.select_one(".jm-sr-only")
        assert label is not None, prompt
        assert label.get_text() == "Prompt: ", prompt
        found.append(prompt.get_text().removeprefix("Prompt: "))
    return found


def test_every_question_of_a_template_is_a_prompt(template: BeautifulSoup) -> None:
    shown = prompts(template)
    for question in (
        "How does the customer first hear of you?",  # a step's action
        "Where do they meet you first?",
        "What worries them here?",
        "What would you measure here?",  # a metric's name
        "Who is this customer?",  # the persona
        "What is their situation?",
        "What are they trying to achieve?",
        "What starts this journey?",  # the scenario
        "Who keeps this map up to date?",  # the owner, in the header's facts
    ):
        assert question in shown, question
    # What the template is, and the shape it proposes, are its own words.
    for own in ("Blank service map", "A starting point for mapping any service.", "Discover"):
        assert own not in shown
    assert not template.select(".jm-title .jm-prompt, .jm-summary .jm-prompt, .jm-stage .jm-prompt")


def test_an_example_has_no_prompts(example: BeautifulSoup) -> None:
    assert example.select(".jm-prompt") == []
    assert example.select(".jm-prompt-key") == []


def test_a_template_says_how_its_prompts_look(template: BeautifulSoup) -> None:
    key = template.select_one(".jm-header .jm-prompt-key")
    assert key is not None
    assert "dashed box is a prompt" in key.get_text()


def test_placeholder_metrics_have_no_mark_and_a_target_to_set(
    template: BeautifulSoup, example: BeautifulSoup
) -> None:
    metrics = template.select(".jm-map .jm-metric")
    assert len(metrics) == 2
    for metric in metrics:
        assert "jm-metric--to-set" in metric["class"]
        assert metric.select(".jm-metric__mark, .jm-metric__value") == []
        assert "jm-metric--met" not in metric["class"]
        assert "Met" not in metric.get_text()
        assert "✓" not in metric.get_text()
        assert metric.select_one(".jm-metric__target").get_text() == "Target to set"
    units = [metric.select_one(".jm-metric__unit").get_text() for metric in metrics]
    assert units == ["Measured in visits", "Measured in %"]
    # An example's metrics keep their marks.
    marks = [mark.get_text(" ", strip=True) for mark in example.select(".jm-metric__mark")]
    assert marks == ["✗ Missed", "✓ Met"]


def test_a_template_has_no_state_badge(template: BeautifulSoup, example: BeautifulSoup) -> None:
    badges = [badge.get_text() for badge in template.select(".jm-badges .jm-badge")]
    assert badges == ["Template"]
    assert [badge.get_text() for badge in example.select(".jm-badges .jm-badge")] == [
        "Example",
        "Current state",
    ]


def test_the_footer_of_a_template_offers_it_and_names_no_owner(
    template: BeautifulSoup, example: BeautifulSoup, built: Path
) -> None:
    footer = template.select_one(".jm-site-footer")
    assert footer is not None
    words = " ".join(footer.get_text().split())
    assert "kept up to date by" not in words
    assert "Who keeps this map up to date?" not in words
    assert words.startswith("A template: copy it to start your own map")
    link = footer.select_one("a[download]")
    assert link is not None
    assert link.get_text() == "Download the template"
    assert (built / "journeys/blank" / link["href"]).resolve().is_file()
    # An example's footer still names its owner.
    owner = " ".join(example.select_one(".jm-site-footer").get_text().split())
    assert "This map is kept up to date by Member services." in owner


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    from .browsing import serving

    with serving(built) as url:
        yield url


STYLE = """(selector) => {
  const element = document.querySelector(selector);
  const style = getComputedStyle(element);
  return {fontStyle: style.fontStyle, border: style.borderTopStyle, colour: style.color};
}"""


@pytest.mark.browser
def test_a_prompt_looks_unlike_an_answer_in_the_browser(
    browser: Callable[..., object], served: str
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(served + "journeys/library-card/", wait_until="load")
        answer = page.evaluate(STYLE, ".jm-map tbody td p, .jm-map tbody td li")
        page.goto(served + "journeys/blank/", wait_until="load")
        prompt = page.evaluate(STYLE, ".jm-map tbody .jm-prompt")
    finally:
        page.close()
    assert prompt["fontStyle"] == "italic" != answer["fontStyle"]
    assert prompt["border"] == "dashed" != answer["border"]
    assert prompt["colour"] != answer["colour"]

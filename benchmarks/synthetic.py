"""Synthetic sites for the benchmark: N journeys in L languages, and the same amount of
plain Markdown as a plain mkdocs-material site, to measure the plugin against.

Sizes follow issue 7: 3–8 stages of 1–4 steps each, metrics on a third of the steps, a
few paragraphs of narrative. The text is drawn from a fixed vocabulary with a fixed seed,
so every run builds the same sites. Each journey has a translation into every other
language, holding text only, as a translator writes it.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import journey_maps
from journey_maps.core.loading import LoadOptions, parse_journey
from journey_maps.core.scaffold import journey_file
from journey_maps.core.translation import source_fingerprint

THEME_SUPPORT = Path(journey_maps.__file__).parent / "theme_support"
LOCALES = ["en", "id", "de", "es", "fa", "fr", "ja", "pl", "pt", "ru", "vi", "zh-Hans", "zh-Hant"]
INDUSTRIES = ["Retail", "Banking", "Telecom", "Public sector", "Health", "Travel", "Energy"]
TAGS = [
    "onboarding",
    "support",
    "billing",
    "renewal",
    "delivery",
    "returns",
    "complaints",
    "self-service",
    "mobile app",
    "contact centre",
    "store",
    "payments",
]
CHANNELS = ["Web", "Mobile app", "Phone", "Email", "Store", "Chat", "Letter"]
EMOTIONS = ["very negative", "negative", "neutral", "positive", "very positive"]
SAMPLE_TEXT = (
    "customer order account card payment delivery parcel store app website call queue agent "
    "form email letter invoice refund return wait check update confirm choose compare find "
    "open sign renew cancel pay track ask answer explain transfer schedule visit receive "
    "quickly again twice before after during since without clearly late early online"
)
WORDS = SAMPLE_TEXT.split()

MKDOCS_BASE = """\
site_name: Benchmark
docs_dir: docs
theme:
  name: material
  font: false
"""


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def journey_values(rng: random.Random, number: int) -> dict[str, Any]:
    """The front-matter of journey ``number``: realistic sizes, fixed by the seed."""
    stages = []
    for stage_number in range(rng.randint(3, 8)):
        steps = []
        for _ in range(rng.randint(1, 4)):
            step: dict[str, Any] = {
                "action": _sentence(rng, 5, 12),
                "touchpoint": f"Touchpoint {rng.randint(1, 60)}",
                "channel": rng.choice(CHANNELS),
                "thought": _sentence(rng, 4, 10),
                "emotion": rng.choice(EMOTIONS),
                "pains": [_sentence(rng, 4, 9) for _ in range(rng.randint(0, 2))],
                "opportunities": [_sentence(rng, 4, 9) for _ in range(rng.randint(0, 2))],
                "owner": f"Team {rng.randint(1, 12)}",
            }
            step = {key: item for key, item in step.items() if item != []}
            if rng.random() < 1 / 3:
                step["metrics"] = [
                    {
                        "name": _sentence(rng, 2, 5),
                        "value": rng.randint(1, 100),
                        "target": rng.randint(1, 100),
                        "unit": "percent",
                    }
                ]
            steps.append(step)
        stages.append({"name": f"Stage {stage_number + 1} {rng.choice(WORDS)}", "steps": steps})
    return {
        "title": f"Journey {number:05d}: {_sentence(rng, 3, 6)}",
        "summary": _sentence(rng, 12, 25) + ".",
        "industry": rng.choice(INDUSTRIES),
        "tags": rng.sample(TAGS, rng.randint(1, 3)),
        "owner": f"Team {rng.randint(1, 12)}",
        "persona": {
            "name": f"Persona {number}",
            "role": _sentence(rng, 2, 5),
            "quote": _sentence(rng, 6, 14),
            "goals": [_sentence(rng, 3, 8) for _ in range(2)],
        },
        "scenario": _sentence(rng, 20, 40) + ".",
        "stages": stages,
    }


def narrative(rng: random.Random) -> str:
    paragraphs = [_sentence(rng, 30, 60) + "." for _ in range(3)]
    return "## What we learned\n\n" + "\n\n".join(paragraphs) + "\n"


def _file(values: dict[str, Any], body: str) -> str:
    # journey-maps' own writer quotes what YAML 1.2 would read as something else, such as
    # a fingerprint like 12e45678 (a number), as 'build.py i18n done' and 'new' do.
    return journey_file(values, "\n" + body)


NOT_TEXT = ("emotion", "value", "target", "unit", "better")
"""Fields a translation leaves out: they are the source's, in every language."""


def _translated(values: Any, locale: str, *, whole: bool = False) -> Any:
    """The text of ``values`` as a translator gives it: same shape, text only (``whole``:
    with the fields that are not text kept as they are, for the plain site's page)."""
    if isinstance(values, dict):
        return {
            key: item if key in NOT_TEXT else _translated(item, locale, whole=whole)
            for key, item in values.items()
            if whole or key not in NOT_TEXT
        }
    if isinstance(values, list):
        return [_translated(item, locale, whole=whole) for item in values]
    return f"[{locale}] {values}" if isinstance(values, str) else values


def _as_markdown(values: dict[str, Any], body: str) -> str:
    """The same content as a plain Markdown page: what a site without the plugin holds."""
    lines = [
        f"# {values['title']}",
        "",
        values["summary"],
        "",
        f"**Persona:** {values['persona']['name']}, {values['persona']['role']}",
        "",
        values["scenario"],
        "",
    ]
    for stage in values["stages"]:
        lines += [
            f"## {stage['name']}",
            "",
            "| Action | Touchpoint | Channel | Thought | Feeling |",
            "| --- | --- | --- | --- | --- |",
        ]
        for step in stage["steps"]:
            lines.append(
                f"| {step['action']} | {step['touchpoint']} | {step['channel']} | "
                f"{step['thought']} | {step['emotion']} |"
            )
        lines.append("")
        for step in stage["steps"]:
            for pain in step.get("pains", []):
                lines.append(f"- Pain: {pain}")
            for opportunity in step.get("opportunities", []):
                lines.append(f"- Opportunity: {opportunity}")
            for metric in step.get("metrics", []):
                lines.append(f"- {metric['name']}: {metric['value']} of {metric['target']}")
        lines.append("")
    return "\n".join(lines) + "\n" + body


def _i18n_plugin(locales: list[str]) -> str:
    if len(locales) == 1:
        return ""
    languages = "".join(
        f"        - {{locale: {code}, name: {code}{', default: true' if i == 0 else ''}}}\n"
        for i, code in enumerate(locales)
    )
    return (
        "  - i18n:\n"
        "      docs_structure: suffix\n"
        "      fallback_to_default: true\n"
        "      languages:\n" + languages
    )


def write_sites(root: Path, count: int, languages: int, seed: int = 7) -> tuple[Path, Path]:
    """A journey-maps site and its plain-Markdown baseline under ``root``; their configs."""
    locales = LOCALES[:languages]
    maps_site, plain_site = root / "journey-maps", root / "plain"
    for site in (maps_site, plain_site):
        (site / "docs").mkdir(parents=True)
        (site / "docs" / "index.md").write_text("# Benchmark\n\nA synthetic site.\n")
    (maps_site / "mkdocs.yml").write_text(
        MKDOCS_BASE + "plugins:\n  - search\n  - journey-maps\n" + _i18n_plugin(locales)
    )
    # The maps stay out of the navigation on both sites: a navigation that lists every page
    # is written into every page, and would make the plain site quadratic, not the baseline.
    (plain_site / "mkdocs.yml").write_text(
        MKDOCS_BASE
        + "  custom_dir: overrides\nnav:\n  - index.md\nplugins:\n  - search\n"
        + _i18n_plugin(locales)
    )
    # Material names Simplified Chinese "zh"; journey-maps brings a zh-Hans file for the
    # theme, and the plain site gets the same one.
    zh_hans = Path("partials/languages/zh-Hans.html")
    (plain_site / "overrides" / zh_hans).parent.mkdir(parents=True)
    (plain_site / "overrides" / zh_hans).write_bytes((THEME_SUPPORT / zh_hans).read_bytes())
    rng = random.Random(seed)  # noqa: S311 - sample text, not secrets
    options = LoadOptions()
    for number in range(1, count + 1):
        values, body = journey_values(rng, number), narrative(rng)
        folder = f"journeys/{values['industry'].lower().replace(' ', '-')}"
        name = f"journey-{number:05d}"
        source = _file(values, body)
        journey = maps_site / "docs" / folder / f"{name}.md"
        journey.parent.mkdir(parents=True, exist_ok=True)
        journey.write_text(source, encoding="utf-8")
        plain = plain_site / "docs" / folder / f"{name}.md"
        plain.parent.mkdir(parents=True, exist_ok=True)
        plain.write_text(_as_markdown(values, body), encoding="utf-8")
        if len(locales) == 1:
            continue
        loaded = parse_journey(
            source.encode(),
            src_uri=f"{folder}/{name}.md",
            docs_dir=None,
            options=options,
            display=str(journey),
        )
        fingerprint = source_fingerprint(loaded)
        for locale in locales[1:]:
            translated = {"translated_from": fingerprint, **_translated(values, locale)}
            translated_body = body.replace("## What we learned", f"## [{locale}] What we learned")
            (journey.parent / f"{name}.{locale}.md").write_text(
                _file(translated, translated_body), encoding="utf-8"
            )
            # The same Markdown in the plain site's translation, all of it translated as
            # the map's is: mkdocs-static-i18n leaves out of the search index a translated
            # section whose text is the default language's, which would flatter the plain
            # site's index.
            (plain.parent / f"{name}.{locale}.md").write_text(
                _as_markdown(_translated(values, locale, whole=True), translated_body),
                encoding="utf-8",
            )
    return maps_site / "mkdocs.yml", plain_site / "mkdocs.yml"


ADVERSARIAL = {
    "tags": "maps, each with 30 tags of its own",
    "touchpoints": "maps, each with 200 steps, each step its own touchpoint and channel",
    "body": "maps, each with a body of 200 paragraphs that open a bracket never closed",
}
"""What hostile maps can make a site grow with, each map as large as a map may be: a page
per tag, a touchpoint and a channel page per step, Markdown that searches for closers."""


def write_adversarial(root: Path, kind: str, size: int) -> Path:
    """A one-language site of ``size`` hostile maps of ``kind`` (size 0: one plain small
    map, the fixed cost of any site); its config."""
    site = root / f"{kind}-{size}"
    (site / "docs" / "journeys").mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# Benchmark\n\nHostile maps.\n")
    (site / "mkdocs.yml").write_text(MKDOCS_BASE + "plugins:\n  - search\n  - journey-maps\n")
    rng = random.Random(size)  # noqa: S311 - sample text, not secrets
    for number in range(max(size, 1)):
        steps: list[dict[str, Any]] = [{"action": f"Step {n}", "emotion": 0} for n in range(3)]
        body = narrative(rng)
        values: dict[str, Any] = {
            "title": f"Hostile map {number}",
            "summary": "As large as may be.",
        }
        if kind == "tags" and size:
            values["tags"] = [f"tag {number}-{n}" for n in range(30)]
        elif kind == "touchpoints" and size:
            steps = [
                {
                    "action": f"Step {n}",
                    "touchpoint": f"Touchpoint {number}-{n}",
                    "channel": f"Channel {number}-{n}",
                }
                for n in range(200)
            ]
        elif kind == "body" and size:
            body += "".join(f"\n[{_sentence(rng, 30, 40)}.\n" for _ in range(200))
        values["stages"] = [{"name": "Everything", "steps": steps}]
        journey = site / "docs" / "journeys" / f"hostile-{number:04d}.md"
        journey.write_text(_file(values, body), encoding="utf-8")
    return site / "mkdocs.yml"

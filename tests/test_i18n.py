"""Languages: catalogs, translated journeys, fallback, staleness, right-to-left, a 14th
language by files alone, and the translator's commands."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from journey_maps.cli import main
from journey_maps.i18n.catalogs import PACKAGE_CATALOGS, translations_for
from journey_maps.i18n.commands import mark_done

from tests.conftest import MINIMAL_JOURNEY, REPO
from tests.test_build import LANES

LOCALES = ["en", "id", "de", "es", "fa", "fr", "ja", "pl", "pt", "ru", "vi", "zh-Hans", "zh-Hant"]
JACKET = "journeys/examples/retail/winter-jacket"

FRENCH = """\
---
title: Renouveler une carte de bibliothèque
summary: Un lecteur renouvelle une carte expirée avant d'emprunter un livre.
stages:
  - name: Découvrir
    steps:
      - action: Essaie d'emprunter un livre
  - name: Renouveler
    steps:
      - action: Renouvelle au guichet
      - action: Emprunte le livre
---
## Ce que nous avons appris

Les lecteurs accusent la borne, pas la carte.
"""


def page(site_dir: Path, path: str) -> BeautifulSoup:
    """A built page by its path: ``journeys/x`` is journeys/x/index.html with directory URLs,
    journeys/x.html without (the shipped site, which also opens from disk)."""
    folder = site_dir / path / "index.html"
    file = folder if folder.is_file() else site_dir / f"{path.rstrip('/')}.html"
    return BeautifulSoup(file.read_text(), "html.parser")


def i18n_site(
    root: Path,
    locales: list[str],
    *,
    translation: str | None = FRENCH,
    translation_locale: str = "fr",
    options: tuple[str, ...] = (),
) -> Path:
    """A site in ``locales`` (the first the default) with card.md and, unless None,
    its ``translation``; ``options``: the journey-maps plugin's, as 'key: value' lines."""
    plugin = "".join(f"\n      {option}" for option in options)
    languages = "\n".join(
        f"        - {{locale: {code}, name: {code}{', default: true' if i == 0 else ''}}}"
        for i, code in enumerate(locales)
    )
    (root / "mkdocs.yml").write_text(
        textwrap.dedent("""\
        site_name: Test site
        docs_dir: docs
        theme: {name: material, font: false, language: en}
        plugins:
          - search
          - journey-maps
          - i18n:
              docs_structure: suffix
              languages:
        """).replace("- journey-maps\n", f"- journey-maps{':' + plugin if plugin else ''}\n")
        + languages
        + "\n"
    )
    docs = root / "docs" / "journeys"
    docs.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (docs / "card.md").write_text(MINIMAL_JOURNEY)
    if translation is not None:
        (docs / f"card.{translation_locale}.md").write_text(translation)
    return root / "mkdocs.yml"


# The shipped site, in all thirteen languages -------------------------------------------------


@pytest.mark.parametrize("code", LOCALES)
def test_every_locale_has_lang_dir_and_translated_words(shipped_site: Path, code: str) -> None:
    prefix = "" if code == "en" else f"{code}/"
    html = page(shipped_site, prefix + JACKET)
    assert html.html["lang"] == code
    assert html.body["dir"] == ("rtl" if code == "fa" else "ltr")
    switcher = {link["hreflang"] for link in html.select("a.md-select__link[hreflang]")}
    assert switcher == set(LOCALES)
    # No hreflang links in the head: Material would fetch a sitemap.xml beside each, in
    # folders that have none (sitemap.xml lists the translations instead).
    assert html.select("head link[rel=alternate]") == []
    labels = [th.get_text(strip=True) for th in html.select("table.jm-map tbody th[scope=row]")]
    english = LANES
    assert len(labels) == len(english)
    if code not in ("en", "de"):  # German CX practice says "Touchpoints" too, but not all
        assert sum(a == b for a, b in zip(labels, english, strict=True)) <= 1, labels
    assert html.select_one(".jm-notice--missing") is None, "the jacket exists in every locale"


def test_language_switcher_names_languages_in_themselves(shipped_site: Path) -> None:
    html = page(shipped_site, "fr/" + JACKET)
    names = [a.get_text(strip=True) for a in html.select(".md-select__link")]
    for name in (
        "English",
        "Deutsch",
        "فارسی",
        "日本語",
        "Polski",
        "Русский",
        "中文 (简体)",
        "中文 (繁體)",
        "Tiếng Việt",
    ):
        assert name in names


@pytest.mark.parametrize(
    ("code", "expected"),
    [("pl", ["1 krok", "2 kroki", "5 kroków"]), ("ru", ["1 шаг", "2 шага", "5 шагов"])],
)
def test_plural_forms(code: str, expected: list[str]) -> None:
    translations = translations_for(code, [PACKAGE_CATALOGS])
    counted = [
        translations.ngettext("%(num)s step", "%(num)s steps", n) % {"num": n} for n in (1, 2, 5)
    ]
    assert counted == expected


def test_plural_forms_on_pages(shipped_site: Path) -> None:
    counts = page(shipped_site, "pl/" + JACKET).select_one(".jm-map-count").get_text()
    assert counts == "6 etapów · 12 kroków"
    counts = page(shipped_site, "ru/" + JACKET).select_one(".jm-map-count").get_text()
    assert counts == "6 этапов · 12 шагов"


def test_numbers_follow_the_locale(shipped_site: Path) -> None:
    def values(prefix: str) -> list[str]:
        html = page(shipped_site, prefix + JACKET)
        return [v.get_text() for v in html.select(".jm-metric__value")]

    english, german, persian = values(""), values("de/"), values("fa/")
    assert "2.1%" in english
    assert "2,1\u00a0%" in german
    assert "۲٫۱%" in persian  # Persian digits and decimal sign (CLDR keeps the Latin %)
    reviewed = page(shipped_site, "de/" + JACKET).select_one(".jm-facts time").get_text()
    assert reviewed == "01.10.2026"


def test_translated_pages_are_in_the_sitemap(shipped_site: Path) -> None:
    names = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    sitemap = ElementTree.parse(shipped_site / "sitemap.xml")  # noqa: S314 (our own build's output)
    entry = next(
        url
        for url in sitemap.iterfind("s:url", names)
        if url.findtext("s:loc", "", names) == f"{JACKET}.html"
    )
    translations = {
        link.get("hreflang"): link.get("href") for link in entry.iterfind("x:link", names)
    }
    assert set(translations) == set(LOCALES)
    for code in ("fr", "fa", "zh-Hant"):
        assert translations[code] == f"{code}/{JACKET}.html"


def test_search_is_configured_for_japanese_and_chinese(shipped_site: Path) -> None:
    index = json.loads((shipped_site / "search" / "search_index.json").read_text())
    assert "ja" in index["config"]["lang"]
    assert "\\u200b" in index["config"]["separator"]
    chinese = [d for d in index["docs"] if d["location"].startswith(f"zh-Hans/{JACKET}")]
    assert chinese
    assert "\u200b" in chinese[0]["text"], "Chinese is segmented into words for search"


# Translations in a small site ----------------------------------------------------------------


def test_partial_translation_falls_back_and_says_so(tmp_path: Path) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    assert main(["-f", str(config), "build"]) == 0
    html = page(tmp_path / "site", "fr/journeys/card")
    assert html.select_one("h1.jm-title").get_text() == "Renouveler une carte de bibliothèque"
    assert html.select_one(".jm-notice--partial") is not None
    fallback = html.select_one(".jm-lane--touchpoints .jm-fallback")
    assert fallback["lang"] == "en"
    assert fallback.get_text() == "Self-service kiosk"
    assert html.select_one(".jm-body").get("lang") is None  # the body is translated
    # Numbers and structure come from the source.
    assert len(html.select("thead th.jm-step")) == 3
    assert html.select_one(".jm-metric__value").get_text() == "12\u00a0min"
    english = page(tmp_path / "site", "journeys/card")
    anchors = [th["id"] for th in english.select("thead th.jm-step")]
    assert [th["id"] for th in html.select("thead th.jm-step")] == anchors


def test_untranslated_journey_says_which_language_it_is_in(tmp_path: Path) -> None:
    config = i18n_site(tmp_path, ["en", "fr", "de"])
    assert main(["-f", str(config), "build"]) == 0
    html = page(tmp_path / "site", "de/journeys/card")
    notice = html.select_one(".jm-notice--missing")
    assert "Englisch" in notice.get_text()
    assert html.select_one("article.jm-page")["lang"] == "en"


def test_misaligned_translation_names_both_files(tmp_path: Path, capsys) -> None:
    short = FRENCH.replace("      - action: Emprunte le livre\n", "")
    config = i18n_site(tmp_path, ["en", "fr"], translation=short)
    assert main(["-f", str(config), "check"]) == 1
    err = capsys.readouterr().err
    assert (
        "docs/journeys/card.fr.md:10:7: stages[1].steps: 1 step here but 2 in the source "
        "docs/journeys/card.md (line 35)" in err.replace(str(tmp_path) + "/", "")
    )


def test_translation_may_not_change_numbers(tmp_path: Path, capsys) -> None:
    numbers = FRENCH.replace(
        "      - action: Essaie d'emprunter un livre\n",
        "      - action: Essaie d'emprunter un livre\n        emotion: 2\n",
    )
    config = i18n_site(tmp_path, ["en", "fr"], translation=numbers)
    assert main(["-f", str(config), "check"]) == 1
    assert (
        "card.fr.md:8:9: stages[0].steps[0].emotion: 'emotion' comes from the source"
        in capsys.readouterr().err
    )


def test_stale_translation_is_flagged(tmp_path: Path, capsys) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    translation = tmp_path / "docs" / "journeys" / "card.fr.md"
    assert main(["-f", str(config), "i18n", "done", str(translation)]) == 0
    assert "translated_from: " in translation.read_text()
    assert main(["-f", str(config), "build"]) == 0
    assert page(tmp_path / "site", "fr/journeys/card").select_one(".jm-notice--stale") is None
    source = tmp_path / "docs" / "journeys" / "card.md"
    source.write_text(source.read_text().replace("Renews at the desk", "Renews online"))
    assert main(["-f", str(config), "build"]) == 0
    assert page(tmp_path / "site", "fr/journeys/card").select_one(".jm-notice--stale")
    capsys.readouterr()
    assert main(["-f", str(config), "i18n", "--catalogs", str(PACKAGE_CATALOGS), "status"]) == 0
    out = capsys.readouterr().out
    assert "journeys/card.md" in out
    assert "stale" in out


def test_flagging_a_moment_keeps_a_translation_current_and_saying_why_does_not(
    tmp_path: Path,
) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    translation = tmp_path / "docs" / "journeys" / "card.fr.md"
    assert main(["-f", str(config), "i18n", "done", str(translation)]) == 0
    source = tmp_path / "docs" / "journeys" / "card.md"
    step = "      - action: Renews at the desk\n"
    assert step in source.read_text()
    # `moment: true` holds nothing to translate: the French map stays current.
    source.write_text(source.read_text().replace(step, step + "        moment: true\n"))
    assert main(["-f", str(config), "build"]) == 0
    assert page(tmp_path / "site", "fr/journeys/card").select_one(".jm-notice--stale") is None
    # Why the moment matters is text: the French map is now behind its source.
    source.write_text(source.read_text().replace("moment: true", "moment: Renewal is due."))
    assert main(["-f", str(config), "build"]) == 0
    assert page(tmp_path / "site", "fr/journeys/card").select_one(".jm-notice--stale")


def test_mark_done_replaces_an_earlier_fingerprint(tmp_path: Path) -> None:
    translation = tmp_path / "card.fr.md"
    translation.write_text(FRENCH)
    mark_done(translation, "aaaa")
    mark_done(translation, "bbbb")
    text = translation.read_text()
    assert text.startswith("---\ntranslated_from: bbbb\ntitle:")
    assert text.count("translated_from") == 1


def test_fourteenth_language_by_files_alone(tmp_path: Path) -> None:
    italian = FRENCH.replace("Renouveler une carte de bibliothèque", "Rinnovare la tessera")
    config = i18n_site(tmp_path, ["en", "it"], translation=italian, translation_locale="it")
    catalog = tmp_path / "locale" / "it" / "LC_MESSAGES" / "journey_maps.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        textwrap.dedent("""\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        msgid "Touchpoints"
        msgstr "Punti di contatto"

        msgid "%(num)s step"
        msgid_plural "%(num)s steps"
        msgstr[0] "%(num)s passaggio"
        msgstr[1] "%(num)s passaggi"
        """)
    )
    assert main(["-f", str(config), "build"]) == 0
    html = page(tmp_path / "site", "it/journeys/card")
    assert html.html["lang"] == "it"
    labels = [th.get_text(strip=True) for th in html.select("tbody th[scope=row]")]
    assert "Punti di contatto" in labels
    assert "3 passaggi" in html.select_one(".jm-map-count").get_text()
    assert html.select_one("h1.jm-title").get_text() == "Rinnovare la tessera"
    switcher = [a.get_text(strip=True) for a in html.select(".md-select__link")]
    assert "Italiano" in switcher


def test_site_catalog_overrides_a_package_word(tmp_path: Path) -> None:
    config = i18n_site(tmp_path, ["en", "fr"])
    catalog = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "journey_maps.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Pains"\nmsgstr "Frictions"\n'
    )
    assert main(["-f", str(config), "build"]) == 0
    labels = [
        th.get_text(strip=True)
        for th in page(tmp_path / "site", "fr/journeys/card").select("tbody th[scope=row]")
    ]
    assert "Frictions" in labels
    assert "Actions" in labels  # the rest still comes from the package's French catalog


# The translator's commands -------------------------------------------------------------------


def test_extract_init_update_round_trip(tmp_path: Path, capsys) -> None:
    mapping = tmp_path / "babel.cfg"
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "a.html").write_text('<p>{{ _("Hello") }}</p>')
    mapping.write_text("[jinja2: templates/**.html]\n")
    catalogs = tmp_path / "locale"
    run = [
        "-f",
        str(tmp_path / "none.yml"),
        "i18n",
        "--catalogs",
        str(catalogs),
        "--mapping",
        str(mapping),
    ]
    assert main([*run, "extract"]) == 0
    assert 'msgid "Hello"' in (catalogs / "journey_maps.pot").read_text()
    assert main([*run, "init", "pl"]) == 0
    po = catalogs / "pl" / "LC_MESSAGES" / "journey_maps.po"
    assert "nplurals=3" in po.read_text()
    assert main([*run, "init", "pl"]) == 2  # never overwrites a translator's work
    po.write_text(
        po.read_text().replace('msgid "Hello"\nmsgstr ""', 'msgid "Hello"\nmsgstr "Cześć"')
    )
    (templates / "a.html").write_text('<p>{{ _("Hello") }} {{ _("Hello!") }}</p>')
    assert main([*run, "extract"]) == 0
    assert main([*run, "update"]) == 0
    text = po.read_text()
    assert 'msgstr "Cześć"' in text
    assert '#, fuzzy\nmsgid "Hello!"' in text  # a near match, for the translator to confirm


def test_status_reports_full_interface_coverage(capsys) -> None:
    assert (
        main(
            ["-f", str(REPO / "mkdocs.yml"), "i18n", "--catalogs", str(PACKAGE_CATALOGS), "status"]
        )
        == 0
    )
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if "%" in line]
    assert len(rows) == len(LOCALES)
    assert all("100%" in row for row in rows), out


def test_oversized_translation_is_refused_unread(tmp_path: Path, capsys) -> None:
    huge = FRENCH.replace("Les lecteurs accusent", "x" * 3_000_000 + " Les lecteurs accusent")
    config = i18n_site(tmp_path, ["en", "fr"], translation=huge)
    assert main(["-f", str(config), "check"]) == 1
    assert "card.fr.md:1:1: file is 2.9 MB; a journey file may be at most 2.0 MB" in (
        capsys.readouterr().err
    )

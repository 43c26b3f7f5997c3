"""One PDF per map per language: ``build.py pdf`` (and ``build`` with the site's option
``pdf``) prints each map with Debian's Chromium beside its page, the same bytes on every
run, on A3 landscape unless told A4; each map page links its PDF. Read from a small real
site of two maps (an example, a template) in English and Persian."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from .conftest import MINIMAL_JOURNEY
from .test_templates_look import TEMPLATE

pytestmark = pytest.mark.browser

MAPS = ("journeys/library-card/library-card.pdf", "journeys/blank/blank.pdf")
PDFS = (*MAPS, *(f"fa/{pdf}" for pdf in MAPS))
A3 = (1190.55, 841.89)  # 420 x 297 mm, landscape, in points
A4 = (841.89, 595.28)


def small_site(root: Path, options: str = "") -> Path:
    """Two maps in English and Persian (the template translated, the example not)."""
    (root / "docs/journeys").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: Test site\n"
        "docs_dir: docs\n"
        "theme: {name: material, font: false, language: en}\n"
        "plugins:\n"
        "  - search\n"
        f"  - journey-maps{':' if options else ''}{options}\n"
        "  - i18n:\n"
        "      docs_structure: suffix\n"
        "      languages:\n"
        "        - {locale: en, name: en, default: true}\n"
        "        - {locale: fa, name: fa}\n",
        encoding="utf-8",
    )
    (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs/journeys/library-card.md").write_text(MINIMAL_JOURNEY, encoding="utf-8")
    (root / "docs/journeys/blank.md").write_text(TEMPLATE, encoding="utf-8")
    (root / "docs/journeys/blank.fa.md").write_text(
        "---\ntitle: نقشهٔ خدمت خالی\nsummary: نقطهٔ شروعی برای ترسیم هر خدمتی.\n---\n",
        encoding="utf-8",
    )
    return root / "mkdocs.yml"


def run(config: Path, *argv: str) -> int:
    from journey_maps.cli import main

    return main(["-f", str(config), *argv, "-j", "1"])


def digests(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*.pdf"))
    }


def sheets(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points, width by height."""
    with pikepdf.open(pdf) as document:
        return [
            (float(page.mediabox[2] - page.mediabox[0]), float(page.mediabox[3] - page.mediabox[1]))
            for page in document.pages
        ]


def assert_paper(pdf: Path, paper: tuple[float, float]) -> None:
    sizes = sheets(pdf)
    assert sizes, pdf
    for width, height in sizes:
        assert width == pytest.approx(paper[0], abs=1.5), pdf
        assert height == pytest.approx(paper[1], abs=1.5), pdf


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The site built and printed twice by ``pdf``: the second site, and the first's
    PDFs' digests."""
    root = tmp_path_factory.mktemp("pdf")
    config = small_site(root)
    with pytest.MonkeyPatch.context() as patch:
        # The sources' date, which a site outside git takes from the clock.
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        assert run(config, "pdf", "-d", str(root / "first")) == 0
        first = digests(root / "first")
        shutil.rmtree(root / "first")
        assert run(config, "pdf", "-d", str(root / "site")) == 0
    return root / "site", first


def test_each_map_in_each_language_is_printed_beside_its_page(
    printed: tuple[Path, dict[str, str]],
) -> None:
    site, _ = printed
    assert sorted(digests(site)) == sorted(PDFS)
    for pdf in PDFS:
        assert (site / pdf).with_name("index.html").is_file()
    with pikepdf.open(site / "fa/journeys/blank/blank.pdf") as document:
        assert str(document.Root.Lang) == "fa"
        assert str(document.docinfo.Title).startswith("نقشهٔ خدمت خالی")
        assert "/StructTreeRoot" in document.Root  # tagged, for screen readers


def test_the_same_sources_print_the_same_bytes(printed: tuple[Path, dict[str, str]]) -> None:
    site, first = printed
    assert digests(site) == first


def test_a3_landscape_by_default(printed: tuple[Path, dict[str, str]]) -> None:
    site, _ = printed
    for pdf in PDFS:
        assert_paper(site / pdf, A3)
        # One sheet is the print stylesheet's aim; a short map takes no more than two.
        assert len(sheets(site / pdf)) <= 2, pdf


def test_each_map_page_links_its_pdf(printed: tuple[Path, dict[str, str]]) -> None:
    site, _ = printed
    for pdf in PDFS:
        page = (site / pdf).with_name("index.html")
        links = BeautifulSoup(page.read_text("utf-8"), "html.parser").select(".jm-pdf a")
        assert len(links) == 1, page
        assert links[0]["type"] == "application/pdf"
        assert (page.parent / links[0]["href"]).resolve() == (site / pdf).resolve()
    english = (site / "journeys/library-card/index.html").read_text("utf-8")
    link = BeautifulSoup(english, "html.parser").select_one(".jm-pdf a")
    assert link is not None
    assert link.get_text() == "Download PDF (A3)"


def test_a4_when_asked_for(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    assert run(config, "pdf", "--paper", "A4", "-d", str(tmp_path / "site")) == 0
    for pdf in PDFS:
        assert_paper(tmp_path / "site" / pdf, A4)
    page = (tmp_path / "site/journeys/blank/index.html").read_text("utf-8")
    link = BeautifulSoup(page, "html.parser").select_one(".jm-pdf a")
    assert link is not None
    assert link.get_text() == "Download PDF (A4)"


def test_the_site_option_prints_them_in_every_build(tmp_path: Path) -> None:
    config = small_site(tmp_path, "\n      pdf: true\n      pdf_paper: A4")
    assert run(config, "build", "-d", str(tmp_path / "site")) == 0
    assert sorted(digests(tmp_path / "site")) == sorted(PDFS)
    assert_paper(tmp_path / "site" / PDFS[0], A4)


def test_without_the_option_a_build_prints_and_links_none(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    assert run(config, "build", "-d", str(tmp_path / "site")) == 0
    assert digests(tmp_path / "site") == {}
    page = (tmp_path / "site/journeys/library-card/index.html").read_text("utf-8")
    assert BeautifulSoup(page, "html.parser").select(".jm-pdf") == []


def test_no_chromium_there_says_how_to_fix_it_and_builds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = small_site(tmp_path)
    missing = tmp_path / "no-such" / "chromium"
    argv = ("pdf", "--chromium", str(missing), "-d", str(tmp_path / "site"))
    assert run(config, *argv) == 2
    assert capsys.readouterr().err == (
        f"error: no Chromium at {missing}: give the path of a Chromium or Chrome "
        "executable with --chromium, or leave it out to use the one on the PATH\n"
    )
    assert not (tmp_path / "site").exists()


def test_no_chromium_on_the_path_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = small_site(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert run(config, "pdf", "-d", str(tmp_path / "site")) == 2
    assert capsys.readouterr().err == (
        "error: printing PDFs needs Chromium, and none is on the PATH: install it "
        "(Debian and Ubuntu: apt-get install chromium) or give its path with --chromium\n"
    )
    assert not (tmp_path / "site").exists()

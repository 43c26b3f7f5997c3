"""The command line's words, parsed into a typed object."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from ..builds.pdf import PAPERS


class Arguments(argparse.Namespace):
    """What the command line asked for. argparse fills it (``parse_arguments``); each
    command reads only its own fields. The defaults here are the only ones: argparse
    sets none on a namespace that has the field already, and the parser's help names
    these."""

    config_file: Path = Path("mkdocs.yml")
    command: str = "build"
    # build
    site_dir: Path | None = None
    archive: bool | Path | None = None
    """--archive: True, or the folder to write the zip into; None without it."""
    jobs: int | None = None
    # build and pdf
    chromium: Path | None = None
    """The Chromium that prints the maps' PDFs; None: the first on the PATH."""
    # pdf
    paper: str | None = None
    """A3 or A4; None: the site's option pdf_paper."""
    # serve
    dev_addr: str | None = None
    # new
    title: str | None = None
    template: str | None = None
    locale: str | None = None
    folder: str | None = None
    # schema
    output: Path | None = None
    # i18n
    i18n_command: str | None = None
    catalogs: Path | None = None
    mapping: Path = Path("babel.cfg")
    paths: Sequence[Path] = ()

    @property
    def archive_dir(self) -> Path | None:
        """Where --archive is to write the zip, when it names a folder."""
        return self.archive if isinstance(self.archive, Path) else None


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build, preview or check a Journey Maps site.",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Arguments.config_file,
        help="the site's mkdocs.yml (default: %(default)s)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site into site/ (the default)")
    build.add_argument("-d", "--site-dir", type=Path, help="where to put the site")
    build.add_argument(
        "--archive",
        nargs="?",
        const=True,
        type=Path,
        metavar="FOLDER",
        help="after the build, also write a dated zip of the site, "
        "<site-name>-site-YYYY-MM-DD.zip, into FOLDER (default: beside the site)",
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="languages built at once, each in a process of its own "
        "(default: one per core this machine lends the build)",
    )
    build.add_argument(
        "--chromium",
        type=Path,
        metavar="PATH",
        help="the Chromium that prints the maps' PDFs when the site's option pdf is on "
        "(default: chromium on the PATH)",
    )
    pdf = commands.add_parser(
        "pdf",
        help="build the site with each map printed to a PDF beside its page",
        description="Build the site as 'build' does, with each map of each language printed "
        "by Chromium to a PDF beside its page (<map>.pdf), which the page links: the "
        "site's option pdf switched on for this build. The same sources give the same bytes.",
    )
    pdf.add_argument("-d", "--site-dir", type=Path, help="where to put the site")
    pdf.add_argument(
        "--paper",
        choices=PAPERS,
        help="the sheet, landscape (default: the site's option pdf_paper, else A3)",
    )
    pdf.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="languages built at once (default: one per core this machine lends the build)",
    )
    pdf.add_argument(
        "--chromium",
        type=Path,
        metavar="PATH",
        help="the Chromium or Chrome executable to print with (default: chromium on the PATH)",
    )
    serve = commands.add_parser("serve", help="preview with live reload")
    serve.add_argument("-a", "--dev-addr", help="IP:PORT to serve on (default 127.0.0.1:8000)")
    commands.add_parser("check", help="validate every journey, fast; builds nothing")
    new = commands.add_parser(
        "new",
        help="start a new map from a template",
        description="Start a new map from a template: writes "
        "<journeys_dir>/[FOLDER/]<title-as-file-name>.md and prints its path.",
    )
    new.add_argument("title", help="the new map's title; the file is named after it")
    new.add_argument("-t", "--template", required=True, help="template file name without .md")
    new.add_argument(
        "--lang", dest="locale", help="start from the template's translation into this language"
    )
    new.add_argument("--folder", help="folder inside the journeys folder (default: its root)")
    schema = commands.add_parser("schema", help="write the journey JSON Schema")
    schema.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    i18n = commands.add_parser("i18n", help="translators' commands (see 'i18n -h')")
    i18n.add_argument(
        "--catalogs",
        type=Path,
        help="folder of the .pot and <locale>/LC_MESSAGES/*.po "
        "(default: locale/ beside mkdocs.yml)",
    )
    i18n.add_argument(
        "--mapping",
        type=Path,
        default=Arguments.mapping,
        help="Babel mapping of files to extract from (default: %(default)s)",
    )
    steps = i18n.add_subparsers(dest="i18n_command", metavar="STEP", required=True)
    steps.add_parser("extract", help="refresh the .pot from code and templates")
    init = steps.add_parser("init", help="start a catalog for a new language")
    init.add_argument("locale", help="language code, e.g. it or pt-BR")
    steps.add_parser("update", help="merge new words into every catalog (marked fuzzy)")
    steps.add_parser("status", help="interface coverage and journey translations per language")
    done = steps.add_parser("done", help="mark translations as made from the current source")
    done.add_argument("paths", nargs="+", type=Path, help="translation files (name.xx.md)")
    return parser


def parse_arguments(argv: Sequence[str]) -> Arguments:
    """The command line's words as ``Arguments``; SystemExit (as argparse raises it) for
    words it cannot take, after saying why."""
    arguments = parser().parse_args(argv, Arguments())
    arguments.command = arguments.command or "build"
    return arguments

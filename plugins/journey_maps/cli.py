"""``journey-maps`` (and this repo's ``build.py``): build, serve and check a site, and
start new maps from its templates.

``build`` writes the site to a sibling directory and swaps it in only when the whole strict
build succeeded; a failed build leaves the previous site exactly as it was. The build is
dated with the sources' date (SOURCE_DATE_EPOCH, else the newest git commit), so two builds
of the same sources are the same bytes; ``build --archive`` also zips the site, reproducibly.
Exit codes: 0 success, 1 content or build errors, 2 usage or configuration errors,
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .building import build_into, display_path
from .collection import Collection
from .language_builds import default_jobs
from .model import json_schema
from .publish import one_build_at_a_time

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C
log = logging.getLogger("journey_maps.cli")


@dataclass(frozen=True)
class Arguments:
    command: str
    config_file: Path
    site_dir: Path | None = None
    archive: bool = False
    archive_dir: Path | None = None
    jobs: int | None = None
    dev_addr: str | None = None
    output: Path | None = None
    i18n_command: str | None = None
    locale: str | None = None
    paths: tuple[Path, ...] = ()
    catalogs: Path | None = None
    mapping: Path = Path("babel.cfg")
    title: str | None = None
    template: str | None = None
    folder: str | None = None


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def parse_arguments(argv: Sequence[str]) -> Arguments:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build, preview or check a Journey Maps site.",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
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
        default=Path("babel.cfg"),
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
    args = parser.parse_args(argv)
    archive = getattr(args, "archive", None)
    return Arguments(
        command=args.command or "build",
        config_file=args.config_file,
        site_dir=getattr(args, "site_dir", None),
        archive=archive is not None,
        archive_dir=archive if isinstance(archive, Path) else None,
        jobs=getattr(args, "jobs", None),
        dev_addr=getattr(args, "dev_addr", None),
        output=getattr(args, "output", None),
        i18n_command=getattr(args, "i18n_command", None),
        locale=getattr(args, "locale", None),
        paths=tuple(getattr(args, "paths", ())),
        catalogs=getattr(args, "catalogs", None),
        mapping=getattr(args, "mapping", Path("babel.cfg")),
        title=getattr(args, "title", None),
        template=getattr(args, "template", None),
        folder=getattr(args, "folder", None),
    )


def main(argv: Sequence[str] | None = None, *, catalogs: Path | None = None) -> int:
    """Run a command; ``catalogs`` is where ``i18n`` keeps catalogs unless told otherwise."""
    try:
        return _run(argv, catalogs)
    except KeyboardInterrupt:  # outside a build (which says what it left): nothing to tell
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(argv: Sequence[str] | None, catalogs: Path | None) -> int:
    try:
        args = parse_arguments(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    _configure_logging()
    if args.command == "schema":
        return write_schema(args.output)
    if args.command == "i18n":
        from .i18n_cli import run_i18n

        return run_i18n(args, args.catalogs or catalogs or args.config_file.parent / "locale")
    if not args.config_file.is_file():
        print(f"error: {args.config_file}: no such config file", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "check":
        return check(args.config_file)
    if args.command == "serve":
        return serve(args.config_file, args.dev_addr)
    if args.command == "new":
        return new(args)
    return build(
        args.config_file,
        args.site_dir,
        archive=args.archive,
        archive_dir=args.archive_dir,
        jobs=args.jobs,
    )


def console_main() -> None:
    sys.exit(main())


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Writes to whatever sys.stderr is at the time (tests and tools swap it)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _: object) -> None:
        pass


def _not_about_offline_language_links(record: logging.LogRecord) -> bool:
    """mkdocs-static-i18n says, once per language in every build after the first (156
    lines for 13 languages), that its own language links end in index.html; they must, in
    a site built ``offline`` (no directory URLs). Nothing to act on: leave it out."""
    return "'extra.alternate' configuration contains a 'link'" not in record.getMessage()


def _configure_logging() -> None:
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(_not_about_offline_language_links)
    for name in ("mkdocs", "journey_maps"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _quiet_jieba() -> None:
    """mkdocs-material's search segments Chinese with jieba, which announces its dictionary
    at DEBUG level: the level jieba gives its logger when imported, so import it first."""
    with contextlib.suppress(ImportError):
        importlib.import_module("jieba")
    logging.getLogger("jieba").setLevel(logging.WARNING)


def write_schema(output: Path | None) -> int:
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return EXIT_OK


def _load_site(config_file: Path, **overrides: Any) -> Any:
    """The site's MkDocs config, or None after printing why it can't be used."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        config = load_config(str(config_file), **overrides)
    except (Abort, ConfigurationError) as error:
        print(f"error: {config_file}: {error}", file=sys.stderr)
        return None
    if "journey-maps" not in config.plugins:
        print(
            f"error: {config_file}: the journey-maps plugin is not enabled; add it under plugins:",
            file=sys.stderr,
        )
        return None
    return config


def check_journeys(config: Any) -> Collection:
    """Validate every journey and translation of a loaded site config, as the plugin will
    (and, in the same build, without reading them again)."""
    return config.plugins["journey-maps"].collect(config)  # type: ignore[no-any-return]


def _report(result: Collection) -> bool:
    for error in result.errors:
        print(error, file=sys.stderr)
    if result.errors:
        count = len(result.errors)
        files = len({error.path for error in result.errors})
        print(
            f"{count} error{'s' if count != 1 else ''} in {files} journey "
            f"file{'s' if files != 1 else ''}",
            file=sys.stderr,
        )
    return not result.errors


def check(config_file: Path) -> int:
    started = time.perf_counter()
    config = _load_site(config_file)
    if config is None:
        return EXIT_USAGE
    result = check_journeys(config)
    if not _report(result):
        return EXIT_ERRORS
    print(
        f"{len(result.journeys)} journeys and {len(result.translations)} translations valid "
        f"in {time.perf_counter() - started:.2f}s"
    )
    return EXIT_OK


def new(args: Arguments) -> int:
    """Write a new map from a template and print its path."""
    from .scaffold import ScaffoldError, new_journey
    from .site_i18n import current_languages

    assert args.title is not None
    assert args.template is not None
    config = _load_site(args.config_file)
    if config is None:
        return EXIT_USAGE
    result = check_journeys(config)
    if not _report(result):
        return EXIT_ERRORS
    plugin = config.plugins["journey-maps"]
    try:
        path = new_journey(
            result,
            Path(config.docs_dir),
            plugin.config.journeys_dir,
            plugin.load_options(),
            title=args.title,
            template=args.template,
            source_lang=current_languages(config).default,
            locale=args.locale,
            folder=args.folder,
        )
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERRORS
    print(_relative(path))
    return EXIT_OK


def build(
    config_file: Path,
    site_dir: Path | None,
    *,
    archive: bool = False,
    archive_dir: Path | None = None,
    jobs: int | None = None,
) -> int:
    """A strict build into a temporary sibling of the site dir, swapped in on success, one
    build at a time; with ``archive``, then a dated zip of the site into ``archive_dir``
    (default: beside it). ``jobs``: languages built at once (default: one per core)."""
    from .archive import SourceDateError, source_date_epoch

    started = time.perf_counter()
    # Given to MkDocs, not set afterwards, so that it refuses a site_dir holding the docs.
    overrides = {"site_dir": str(site_dir.resolve())} if site_dir else {}
    config = _load_site(config_file, strict=True, **overrides)
    if config is None:
        return EXIT_USAGE
    target = Path(config.site_dir).resolve()
    if config_file.resolve().is_relative_to(target) or Path.cwd().is_relative_to(target):
        print(
            f"error: the site dir {target} holds {config_file} or this folder; building "
            "there would replace them. Choose a folder of its own (default: site/)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        epoch = source_date_epoch(config_file.resolve().parent)
    except SourceDateError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    archive_folder = (archive_dir or target.parent).resolve() if archive else None
    if archive_folder is not None and not _archive_folder_usable(archive_folder, target):
        return EXIT_USAGE
    if not _report(check_journeys(config)):
        return EXIT_ERRORS
    _quiet_jieba()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with one_build_at_a_time(target, on_wait=lambda: _say_waiting(target)):
            if not build_into(target, config, epoch=epoch, jobs=jobs or default_jobs()):
                print(f"build failed; {_relative(target)} was left as it was", file=sys.stderr)
                return EXIT_ERRORS
            print(f"built {_relative(target)} in {time.perf_counter() - started:.1f}s")
            if archive_folder is None:
                return EXIT_OK
            # Still holding the lock: no other build may swap its site in mid-zip.
            return write_site_archive(target, archive_folder, config.site_name, epoch)
    except OSError as error:
        print(
            f"error: cannot write into {_relative(target.parent)}: {error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"interrupted; {_relative(target)} was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED


def _say_waiting(target: Path) -> None:
    print(
        f"another build into {_relative(target)} is running; waiting for it to finish",
        file=sys.stderr,
        flush=True,
    )


def _archive_folder_usable(folder: Path, site: Path) -> bool:
    """Whether the archive can go into ``folder``; if not, say why (before building)."""
    if folder.is_relative_to(site):
        problem = "it is inside the site folder, which the next build replaces"
    elif not folder.is_dir():
        problem = "no such folder" if not folder.exists() else "not a folder"
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = "not writable"
    else:
        return True
    print(
        f"error: cannot write the archive into {_relative(folder)}: {problem}; nothing was built",
        file=sys.stderr,
    )
    return False


def write_site_archive(site: Path, folder: Path, site_name: str, epoch: int) -> int:
    """Zip the built site into ``folder``, named after the site and the sources' date."""
    from .archive import archive_name, day_of, write_archive

    day = day_of(epoch)
    destination = folder / archive_name(site_name, day)
    try:
        count = write_archive(site, destination, day)
    except OSError as error:
        reason = error.strerror or str(error)
        print(
            f"error: {_relative(site)} was built, but {_relative(destination)} could not be "
            f"written: {reason}",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    print(f"archived {count} files into {_relative(destination)}")
    return EXIT_OK


def serve(config_file: Path, dev_addr: str | None) -> int:
    """A live preview; see ``preview``."""
    from .preview import serve as serve_preview

    overrides = {"dev_addr": dev_addr} if dev_addr else {}
    _quiet_jieba()
    served = serve_preview(
        config_file,
        load=lambda: _load_site(config_file, **overrides),
        check=lambda config: _report(check_journeys(config)),
    )
    return EXIT_OK if served else EXIT_ERRORS


_relative = display_path

"""The site's commands: check, build, serve, new, schema. Each returns the exit code."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.collection import Collection
from ..core.errors import FileError, ScaffoldError, SiteConfigError, SourceDateError
from ..core.model import json_schema
from ..core.paths import display_path
from ..i18n.catalogs import catalog_errors
from ..mkdocs_plugin import sites
from ..mkdocs_plugin.sites import SiteConfig
from .arguments import Arguments

if TYPE_CHECKING:
    from ..builds.pdf import Printer

from .output import (
    EXIT_ERRORS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    quiet_jieba,
    report,
    say_error,
)


def load_or_say(config_file: Path, **overrides: Any) -> SiteConfig | None:
    """The site's config, or None after saying why it cannot be used."""
    try:
        return sites.load_site(config_file, **overrides)
    except SiteConfigError as error:
        say_error(str(error))
        return None


def checked_site(config_file: Path) -> tuple[SiteConfig, Collection] | int:
    """The site's config and its journeys and translations, checked; or, after saying
    what is wrong, the exit code."""
    config = load_or_say(config_file)
    if config is None:
        return EXIT_USAGE
    collection = sites.check_journeys(config)
    if not report(collection.errors + _catalog_errors(config)):
        return EXIT_ERRORS
    return config, collection


def checked(config: SiteConfig) -> bool:
    """Check every journey and translation of the site, and the catalogs of its
    languages; True if none has an error, else False after reporting them."""
    return report(sites.check_journeys(config).errors + _catalog_errors(config))


def _catalog_errors(config: SiteConfig) -> list[FileError]:
    from ..mkdocs_plugin.static_i18n import languages

    return catalog_errors(languages(config).all, sites.catalog_folders(config))


def write_schema(output: Path | None) -> int:
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return EXIT_OK


def check(config_file: Path) -> int:
    started = time.perf_counter()
    site = checked_site(config_file)
    if isinstance(site, int):
        return site
    _, collection = site
    translations = len(collection.translations) + len(collection.persona_translations)
    personas = f", {len(collection.personas)} personas" if collection.personas else ""
    print(
        f"{len(collection.journeys)} journeys{personas} and {translations} translations "
        f"valid in {time.perf_counter() - started:.2f}s"
    )
    return EXIT_OK


def new(args: Arguments) -> int:
    """Write a new map from a template and print its path."""
    from ..core.scaffold import new_journey
    from ..mkdocs_plugin.static_i18n import languages

    assert args.title is not None
    assert args.template is not None
    site = checked_site(args.config_file)
    if isinstance(site, int):
        return site
    config, collection = site
    try:
        path = new_journey(
            collection,
            Path(config.docs_dir),
            sites.journeys_dir(config),
            sites.load_options(config),
            title=args.title,
            template=args.template,
            source_lang=languages(config).default,
            locale=args.locale,
            folder=args.folder,
        )
    except ScaffoldError as error:
        say_error(str(error))
        return EXIT_ERRORS
    print(display_path(path))
    return EXIT_OK


def build(args: Arguments) -> int:
    """A strict build into a temporary sibling of the site dir, swapped in on success, one
    build at a time; with --archive, then a dated zip of the site into its folder
    (default: beside the site). --jobs: languages built at once (default: one per core).
    With the site's option pdf, or as the command ``pdf``, each map is printed to a PDF
    beside its page before the site is swapped in."""
    from ..builds.archive import source_date_epoch
    from ..builds.build import build_into
    from ..builds.languages import default_jobs
    from ..builds.swap import one_build_at_a_time

    started = time.perf_counter()
    config_file = args.config_file
    # Given to MkDocs, not set afterwards, so that it refuses a site_dir holding the docs.
    overrides = {"site_dir": str(args.site_dir.resolve())} if args.site_dir else {}
    config = load_or_say(config_file, strict=True, **overrides)
    if config is None:
        return EXIT_USAGE
    target = Path(config.site_dir).resolve()
    if config_file.resolve().is_relative_to(target) or Path.cwd().is_relative_to(target):
        say_error(
            f"the site dir {target} holds {config_file} or this folder; building "
            "there would replace them. Choose a folder of its own (default: site/)"
        )
        return EXIT_USAGE
    try:
        epoch = source_date_epoch(config_file.resolve().parent)
    except SourceDateError as error:
        say_error(str(error))
        return EXIT_USAGE
    archive_folder = (args.archive_dir or target.parent).resolve() if args.archive else None
    if archive_folder is not None and not _archive_folder_usable(archive_folder, target):
        return EXIT_USAGE
    pdfs = _pdf_printer(args, config)
    if isinstance(pdfs, int):
        return pdfs
    if not checked(config):
        return EXIT_ERRORS
    quiet_jieba()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with one_build_at_a_time(target, on_wait=lambda: _say_waiting(target)):
            jobs = args.jobs or default_jobs()
            if pdfs is None:
                built = build_into(target, config, epoch=epoch, jobs=jobs)
            else:
                with sites.printing_pdfs(config, pdfs.paper):
                    built = build_into(
                        target, config, epoch=epoch, jobs=jobs, finish=_printing(pdfs, epoch)
                    )
            if not built:
                print(f"build failed; {display_path(target)} was left as it was", file=sys.stderr)
                return EXIT_ERRORS
            print(f"built {display_path(target)} in {time.perf_counter() - started:.1f}s")
            if archive_folder is None:
                return EXIT_OK
            # Still holding the lock: no other build may swap its site in mid-zip.
            return _write_site_archive(target, archive_folder, config.site_name, epoch)
    except OSError as error:
        say_error(f"cannot write into {display_path(target.parent)}: {error.strerror or error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"interrupted; {display_path(target)} was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED


def _pdf_printer(args: Arguments, config: SiteConfig) -> Printer | int | None:
    """What prints the maps' PDFs in this build (None: no PDFs); or, after saying what is
    missing, the exit code, before anything is built."""
    from ..builds.pdf import DEFAULT_PAPER, PAPERS, printer

    option = sites.pdf_paper(config)
    if args.command == "pdf":
        paper = args.paper or option or DEFAULT_PAPER
    elif option is None:
        return None
    else:
        paper = option
    assert paper in PAPERS
    found = printer(paper, args.chromium)
    if isinstance(found, str):
        say_error(found)
        return EXIT_USAGE
    return found


def _printing(pdfs: Printer, epoch: int) -> Callable[[Path], str | None]:
    """The build's last step: each map printed to a PDF in the site it built."""
    from ..builds.pdf import print_maps

    def finish(site_dir: Path) -> str | None:
        started = time.perf_counter()
        printed: list[object] = []
        problem = print_maps(site_dir, pdfs, epoch=epoch, on_printed=printed.append)
        if problem is None:
            print(
                f"printed {len(printed)} maps to PDF ({pdfs.paper} landscape) "
                f"in {time.perf_counter() - started:.1f}s"
            )
        return problem

    return finish


def _say_waiting(target: Path) -> None:
    print(
        f"another build into {display_path(target)} is running; waiting for it to finish",
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
    say_error(f"cannot write the archive into {display_path(folder)}: {problem}; nothing was built")
    return False


def _write_site_archive(site: Path, folder: Path, site_name: str, epoch: int) -> int:
    """Zip the built site into ``folder``, named after the site and the sources' date."""
    from ..builds.archive import archive_name, day_of, write_archive
    from ..core.errors import UnsafeArchive

    day = day_of(epoch)
    destination = folder / archive_name(site_name, day)
    try:
        count = write_archive(site, destination, day)
    except UnsafeArchive as error:
        say_error(
            f"{display_path(site)} was built, but {display_path(destination)} was not "
            "written: unpacked on Windows or macOS, it would lose or misplace these files "
            "of the site; rename them where they come from (the theme, a hook or another "
            f"plugin):\n{error}"
        )
        return EXIT_ERRORS
    except OSError as error:
        reason = error.strerror or str(error)
        say_error(
            f"{display_path(site)} was built, but {display_path(destination)} could not be "
            f"written: {reason}"
        )
        return EXIT_ERRORS
    print(f"archived {count} files into {display_path(destination)}")
    return EXIT_OK


def serve(config_file: Path, dev_addr: str | None) -> int:
    """A live preview; see ``builds.preview``."""
    from ..builds.preview import serve as serve_preview

    overrides = {"dev_addr": dev_addr} if dev_addr else {}
    quiet_jieba()
    served = serve_preview(
        config_file, load=lambda: load_or_say(config_file, **overrides), check=checked
    )
    return EXIT_OK if served else EXIT_ERRORS

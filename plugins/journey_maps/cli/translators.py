"""``build.py i18n ...``: the translators' commands, printed for people (rich tables)."""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.messages.pofile import read_po
from rich.console import Console
from rich.table import Table

from ..core.collection import Collection
from ..core.errors import InvalidFile
from ..core.languages import Languages, native_name
from ..core.paths import display_path
from ..core.translation import Translated, translation_name
from ..i18n import commands
from ..i18n.catalogs import catalog_errors
from ..mkdocs_plugin import sites, static_i18n
from ..mkdocs_plugin.sites import SiteConfig
from .arguments import Arguments
from .output import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, report, say_error
from .site import checked_site, load_or_say

STATE_STYLE = {"translated": "green", "partial": "yellow", "stale": "magenta", "missing": "red"}


def run_i18n(args: Arguments, catalogs: Path) -> int:
    console = Console(stderr=False, highlight=False, soft_wrap=True)
    step = args.i18n_command
    if step == "extract":
        if not args.mapping.is_file():
            print(f"error: {args.mapping}: no Babel mapping file", file=sys.stderr)
            return EXIT_USAGE
        config = load_or_say(args.config_file) if args.config_file.is_file() else None
        labels = sites.lane_labels(config) if config else []
        extra = [(label, args.config_file.name) for label in labels]
        count = commands.extract(args.mapping, args.mapping.resolve().parent, catalogs, extra)
        console.print(f"{commands.template_path(catalogs)}: {count} messages")
        return EXIT_OK
    template = commands.template_path(catalogs)
    if step in ("init", "update", "status") and not template.is_file():
        say_error(
            f"{display_path(template)}: no such file; make it with 'build.py i18n extract', "
            "or give --catalogs the folder that holds it"
        )
        return EXIT_USAGE
    if step == "init":
        try:
            assert args.locale is not None
            path = commands.init(args.locale, catalogs)
        except (FileExistsError, FileNotFoundError, ValueError) as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_USAGE
        console.print(f"created {path}: translate its msgstr lines, then run 'i18n status'")
        return EXIT_OK
    if step == "update":
        try:
            updated = commands.update(catalogs)
        except InvalidFile as invalid:
            report(invalid.errors)
            return EXIT_ERRORS
        for path in updated:
            console.print(f"updated {path}")
        return EXIT_OK
    if not args.config_file.is_file():
        print(f"error: {args.config_file}: no such config file", file=sys.stderr)
        return EXIT_USAGE
    site = checked_site(args.config_file)
    if isinstance(site, int):
        return site
    config, collection = site
    languages = static_i18n.languages(config)
    if step == "done":
        return _done(args.paths, collection, config, languages, console)
    return _status(catalogs, config, collection, languages, console)


def _done(
    paths: Sequence[Path],
    collection: Collection,
    config: SiteConfig,
    languages: Languages,
    console: Console,
) -> int:
    docs = Path(config.docs_dir).resolve()
    targets = [code for code in languages.all if code != languages.default]
    for path in paths:
        try:
            src_uri = path.resolve().relative_to(docs).as_posix()
        except ValueError:
            print(f"error: {path}: not inside the docs dir {docs}", file=sys.stderr)
            return EXIT_USAGE
        name = translation_name(src_uri, lambda code: code in targets)
        if name is None:
            say_error(
                f"{display_path(path)}: not a translation: {_not_translation(src_uri, targets)}"
            )
            return EXIT_USAGE
        persona = collection.persona_files.get(name.source_uri)
        source: Translated | None = (
            collection.personas[persona]
            if persona is not None
            else collection.journeys.get(name.source_uri)
        )
        if source is None:
            print(
                f"error: {path}: not a translation of a published journey or of a persona",
                file=sys.stderr,
            )
            return EXIT_USAGE
        fingerprint = commands.source_fingerprint(source)
        commands.mark_done(path, fingerprint)
        console.print(f"{path}: translated from {source.src_uri} ({fingerprint})")
    return EXIT_OK


def _not_translation(src_uri: str, targets: Sequence[str]) -> str:
    """Why ``src_uri`` is not a translation, and how one is named."""
    if not targets:
        return "this site has only one language; add another to the i18n plugin's languages"
    named = translation_name(src_uri, lambda _: True)
    stem = named.source_uri if named else src_uri
    stem = posixpath.basename(stem).removesuffix(".md")
    why = (
        f"'{named.locale}' is not a language this site is translated into ({', '.join(targets)})"
        if named
        else "it has no language in its name"
    )
    example = f"{stem}.{targets[0]}.md"
    return f"{why}; a translation is named after its source and its language, as {example}"


def _status(
    catalogs: Path,
    config: SiteConfig,
    collection: Collection,
    languages: Languages,
    console: Console,
) -> int:
    template_file = commands.template_path(catalogs)
    with template_file.open("rb") as source:
        template = read_po(source)
    site_folders = sites.catalog_folders(config)
    directories = [catalogs, *[d for d in site_folders if d != catalogs]]
    # The site's own folders were checked with its journeys (``checked_site``).
    if catalogs.resolve() not in site_folders and not report(
        catalog_errors(languages.all, [catalogs])
    ):
        return EXIT_ERRORS
    journeys = commands.journey_statuses(collection, languages.all, languages.default)
    summary = Table(title="Translation status")
    for column in ("Language", "Interface", "Translated", "Partial", "Stale", "Missing"):
        summary.add_column(column, justify="left" if column == "Language" else "right")
    for code in languages.all:
        coverage = commands.interface_coverage(code, directories, template)
        states = [row.get(code) for row in journeys.values()]
        interface = f"{coverage.percent:.0f}% ({coverage.translated}/{coverage.total})"
        if coverage.fuzzy:
            interface += f", {coverage.fuzzy} fuzzy"
        if code == languages.default:
            summary.add_row(f"{code} {native_name(code)}", interface, "source", "", "", "")
            continue
        summary.add_row(
            f"{code} {native_name(code)}",
            interface,
            *[str(states.count(state)) for state in STATE_STYLE],
        )
    console.print(summary)
    detail = Table(title="Journeys by language")
    detail.add_column("Journey")
    others = [code for code in languages.all if code != languages.default]
    for code in others:
        detail.add_column(code)
    for uri, row in journeys.items():
        detail.add_row(uri, *[f"[{STATE_STYLE[row[c]]}]{row[c]}[/]" for c in others])
    console.print(detail)
    return EXIT_OK

"""``journey-maps`` (and this repo's ``build.py``): build, serve and check a site, start
new maps from its templates, and the translators' commands.

``build`` writes the site to a sibling directory and swaps it in only when the whole strict
build succeeded; a failed build leaves the previous site exactly as it was. The build is
dated with the sources' date (SOURCE_DATE_EPOCH, else the newest git commit), so two builds
of the same sources are the same bytes; ``build --archive`` also zips the site, reproducibly.
``pdf`` (or ``build`` with the site's option ``pdf``) also prints each map to a PDF beside
its page, in the new site before it is swapped in.
Exit codes: 0 success, 1 content or build errors, 2 usage or configuration errors,
130 interrupted (Ctrl-C).

The command line is the top room of the package: it imports every other, and none
imports it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from . import site
from .arguments import Arguments, parse_arguments
from .output import EXIT_INTERRUPTED, EXIT_USAGE, configure_logging

__all__ = ["Arguments", "console_main", "main"]


def main(argv: Sequence[str] | None = None, *, catalogs: Path | None = None) -> int:
    """Run a command; ``catalogs`` is where ``i18n`` keeps catalogs unless told otherwise."""
    try:
        return _run(argv, catalogs)
    except KeyboardInterrupt:  # outside a build (which says what it left): nothing to tell
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def console_main() -> None:
    sys.exit(main())


def _run(argv: Sequence[str] | None, catalogs: Path | None) -> int:
    try:
        args = parse_arguments(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    configure_logging()
    if args.command == "schema":
        return site.write_schema(args.output)
    if args.command == "i18n":
        from .translators import run_i18n

        return run_i18n(args, args.catalogs or catalogs or args.config_file.parent / "locale")
    if not args.config_file.is_file():
        print(f"error: {args.config_file}: no such config file", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "check":
        return site.check(args.config_file)
    if args.command == "serve":
        return site.serve(args.config_file, args.dev_addr)
    if args.command == "new":
        return site.new(args)
    return site.build(args)

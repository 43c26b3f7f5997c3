#!/usr/bin/env python3
"""The one command for this site: build (default), pdf, serve, check, new, schema.

python build.py            build site/ (strict); site/ is replaced only on success
python build.py serve      preview with live reload at http://127.0.0.1:8000/
python build.py check      validate every journey, fast, for CI and pre-commit
python build.py pdf [--paper A4]
                           build, with each map printed to a PDF beside its page
python build.py new "Title" --template NAME [--lang xx] [--folder sub/dir]
                           start a map from a template; prints the file written
"""

import sys
from pathlib import Path

try:
    from journey_maps.cli import main
except ImportError:
    sys.stderr.write(
        "error: the journey-maps plugin is not installed in this Python.\n"
        "Set up first (see README.md):  python3 -m venv .venv && .venv/bin/pip install -e .\n"
        "then run:  .venv/bin/python build.py\n"
    )
    sys.exit(2)

if __name__ == "__main__":
    # This repository is the plugin too: its interface catalogs live in the package.
    catalogs = Path(__file__).resolve().parent / "plugins" / "journey_maps" / "locale"
    sys.exit(main(sys.argv[1:], catalogs=catalogs))

"""Debian's Chromium as the browser tests and the screenshots launch it, and a quiet local
web server for a built site."""

from __future__ import annotations

import shutil

from journey_maps.builds.local_server import serving

__all__ = ["CHROMIUM", "CHROMIUM_FLAGS", "PATIENCE_MS", "serving"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",  # root in a container
    "--disable-gpu",
    # Without these Chromium keeps calling outside hosts, which this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


PATIENCE_MS = 300_000
"""How long a browser test waits for what a page does in the background (search's worker
indexing the site): on a busy machine that takes long, and only a hang takes longer."""

"""Whether a change left the shipped site as it was: byte for byte, file for file.

    .venv/bin/python tests/same_site.py REV

builds this repository's site twice, dated alike: as commit REV has it (checked out into
a temporary folder and installed into a virtual environment of its own) and as the
working tree has it (with this Python). It prints the files that differ, are missing or
are new, and exits 1 if there are any. A change that means to touch nothing a user sees
(a refactoring) is checked with it. It takes a few minutes: two whole builds and an
install.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "git"
EPOCH = "1767225600"  # 2026-01-01: any date, the same for both builds


def run(argv: list[str], **options: object) -> None:
    """Run ``argv``; on failure, show what it said and stop."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False, **options)  # type: ignore[call-overload]
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def build(python: str, repo: Path, site: Path) -> None:
    run(
        [python, str(repo / "build.py"), "-f", str(repo / "mkdocs.yml"), "build", "-d", str(site)],
        cwd=repo,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def main(revision: str) -> int:
    with tempfile.TemporaryDirectory(prefix="same-site-") as temporary:
        root = Path(temporary)
        then = root / "then"
        run([GIT, "-C", str(REPO), "worktree", "add", "--detach", "-q", str(then), revision])
        try:
            venv = root / "venv"
            run([sys.executable, "-m", "venv", str(venv)])
            run([str(venv / "bin" / "pip"), "install", "-q", "-e", str(then)])
            build(str(venv / "bin" / "python"), then, root / "site-then")
            build(sys.executable, REPO, root / "site-now")
        finally:
            run([GIT, "-C", str(REPO), "worktree", "remove", "--force", str(then)])
        before, after = files(root / "site-then"), files(root / "site-now")
        changed = sorted(
            path
            for path in before & after
            if not filecmp.cmp(root / "site-then" / path, root / "site-now" / path, shallow=False)
        )
        for label, paths in (
            ("differs", changed),
            ("missing", sorted(before - after)),
            ("new", sorted(after - before)),
        ):
            for path in paths:
                print(f"{label}: {path}")
        print(
            f"{len(before & after)} files compared; {len(changed)} differ, "
            f"{len(before - after)} missing, {len(after - before)} new"
        )
        return 1 if changed or before != after else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))

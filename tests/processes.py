"""Processes a test starts: always ended and reaped, and waited on by what they do, not
by the clock.

A wait ends on an event (a file appears, a page shows a word, the process exits). Each has
a safety net only against a process that hangs for good: far beyond what any machine,
however busy, takes, so that a slow machine never fails a test.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

HUNG = 900.0
"""Seconds after which a wait gives up: a process that has not done in a quarter of an
hour what takes seconds is hung, not slow."""


@contextmanager
def running(argv: Sequence[str], **popen: Any) -> Iterator[subprocess.Popen[Any]]:
    """``argv`` started as ``subprocess.Popen(argv, **popen)``; whatever happens in the
    block, it is killed if still running, reaped, and its pipes closed."""
    process = subprocess.Popen(argv, **popen)
    try:
        yield process
    finally:
        end(process)


def end(process: subprocess.Popen[Any]) -> None:
    """Kill ``process`` if it still runs, reap it and close its pipes: no zombie, and no
    ResourceWarning later in another test (which warnings-as-errors would fail)."""
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def finished(process: subprocess.Popen[Any]) -> tuple[Any, Any]:
    """What ``process`` wrote, once it has exited by itself."""
    return process.communicate(timeout=HUNG)


def wait_until(
    condition: Callable[[], bool],
    what: str,
    *,
    process: subprocess.Popen[Any] | None = None,
    log: Path | None = None,
) -> None:
    """Return once ``condition()`` holds. Fail at once if ``process`` ends first (with
    what ``log`` holds), or if nothing happens for ``HUNG`` seconds."""
    deadline = time.monotonic() + HUNG
    while not condition():
        if process is not None and process.poll() is not None:
            said = log.read_text(errors="replace") if log is not None and log.exists() else ""
            pytest.fail(f"the process exited ({process.returncode}) before {what}\n{said}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {HUNG:.0f} s")
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")

#!/usr/bin/env python3
"""The speed benchmark: journey-maps against plain mkdocs-material, in the same run.

    .venv/bin/python benchmarks/run.py                      # N = 100, 1,000; 1 and 13 languages
    .venv/bin/python benchmarks/run.py --sizes 100,1000,5000 --languages 1,13 --serve-at 1000
    .venv/bin/python benchmarks/run.py --runs 100x1,1000x1,5000x1,100x13,1000x13
    .venv/bin/python benchmarks/run.py --quick              # N = 50, 1 and 3 languages

For each size N and language count L it writes two synthetic sites (benchmarks/synthetic.py):
N journeys with a translation into each other language, and a plain mkdocs-material site
with the same Markdown (the journey as headings, a table and lists) and mkdocs-static-i18n
for the same languages. Each is built in a fresh process, measured for wall time and peak
memory (the largest sum of its processes' proportional set sizes). Ratios are taken against
the plain site of the same run, so the figures compare on any machine. A site in several
languages is built twice by journey-maps: with its languages in parallel (the default) and
one after another (--jobs 1, as mkdocs-static-i18n alone does); the two must be identical.

It also measures what a reader downloads for search on each site (benchmarks/
search_downloads.py): the first map's page, in the last of the row's languages, opened in
Chromium over loopback, and a word of its title searched for until the first result
shows. --no-browser leaves that out.

It prints a Markdown table and, with --docs FILE, writes it into that page between the
markers <!-- benchmark:start --> and <!-- benchmark:end -->.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from search_downloads import SearchDownload, SearchFailed, check_browser  # noqa: E402
from search_downloads import measure as measure_search  # noqa: E402
from synthetic import ADVERSARIAL, LOCALES, write_adversarial, write_sites  # noqa: E402

# Runs a command and reports its time and its peak memory, as JSON. Memory is sampled every
# 0.2 s as the sum of the proportional set sizes (PSS) of the command's process and all its
# descendants: a parallel build's processes are counted together, and pages they share
# after a fork once, not once per process.
MEASURE = """
import json, os, subprocess, sys, tempfile, time

def tree(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found

def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

log = tempfile.TemporaryFile()  # a pipe left unread would stall a talkative build
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=log)
peak = 0
while process.poll() is None:
    peak = max(peak, sum(pss_kb(pid) for pid in tree(process.pid)))
    time.sleep(0.2)
seconds = time.perf_counter() - started
log.seek(0)
print(json.dumps({"seconds": seconds, "peak_kb": peak, "code": process.returncode,
                  "stderr": log.read().decode(errors="replace")[-3000:]}))
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Row:
    maps: int
    languages: int
    plugin: Run
    plain: Run
    sequential: Run | None
    """The same journey-maps site built one language after another (--jobs 1)."""
    identical: bool
    """Whether that sequential build wrote the same site, byte for byte."""
    pages: int
    map_html_kb: float
    map_html_max_kb: float
    catalog_kb: float
    search_kb: float
    gallery_kb: float
    touchpoints_kb: float
    point_max_kb: float
    """The largest touchpoint's or channel's page."""
    search: SearchDownload | str | None
    """What a reader downloads for search on a map page; why that failed; or None, not
    measured (--no-browser)."""
    plain_search: SearchDownload | str | None
    """The same on the plain site."""


def measure(argv: list[str], cwd: Path) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000"}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result = json.loads(out.stdout)
    if result["code"] != 0:
        raise SystemExit(f"build failed in {cwd}: {' '.join(argv)}\n{result['stderr']}")
    return Run(result["seconds"], result["peak_kb"] / 1024)


def bench(maps: int, languages: int, work: Path, browser: bool) -> Row:
    root = work / f"n{maps}-l{languages}"
    maps_config, plain_config = write_sites(root, maps, languages)
    plain = measure(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(plain_config),
            "-d",
            str(root / "plain-site"),
        ],
        root,
    )

    def journey_maps(site: str, *options: str) -> Run:
        argv = [sys.executable, str(REPO / "build.py"), "-f", str(maps_config), "build"]
        return measure([*argv, "-d", str(root / site), *options], root)

    plugin = journey_maps("site")
    sequential, identical = None, True
    if languages > 1:
        sequential = journey_maps("site-sequential", "--jobs", "1")
        identical = same_tree(root / "site", root / "site-sequential")
        shutil.rmtree(root / "site-sequential")
    site = root / "site"
    map_pages = [
        page
        for page in (site / "journeys").rglob("index.html")
        if page.parent.name.startswith("journey-")
    ]
    sizes = [page.stat().st_size / 1024 for page in map_pages]
    search = plain_search = None
    if browser:
        search = searched(site, languages)
        plain_search = searched(root / "plain-site", languages)
    row = Row(
        maps=maps,
        languages=languages,
        plugin=plugin,
        plain=plain,
        sequential=sequential,
        identical=identical,
        pages=sum(1 for _ in site.rglob("*.html")),
        map_html_kb=sum(sizes) / len(sizes),
        map_html_max_kb=max(sizes),
        catalog_kb=(site / "journeys.json").stat().st_size / 1024,
        search_kb=(site / "search" / "search_index.json").stat().st_size / 1024,
        gallery_kb=(site / "maps" / "index.html").stat().st_size / 1024,
        touchpoints_kb=(site / "maps" / "touchpoints" / "index.html").stat().st_size / 1024,
        point_max_kb=max(
            page.stat().st_size / 1024
            for kind in ("touchpoint", "channel")
            for page in (site / "maps" / kind).rglob("index.html")
        ),
        search=search,
        plain_search=plain_search,
    )
    shutil.rmtree(root / "plain-site")
    return row


def searched(site: Path, languages: int) -> SearchDownload | str:
    """What a reader downloads for search on the first map's page of ``site``, in the
    last of its languages (English on a one-language site); or why that failed."""
    folder = site / LOCALES[languages - 1] if languages > 1 else site
    page = next(folder.glob("journeys/*/journey-00001/index.html"))
    try:
        return measure_search(site, page.parent.relative_to(site).as_posix() + "/")
    except SearchFailed as failure:
        print(f"search download not measured: {failure}", file=sys.stderr, flush=True)
        return str(failure)


@dataclass
class Grown:
    kind: str
    size: int
    run: Run
    files: int
    site_mb: float
    largest_page_kb: float
    largest_page: str


def grown(kind: str, size: int, work: Path) -> Grown:
    """``size`` hostile maps of ``kind``: the build and what it wrote."""
    config = write_adversarial(work / "adversarial", kind, size)
    run = measure(
        [sys.executable, str(REPO / "build.py"), "-f", str(config), "build", "-d", "site"],
        config.parent,
    )
    files = [path for path in (config.parent / "site").rglob("*") if path.is_file()]
    pages = [path for path in files if path.suffix == ".html"]
    largest = max(pages, key=lambda path: path.stat().st_size)
    result = Grown(
        kind,
        size,
        run,
        len(files),
        sum(path.stat().st_size for path in files) / 1024 / 1024,
        largest.stat().st_size / 1024,
        largest.relative_to(config.parent / "site").as_posix(),
    )
    shutil.rmtree(config.parent)
    return result


def adversarial_table(size: int, work: Path) -> str:
    """``size`` hostile maps of each kind and four times as many, against a site of one
    small map: what they add grows four times, not sixteen."""
    small = grown("tags", 0, work)
    lines = [
        f"A small map's site: {small.run.seconds:.1f} s, {small.files} files, "
        f"{small.site_mb:.1f} MB.",
        "",
        "| Hostile maps | Build | Files | Site | Largest page | Growth for 4× the input |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for kind in ADVERSARIAL:
        low, high = grown(kind, size, work), grown(kind, size * 4, work)
        for row in (low, high):
            lines.append(
                f"| {row.size:,} {ADVERSARIAL[kind]} | "
                f"{row.run.seconds:.1f} s ({row.run.peak_mb:.0f} MB) | "
                f"{row.files:,} | {row.site_mb:.1f} MB | {row.largest_page_kb:,.0f} KB "
                f"(`{row.largest_page}`) | "
                + (
                    "–"
                    if row is low
                    else f"time {_growth(small, low, high, 'seconds')}, "
                    f"files {_growth(small, low, high, 'files')}, "
                    f"bytes {_growth(small, low, high, 'site_mb')} (linear: 4×)"
                )
                + " |"
            )
        print(lines[-1], flush=True)
    return "\n".join(lines) + "\n"


def _growth(small: Grown, low: Grown, high: Grown, field: str) -> str:
    """How many times more the larger map adds to a small map's site than the smaller."""

    def value(row: Grown) -> float:
        return float(row.run.seconds if field == "seconds" else getattr(row, field))

    added = value(low) - value(small)
    return f"{(value(high) - value(small)) / added:.2f}×" if added > 0 else "–"


def same_tree(first: Path, second: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    if names != sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file()):
        return False
    return all(filecmp.cmp(first / n, second / n, shallow=False) for n in names)


def serve_edit_seconds(maps: int, work: Path) -> tuple[float, bool]:
    """Seconds from saving an edited map to the preview serving it, and whether the search
    index then still holds every map."""
    root = work / f"serve-n{maps}"
    config, _ = write_sites(root, maps, 1)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (root / "serve.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "-f",
            str(config),
            "serve",
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    base = f"http://127.0.0.1:{port}/"
    journey = next((root / "journey-maps" / "docs" / "journeys").rglob("journey-00001.md"))
    url = (
        base + journey.relative_to(root / "journey-maps" / "docs").with_suffix("").as_posix() + "/"
    )
    try:
        _wait_for(url, "Journey 00001", deadline=time.monotonic() + 1800)
        time.sleep(2)  # let the watcher settle
        text = journey.read_text()
        saved = time.perf_counter()
        journey.write_text(text.replace("Journey 00001", "Journey 00001 edited", 1))
        _wait_for(url, "Journey 00001 edited", deadline=time.monotonic() + 1800)
        seconds = time.perf_counter() - saved
        index = base + "search/search_index.json"
        with urllib.request.urlopen(index, timeout=30) as response:  # noqa: S310 - loopback
            docs = json.load(response)["docs"]
        pages = {doc["location"].split("#")[0] for doc in docs}
        map_pages = {page for page in pages if page.startswith("journeys/")}
        edited = any(doc["title"].startswith("Journey 00001 edited") for doc in docs)
        complete = len(map_pages) == maps and edited
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return seconds, complete


def _wait_for(url: str, text: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
                if text in response.read().decode():
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"gave up waiting for {text!r} at {url}")


def table(rows: list[Row], serve: tuple[int, float, bool] | None) -> str:
    lines = [
        "| Maps | Languages | Pages | journey-maps | Plain Markdown | Ratio | "
        "One language at a time | Parallel ÷ one at a time | Per page | Peak memory | "
        "Map page HTML (mean / max) | Gallery | Touchpoint index (largest touchpoint) | "
        "journeys.json | Search index | Search download (first result) | "
        "Search download, plain site |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row.sequential:
            sequential = f"{row.sequential.seconds:.1f} s ({row.sequential.peak_mb:.0f} MB)"
            share = f"{row.plugin.seconds / row.sequential.seconds:.2f}"
            if not row.identical:
                share += " (sites DIFFER)"
        else:
            sequential = share = "–"
        lines.append(
            f"| {row.maps:,} | {row.languages} | {row.pages:,} | {row.plugin.seconds:.1f} s | "
            f"{row.plain.seconds:.1f} s | {row.plugin.seconds / row.plain.seconds:.2f}× | "
            f"{sequential} | {share} | "
            f"{row.plugin.seconds / row.pages * 1000:.1f} ms | {row.plugin.peak_mb:.0f} MB | "
            f"{row.map_html_kb:.1f} / {row.map_html_max_kb:.1f} KB | {row.gallery_kb:,.0f} KB | "
            f"{row.touchpoints_kb:,.0f} KB ({row.point_max_kb:,.0f} KB) | "
            f"{row.catalog_kb:,.0f} KB | {row.search_kb:,.0f} KB | "
            f"{_download(row.search)} | {_download(row.plain_search)} |"
        )
    by_size = {(row.maps, row.languages): row for row in rows}
    notes = []
    for (maps, languages), row in sorted(by_size.items()):
        smaller = by_size.get((maps // 5, languages))
        if smaller:
            notes.append(
                f"- Scaling, {languages} language{'s' if languages > 1 else ''}: "
                f"{maps:,} maps take {row.plugin.seconds / smaller.plugin.seconds:.2f}× the "
                f"time of {smaller.maps:,} (linear: 5×)."
            )
    if serve:
        maps, seconds, complete = serve
        notes.append(
            f"- `build.py serve` at {maps:,} maps: an edited map is served {seconds:.1f} s "
            f"after it is saved; the search index then "
            f"{'holds every map' if complete else 'is INCOMPLETE'}."
        )
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    notes.append(
        "- Peak memory: the largest sum, sampled every 0.2 s, of the proportional set sizes "
        "of the build's processes (a page shared after a fork counts once)."
    )
    if any(row.search for row in rows):
        notes.append(
            "- Search download: the bytes Chromium fetched for search (the search index, "
            "the search worker and its lunr files, anything under `pagefind/`), uncompressed, "
            "from opening the first map's page in the row's last language to the first "
            "result for a word of its title; in brackets, all the page fetched by then."
        )
        notes += [_search_files(row) for row in rows if isinstance(row.search, SearchDownload)]
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + f"\n\nMeasured on {machine}.\n"


def _download(search: SearchDownload | str | None) -> str:
    if search is None:
        return "–"
    if isinstance(search, str):
        return "FAILED (see above)"
    return f"{search.search_bytes / 1024:,.0f} KB ({search.page_bytes / 1024:,.0f} KB)"


def _search_files(row: Row) -> str:
    """The search files a map page fetched, by name, and where the plain site's differ."""
    assert isinstance(row.search, SearchDownload)

    def listed(files: tuple[tuple[str, int], ...]) -> str:
        return ", ".join(f"{path.rsplit('/', 1)[-1]} {size / 1024:,.0f} KB" for path, size in files)

    line = (
        f"- Search files, {row.maps:,} maps in {row.languages} language"
        f"{'s' if row.languages > 1 else ''} (`{row.search.page}`, "
        f"searched for “{row.search.word}”): {listed(row.search.search_files)}"
    )
    if isinstance(row.plain_search, SearchDownload):
        ours = dict(row.search.search_files)
        theirs = row.plain_search.search_files
        other = tuple((path, size) for path, size in theirs if ours.get(path) != size)
        same = len(theirs) - len(other)
        line += f"; the plain site's: {listed(other) or 'the same'}"
        line += f" and {same} the same" if other and same else ""
    return line + "."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="map counts, comma-separated")
    parser.add_argument("--languages", default="1,13", help="language counts (1–13)")
    parser.add_argument("--serve-at", type=int, help="measure a one-map edit under serve")
    parser.add_argument("--quick", action="store_true", help="N = 50 in 1 and 3 languages")
    parser.add_argument(
        "--runs",
        help="MAPSxLANGUAGES pairs instead of every size in every language count (none: none)",
    )
    parser.add_argument(
        "--adversarial",
        type=int,
        metavar="SIZE",
        help="also SIZE and 4×SIZE maps as large as allowed: tags, touchpoints, bodies",
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="leave out what a reader downloads for search (measured in Chromium)",
    )
    parser.add_argument("--docs", type=Path, help="write the table into this page")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args()
    sizes = [50] if args.quick else [int(n) for n in args.sizes.split(",")]
    languages = [1, 3] if args.quick else [int(n) for n in args.languages.split(",")]
    runs = [(maps, count) for count in languages for maps in sizes]
    if args.runs == "none":
        runs = []
    elif args.runs:
        runs = [(int(m), int(c)) for m, c in (pair.split("x") for pair in args.runs.split(","))]
    if runs and not args.no_browser:
        missing = check_browser()
        if missing:
            raise SystemExit(
                f"the search download is measured in Chromium, and {missing}; "
                "or leave it out with --no-browser"
            )
    work = Path(tempfile.mkdtemp(prefix="journey-maps-bench-"))
    rows = []
    try:
        for maps, count in runs:
            row = bench(maps, count, work, browser=not args.no_browser)
            rows.append(row)
            print(table([row], None).splitlines()[2], flush=True)
        hostile = adversarial_table(args.adversarial, work) if args.adversarial else ""
        serve = None
        if args.serve_at:
            serve = (args.serve_at, *serve_edit_seconds(args.serve_at, work))
    finally:
        if args.keep:
            print(f"sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    result = table(rows, serve) + (hostile and "\n" + hostile)
    print(result)
    if args.docs:
        page = args.docs.read_text(encoding="utf-8")
        page = re.sub(
            r"(<!-- benchmark:start -->\n).*?(<!-- benchmark:end -->)",
            lambda match: match.group(1) + result + match.group(2),
            page,
            flags=re.DOTALL,
        )
        args.docs.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

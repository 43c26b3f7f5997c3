"""What maps say of other files, resolved across the site once every file is read.

A future-state map ``improves:`` a current-state map; a step opens a map of its own
(``journey:``); a map names personas of the library; evidence links to a page of the site.
Each is checked against what the site publishes, and reported where the map says it,
with the nearest name.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FileError
from .loading import LoadedJourney, field_label
from .model import Evidence, MapPersona, Ref, did_you_mean
from .paths import display_path
from .personas import LoadedPersona
from .yaml_source import KeyPath


@dataclass
class Links:
    """What the site's maps say of each other and of the persona library."""

    improves: dict[str, str] = field(default_factory=dict)
    """Future-state map src_uri -> the current-state map it improves."""
    opens: dict[str, dict[int, str]] = field(default_factory=dict)
    """Map src_uri -> {step index: the src_uri of the map that step opens}."""
    errors: list[FileError] = field(default_factory=list)


def link(
    journeys: dict[str, LoadedJourney],
    drafts: set[str],
    personas: dict[str, LoadedPersona],
    *,
    docs_dir: Path,
    journeys_dir: str,
) -> Links:
    """Resolve every published map's links (``drafts``: the src_uris of maps that are)."""
    links = Links()
    for uri, loaded in journeys.items():
        said = _Said(loaded, docs_dir, links.errors)
        _improves(uri, loaded, journeys, said, links)
        _opens(uri, loaded, journeys, drafts, journeys_dir, said, links)
        _personas(loaded, personas, said)
        _evidence(uri, loaded, drafts, said)
    links.errors += _loops(links.opens, journeys, docs_dir)
    return links


@dataclass
class _Said:
    """Where one map says what, for its errors."""

    loaded: LoadedJourney
    docs_dir: Path
    errors: list[FileError]

    def wrong(self, path: KeyPath, message: str) -> None:
        position = self.loaded.source_map.find(path)
        line, column = (position.line, position.column) if position else (1, 1)
        display = display_path(self.docs_dir / self.loaded.src_uri)
        self.errors.append(FileError(display, line, column, message))


def _improves(
    uri: str, loaded: LoadedJourney, journeys: dict[str, LoadedJourney], said: _Said, links: Links
) -> None:
    improves = loaded.journey.improves
    if improves is None:
        return
    target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), improves))
    problem = None
    if target == uri:
        problem = "improves: names this map itself; name the current-state map it improves"
    elif target.startswith("../") or posixpath.isabs(improves):
        problem = (
            f"improves: '{improves}' points outside the docs directory; write the path "
            "of the current-state map it improves, relative to this file"
        )
    elif target in journeys and (
        journeys[target].journey.state != "current" or journeys[target].journey.kind != "example"
    ):
        what = "template" if journeys[target].journey.kind == "template" else "future-state map"
        problem = (
            f"improves: '{improves}' is a {what}; name the current-state example map that "
            "this map improves"
        )
    elif target not in journeys:
        known = [
            posixpath.relpath(other, posixpath.dirname(uri)) for other in journeys if other != uri
        ]
        problem = (
            f"improves: '{improves}' is not a published journey (looked for {target}); "
            "write the path of the current-state map relative to this file"
            + did_you_mean(improves, known, "journeys")
        )
    if problem:
        said.wrong(("improves",), problem)
    else:
        links.improves[uri] = target


def map_id(src_uri: str, journeys_dir: str) -> str:
    """How a ``journey:`` names a map: its path under the journeys folder, without .md."""
    return posixpath.relpath(src_uri, journeys_dir).removesuffix(".md")


def _opens(
    uri: str,
    loaded: LoadedJourney,
    journeys: dict[str, LoadedJourney],
    drafts: set[str],
    journeys_dir: str,
    said: _Said,
    links: Links,
) -> None:
    paths = loaded.journey.step_paths()
    for index, (_, step) in enumerate(loaded.journey.steps_in_order()):
        if step.journey is None:
            continue
        name = step.journey.removesuffix(".md").strip("/")
        target = posixpath.normpath(posixpath.join(journeys_dir, name + ".md"))
        where = (*paths[index], "journey")
        if target == uri:
            said.wrong(where, "journey: names this map itself; name the map this step opens")
        elif target in drafts:
            said.wrong(
                where,
                f"journey: '{step.journey}' is a draft, which is not published; publish it "
                "(remove draft: true) or remove journey:",
            )
        elif target not in journeys:
            known = [map_id(other, journeys_dir) for other in journeys if other != uri]
            said.wrong(
                where,
                f"journey: '{step.journey}' is not a map of this site (looked for {target}); "
                "name a map by its path under the journeys folder, without .md"
                + did_you_mean(name, known, "maps"),
            )
        else:
            links.opens.setdefault(uri, {})[index] = target


def _personas(loaded: LoadedJourney, library: dict[str, LoadedPersona], said: _Said) -> None:
    journey = loaded.journey
    named: list[tuple[KeyPath, str]] = []
    if isinstance(journey.persona, Ref):
        named.append((("persona",), journey.persona))
    seen: set[str] = set()
    for index, entry in enumerate(journey.personas):
        if isinstance(entry, MapPersona):
            where: KeyPath = ("personas", index, "id")
            if entry.id in library:
                said.wrong(
                    where,
                    f"personas[{index}].id: '{entry.id}' is a persona of the library; give "
                    "this one another id, or name the library's by its id alone",
                )
            identity = entry.id
        else:
            named.append((("personas", index), entry))
            identity = entry
            where = ("personas", index)
        if identity in seen:
            said.wrong(where, f"personas[{index}]: '{identity}' is named twice; name it once")
        seen.add(identity)
    for where, name in named:
        if name not in library:
            label = "persona" if where == ("persona",) else f"personas[{where[1]}]"
            said.wrong(
                where,
                f"{label}: '{name}' is not a persona of the library (a file personas/{name}.md "
                "in the docs folder)" + did_you_mean(name, library, "the library has"),
            )


def _evidence(uri: str, loaded: LoadedJourney, drafts: set[str], said: _Said) -> None:
    """Evidence that links to a page of this site names a file that is there and that is
    published: the link would otherwise lead readers nowhere, and nothing else checks it
    (MkDocs checks links in bodies, not in front-matter)."""
    journey = loaded.journey
    places: list[tuple[KeyPath, list[Evidence]]] = [
        (("stages", number), stage.evidence) for number, stage in enumerate(journey.stages)
    ]
    steps = [step for _, step in journey.steps_in_order()]
    places += [
        (where, step.evidence) for where, step in zip(journey.step_paths(), steps, strict=True)
    ]
    for where, evidence in places:
        for number, item in enumerate(evidence):
            page = (item.link or "").partition("#")[0]
            if not page or page.startswith(("http://", "https://")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), page))
            key = (*where, "evidence", number, "link")
            field = field_label(key)
            if target.startswith("../"):
                said.wrong(
                    key,
                    f"{field}: link '{item.link}' points outside the docs directory; "
                    "link a page of this site, relative to this file",
                )
            elif target in drafts:
                said.wrong(
                    key,
                    f"{field}: link '{item.link}' is a draft map, which is not published; "
                    "publish it (remove draft: true) or link another page",
                )
            elif not (said.docs_dir / target).is_file():
                said.wrong(
                    key,
                    f"{field}: link '{item.link}' is not a page of this site (looked for "
                    f"{target}); write the path of a file in the docs folder, relative to "
                    "this file",
                )


def _loops(
    opens: dict[str, dict[int, str]], journeys: dict[str, LoadedJourney], docs_dir: Path
) -> list[FileError]:
    """Maps that, through ``journey:`` links, are part of themselves: one error per loop,
    at the step that starts it in the loop's first map (a walk that keeps its own stack:
    a chain of a thousand sub-journeys is no recursion)."""
    graph = {uri: [target for _, target in sorted(steps.items())] for uri, steps in opens.items()}
    done: set[str] = set()
    errors: list[FileError] = []
    reported: set[frozenset[str]] = set()
    for start in sorted(graph):
        if start in done:
            continue
        trail: list[str] = [start]
        onward: list[list[str]] = [list(graph.get(start, []))]
        while trail:
            if not onward[-1]:
                done.add(trail.pop())
                onward.pop()
                continue
            following = onward[-1].pop(0)
            if following in trail:
                loop = trail[trail.index(following) :]
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    errors.append(_loop_error(loop, opens, journeys, docs_dir))
            elif following not in done:
                trail.append(following)
                onward.append(list(graph.get(following, [])))
    return errors


def _loop_error(
    trail: list[str],
    opens: dict[str, dict[int, str]],
    journeys: dict[str, LoadedJourney],
    docs_dir: Path,
) -> FileError:
    first = journeys[trail[0]]
    index = next(i for i, t in sorted(opens[trail[0]].items()) if t == trail[1 % len(trail)])
    position = first.source_map.find((*first.journey.step_paths()[index], "journey"))
    line, column = (position.line, position.column) if position else (1, 1)
    chain = " -> ".join([*trail, trail[0]])
    return FileError(
        display_path(docs_dir / trail[0]),
        line,
        column,
        f"journey: these maps open each other in a loop ({chain}); a map cannot be part of "
        "itself: remove one of these journey: links",
    )

"""What journey-maps relies on in other plugins that offer no API for it: mkdocs-static-i18n
and the search plugins. Each test fails as soon as an installed release lacks it, naming
what is gone, before a build goes wrong in a way nobody would trace back to it."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from journey_maps.mkdocs_plugin import search, static_i18n
from journey_maps.mkdocs_plugin.sites import load_site

from tests.conftest import REPO
from tests.test_i18n import i18n_site


def test_mkdocs_static_i18n_has_what_the_adapter_reads_and_sets() -> None:
    config = load_site(REPO / "mkdocs.yml")
    assert static_i18n.missing_internals(config) == [], static_i18n.CHECKED_AGAINST


def test_mkdocs_static_i18n_gives_its_files_what_the_adapter_gives_its_pages(
    tmp_path: Path,
) -> None:
    # A hooks: file runs after mkdocs-static-i18n has localised the build's files.
    config_file = i18n_site(tmp_path, ["en", "fr"])
    report = tmp_path / "attributes.txt"
    (tmp_path / "hook.py").write_text(
        textwrap.dedent(
            f"""\
            import pathlib
            from mkdocs.plugins import event_priority

            @event_priority(-200)
            def on_files(files, config):
                lacking = {{
                    name
                    for file in files.documentation_pages()
                    for name in {static_i18n.FILE_ATTRIBUTES!r}
                    if not hasattr(file, name)
                }}
                pathlib.Path({str(report)!r}).write_text(" ".join(sorted(lacking)) or "none")
                return files
            """
        )
    )
    with config_file.open("a") as yml:
        yml.write("hooks:\n  - hook.py\n")
    from journey_maps.cli import main

    assert main(["-f", str(config_file), "build", "--jobs", "1"]) == 0
    assert report.read_text() == "none", static_i18n.CHECKED_AGAINST


def test_a_release_of_mkdocs_static_i18n_without_them_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file = i18n_site(tmp_path, ["en", "fr"])
    # As if a release of mkdocs-static-i18n no longer had it.
    (tmp_path / "hook.py").write_text(
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(100)\n"
        "def on_config(config):\n"
        "    del config.plugins['i18n'].extra_alternate\n"
    )
    with config_file.open("a") as yml:
        yml.write("hooks:\n  - hook.py\n")
    from journey_maps.cli import main

    capsys.readouterr()
    assert main(["-f", str(config_file), "build", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert (
        "journey-maps relies on what mkdocs-static-i18n 1.3.1 has, and the release installed "
        "lacks it (extra_alternate)"
    ) in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_the_check_names_each_thing_a_release_lacks() -> None:
    bare = SimpleNamespace(plugins={"i18n": SimpleNamespace(config=SimpleNamespace())})
    assert static_i18n.missing_internals(bare) == sorted(  # type: ignore[arg-type]
        [*static_i18n.PLUGIN_ATTRIBUTES, "config.languages", "config.reconfigure_search"]
    )
    index = SimpleNamespace(config=SimpleNamespace(), search_index=SimpleNamespace())
    assert search.missing_internals(SimpleNamespace(plugins={"search": index})) == [  # type: ignore[arg-type]
        "search: search_index.entries"
    ]


@pytest.mark.parametrize(("theme", "name"), [("material", "material/search"), ("mkdocs", "search")])
def test_the_search_plugins_hold_their_entries_where_the_preview_reads_them(
    tmp_path: Path, theme: str, name: str
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ntheme: {theme}\nplugins:\n  - search\n  - journey-maps\n"
    )
    config = load_site(tmp_path / "mkdocs.yml")
    plugin = config.plugins[name]
    # Each makes its index as a build begins.
    plugin.on_config(config)
    if hasattr(plugin, "on_pre_build"):
        plugin.on_pre_build(config=config)
    assert search.missing_internals(config) == [], search.CHECKED_AGAINST
    assert search.search_entries(config) == []


def test_a_switched_off_search_is_no_search(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme: material\nplugins:\n  - search:\n      enabled: false\n"
        "  - journey-maps\n"
    )
    config = load_site(tmp_path / "mkdocs.yml")
    plugin = config.plugins["material/search"]
    vars(plugin).pop("search_index", None)  # MkDocs keeps plugins for the whole process
    plugin.on_config(config)  # switched off, it makes no index
    assert not hasattr(plugin, "search_index")
    assert search.missing_internals(config) == []
    assert search.search_entries(config) is None

"""What the plugin keeps from one MkDocs build to the next, and during one site's build."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.structure.pages import Page

from ..core.collection import Memo
from ..core.languages import Languages
from ..pages.site import Site
from ..pages.site_files import Addresses
from .incremental import Incremental


@dataclass
class Kept:
    """The plugin's state across builds. MkDocs makes a plugin once per process and keeps
    it for every config loaded after (a preview's many builds, each from the config read
    afresh; a test run): this is all it carries from one build to the next."""

    journeys: Memo = field(default_factory=Memo)
    """The site's journeys, read once for the command line's check and every language's
    build after it; forgotten when the build ends."""
    incremental: Incremental | None = None
    """Under the preview only: what a dirty build needs of the last build."""
    pdf_paper: str | None = None
    """The paper the command line prints this build's maps on (``sites.printing_pdfs``):
    the map pages then link their PDFs. None: no PDFs, no links."""

    def keep_builds(self) -> Incremental:
        """Keep what each build leaves for the next, dirty one (see ``incremental``)."""
        if self.incremental is None:
            self.incremental = Incremental()
        return self.incremental


@dataclass
class SearchText:
    """What the search index is to hold of the pages the plugin fills in, swapped in for
    the page's content while the search plugin indexes it, and swapped out after."""

    texts: dict[str, str] = field(default_factory=dict)
    """Each page's search text (search.html), by src_uri, until it is indexed."""
    shown: dict[str, str] = field(default_factory=dict)
    """Each page's content while its search text is being indexed, by src_uri."""
    start: int = 0
    """Where the page being indexed begins in the search plugin's entries (preview)."""

    def swap_in(self, page: Page) -> None:
        """Give ``page`` its search text as content, if it has one, for the indexer."""
        text = self.texts.pop(page.file.src_uri, None)
        if text is not None and page.content is not None:
            self.shown[page.file.src_uri] = page.content
            page.content = text

    def swap_out(self, page: Page) -> None:
        """Give ``page`` its content back, once indexed."""
        shown = self.shown.pop(page.file.src_uri, None)
        if shown is not None:
            page.content = shown


@dataclass
class SiteBuild:
    """One build of a site: every language's MkDocs build of it (mkdocs-static-i18n
    runs one after another; ``builds.languages`` runs each in a process of its own)."""

    addresses: Addresses | None = None
    """The addresses this site's builds write, and from what; None until the first
    language's build begins."""
    not_found_page: str | None = None
    """404.html as the default language's build wrote it."""
    search: SearchText = field(default_factory=SearchText)
    site: Site | None = None
    """The maps of the site as readers of the language being built get them."""
    first_language: bool = True
    """Whether the language being built is the build's first (see ``incremental``)."""

    def begin_language(self, languages: Languages) -> Addresses:
        """A language's build begins: the first of the site's (a new site build under
        ``mkdocs serve``, which starts no new plugin state) starts the addresses anew."""
        if self.addresses is None or languages.current == languages.default:
            self.addresses = Addresses()
        return self.addresses

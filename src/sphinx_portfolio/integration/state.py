"""What the extension keeps on the Sphinx environment, and how it survives parallel reads.

Papers come from ``refs.bib`` (read once per build, in the main process, before any
document), so they are not per-document state, and are not pickled: only a digest of each
is kept, to tell at the next build which entries changed. Per document the extension records which
paper a page shows, which news item it is, and what generated content it depends on;
``purge_doc`` and ``merge_info`` keep that right for incremental and parallel builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.images import Picture
    from ..core.records import Paper


@dataclass(frozen=True)
class NewsItem:
    docname: str
    date: str  # YYYY-MM or YYYY-MM-DD
    text: str  # the item as plain text
    papers: tuple[str, ...]  # keys of the papers it refers to


@dataclass
class PortfolioState:
    #: key -> paper record, from refs.bib (whole-site; rebuilt at the start of every build)
    papers: dict[str, Paper] = field(default_factory=dict)
    #: key -> digest of its record when the environment was last saved
    paper_digests: dict[str, str] = field(default_factory=dict)
    #: docname -> key of the paper the page shows
    paper_pages: dict[str, str] = field(default_factory=dict)
    #: docname -> the news item the page is
    news: dict[str, NewsItem] = field(default_factory=dict)
    #: docname -> generated content the page shows: (kind, argument) pairs
    depends: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: docname -> digest of what its generated content was last written from
    digests: dict[str, str] = field(default_factory=dict)
    #: topic slug -> title, from the topic pages
    topics: dict[str, str] = field(default_factory=dict)
    #: paper pages to re-read in this build because their refs.bib entry changed
    outdated: set[str] = field(default_factory=set)
    #: key -> keys of its related papers (whole-site; computed again only when what it is made
    #: from changes: see related_from)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: digest of what ``related`` was made from: each paper's topics, co-authors and year
    related_from: str = ""
    #: (folder, options) -> the site navigation as HTML, for pages outside every toctree
    #: (whole-site, rendered anew every build; see navigation.py)
    navigation: dict[tuple[object, ...], str] = field(default_factory=dict)
    #: key -> what tells the paper apart whatever its key (arXiv id, DOI or title), to see a
    #: key changed by hand in the next build
    identities: dict[str, str] = field(default_factory=dict)
    #: old page -> the page it moved to (redirects.json; whole-site, read every build)
    redirects: dict[str, str] = field(default_factory=dict)
    #: (query, arXiv ids and titles) of the listing ``nox -s sync -- --add`` recorded, if any
    arxiv_listing: tuple[str, tuple[tuple[str, str], ...]] | None = None
    #: digest of each part of refs.bib -> the keys pybtex read from it (whole-site; see
    #: bibfile.parse_bibtex_reusing): an edit reads again only the parts it changed
    bib_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: key -> (width, height, suffix) of its teaser figure, as the check read the file (whole-site;
    #: read every build)
    teasers: dict[str, Picture] = field(default_factory=dict)
    #: (width, height, suffix) of the researcher's photo, as the check read it, if there is one
    photo: Picture | None = None
    #: docname -> the citations reading it formatted, until the main process takes them
    #: (kept_citations.py; emptied before the environment is saved)
    citations_made: dict[str, dict[str, tuple[bytes, str, str]]] = field(default_factory=dict)

    #: rebuilt every build, so never pickled: parallel reads send the environment back
    #: from every chunk of pages, and these grow with the papers
    REBUILT = ("papers", "navigation", "teasers")

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, **{name: {} for name in self.REBUILT}}


#: per-document attributes of PortfolioState
PER_DOCUMENT = ("paper_pages", "news", "depends", "citations_made")


def state(env: BuildEnvironment) -> PortfolioState:
    found = getattr(env, "portfolio", None)
    if found is None:
        found = PortfolioState()
        env.portfolio = found  # type: ignore[attr-defined]
    return found


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    current = state(env)
    for name in PER_DOCUMENT:
        getattr(current, name).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    current, theirs = state(env), state(other)
    for name in PER_DOCUMENT:
        mine, found = getattr(current, name), getattr(theirs, name)
        for docname in docnames:
            if docname in found:
                mine[docname] = found[docname]


def depend(env: BuildEnvironment, kind: str, argument: str = "") -> None:
    """Record that the page being read shows generated content of this kind."""
    state(env).depends.setdefault(env.docname, set()).add((kind, argument))

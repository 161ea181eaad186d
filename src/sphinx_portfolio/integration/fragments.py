"""The HTML of list entries, kept between builds.

The publications list, the topic pages, the home page and the co-authors page show each paper
in the same few nodes. At 1,000 papers, making those nodes and translating them to HTML is
most of writing those pages, and an edit to one entry has every list showing it written again.

So, in the site's HTML builder, each entry is made from nodes and translated by Sphinx's own
HTML translator once, and the HTML is kept in the cache folder (``portfolio_cache_dir``)
under a digest of everything it is made from: the digests of the papers it shows (their
fields and the settings their records read), the links as seen from the page, the language,
the builder's HTML settings, the engine's code and the versions of Sphinx and docutils. A page
shows the kept HTML when the digest matches; it is the HTML its own translator would write.
Other builders (``linkcheck``, ``text``, ...) always get the nodes.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from ..core.output import atomic_write
from ..core.record_cache import read_kept
from .builder import PortfolioHTMLBuilder
from .code_stamp import code_stamp
from .state import state

#: the file in the cache folder
FILE_NAME = "fragments.pickle"


class html_fragment(nodes.Element):
    """HTML that Sphinx's HTML translator made from an entry's nodes, in this build or an earlier one.

    Its text is the nodes' text, for what reads a page's text from its doctree
    (sphinxext-opengraph's description). A list's fragment has no children, so the search
    index skips it, as it skipped the lists it stands for (``no-search``); a code block's
    holds its text, which the search index reads as it read the block's.
    """

    def astext(self) -> str:
        return str(self["text"])


def visit_fragment_html(translator: HTML5Translator, node: html_fragment) -> None:
    translator.body.append(node["html"])
    raise nodes.SkipNode


class FragmentStore:
    """Kept HTML by digest: what earlier builds made, and what this one made."""

    def __init__(self, app: Sphinx) -> None:
        builder = app.builder
        self.path = Path(app.srcdir, app.config.portfolio_cache_dir, FILE_NAME)
        build_info = getattr(builder, "build_info", None)  # a hash of the HTML settings (Sphinx's .buildinfo)
        context = (
            code_stamp(),
            builder.name,
            app.config.language,
            getattr(build_info, "config_hash", ""),
            builder.get_translator_class().__qualname__,
        )
        self.context = hashlib.sha1(repr(context).encode()).hexdigest()
        # the file holds the HTML of one context: what other code or settings made is dropped
        self.kept: dict[str, tuple[tuple[str, ...], str, str]] = read_kept(self.path).get(self.context, {})
        self.added = False
        self.translator: Any = None

    def digest(self, inputs: object) -> str:
        return hashlib.sha1(repr(inputs).encode()).hexdigest()

    def html_of(self, app: Sphinx, made: list[nodes.Node]) -> str:
        if self.translator is None:  # one translator for every entry of the build, made as pages' are
            document = new_document("<portfolio-fragment>", app.builder.docsettings)  # type: ignore[attr-defined]
            self.translator = app.builder.create_translator(document, app.builder)
        self.translator.body = []
        holder = nodes.container()  # a parent, as on a page: the translator looks at a list's parent
        holder.extend(made)
        for node in holder.children:
            node.walkabout(self.translator)
        return "".join(self.translator.body)

    def save(self, current: set[str]) -> None:
        """Keeps the HTML made from papers as they are now; drops the rest."""
        if not self.added:
            return
        kept = {digest: value for digest, value in self.kept.items() if current.issuperset(value[0])}
        saved = pickle.dumps({self.context: kept}, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(self.path, saved, durable=False)


def store(app: Sphinx) -> FragmentStore | None:
    """This build's store, read when first needed; None for builders whose output is not this HTML."""
    builder = app.builder
    if not isinstance(builder, PortfolioHTMLBuilder) or not app.config.portfolio_cache_dir:
        return None
    found = getattr(builder, "portfolio_fragments", None)
    if found is None:
        found = FragmentStore(app)
        builder.portfolio_fragments = found  # type: ignore[attr-defined]
    return found


def cached(
    app: Sphinx,
    papers: tuple[str, ...],
    inputs: object,
    make: Callable[[], list[nodes.Node]],
    searchable: bool = False,
) -> list[nodes.Node]:
    """The nodes *make* returns, or their kept HTML when it was made from the same *inputs*.

    *papers* are the keys of the papers shown; *inputs* everything else the nodes are made from.
    A *searchable* fragment holds its text, so the search index reads it as it read the nodes.
    """
    fragments = store(app)
    if fragments is None:
        return make()
    digests = tuple(state(app.env).paper_digests[key] for key in papers)
    digest = fragments.digest((digests, inputs))
    found = fragments.kept.get(digest)
    if found is None:
        made = make()
        found = (digests, fragments.html_of(app, made), " ".join(node.astext() for node in made))
        fragments.kept[digest] = found
        fragments.added = True
    fragment = html_fragment(html=found[1], text=found[2])
    if searchable:
        fragment += nodes.Text(found[2])
    return [fragment]


def save_fragments(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the kept HTML, for the next build (clean builds too)."""
    fragments = getattr(app.builder, "portfolio_fragments", None)
    if exception is None and fragments is not None:
        fragments.save(set(state(app.env).paper_digests.values()))

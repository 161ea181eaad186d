"""The HTML builder, writing pages in as many processes as ``-j`` asks for."""

from __future__ import annotations

from collections.abc import Set

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from .files import write_paper_card


class PortfolioHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's ``html`` builder, with one more writer process in a parallel build.

    Sphinx writes pages in one process fewer than ``-j`` because its main process meanwhile
    resolves each page and feeds the search index. Here that is about a third of the work
    of writing a page (templates, the sidebar, OpenGraph and the sitemap are the rest), so
    with ``-j 2`` the main process waited for its one writer for most of the write phase.
    The writers now number as many as ``-j``, as the readers do; the main process shares a
    core with them. The pages are the same: only who writes them changes.
    """

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        self.writer_processes = app.parallel

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        super().write_doc(docname, doctree)
        # the page's card is drawn by whichever process writes the page
        write_paper_card(self.app, docname)

    def write_documents(self, docnames: Set[str]) -> None:
        # Opt-in (portfolio_parallel_writers): _write_parallel is Sphinx's private method (9.0);
        # should a release rename it, Sphinx writes as it would alone, and
        # tests/engine/test_upstream.py fails
        write_parallel = getattr(self, "_write_parallel", None)
        if self.config.portfolio_parallel_writers and self.parallel_ok and write_parallel is not None:
            write_parallel(sorted(docnames), nproc=self.writer_processes)
        else:
            super().write_documents(docnames)

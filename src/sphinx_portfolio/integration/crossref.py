"""``{cite:p}`` and ``{cite:t}`` anywhere on the site link to the cited paper's own page.

sphinxcontrib-bibtex renders the citation (its reference style: labels, author-year) and
links it to the entry in a ``{bibliography}``. A page that cites and has no bibliography of
its own gets one at its end, under "References", so every citation resolves. Once
sphinxcontrib-bibtex has resolved the page's citations, each link whose entry is a paper of
the portfolio is pointed at that paper's page instead; the bibliography stays as it is.
Everything used is sphinxcontrib-bibtex's documented interface: its roles and directive,
the ``bibtex-citation`` class of a resolved citation, and ``BibtexDomain.citations``.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.sources import BIBLIOGRAPHY_DIRECTIVE
from ..i18n import _
from .pages import paper_docname
from .state import state

#: a MyST cite role that needs a bibliography ({cite}, {cite:p}, {cite:t}, {cite:ps}, ...) and its keys
CITE_ROLE = re.compile(r"(\{cite(?::[a-z]+)*\}`)([^`]+)(`)")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
PLAIN_KEY = re.compile(r"[^\s{},]+")


def key_prefix(docname: str) -> str:
    """The keyprefix of a page's own References: one page's entries are never another's."""
    return docname + "/"


def add_references_section(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a Markdown page that cites, with no bibliography, ends with its own.

    sphinxcontrib-bibtex warns when two bibliographies list the same entry, so the page's
    citations and its bibliography share a ``:keyprefix:`` (its documented remedy), written
    into the citations here; code blocks are left as they are.
    """
    if app.env.doc2path(docname).suffix != ".md":
        return
    text = source[0]
    if not CITE_ROLE.search(text) or BIBLIOGRAPHY_DIRECTIVE.search(text):
        return
    prefix = key_prefix(docname)

    def prefixed(found: re.Match[str]) -> str:
        keys = ",".join(
            prefix + key.strip() if PLAIN_KEY.fullmatch(key.strip()) else key for key in found.group(2).split(",")
        )
        return found.group(1) + keys + found.group(3)

    lines: list[str] = []
    fence: tuple[str, int, bool] | None = None  # the open fence: its character, length, and whether it is code
    for line in text.splitlines(keepends=True):
        opening = FENCE.match(line)
        if fence is not None:
            marker = opening.group(1) if opening else ""
            if marker and marker[0] == fence[0] and len(marker) >= fence[1] and line.strip() == marker:
                fence = None  # the block closes
            elif not fence[2]:
                line = CITE_ROLE.sub(prefixed, line)  # a directive's content is Markdown
        elif opening:
            is_code = not line[opening.end() :].startswith("{")  # ```{name} opens a directive
            fence = (opening.group(1)[0], len(opening.group(1)), is_code)
        else:
            line = CITE_ROLE.sub(prefixed, line)
        lines.append(line)
    heading = _("References")
    source[0] = "".join(lines) + (
        f"\n\n## {heading}\n\n```{{bibliography}}\n:filter: docname in docnames\n:keyprefix: {prefix}\n```\n"
    )


class CitationsToPaperPages(SphinxPostTransform):
    """Points each resolved citation of a portfolio paper at the paper's page."""

    default_priority = 20  # after Sphinx's ReferencesResolver (10), which asks the cite domain
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        cited = [node for node in self.document.findall(nodes.inline) if "bibtex-citation" in node["classes"]]
        if not cited:  # most pages cite nothing
            return
        papers = state(self.env).papers
        builder = self.app.builder
        where: dict[str, list[tuple[str, str]]] = {}  # citation id -> (bibliography's page, key)
        for citation in self.env.get_domain("cite").citations:  # type: ignore[attr-defined]
            page = citation.bibliography_key.docname
            key = citation.key.removeprefix(key_prefix(page))
            where.setdefault(citation.citation_id, []).append((page, key))
        docname = self.env.docname
        for citation_node in cited:
            for reference in citation_node.findall(nodes.reference):
                # a citation on its own page links by refid, any other by refuri
                path, _hash, citation_id = reference.get("refuri", "#" + reference.get("refid", "")).rpartition("#")
                for target, key in where.get(citation_id, ()):
                    same_page = not path and target == docname
                    if key in papers and (same_page or builder.get_relative_uri(docname, target) == path):
                        reference.attributes.pop("refid", None)
                        reference["refuri"] = builder.get_relative_uri(docname, paper_docname(self.config, key))
                        break


def setup(app: Sphinx) -> None:
    app.connect("source-read", add_references_section)
    app.add_post_transform(CitationsToPaperPages)

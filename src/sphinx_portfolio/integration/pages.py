"""Paper pages and news items: what their front matter turns into.

A page ``papers/<key>.md`` whose front matter says ``paper: <key>`` gets everything
bibliographic from ``refs.bib``; its own body (a figure, notes) follows the abstract.
A news item ``news/<name>.md`` has a ``date`` in front matter and refers to papers
with the ``{paper}`` role, a real cross-reference that fails the build when the paper
page does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from ..core.records import page_name
from ..i18n import _, month_year, venue_label
from . import render
from .cite import cite_tabs
from .generated import generated
from .pictures import teaser_size
from .state import NewsItem, depend, state

logger = logging.getLogger(__name__)


def paper_docname(config: Config, key: str) -> str:
    return f"{config.portfolio_papers_dir}/{page_name(key)}"


def topic_docname(config: Config, slug: str) -> str:
    return f"{config.portfolio_topics_dir}/{slug}"


def doc_xref(target_docname: str, children: list[nodes.Node], explicit: bool = True) -> addnodes.pending_xref:
    """A cross-reference to a page; Sphinx reports it when the page does not exist."""
    xref = addnodes.pending_xref(
        "",
        *children,
        refdomain="std",
        reftype="doc",
        reftarget="/" + target_docname,
        refexplicit=explicit,
        refwarn=True,
    )
    return xref


class PaperReferenceRole(SphinxRole):
    """``{paper}`key``` links to a paper's page, titled from refs.bib."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key = self.text.strip()
        paper = state(self.env).papers.get(key)
        depend(self.env, "paper", key)
        # not explicit: Sphinx writes the paper page's current title when the page is written
        xref = doc_xref(paper_docname(self.config, key), [nodes.inline(key, key)], explicit=False)
        self.set_source_info(xref)
        wrapper = nodes.inline("", "", xref, classes=["portfolio-paper-ref"])
        if paper is None:
            logger.warning(
                f"unknown paper '{key}': no entry with this key in refs.bib",
                location=(self.env.docname, self.lineno),
                type="portfolio",
                subtype="paper_ref",
            )
        return [wrapper], []


class FrontMatterPages(SphinxTransform):
    """Builds paper pages and news items from their front matter."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        meta = front_matter(self.document)
        if "paper" in meta:
            self.paper_page(meta["paper"].strip())
        elif self.env.docname.startswith(self.config.portfolio_news_dir + "/") and "date" in meta:
            self.news_item(meta["date"].strip())
        else:
            return
        # reached from lists, not from the navigation: a sidebar listing every paper
        # would put N links on each of N pages
        self.add_metadata("orphan", "")

    def add_metadata(self, name: str, value: str) -> None:
        """Adds a field to the page's docinfo, which Sphinx collects into the page's metadata."""
        docinfo = docinfo_of(self.document)
        if docinfo is None:
            docinfo = nodes.docinfo()
            self.document.insert(0, docinfo)
        docinfo += nodes.field("", nodes.field_name(name, name), nodes.field_body(value, nodes.Text(value)))

    def body_nodes(self) -> list[nodes.Node]:
        """The page's own content, without the front matter."""
        return [child for child in self.document.children if not isinstance(child, (nodes.docinfo, nodes.field_list))]

    def paper_page(self, key: str) -> None:
        current = state(self.env)
        paper = current.papers.get(key)
        if paper is None:
            logger.warning(
                f"paper page names key '{key}', which is not in refs.bib",
                location=(self.env.docname, 1),
                type="portfolio",
                subtype="paper_key",
            )
            return
        current.paper_pages[self.env.docname] = key
        # what sphinxext-opengraph shows for the page (instead of its first paragraph)
        self.add_metadata("og:description", paper.description)
        self.add_metadata("og:type", "article")
        # the card files.py draws beside the page; absolute, as sphinxext-opengraph wants it
        page_url = urljoin(self.config.html_baseurl, self.app.builder.get_target_uri(self.env.docname))
        size = teaser_size(self.app, paper)
        if size is None:  # the card files.py draws
            self.add_metadata("og:image", urljoin(page_url, f"{paper.slug}.png"))
            self.add_metadata("og:image:alt", f"{paper.title}: {venue_label(paper)}")
        else:  # the paper's own figure
            self.add_metadata("og:image", urljoin(page_url, render.teaser_name(paper, size[2])))
            self.add_metadata("og:image:alt", paper.title)
        own = self.body_nodes()
        for child in own:
            self.document.remove(child)

        section = nodes.section(ids=["paper"], names=["paper"], classes=["portfolio-paper"])
        section += nodes.title("", "", *render.rich(paper.title_latex))
        section += nodes.paragraph("", "", render.authors_line(paper), classes=["portfolio-byline"])
        if paper.has_equal_contribution:
            section += render.equal_legend()
        section += nodes.paragraph("", "", render.venue_line(paper), classes=["portfolio-venue-line"])
        also = render.also_presented(paper)
        if also is not None:
            label = str(_("Also presented at:"))
            section += nodes.paragraph(label, label, classes=["portfolio-label"])
            section += also
        links = render.links_line(paper, f"{paper.slug}.html")
        if paper.pdf:  # re-read the page, and copy the file again, when the PDF changes
            self.env.note_dependency(str(Path(self.env.srcdir, paper.pdf)))
        if links is not None:
            section += nodes.paragraph("", "", links, classes=["portfolio-links-line"])
        topics = nodes.paragraph(classes=["portfolio-topics"])
        topics += nodes.Text(str(_("Topics:")) + " ")
        for index, slug in enumerate(paper.topics):
            if index:
                topics += nodes.Text(", ")
            topics += doc_xref(topic_docname(self.config, slug), [nodes.inline(slug, slug)], explicit=False)
        section += topics
        if size is not None and paper.teaser:
            section += nodes.paragraph(
                "", "", render.teaser(paper, f"{paper.slug}.html", size), classes=["portfolio-figure"]
            )
            self.env.note_dependency(str(Path(self.env.srcdir, paper.teaser)))
        if paper.alt_titles:
            titles = "; ".join(str(_("“{title}”")).format(title=title) for title in paper.alt_titles)
            text = str(_("Also titled: {titles}")).format(titles=titles)
            section += nodes.paragraph(text, text, classes=["portfolio-alt-titles"])
        if paper.tldr_latex:
            section += self.subsection(
                "tldr", str(_("TL;DR")), [nodes.paragraph("", "", *render.rich(paper.tldr_latex))]
            )
        if paper.abstract_latex:
            abstract = nodes.paragraph("", "", *render.rich(paper.abstract_latex), classes=["portfolio-abstract"])
            section += self.subsection("abstract", str(_("Abstract")), [abstract])
        elif paper.abstract_opening_latex:
            opening = nodes.paragraph(
                "",
                "",
                *render.rich(paper.abstract_opening_latex),
                nodes.Text(" …"),
                classes=["portfolio-opening"],
            )
            content: list[nodes.Node] = [opening]
            if paper.arxiv_url:
                content.append(
                    nodes.paragraph("", "", render.link(str(_("Read the full abstract on arXiv")), paper.arxiv_url))
                )
            section += self.subsection("abstract", str(_("Abstract (opening)")), content)
        section.extend(own)
        section += generated("mentions", key, self.env)
        section += generated("related", key, self.env)
        section += self.subsection("cite", str(_("Cite")), [cite_tabs(self.env, paper, own)])
        self.document.append(section)

    def subsection(self, ident: str, title: str, content: Sequence[nodes.Node]) -> nodes.section:
        section = nodes.section(ids=[ident], names=[ident])
        section += nodes.title(title, title)
        section.extend(content)
        return section

    def news_item(self, date: str) -> None:
        text = " ".join(words(node) for node in self.body_nodes() if not isinstance(node, nodes.section))
        title = next(iter(self.document.findall(nodes.title)), None)
        keys = tuple(sorted(key for kind, key in state(self.env).depends.get(self.env.docname, ()) if kind == "paper"))
        state(self.env).news[self.env.docname] = NewsItem(
            self.env.docname, date, words(title) if title is not None else text, keys
        )
        if title is not None:
            line = nodes.paragraph(classes=["portfolio-news-date"])
            line += nodes.Text(format_month(date, self.config.language))
            cast(nodes.Element, title.parent).insert(title.parent.index(title) + 1, line)


def front_matter(document: nodes.document) -> dict[str, str]:
    """A page's front matter, as text, from its docinfo.

    MyST renders front matter as a field list that docutils' DocInfo transform (priority 340)
    turns into the docinfo: a field per key, or an element of its own for a bibliographic
    key such as ``date``.
    """
    found: dict[str, str] = {}
    for item in getattr(docinfo_of(document), "children", ()):
        if isinstance(item, nodes.field):
            found[item[0].astext()] = item[1].astext()
        elif isinstance(item, nodes.Element):
            found[item.tagname] = item.astext()
    return found


def docinfo_of(document: nodes.document) -> nodes.docinfo | None:
    """The page's docinfo: docutils puts it among the document's own children, near the top."""
    return next((child for child in document.children if isinstance(child, nodes.docinfo)), None)


def words(node: nodes.Node) -> str:
    """A node's text as a reader reads it: raw HTML (markup, not words) left out."""
    return " ".join(
        "".join(text.astext() for text in node.findall(nodes.Text) if not isinstance(text.parent, nodes.raw)).split()
    )


def format_month(date: str, language: str | None = None) -> str:
    """A news item's "YYYY-MM" as "March 2021", in the reader's language."""
    year, _sep, rest = date.partition("-")
    month = rest[:2]
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return month_year(int(year), int(month), language)
    return date

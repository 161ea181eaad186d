"""What search engines and Google Scholar read: meta tags, JSON-LD and robots.txt.

Paper pages get Highwire Press ``citation_*`` tags (what Google Scholar's inclusion
guidelines ask for) and a schema.org ``ScholarlyArticle``; the home page a ``Person``.
Every value comes from the paper record, escaped for its context.
"""

from __future__ import annotations

import json
import queue
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx_sitemap import add_html_link

from ..core.citations import container, degree, item_kind, page_range, pdf_address, publisher
from ..core.output import write_if_changed
from ..core.records import Author, Paper
from .state import state


def meta(name: str, content: str) -> str:
    return f'<meta name="{escape(name)}" content="{escape(content, quote=True)}">'


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD block that no field can break out of (``</script>`` included)."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return f'<script type="application/ld+json">{text}</script>'


def highwire_tags(paper: Paper, page_url: str) -> list[str]:
    """Highwire Press tags as Google Scholar's guidelines show them and Zotero reads them.

    Zotero's Embedded Metadata translator splits a ``citation_author`` at its comma into
    last and first name and takes the item type from the last of ``citation_journal_title``,
    ``citation_conference_title``, ``citation_inbook_title``, ``citation_dissertation_institution``
    and ``citation_technical_report_institution``; without one, from ``z:itemType``. Every
    other ``z:<field>`` tag becomes that field of the item: what Highwire has no tag for (a
    proceedings title, a preprint's repository and id, the arXiv id of a published paper).
    """
    kind = item_kind(paper)
    tags = [meta("citation_title", paper.title)]
    tags += [meta("citation_author", author_name(author)) for author in paper.authors]
    tags.append(meta("citation_publication_date", str(paper.year)))
    tags += [meta(name, value) for name, value in venue_tags(paper, kind)]
    first, last = page_range(paper.pages)
    for name, value in (
        ("citation_volume", paper.volume),
        ("citation_issue", None if kind == "report" else paper.issue),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_doi", paper.doi),
        ("citation_arxiv_id", paper.arxiv_id),
    ):
        if value:
            tags.append(meta(name, value))
    if kind == "preprint" and paper.eprint:
        tags += [meta("z:repository", "arXiv"), meta("z:archiveID", f"arXiv:{paper.arxiv_id}")]
    elif paper.arxiv_id:  # Zotero's place for another id of a published paper
        tags.append(meta("z:extra", f"arXiv: {paper.arxiv_id}"))
    if abstract := shown_abstract(paper):
        tags.append(meta("citation_abstract", abstract))
    if pdf := pdf_address(paper, page_url):
        tags.append(meta("citation_pdf_url", pdf))
    tags.append(meta("citation_abstract_html_url", page_url))
    return tags


#: the tags that name what holds the paper, by kind (the type comes from the last type tag:
#: a conference paper's is the conference's, after the proceedings title), and who made it known
CONTAINER_TAGS = {
    "journal": ("citation_journal_title",),
    "conference": ("z:proceedingsTitle", "citation_conference_title"),
    "chapter": ("citation_inbook_title",),
}
PUBLISHER_TAG = {
    "thesis": "citation_dissertation_institution",
    "report": "citation_technical_report_institution",
    "book": "citation_publisher",
    "chapter": "citation_publisher",
}


def venue_tags(paper: Paper, kind: str) -> list[tuple[str, str]]:
    """The tags that say what kind of item the paper is and where it appeared."""
    found = [("z:itemType", kind)] if kind in ("preprint", "book") else []  # no Highwire tag says these
    if where := container(paper, kind):
        found += [(tag, where) for tag in CONTAINER_TAGS[kind]]
    if who := publisher(paper, kind):
        found.append((PUBLISHER_TAG[kind], who))
    if level := degree(paper, kind):
        found.append(("z:thesisType", level))
    if kind == "report" and paper.issue:
        found.append(("citation_technical_report_number", paper.issue))
    return found


def shown_abstract(paper: Paper) -> str | None:
    """The abstract the page shows: the full one, else its opening marked as cut."""
    if paper.abstract:
        return paper.abstract
    return f"{paper.abstract_opening} …" if paper.abstract_opening else None


def author_name(author: Author) -> str:
    """ "Last, First", the order Google Scholar's examples use and Zotero splits unambiguously."""
    return f"{author.family}, {author.given}" if author.given else author.family


def scholarly_article(paper: Paper, page_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title,
        "url": page_url,
        "author": [{"@type": "Person", "name": author.name} for author in paper.authors],
        "datePublished": str(paper.year),
    }
    if paper.alt_titles:
        data["alternateName"] = list(paper.alt_titles)
    if paper.venue:
        kind = "Periodical" if paper.venue_type == "journal" else "CreativeWork"
        data["isPartOf"] = {"@type": kind, "name": paper.venue.name}
    same_as = [url for url in (paper.arxiv_url, paper.doi_url) if url]
    if same_as:
        data["sameAs"] = same_as
    if abstract := shown_abstract(paper):
        data["abstract"] = abstract
    if paper.tldr:
        data["description"] = paper.tldr
    return data


def person(config: Config, page_url: str) -> dict[str, Any]:
    data = {"@context": "https://schema.org", "@type": "Person", "name": config.author, "url": page_url}
    data.update(config.portfolio_person)
    return data


def add_head_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: meta tags and JSON-LD for paper pages and the home page."""
    if doctree is None or app.builder.format != "html":
        return
    page_url = urljoin(app.config.html_baseurl, app.builder.get_target_uri(pagename))
    current = state(app.env)
    added: list[str] = []
    key = current.paper_pages.get(pagename)
    if key is not None and key in current.papers:
        paper = current.papers[key]
        added.append(meta("description", paper.description))
        added += highwire_tags(paper, page_url)
        text = escape(urljoin(page_url, f"{paper.slug}.txt"), quote=True)
        added.append(f'<link rel="alternate" type="text/markdown" href="{text}" title="The paper as text">')
        added.append(json_ld(scholarly_article(paper, page_url)))
    elif pagename == app.config.root_doc:
        added.append(json_ld(person(app.config, page_url)))
    if added:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(added)


def write_robots(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: robots.txt that names the sitemap."""
    if exception is not None or app.builder.format != "html":
        return
    sitemap = urljoin(app.config.html_baseurl, "sitemap.xml")
    write_if_changed(Path(app.outdir) / "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")


def complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, before sphinx-sitemap writes sitemap.xml: list every page, in order.

    Opt-in (``portfolio_complete_sitemap``): it refills sphinx-sitemap's ``app.sitemap_links``
    queue, which is not a documented interface. sphinx-sitemap lists only the pages written
    by the current build (jdillard/sphinx-sitemap#13), so after an incremental build
    sitemap.xml would name only the edited pages; and pages written in parallel reach it in
    any order. Its own function adds the pages not written.
    """
    written = getattr(app, "sitemap_links", None)
    if not app.config.portfolio_complete_sitemap:
        return
    if exception is not None or written is None or app.builder.format != "html":
        return
    links = set(_drain(written))
    # an in-process queue from here on: the pages added now need no round-trip to the manager
    app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]  # sphinx-sitemap's own attribute
    for docname in app.env.all_docs:
        add_html_link(app, docname, None, {}, None)
    links.update(_drain(app.sitemap_links))  # type: ignore[attr-defined]  # likewise
    for link in sorted(links):
        app.sitemap_links.put(link)  # type: ignore[attr-defined]  # likewise


def _drain(links: queue.Queue[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    drained = []
    while True:
        try:
            drained.append(links.get_nowait())
        except queue.Empty:
            return drained


#: settings that hold the site's published address, each joined with page paths
ADDRESS_SETTINGS = ("html_baseurl", "ogp_site_url")


def addresses_end_with_a_slash(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``https://example.org/site`` is read as ``https://example.org/site/``.

    Every absolute URL of the site (canonical link, ``og:url``, Highwire tags, feed, robots.txt,
    sitemap) joins a page's path to the address; without the slash, joining drops the address's
    last folder (or glues the path to it), while Sphinx's canonical link adds the slash itself.
    """
    for name in ADDRESS_SETTINGS:
        value = config[name] if name in config else ""  # noqa: SIM401  (Config has no get())
        if isinstance(value, str) and value and not value.endswith("/"):
            config[name] = value + "/"


def setup(app: Sphinx) -> None:
    # before sphinx-sitemap and sphinxext-opengraph read the address
    app.connect("config-inited", addresses_end_with_a_slash, priority=100)
    # before sphinxext-opengraph (500), which then keeps this description
    app.connect("html-page-context", add_head_tags, priority=400)
    app.connect("build-finished", write_robots)
    # sphinx-sitemap writes the file at the default priority, 500
    app.connect("build-finished", complete_sitemap, priority=400)

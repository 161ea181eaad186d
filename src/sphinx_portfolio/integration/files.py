"""The files a build writes beside the pages: downloads, PDFs and link-preview cards.

Each paper's page gets ``<key>.bib``, ``<key>.json``, ``<key>.ris`` (their text is made by
:mod:`sphinx_portfolio.writers.downloads`), its PDF when refs.bib names one, and its card
``<key>.png``; the publications page gets every paper in each format; the site gets its card.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from ..core.output import atomic_write, beside_page, write_if_changed
from ..core.records import ALL_PAPERS, by_recency
from ..i18n import _, venue_label
from ..writers import cards
from ..writers.downloads import FORMATS, paper_files
from .state import state


def write_paper_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the downloads beside a paper's page.

    Written with its page, so an edit touches only the files of the pages it rewrites; in a
    parallel build the main process does it while a worker writes the HTML.
    """
    current = state(app.env)
    key = current.paper_pages.get(docname)
    if key is None or app.builder.format != "html":
        return
    paper = current.papers[key]
    for name, content in paper_files(paper).items():
        write_if_changed(beside_page(app, docname, name), content)
    if paper.pdf:
        write_if_changed(beside_page(app, docname, f"{paper.slug}.pdf"), Path(app.srcdir, paper.pdf).read_bytes())


def write_paper_card(app: Sphinx, docname: str) -> None:
    """The link-preview card of a paper's page, drawn where the page is written (builder's write_doc)."""
    current = state(app.env)
    key = current.paper_pages.get(docname)
    if key is None:
        return
    paper = current.papers[key]
    byline = ", ".join(author.name for author in paper.authors) + (str(_(" et al.")) if paper.et_al else "")
    footer = f"{venue_label(paper)} · {app.config.project}"
    painter(app).paint(beside_page(app, docname, f"{paper.slug}.png"), card_cache(app), paper.title, byline, footer)


def card_cache(app: Sphinx) -> Path:
    """Where cards are kept between builds, clean ones too: ``portfolio_cache_dir``, from the site's folder."""
    return Path(app.srcdir, app.config.portfolio_cache_dir, "cards")


def painter(app: Sphinx) -> cards.CardPainter:
    """This build's card painter (on the builder: it holds a thread, so never on the pickled env)."""
    found = getattr(app.builder, "portfolio_cards", None)
    if found is None:
        found = cards.CardPainter(threaded=app.parallel <= 1)  # in a parallel build: a writer process
        app.builder.portfolio_cards = found  # type: ignore[attr-defined]
    return found


def site_card(app: Sphinx) -> bytes:
    """The link-preview card of every page that is not a paper's: the site's name and who it is."""
    person = app.config.portfolio_person
    affiliation = (person.get("affiliation") or {}).get("name", "") if isinstance(person, dict) else ""
    byline = ", ".join(part for part in (person.get("jobTitle", ""), affiliation) if part)
    footer = urlsplit(app.config.html_baseurl).netloc + urlsplit(app.config.html_baseurl).path.rstrip("/")
    return cards.card(card_cache(app), app.config.project, byline, footer)


def write_list_downloads(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: every paper in each format, beside the publications page."""
    if app.builder.format != "html":
        return
    painter(app).finish()
    # the next build starts a new one
    app.builder.portfolio_cards = None  # type: ignore[attr-defined]  # the builder has no slot for it
    if exception is not None:
        return
    write_if_changed(Path(app.outdir, cards.SITE_CARD), site_card(app))
    current = state(app.env)
    papers = by_recency(current.papers.values())
    targets = {
        suffix: beside_page(app, f"{app.config.portfolio_papers_dir}/index", ALL_PAPERS + suffix) for suffix in FORMATS
    }
    # what they were last written from, kept with the build's doctrees (not published)
    stamp_file = Path(app.doctreedir, "portfolio-list-downloads")
    made_from = hashlib.sha1(repr([current.paper_digests.get(paper.key) for paper in papers]).encode()).hexdigest()
    if all(target.exists() for target in targets.values()) and read_text(stamp_file) == made_from:
        return  # no paper changed since they were written
    for suffix, (_name, write) in FORMATS.items():
        write_if_changed(targets[suffix], write(papers))
    atomic_write(stamp_file, made_from, durable=False)


def read_text(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except OSError:
        return None

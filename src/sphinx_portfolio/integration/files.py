"""The files a build writes beside the pages: downloads, PDFs and link-preview cards.

Each paper's page gets ``<key>.bib``, ``<key>.json``, ``<key>.ris`` (their text is made by
:mod:`sphinx_portfolio.writers.downloads`), its PDF when refs.bib names one, and its card
``<key>.png``; the publications page gets every paper in each format; the site gets its card.
"""

from __future__ import annotations

import hashlib
import pickle
import posixpath
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from ..core.output import atomic_write, beside_page, write_if_changed
from ..core.record_cache import read_kept
from ..core.records import ALL_PAPERS, Paper, by_recency
from ..i18n import _, venue_label
from ..writers import cards, llms
from ..writers.downloads import FORMATS, joined, paper_files
from .code_stamp import code_stamp
from .pictures import publish_teaser, teaser_size
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
    files = paper_files(paper)
    for name, content in files.items():
        write_if_changed(beside_page(app, docname, name), content)
    text = llms.paper_text(paper, page_address(app, docname), current.topics, files[f"{paper.slug}.bib"])
    write_if_changed(beside_page(app, docname, f"{paper.slug}.txt"), text)
    if paper.pdf:
        write_if_changed(beside_page(app, docname, f"{paper.slug}.pdf"), Path(app.srcdir, paper.pdf).read_bytes())
    publish_teaser(app, docname, paper)


def write_paper_card(app: Sphinx, docname: str) -> None:
    """The link-preview card of a paper's page, drawn where the page is written (builder's write_doc)."""
    current = state(app.env)
    key = current.paper_pages.get(docname)
    if key is None:
        return
    paper = current.papers[key]
    if teaser_size(app, paper) is not None:  # its link preview is its own figure
        return
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


def person_role(app: Sphinx) -> str:
    """The researcher's job and affiliation from ``portfolio_person`` ("Postdoc, Harvard University"), or ""."""
    person = app.config.portfolio_person if isinstance(app.config.portfolio_person, dict) else {}
    affiliation = (person.get("affiliation") or {}).get("name", "")
    return ", ".join(part for part in (person.get("jobTitle", ""), affiliation) if part)


def site_card(app: Sphinx) -> bytes:
    """The link-preview card of every page that is not a paper's: the site's name and who it is."""
    byline = person_role(app)
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
    for suffix, text in list_files(app, papers).items():
        write_if_changed(targets[suffix], text)
    atomic_write(stamp_file, made_from, durable=False)


#: each paper's downloads as the last build made them, in the cache folder
KEPT_DOWNLOADS = "downloads.pickle"


def list_files(app: Sphinx, papers: list[Paper]) -> dict[str, str]:
    """Each list download, joined from the papers' own files: those of unchanged papers kept from the last build."""
    folder = app.config.portfolio_cache_dir
    path = Path(app.srcdir, folder, KEPT_DOWNLOADS) if folder else None
    kept = read_kept(path) if path is not None else {}
    digests = state(app.env).paper_digests
    texts: dict[str, tuple[str, ...]] = {}
    for paper in papers:
        digest = hashlib.sha1(f"{code_stamp()} {digests[paper.key]}".encode()).hexdigest()
        if (found := kept.get(digest)) is None:
            made = paper_files(paper)
            found = tuple(made[paper.slug + suffix] for suffix in FORMATS)
        texts[digest] = found
    if path is not None and texts.keys() != kept.keys():
        atomic_write(path, pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    return {suffix: joined(suffix, [each[index] for each in texts.values()]) for index, suffix in enumerate(FORMATS)}


def beside_address(app: Sphinx, docname: str, name: str) -> str:
    """The address of the file *name* written beside the page (as ``beside_page`` writes it)."""
    folder = posixpath.dirname(app.builder.get_target_uri(docname))
    return str(app.config.html_baseurl) + (f"{folder}/{name}" if folder else name)


def page_address(app: Sphinx, docname: str) -> str:
    return urljoin(str(app.config.html_baseurl), app.builder.get_target_uri(docname))


def write_llms_txt(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: llms.txt, which names the researcher and links each paper's text and the pages."""
    if exception is not None or app.builder.format != "html":
        return
    current = state(app.env)
    root = app.config.root_doc
    pages = [
        llms.Link(app.env.titles[doc].astext(), page_address(app, doc))
        for doc in [root, *app.env.toctree_includes.get(root, [])]
        if doc in app.env.titles
    ]
    target, stamp_file = Path(app.outdir, "llms.txt"), Path(app.doctreedir, "portfolio-llms-txt")
    settings = [app.config[name] for name in ("project", "author", "html_baseurl", "portfolio_person")]
    made_of = (sorted(current.paper_digests.items()), sorted(current.paper_pages.items()), pages, settings)
    made_from = hashlib.sha1(repr(made_of).encode()).hexdigest()
    if target.exists() and read_text(stamp_file) == made_from:
        return  # nothing it shows changed since it was written
    by_key = {key: docname for docname, key in current.paper_pages.items()}
    papers = [
        (paper, beside_address(app, by_key[paper.key], f"{paper.slug}.txt"))
        for paper in by_recency(current.papers.values())
        if paper.key in by_key
    ]
    write_if_changed(target, llms.llms_txt(app.config.project, llms_summary(app, len(papers)), papers, pages))
    atomic_write(stamp_file, made_from, durable=False)


def llms_summary(app: Sphinx, count: int) -> str:
    """Who the researcher is and what the site holds, in one sentence."""
    role = person_role(app)
    summary = f"The research portfolio of {app.config.author}" + (f" ({role})" if role else "")
    return summary + f": {count} papers, each with its authors, venue, abstract and links."


def read_text(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except OSError:
        return None

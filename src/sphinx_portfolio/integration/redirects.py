"""Pages that moved: a page at each old address (``redirects.json``) that sends readers to the new one.

``portfolio rename`` records each move. A build writes, where the old page was, a small page
with the new page as its canonical address, an immediate refresh to it, and a link for
readers whose browser does not follow it; search engines are told not to index it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urljoin

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.check import Sources
from ..core.output import write_if_changed
from ..core.records import Paper, normalised_title, page_name
from .state import state

logger = logging.getLogger(__name__)


def redirect_page(title: str, relative: str, canonical: str, language: str) -> str:
    href, shown = escape(relative, quote=True), escape(title)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{shown}</title>\n"
        f'<link rel="canonical" href="{escape(canonical, quote=True)}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n'
        f'<p>This page has moved: <a href="{href}">{shown}</a>.</p>\n</body>\n</html>\n'
    )


def write_redirects(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: a page at each old address of a moved page."""
    if exception is not None or app.builder.format != "html":
        return
    for old, new in state(app.env).redirects.items():
        if new not in app.env.all_docs:
            continue  # the check names what is wrong with the record
        title = app.env.titles[new].astext() if new in app.env.titles else new
        relative = app.builder.get_relative_uri(old, new)
        canonical = urljoin(str(app.config.html_baseurl), app.builder.get_target_uri(new))
        target = Path(app.outdir, app.builder.get_outfilename(old))  # type: ignore[attr-defined]
        write_if_changed(target, redirect_page(title, relative, canonical, app.config.language or "en"))


def identity(paper: Paper) -> str:
    """What tells the paper apart whatever its key: its arXiv id, else its DOI, else its title."""
    return paper.arxiv_id or (paper.doi or "").lower() or normalised_title(paper.title)


def keys_renamed_by_hand(app: Sphinx, found: Sources, before: dict[str, str], now: dict[str, str]) -> None:
    """A warning for each paper whose key changed without ``portfolio rename``: its old address breaks.

    *before* and *now* map each key to the paper's :func:`identity`, in the last build and this one.
    """
    new_key = {value: key for key, value in now.items() if key not in before}
    papers_dir = app.config.portfolio_papers_dir
    for key, value in before.items():
        new = new_key.get(value)
        old_page = f"{papers_dir}/{page_name(key)}"
        if key in now or new is None or old_page in found.redirects:
            continue
        logger.warning(
            f"entry '{key}' is now '{new}': the address of {old_page}.html breaks "
            f"(links and search results still lead there); run `nox -s rename -- {key} {new}` "
            "to send its readers to the new page",
            location=str(Path(app.srcdir, app.config.bibtex_bibfiles[0])),
            type="portfolio",
            subtype="renamed",
        )

"""The portfolio extension: paper pages, lists, news and checks, all from refs.bib."""

from __future__ import annotations

import logging as stdlib_logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .. import __version__, i18n
from ..core.check import Finding, check_sources
from ..core.images import Picture
from ..core.output import write_if_changed
from ..core.record_cache import FILE_NAME as RECORDS_FILE
from ..core.record_cache import RecordCache
from ..core.settings import declared, from_config
from ..core.sources import TOO_DEEP, page_patterns
from ..writers.cards import SITE_CARD
from . import (  # noqa: F401  (modules register generators)
    build_lock,
    cite,
    crossref,
    files,
    kept_citations,
    lists,
    news,
    people,
    pictures,
    pybtex_lookup,
    redirects,
    safety,
    seo,
)
from .bibliography import paper_pages_follow_their_entry, parsed_bibliography
from .builder import PortfolioHTMLBuilder
from .fragments import html_fragment, save_fragments, visit_fragment_html
from .generated import (
    GENERATORS,
    fill_placeholders,
    generated_content,
    make_directive,
    pages_to_rewrite,
    skip_node,
)
from .navigation import forget_navigation, share_navigation
from .pages import FrontMatterPages, PaperReferenceRole, paper_docname
from .render import (
    coins,
    depart_folded_html,
    depart_folded_other,
    filters,
    folded,
    picture,
    visit_coins_html,
    visit_filters_html,
    visit_folded_html,
    visit_folded_other,
    visit_picture_html,
)
from .shared_bibdata import keep_parsed_bibliography_home
from .state import merge_info, purge_doc, state

logger = logging.getLogger(__name__)

#: directives that place generated content on a page
DIRECTIVES = (
    "publications",
    "selected-publications",
    "topic-papers",
    "topics-list",
    "news-list",
    "latest-news",
    "coauthors",
    "statistics",
)


def load_sources(app: Sphinx) -> None:
    """``builder-inited``: check the sources and read every paper from refs.bib.

    Runs before sphinxcontrib-bibtex would read the file: refs.bib is parsed here, once, and the
    reading is handed to sphinxcontrib-bibtex (bibliography.py); a broken refs.bib stops the
    build with a message naming the place, instead of a traceback or silently lost entries.
    """
    config = app.config
    records = RecordCache(Path(app.srcdir, config.portfolio_cache_dir, RECORDS_FILE))
    found = check_sources(Path(app.srcdir), from_config(config), parsed=parsed_bibliography(app), cache=records)
    if found.findings:
        for finding in found.findings:
            log_source_problem(app, finding, logger.error)
        if config.portfolio_live_status:
            live_failure_page(app)
        # stop before any page is read: a half-built site must never be published
        raise SystemExit(
            f"{len(found.findings)} problem(s) in the sources; nothing was built. "
            "README.md ('Build errors') says what each means."
        )
    records.save()
    for warning in found.warnings:
        log_source_problem(app, warning, logger.warning)
    current = state(app.env)
    identities = {key: redirects.identity(paper) for key, paper in found.papers.items()}
    redirects.keys_renamed_by_hand(app, found, current.identities, identities)
    current.identities, current.redirects = identities, found.redirects
    # what each page shows of its entry: the record, sphinxcontrib-bibtex's citation of the entry,
    # and the size of its teaser figure (the lists and its page give it)
    digests = {key: found.digests[key] + teaser_stamp(found.teasers.get(key)) for key in found.papers}
    changed = {key for key, digest in digests.items() if current.paper_digests.get(key) != digest}
    current.outdated = {paper_docname(config, key) for key in changed}
    current.papers, current.paper_digests, current.topics = found.papers, digests, found.topics
    current.teasers, current.photo = found.teasers, found.photo
    listing = found.arxiv_listing
    current.arxiv_listing = (listing[0], tuple((p.arxiv_id, p.title) for p in listing[1])) if listing else None
    # refs.bib is deliberately not a dependency of every page (env.note_dependency):
    # only the pages that show a changed entry are re-read, see pages_with_changed_entries.


def teaser_stamp(size: Picture | None) -> str:
    return "" if size is None else ":teaser {}x{}{}".format(*size)


def log_source_problem(app: Sphinx, finding: Finding, log: Callable[..., None]) -> None:
    """A problem of the sources, logged with its file and line (as ``logger.error`` or ``logger.warning``)."""
    where = f"{Path(app.srcdir, finding.path)}:{finding.line}"
    log(finding.described, location=where, type="portfolio", subtype="source")


LIVE_SCRIPT = "portfolio-live.js"


def live_status(app: Sphinx) -> None:
    """``builder-inited``, live preview only: every page shows the last build's problems."""
    if not app.config.portfolio_live_status or app.builder.format != "html":
        return
    script = (Path(__file__).parent / "live" / LIVE_SCRIPT).read_text("utf-8")
    write_if_changed(Path(app.outdir) / "_static" / LIVE_SCRIPT, script)
    app.add_js_file(LIVE_SCRIPT, defer="defer")


def live_failure_page(app: Sphinx) -> None:
    """A first build that fails still has a page to show its problems on."""
    for handler in stdlib_logging.getLogger("sphinx").handlers:  # the -w file, complete before exit
        handler.flush()
    index = Path(app.outdir) / "index.html"
    if not index.exists():
        write_if_changed(
            index,
            '<!DOCTYPE html><html lang="en" data-content_root="./"><head><meta charset="utf-8">'
            f'<title>Build failed</title><script defer src="_static/{LIVE_SCRIPT}"></script></head>'
            "<body><p>The site has not been built yet.</p></body></html>",
        )


def pages_by_rule(app: Sphinx, config: Config) -> None:
    """``config-inited``: unless conf.py sets ``include_patterns``, the pages are those of the rule.

    The rule (sources.py) is the check's too, so caches, virtual environments, backups and
    copies in subfolders are never pages, whatever else the source folder holds.
    """
    if list(config.include_patterns) == ["**"]:  # Sphinx's default: conf.py left it alone
        config.include_patterns = page_patterns(from_config(config).folders)
        if TOO_DEEP not in config.exclude_patterns:
            config.exclude_patterns = [*config.exclude_patterns, TOO_DEEP]


#: the engine's stylesheet and script (the publication filters), copied into every HTML build
STATIC = Path(__file__).resolve().parent / "static"


def engine_static_files(app: Sphinx, config: Config) -> None:
    """``config-inited``: the engine's static folder comes first, so a site's own file of the same name wins."""
    config.html_static_path = [str(STATIC), *config.html_static_path]


def site_card_by_default(app: Sphinx, config: Config) -> None:
    """``config-inited``: unless conf.py names an ``ogp_image``, pages that are not a paper's show the site's card."""
    if "ogp_image" in config and config.ogp_image is None:  # sphinxext-opengraph is loaded
        config.ogp_image = SITE_CARD


def pages_with_changed_entries(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: re-read the pages of papers whose refs.bib entry changed."""
    return sorted(docname for docname in state(env).outdated if docname in env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    for name, default, rebuild, value_type in declared():
        app.add_config_value(name, default, rebuild, types=[value_type])
    app.connect("config-inited", pages_by_rule)
    app.connect("config-inited", site_card_by_default)
    app.connect("config-inited", engine_static_files)
    # after every extension's own files, where a theme's and conf.py's files go (priority 800)
    app.add_css_file("portfolio.css", priority=800)
    app.add_js_file("portfolio.js", defer="defer", priority=800)
    i18n.register(app)

    app.add_builder(PortfolioHTMLBuilder, override=True)
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")  # the Cite section's tabs, badges and link buttons

    app.add_node(generated_content, html=(skip_node, None), latex=(skip_node, None), text=(skip_node, None))
    app.add_node(coins, html=(visit_coins_html, None), latex=(skip_node, None), text=(skip_node, None))
    app.add_node(filters, html=(visit_filters_html, None), latex=(skip_node, None), text=(skip_node, None))
    other = (visit_folded_other, depart_folded_other)
    app.add_node(folded, html=(visit_folded_html, depart_folded_html), latex=other, text=other)
    app.add_node(picture, html=(visit_picture_html, None), latex=(skip_node, None), text=(skip_node, None))
    app.add_node(html_fragment, html=(visit_fragment_html, None))
    for kind in DIRECTIVES:
        app.add_directive(kind, make_directive(kind))
    app.add_role("paper", PaperReferenceRole())
    app.add_transform(FrontMatterPages)
    cite.setup(app)
    crossref.setup(app)
    news.setup(app)
    pictures.setup(app)
    safety.setup(app)
    seo.setup(app)

    app.connect("builder-inited", live_status, priority=300)
    app.connect("builder-inited", load_sources, priority=400)
    # as reading starts: from there to the end, a build reads and writes its doctrees and pages
    app.connect("env-before-read-docs", build_lock.take_build_lock, priority=100)
    # sphinxcontrib-bibtex parses refs.bib at the default priority, 500
    app.connect("builder-inited", keep_parsed_bibliography_home, priority=600)
    app.connect("builder-inited", pybtex_lookup.remember_plugins)
    app.connect("builder-inited", kept_citations.read_kept_citations)
    app.connect("doctree-read", paper_pages_follow_their_entry)
    app.connect("doctree-read", kept_citations.page_took_citations)
    app.connect("env-get-outdated", pages_with_changed_entries)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-get-updated", lists.refresh_related, priority=400)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("doctree-resolved", files.write_paper_downloads)
    app.connect("env-updated", forget_navigation)
    app.connect("env-updated", kept_citations.citations_from_pages)
    # before the theme's handler (furo's, at the default 500), which renders the navigation
    app.connect("html-page-context", share_navigation, priority=400)
    app.connect("build-finished", files.write_list_downloads)
    app.connect("build-finished", files.write_llms_txt)
    app.connect("build-finished", redirects.write_redirects)
    app.connect("build-finished", save_fragments)
    app.connect("build-finished", kept_citations.save_kept_citations)
    app.connect("build-finished", build_lock.release_build_lock, priority=900)

    assert set(DIRECTIVES) <= set(GENERATORS)
    return {
        "version": __version__,
        "env_version": 4,  # PortfolioState gained redirects
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

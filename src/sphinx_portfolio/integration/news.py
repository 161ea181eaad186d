"""News: the list, the latest items, backlinks on paper pages, and the Atom feed."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.output import beside_page, page_folder, write_if_changed
from ..i18n import _
from . import render
from .generated import generator
from .lists import section, uri
from .pages import format_month, paper_docname
from .state import NewsItem, state

#: the Atom feed, written into the news folder
FEED_NAME = "atom.xml"


def newest_first(env: BuildEnvironment, items: Iterable[NewsItem] | None = None) -> list[NewsItem]:
    """The news items (or *items*), newest first."""
    chosen = state(env).news.values() if items is None else items
    return sorted(chosen, key=lambda item: (item.date, item.docname), reverse=True)


def news_entries(app: Sphinx, fromdocname: str, items: list[NewsItem]) -> nodes.bullet_list:
    """The items, each one link: to its paper where it names one (and this is not that paper's
    page), else to the item's own page, which lists its papers."""
    found = nodes.bullet_list(classes=["portfolio-news", "no-search"])  # each item has its own page
    for item in items:
        para = nodes.paragraph()
        month = format_month(item.date, app.config.language)
        para += nodes.inline(month, month, classes=["portfolio-news-date"])
        para += nodes.Text(" ")
        para += render.link(item.text, uri(app, fromdocname, news_target(app, fromdocname, item)))
        found += nodes.list_item("", para)
    return found


def news_target(app: Sphinx, fromdocname: str, item: NewsItem) -> str:
    """Where an item's words lead from *fromdocname*: its one paper, or its own page."""
    named = [paper_docname(app.config, key) for key in item.papers if key in state(app.env).papers]
    return named[0] if len(named) == 1 and named[0] != fromdocname else item.docname


def all_news(env: BuildEnvironment, argument: str = "") -> tuple[object, ...]:
    """The items, and which of the papers each names are on the site (where its link leads)."""
    papers = state(env).papers
    return tuple((item, tuple(key in papers for key in item.papers)) for item in newest_first(env))


@generator("news-list", all_news)
def news_list(app: Sphinx, fromdocname: str, argument: str) -> list[nodes.Node]:
    feed = nodes.paragraph("", "", render.link(str(_("Subscribe to the Atom feed")), FEED_NAME, ["portfolio-feed"]))
    items = newest_first(app.env)
    return [feed, news_entries(app, fromdocname, items) if items else no_news()]


@generator("latest-news", lambda env, argument: all_news(env)[: env.config.portfolio_latest_news])
def latest_news(app: Sphinx, fromdocname: str, argument: str) -> list[nodes.Node]:
    items = newest_first(app.env)[: app.config.portfolio_latest_news]
    return [news_entries(app, fromdocname, items) if items else no_news()]


def no_news() -> nodes.paragraph:
    text = str(_("No news yet."))
    return nodes.paragraph(text, text, classes=["portfolio-no-news"])


def mentioning(env: BuildEnvironment, key: str) -> tuple[NewsItem, ...]:
    """The items that name the paper, newest first (asked for each paper page: the few are sorted, not all)."""
    return tuple(newest_first(env, [item for item in state(env).news.values() if key in item.papers]))


@generator("mentions", mentioning)
def mentions(app: Sphinx, fromdocname: str, key: str) -> list[nodes.Node]:
    items = list(mentioning(app.env, key))
    if not items:
        return []
    return [section("news", str(_("In the news")), news_entries(app, fromdocname, items))]


def write_feed(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the Atom feed of every news item, beside the news page that links to it."""
    if exception is not None or app.builder.format != "html":
        return
    config = app.config
    base = config.html_baseurl.rstrip("/") + "/"
    target = beside_page(app, f"{config.portfolio_news_dir}/index", FEED_NAME)
    feed = FeedGenerator()
    feed.id(base)
    feed.title(str(_("{project}: news")).format(project=config.project))
    feed.author({"name": config.author})
    feed.link(href=base, rel="alternate")
    feed.link(href=base + target.relative_to(app.outdir).as_posix(), rel="self")
    feed.language(config.language or "en")
    items = newest_first(app.env)
    times = item_times(items)
    for item in reversed(items):  # feedgen prepends each new entry
        entry = feed.add_entry()
        link = base + app.builder.get_target_uri(item.docname)
        entry.id(link)
        entry.title(item.text)
        entry.link(href=link)
        published = times[item.docname]
        entry.published(published)
        entry.updated(published)
        papers = [state(app.env).papers[key] for key in item.papers if key in state(app.env).papers]
        if papers:
            entry.summary(str(_("Paper:")) + " " + "; ".join(paper.title for paper in papers))
    feed.updated(max(times.values()) if items else datetime(1970, 1, 1, tzinfo=UTC))
    write_if_changed(target, feed.atom_str(pretty=True))


def item_datetime(date: str) -> datetime:
    parts = [int(part) for part in date.split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2], tzinfo=UTC)


def item_times(items: list[NewsItem]) -> dict[str, datetime]:
    """A distinct timestamp per item: items of one date a minute apart, in the order listed.

    Feed readers order and de-duplicate entries by time, so two items of one month must
    not share one.
    """
    times: dict[str, datetime] = {}
    for item in sorted(items, key=lambda item: (item.date, item.docname)):
        start = item_datetime(item.date)
        times[item.docname] = start + timedelta(
            minutes=sum(1 for when in times.values() if when.date() == start.date())
        )
    return times


def feed_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: every page names the news feed, so feed readers find it from any page."""
    if app.builder.format != "html":
        return
    config = app.config
    folder = page_folder(app.builder, f"{config.portfolio_news_dir}/index")
    href = urljoin(config.html_baseurl, posixpath.join(folder, FEED_NAME))
    title = escape(str(_("{project}: news")).format(project=config.project), quote=True)
    link = f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{escape(href, quote=True)}">'
    context["metatags"] = context.get("metatags", "") + "\n" + link


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", feed_link)
    app.connect("build-finished", write_feed)

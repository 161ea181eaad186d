"""Lists of papers: the publications page, selected papers, topics and related papers."""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode, urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core import citations
from ..core.images import Picture
from ..core.records import ALL_PAPERS, Paper, by_recency
from ..i18n import _, plural, venue_label
from ..writers.downloads import FORMATS
from . import fragments, render
from .generated import generator
from .pages import paper_docname, topic_docname
from .pictures import teaser_size
from .state import state


def uri(app: Sphinx, fromdocname: str, todocname: str) -> str:
    return app.builder.get_relative_uri(fromdocname, todocname)


def paper_link(app: Sphinx, fromdocname: str, paper: Paper, classes: tuple[str, ...] = ()) -> nodes.reference:
    """A link to the paper's page, titled from refs.bib."""
    return title_link(paper, uri(app, fromdocname, paper_docname(app.config, paper.key)), classes)


def title_link(paper: Paper, paper_uri: str, classes: tuple[str, ...] = ()) -> nodes.reference:
    """A link to the paper's page at *paper_uri*, titled from refs.bib."""
    return render.link(render.rich(paper.title_latex), paper_uri, classes)


@dataclass(frozen=True)
class EntryStyle:
    """How a list shows its entries.

    *summaries*: the one-line summary under each entry; *under_year*: the list is under a heading of
    the papers' year, which the entries do not repeat; *mark_selected*: a "Selected" badge (not in a
    list of the selected papers, where every entry would carry it).
    """

    summaries: bool = False
    under_year: bool = False
    mark_selected: bool = True


def person_slug(person: str) -> str:
    """A co-author's id as it appears in addresses and class names (``?coauthor=``, ``person-``)."""
    return person.replace(" ", "-")


def entry_item(app: Sphinx, fromdocname: str, paper: Paper, style: EntryStyle = EntryStyle()) -> list[nodes.Node]:
    """The paper as one item of a list: its nodes, or the HTML they made in an earlier build."""
    docname = paper_docname(app.config, paper.key)
    paper_uri = uri(app, fromdocname, docname)
    page_url = urljoin(app.config.html_baseurl, app.builder.get_target_uri(docname))
    teaser = teaser_size(app, paper)
    return fragments.cached(
        app,
        (paper.key,),
        (paper_uri, page_url, style, teaser),
        lambda: [make_entry_item(paper, paper_uri, page_url, style, teaser)],
    )


#: the filters of the publications list -> the prefix of the entry classes each matches (portfolio.js
#: reads the prefix from its menu)
FILTER_CLASSES = {
    "year": "portfolio-year-",
    "topic": "portfolio-topic-",
    "kind": "portfolio-type-",
    "coauthor": "portfolio-with-",
}


def make_entry_item(
    paper: Paper, paper_uri: str, page_url: str, style: EntryStyle, teaser: Picture | None = None
) -> nodes.list_item:
    # the classes the filters of the publications list match
    classes = ["portfolio-entry", FILTER_CLASSES["year"] + str(paper.year), FILTER_CLASSES["kind"] + paper.venue_type]
    classes += [FILTER_CLASSES["topic"] + slug for slug in paper.topics]
    classes += [FILTER_CLASSES["coauthor"] + person_slug(a.person) for a in paper.authors if not a.is_self]
    item = nodes.list_item(classes=classes, ids=[f"entry-{paper.slug}"])
    if teaser is not None:  # first, so it floats beside the entry's lines
        item += nodes.paragraph("", "", render.teaser(paper, paper_uri, teaser), classes=["portfolio-entry-figure"])
    item.extend(render.paper_summary(paper, paper_uri, style.under_year, style.mark_selected))
    if style.summaries and paper.tldr_latex:  # the one-line summary, as the researcher's homepage has it
        item += nodes.paragraph("", "", *render.rich(paper.tldr_latex), classes=["portfolio-summary"])
    item += render.coins(context=citations.context_object(paper, page_url))
    return item


def paper_list(
    app: Sphinx, fromdocname: str, papers: Iterable[Paper], style: EntryStyle = EntryStyle()
) -> nodes.bullet_list:
    # no-search: each paper has its own page; a query should find that page, not every
    # list that repeats its title and authors
    items = nodes.bullet_list(classes=["portfolio-list", "no-search"])
    for paper in papers:
        items.extend(entry_item(app, fromdocname, paper, style))
    return items


def publications_docname(env: BuildEnvironment) -> str | None:
    """The page with the publications list (``{publications}``), if the site has one."""
    pages = state(env).depends
    return min(
        (docname for docname, kinds in pages.items() if any(k == "publications" for k, _a in kinds)), default=None
    )


def list_uri(app: Sphinx, fromdocname: str) -> str | None:
    """The publications list as seen from *fromdocname*, or None when the site has none."""
    docname = publications_docname(app.env)
    return None if docname is None else uri(app, fromdocname, docname)


def filtered_uri(list_address: str | None, name: str, value: str) -> str | None:
    """The list at *list_address* filtered by one of its menus (``?coauthor=...``), or None without a list."""
    return None if list_address is None else f"{list_address}?{urlencode({name: value})}"


def with_list(env: BuildEnvironment, argument: str = "") -> tuple[object, ...]:
    """Every paper, and where the publications list is (pages that link to it, filtered)."""
    return (all_papers(env), publications_docname(env))


def section(ident: str, title: str | list[nodes.Node], *content: nodes.Node) -> nodes.section:
    found = nodes.section(ids=[ident], names=[ident])
    found += nodes.title(title, title) if isinstance(title, str) else nodes.title("", "", *title)
    found.extend(content)
    return found


def counted_title(title: str, count: int) -> list[nodes.Node]:
    """A heading with its number of papers, which the filters update ("2024 (9)")."""
    return [nodes.Text(f"{title} "), nodes.inline(f"({count})", f"({count})", classes=["portfolio-count"])]


def all_papers(env: BuildEnvironment, argument: str = "") -> tuple[Paper, ...]:
    return tuple(state(env).papers.values())


#: the kinds of venue (records.VENUE_TYPES) as readers read them
VENUE_KINDS = {
    "conference": _("Conference"),
    "workshop": _("Workshop"),
    "journal": _("Journal"),
    "preprint": _("Preprint"),
    "book": _("Book"),
    "thesis": _("Thesis"),
    "report": _("Report"),
}


def venue_kind(kind: str) -> str:
    return str(VENUE_KINDS.get(kind, kind.capitalize()))


def filters_box(app: Sphinx, papers: list[Paper]) -> render.filters:
    """The filters of the publications list, each menu holding what the listed papers have."""
    topics = state(app.env).topics
    people = {a.person: a for paper in papers for a in paper.authors if not a.is_self}
    menus = [
        ("year", str(_("Year")), tuple((str(y), str(y)) for y in sorted({p.year for p in papers}, reverse=True))),
        ("kind", str(_("Kind of venue")), tuple((k, venue_kind(k)) for k in sorted({p.venue_type for p in papers}))),
        ("topic", str(_("Topic")), tuple((s, topics.get(s, s)) for s in sorted({s for p in papers for s in p.topics}))),
        (
            "coauthor",
            str(_("Co-author")),
            tuple(
                (person_slug(person), author.name)
                for person, author in sorted(people.items(), key=lambda item: (item[1].family.casefold(), item[0]))
            ),
        ),
    ]
    words = {
        "label": str(_("Filter the publications")),
        "search": str(_("Title, author or venue")),
        "all": str(_("All")),
        "reset": str(_("Reset")),
        "showing": str(_("Showing {shown} of {total} papers.")),
    }
    return render.filters(menus=[(*menu, FILTER_CLASSES[menu[0]]) for menu in menus], words=words)


@generator("publications", all_papers)
def publications(app: Sphinx, fromdocname: str, argument: str) -> list[nodes.Node]:
    papers = by_recency(state(app.env).papers.values())
    research = [paper for paper in papers if not paper.undergraduate]
    undergraduate = [paper for paper in papers if paper.undergraduate]
    per_year = Counter(paper.year for paper in research)
    summary = nodes.paragraph(classes=["portfolio-counts"])
    counts = ", ".join(f"{year}: {count}" for year, count in per_year.items())
    if undergraduate:
        counts += ", " + str(_("undergraduate research: {count}")).format(count=len(undergraduate))
    summary += nodes.Text(plural(len(papers), "{count} paper", "{count} papers") + ": " + counts + ". ")
    if any(paper.has_equal_contribution for paper in papers):
        summary += nodes.Text(str(_("{mark} denotes equal contribution.")).format(mark=render.EQUAL_MARK) + " ")
    summary += nodes.Text(str(_("Every paper as")) + " ")
    for index, (suffix, (label, _write)) in enumerate(FORMATS.items()):
        summary += nodes.Text(", " if index and index < len(FORMATS) - 1 else str(_(" or ")) if index else "")
        summary += render.link(label, ALL_PAPERS + suffix, ["portfolio-download"])
    summary += nodes.Text(".")
    found: list[nodes.Node] = [summary, filters_box(app, papers)]
    for year, grouped in groupby(research, key=lambda paper: paper.year):
        group = list(grouped)
        under_year = paper_list(app, fromdocname, group, EntryStyle(under_year=True))
        found.append(section(f"year-{year}", counted_title(str(year), len(group)), under_year))
    if undergraduate:
        title = counted_title(str(_("Undergraduate research")), len(undergraduate))
        found.append(section("undergraduate", title, paper_list(app, fromdocname, undergraduate)))
    return found


#: how many of the newest papers the home page shows while no paper is marked selected
NEWEST_WHEN_NONE_SELECTED = 5


def selected_papers(env: BuildEnvironment, argument: str = "") -> tuple[Paper, ...]:
    """The papers marked ``selected``; while there are none (a new site), the newest few."""
    papers = state(env).papers.values()
    chosen = tuple(paper for paper in papers if paper.selected)
    return chosen or tuple(by_recency(papers)[:NEWEST_WHEN_NONE_SELECTED])


@generator("selected-publications", selected_papers)
def selected(app: Sphinx, fromdocname: str, argument: str) -> list[nodes.Node]:
    style = EntryStyle(summaries=True, mark_selected=False)
    return [paper_list(app, fromdocname, by_recency(selected_papers(app.env)), style)]


def topic_papers_of(env: BuildEnvironment, slug: str) -> tuple[Paper, ...]:
    return tuple(paper for paper in state(env).papers.values() if slug in paper.topics)


def topic_inputs(env: BuildEnvironment, slug: str) -> tuple[object, ...]:
    return (topic_papers_of(env, slug), publications_docname(env))


@generator("topic-papers", topic_inputs)
def topic_papers(app: Sphinx, fromdocname: str, slug: str) -> list[nodes.Node]:
    papers = by_recency(topic_papers_of(app.env, slug))
    text = plural(len(papers), "{count} paper on this topic.", "{count} papers on this topic, newest first.")
    counts = nodes.paragraph(text, text, classes=["portfolio-counts"])
    target = filtered_uri(list_uri(app, fromdocname), "topic", slug)
    if target is not None and papers:
        counts += nodes.Text(" ")
        counts += render.link(str(_("Filter them in the publications list.")), target)
    return [counts, paper_list(app, fromdocname, papers)]


def topic_counts(env: BuildEnvironment, argument: str = "") -> tuple[tuple[str, int], ...]:
    counts = Counter(slug for paper in state(env).papers.values() for slug in paper.topics)
    return tuple(sorted(counts.items()))


@generator("topics-list", topic_counts)
def topics_list(app: Sphinx, fromdocname: str, argument: str) -> list[nodes.Node]:
    counts = dict(topic_counts(app.env))
    items = nodes.bullet_list(classes=["portfolio-topic-list"])
    for slug, title in sorted(state(app.env).topics.items(), key=lambda item: -counts.get(item[0], 0)):
        para = nodes.paragraph()
        para += render.link(title, uri(app, fromdocname, topic_docname(app.config, slug)))
        para += nodes.Text(f" ({plural(counts.get(slug, 0), '{count} paper', '{count} papers')})")
        items += nodes.list_item("", para)
    return [items]


def related_index(papers: dict[str, Paper], count: int) -> dict[str, tuple[str, ...]]:
    """For every paper, the papers sharing the most topics, then co-authors, then the newest.

    Built once per build from inverted indexes (topic -> papers, person -> papers), so it
    grows with the papers that share something, not with every pair of papers.
    """
    by_topic: dict[str, list[str]] = defaultdict(list)
    by_person: dict[str, list[str]] = defaultdict(list)
    for key, paper in papers.items():
        for slug in paper.topics:
            by_topic[slug].append(key)
        for author in paper.authors:
            if not author.is_self:
                by_person[author.person].append(key)
    related = {}
    for key, paper in papers.items():
        topics = Counter(other for slug in paper.topics for other in by_topic[slug])
        people = Counter(other for a in paper.authors if not a.is_self for other in by_person[a.person])
        candidates = (set(topics) | set(people)) - {key}
        ranked = heapq.nsmallest(
            count, candidates, key=lambda other: (-topics[other], -people[other], -papers[other].year, other)
        )
        related[key] = tuple(ranked)
    return related


def related_to(env: BuildEnvironment, key: str) -> tuple[Paper, ...]:
    current = state(env)
    return tuple(current.papers[other] for other in current.related.get(key, ()))


def refresh_related(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated`` (before the digests): the related papers of every paper.

    Kept from the last build while no paper's topics, co-authors or year changed (an edit of a
    title, an abstract or a page changes none of them), so a small edit costs no new index.
    """
    current = state(env)
    count = env.config.portfolio_related_count
    made_from = related_inputs(current.papers, count)
    if made_from != current.related_from:
        current.related, current.related_from = related_index(current.papers, count), made_from
    return []


def related_inputs(papers: dict[str, Paper], count: int) -> str:
    """A digest of everything :func:`related_index` reads."""
    digest = hashlib.sha1(str(count).encode())
    for key in sorted(papers):
        paper = papers[key]
        people = sorted(author.person for author in paper.authors if not author.is_self)
        digest.update(repr((key, paper.topics, people, paper.year)).encode())
    return digest.hexdigest()


@generator("related", related_to)
def related(app: Sphinx, fromdocname: str, key: str) -> list[nodes.Node]:
    papers = related_to(app.env, key)
    if not papers:
        return []
    items = nodes.bullet_list(classes=["portfolio-related", "no-search"])
    for paper in papers:
        para = nodes.paragraph()
        para += paper_link(app, fromdocname, paper)
        para += nodes.Text(f" ({venue_label(paper)})")
        items += nodes.list_item("", para)
    return [section("related", str(_("Related papers")), items)]


@generator("paper", lambda env, key: state(env).papers.get(key))
def paper_reference(app: Sphinx, fromdocname: str, key: str) -> list[nodes.Node]:
    return []  # a dependency only: pages that link to a paper show its title

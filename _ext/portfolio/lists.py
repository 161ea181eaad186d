"""Lists of papers: the publications page, selected papers, topics and related papers."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from docutils import nodes

from . import render
from .generated import generator
from .pages import paper_docname, topic_docname
from .records import Paper
from .state import state

#: every entry as standard BibTeX, written beside the publications page
ALL_BIBTEX = "all.bib"


def by_recency(papers) -> list[Paper]:
    """Newest year first; within a year, the order of refs.bib."""
    ordered = list(papers)
    position = {paper.key: index for index, paper in enumerate(ordered)}
    return sorted(ordered, key=lambda paper: (-paper.year, position[paper.key]))


def uri(app, fromdocname: str, todocname: str) -> str:
    return app.builder.get_relative_uri(fromdocname, todocname)


def entry_item(app, fromdocname: str, paper: Paper) -> nodes.list_item:
    classes = ["portfolio-entry", f"portfolio-year-{paper.year}", f"portfolio-type-{paper.venue_type}"]
    classes += [f"portfolio-topic-{slug}" for slug in paper.topics]
    item = nodes.list_item(classes=classes, ids=[f"entry-{paper.key}"])
    item.extend(render.paper_summary(paper, uri(app, fromdocname, paper_docname(app.config, paper.key))))
    return item


def paper_list(app, fromdocname: str, papers) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["portfolio-list"])
    items.extend(entry_item(app, fromdocname, paper) for paper in papers)
    return items


def section(ident: str, title: str, *content: nodes.Node) -> nodes.section:
    found = nodes.section(ids=[ident], names=[ident])
    found += nodes.title(title, title)
    found.extend(content)
    return found


def all_papers(env, argument: str = "") -> tuple[Paper, ...]:
    return tuple(state(env).papers.values())


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@generator("publications", all_papers)
def publications(app, fromdocname: str, argument: str) -> list[nodes.Node]:
    papers = by_recency(state(app.env).papers.values())
    research = [paper for paper in papers if not paper.undergraduate]
    undergraduate = [paper for paper in papers if paper.undergraduate]
    per_year = Counter(paper.year for paper in research)
    summary = nodes.paragraph(classes=["portfolio-counts"])
    summary += nodes.Text(
        f"{plural(len(papers), 'paper')}: "
        + ", ".join(f"{year}: {count}" for year, count in per_year.items())
        + (f", undergraduate research: {len(undergraduate)}" if undergraduate else "")
        + ". "
    )
    summary += nodes.Text(f"{render.EQUAL_MARK} denotes equal contribution. ")
    summary += render.link("Download every entry as BibTeX", ALL_BIBTEX, ["portfolio-download"])
    found: list[nodes.Node] = [summary, nodes.container(classes=["portfolio-filters"])]
    for year, group in groupby(research, key=lambda paper: paper.year):
        group = list(group)
        found.append(section(f"year-{year}", f"{year} ({len(group)})", paper_list(app, fromdocname, group)))
    if undergraduate:
        found.append(
            section(
                "undergraduate",
                f"Undergraduate research ({len(undergraduate)})",
                paper_list(app, fromdocname, undergraduate),
            )
        )
    return found


@generator(
    "selected-publications",
    lambda env, argument: tuple(paper for paper in state(env).papers.values() if paper.selected),
)
def selected(app, fromdocname: str, argument: str) -> list[nodes.Node]:
    papers = by_recency(paper for paper in state(app.env).papers.values() if paper.selected)
    return [paper_list(app, fromdocname, papers)]


def topic_papers_of(env, slug: str) -> tuple[Paper, ...]:
    return tuple(paper for paper in state(env).papers.values() if slug in paper.topics)


@generator("topic-papers", topic_papers_of)
def topic_papers(app, fromdocname: str, slug: str) -> list[nodes.Node]:
    papers = by_recency(topic_papers_of(app.env, slug))
    text = f"{plural(len(papers), 'paper')} on this topic, newest first."
    return [nodes.paragraph(text, text, classes=["portfolio-counts"]), paper_list(app, fromdocname, papers)]


def topic_counts(env, argument: str = "") -> tuple[tuple[str, int], ...]:
    counts = Counter(slug for paper in state(env).papers.values() for slug in paper.topics)
    return tuple(sorted(counts.items()))


@generator("topics-list", topic_counts)
def topics_list(app, fromdocname: str, argument: str) -> list[nodes.Node]:
    counts = dict(topic_counts(app.env))
    items = nodes.bullet_list(classes=["portfolio-topic-list"])
    for slug, title in sorted(state(app.env).topics.items(), key=lambda item: -counts.get(item[0], 0)):
        para = nodes.paragraph()
        para += render.link(title, uri(app, fromdocname, topic_docname(app.config, slug)))
        para += nodes.Text(f" ({plural(counts.get(slug, 0), 'paper')})")
        items += nodes.list_item("", para)
    return [items]


def related_to(env, key: str) -> tuple[Paper, ...]:
    """Papers sharing the most topics, then the most co-authors, then the newest."""
    papers = state(env).papers
    paper = papers.get(key)
    if paper is None:
        return ()
    people = {author.person for author in paper.authors if not author.is_self}
    scored = []
    for other in papers.values():
        if other.key == key:
            continue
        topics = len(set(paper.topics) & set(other.topics))
        shared = len(people & {author.person for author in other.authors})
        if topics or shared:
            scored.append(((-topics, -shared, -other.year, other.key), other))
    scored.sort(key=lambda pair: pair[0])
    return tuple(other for _, other in scored[: env.config.portfolio_related_count])


@generator("related", related_to)
def related(app, fromdocname: str, key: str) -> list[nodes.Node]:
    papers = related_to(app.env, key)
    if not papers:
        return []
    return [section("related", "Related papers", paper_list(app, fromdocname, papers))]


@generator("paper", lambda env, key: state(env).papers.get(key))
def paper_reference(app, fromdocname: str, key: str) -> list[nodes.Node]:
    return []  # a dependency only: pages that link to a paper show its title

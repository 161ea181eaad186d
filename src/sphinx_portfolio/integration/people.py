"""Co-authors and statistics, computed from refs.bib at build time."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.arxiv import Listed
from ..core.records import Author, Paper, by_recency
from ..core.sync import audit
from ..i18n import _, plural
from . import fragments, render
from .generated import generator
from .lists import (
    filtered_uri,
    list_uri,
    person_slug,
    publications_docname,
    section,
    title_link,
    uri,
    venue_kind,
    with_list,
)
from .pages import paper_docname
from .state import state


def coauthor_table(env: BuildEnvironment) -> list[tuple[Author, list[Paper]]]:
    """Every co-author with the papers shared, most frequent first."""
    papers_of: dict[str, list[Paper]] = defaultdict(list)
    shown: dict[str, Author] = {}
    for paper in by_recency(state(env).papers.values()):
        for author in paper.authors:
            if not author.is_self:
                papers_of[author.person].append(paper)
                shown.setdefault(author.person, author)
    rows = [(shown[person], papers) for person, papers in papers_of.items()]
    rows.sort(key=lambda row: (-len(row[1]), row[0].name.split()[-1].lower(), row[0].name))
    return rows


def person_anchor(person: str) -> str:
    return "person-" + person_slug(person)


@generator("coauthors", with_list)
def coauthors(app: Sphinx, fromdocname: str, argument: str) -> list[nodes.Node]:
    """One row per co-author: name (a link to the list filtered by them), papers, years, shared titles folded.

    The people of one shared paper come after the others, in a table of their own, folded.
    """
    rows = coauthor_table(app.env)
    text = plural(len(rows), "{count} co-author.", "{count} co-authors, most frequent first.")
    uris = {  # each paper's address once: a paper is shared with each of its co-authors
        paper.key: uri(app, fromdocname, paper_docname(app.config, paper.key))
        for paper in state(app.env).papers.values()
    }
    header = (str(_("Co-author")), str(_("Years")), str(_("Shared papers")))
    listed = list_uri(app, fromdocname)
    frequent = [coauthor_row(app, listed, author, papers, uris) for author, papers in rows if len(papers) > 1]
    once = [coauthor_row(app, listed, author, papers, uris) for author, papers in rows if len(papers) == 1]
    found: list[nodes.Node] = [nodes.paragraph(text, text, classes=["portfolio-counts"])]
    if frequent:
        found.append(table(header, frequent, str(_("Co-authors of more than one paper")), ["portfolio-coauthors"]))
    if once:
        summary = plural(len(once), "{count} co-author of one paper", "{count} co-authors of one paper each")
        box = render.folded(summary=summary, classes=["portfolio-coauthors-once"])
        box += table(header, once, summary, ["portfolio-coauthors"])
        found.append(box)
    return found


def coauthor_row(app: Sphinx, listed: str | None, author: Author, papers: list[Paper], uris: dict[str, str]) -> Row:
    """A co-author's row: name, years, the shared papers (folded when more than one); its id is ``person-...``."""
    name: nodes.Node = nodes.strong(author.name, author.name, classes=["portfolio-person"])
    target = filtered_uri(listed, "coauthor", person_slug(author.person))
    if target is not None:
        name = render.link([name], target, ["portfolio-person-papers"])
    years = sorted({paper.year for paper in papers})
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    shown: nodes.Element = shared_titles(app, papers, tuple(uris[paper.key] for paper in papers))
    if len(papers) > 1:
        box = render.folded(summary=plural(len(papers), "{count} paper", "{count} papers"))
        box += shown
        shown = box
    return ([name], span, [shown]), person_anchor(author.person)


def shared_titles(app: Sphinx, papers: list[Paper], uris: tuple[str, ...]) -> nodes.bullet_list:
    """The papers shared with one co-author, linked at *uris*, with their years; their HTML is kept between builds."""

    def make() -> list[nodes.Node]:
        items: list[nodes.Node] = []
        for paper, paper_uri in zip(papers, uris, strict=True):
            para = nodes.paragraph()
            para += title_link(paper, paper_uri)
            para += nodes.Text(f" ({paper.year})")
            items.append(nodes.list_item("", para))
        return items

    titles = nodes.bullet_list(classes=["no-search"])  # the papers' own pages are found instead
    titles.extend(fragments.cached(app, tuple(paper.key for paper in papers), ("shared", uris), make))
    return titles


def year_chart(counts: dict[int, int], caption: str) -> str:
    """An SVG bar chart of papers per year; colours follow the page (dark mode too)."""
    years = list(range(min(counts), max(counts) + 1)) if counts else []
    top = max(counts.values(), default=1)
    bar, gap, height, label = 36, 12, 160, 20
    width = len(years) * (bar + gap) + gap
    total = height + 2 * label
    parts = [
        f'<svg class="portfolio-chart" role="img" aria-labelledby="chart-title" '
        f'viewBox="0 0 {width} {total}" width="100%" style="max-width:{width}px" '
        f'xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">'
        + escape(caption)
        + ": "
        + escape(", ".join(f"{year}: {counts.get(year, 0)}" for year in years))
        + "</title>",
    ]
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        x = gap + index * (bar + gap)
        h = round(height * count / top)
        y = label + height - h
        parts.append(f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="currentColor" opacity="0.7"/>')
        parts.append(
            f'<text x="{x + bar / 2}" y="{y - 5}" text-anchor="middle" font-size="13" '
            f'fill="currentColor">{count}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2}" y="{total - 4}" text-anchor="middle" font-size="12" '
            f'fill="currentColor">{year}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


#: a table cell: its text, or its nodes
Cell = str | list[nodes.Node]
#: a table row: its cells, and its id (or None)
Row = tuple[tuple[Cell, ...], str | None]


def table(header: tuple[str, ...], rows: list[Row], caption: str, classes: list[str] | None = None) -> nodes.table:
    """A table with a caption and a header row; the first column is the widest."""
    group = nodes.tgroup(cols=len(header))
    group.extend(nodes.colspec(colwidth=3 if index == 0 else 1) for index in range(len(header)))
    head = nodes.thead()
    head += nodes.row("", *[cell(text) for text in header])
    body = nodes.tbody()
    for cells, ident in rows:
        body += nodes.row("", *[cell(content) for content in cells], ids=[ident] if ident else [])
    group += head
    group += body
    found = nodes.table(classes=["portfolio-table", *(classes or [])], ids=["table-" + nodes.make_id(caption)])
    found += nodes.title(caption, caption)
    found += group
    return found


def cell(content: Cell) -> nodes.entry:
    if isinstance(content, str):
        return nodes.entry("", nodes.paragraph(content, content))
    if all(isinstance(node, nodes.Inline | nodes.Text) for node in content):  # a link is text of a paragraph
        return nodes.entry("", nodes.paragraph("", "", *content))
    return nodes.entry("", *content)


def statistics_inputs(env: BuildEnvironment, argument: str = "") -> tuple[object, ...]:
    """Only what the statistics show: years, kinds of venue, people as they are shown, arXiv coverage,
    and where the list they link to is."""
    return (
        publications_docname(env),
        tuple(
            (paper.year, paper.venue_type, tuple((a.person, a.name, a.is_self) for a in paper.authors))
            for paper in state(env).papers.values()
        ),
        arxiv_coverage(env),
    )


def arxiv_coverage(env: BuildEnvironment) -> tuple[int, int] | None:
    """(papers of the recorded arXiv listing the site has, papers on that listing), or None.

    Counted by the audit's own rules (arXiv id, DOI, title or earlier title), against refs.bib as it is now.
    """
    recorded = state(env).arxiv_listing
    if recorded is None:
        return None
    listing = [Listed(arxiv_id, "", title, (), "", "") for arxiv_id, title in recorded[1]]
    result = audit(listing, state(env).papers)
    return len(result.matched), result.listed


@generator("statistics", statistics_inputs)
def statistics(app: Sphinx, fromdocname: str, argument: str) -> list[nodes.Node]:
    papers = list(state(app.env).papers.values())
    per_year = Counter(paper.year for paper in papers)
    per_type = Counter(paper.venue_type for paper in papers)
    people = coauthor_table(app.env)
    years = sorted(per_year)
    summary = (
        str(_("{papers} from {first} to {last} with {people}.")).format(
            papers=plural(len(papers), "{count} paper", "{count} papers"),
            first=years[0],
            last=years[-1],
            people=plural(len(people), "{count} co-author", "{count} co-authors"),
        )
        if papers
        else str(_("No papers yet."))
    )
    coverage = arxiv_coverage(app.env)
    if coverage is not None:
        summary += " " + str(_("The site has {found} of the {listed} papers on the arXiv listing.")).format(
            found=coverage[0], listed=coverage[1]
        )
    per_year_title, per_type_title = str(_("Papers per year")), str(_("Papers by kind of venue"))
    collaborators_title, papers_word = str(_("Most frequent collaborators")), str(_("Papers"))
    listed = list_uri(app, fromdocname)
    kinds = [(filtered(listed, "kind", kind, venue_kind(kind)), str(count)) for kind, count in per_type.most_common()]
    collaborators: list[tuple[Cell, ...]] = [
        (filtered(listed, "coauthor", person_slug(author.person), author.name), str(len(shared)))
        for author, shared in people[:10]
    ]
    chart: list[nodes.Node] = [nodes.raw("", year_chart(dict(per_year), per_year_title), format="html")]
    if listed is not None and years:
        line = nodes.paragraph(classes=["portfolio-year-links"])
        line += nodes.Text(str(_("The papers of")) + " ")
        for index, year in enumerate(reversed(years)):
            line += nodes.Text(", " if index else "")
            line.extend(filtered(listed, "year", str(year), str(year)))
        chart.append(line)
    return [
        nodes.paragraph(summary, summary, classes=["portfolio-counts"]),
        section("per-year", per_year_title, *chart),
        section(
            "per-venue-type",
            per_type_title,
            table((str(_("Kind of venue")), papers_word), [(row, None) for row in kinds], per_type_title),
        ),
        section(
            "collaborators",
            collaborators_title,
            table(
                (str(_("Co-author")), str(_("Shared papers"))),
                [(row, None) for row in collaborators],
                collaborators_title,
            ),
        ),
    ]


def filtered(listed: str | None, name: str, value: str, label: str) -> list[nodes.Node]:
    """*label*, linked to the publications list (at *listed*) filtered by it, when the site has that list."""
    target = filtered_uri(listed, name, value)
    return [nodes.Text(label)] if target is None else [render.link(label, target)]

"""Docutils nodes for the pieces of a paper, shared by its page and every list.

Everything is built from nodes, never raw HTML, so docutils escapes every field.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from html import escape

from docutils import nodes
from pybtex_docutils import Backend
from sphinx.writers.html5 import HTML5Translator

from ..core import latex
from ..core.images import Picture
from ..core.records import Paper
from ..i18n import _

_BACKEND = Backend()
EQUAL_MARK = "*"
#: how a paper's links are labelled, in the order they are shown (translated when shown)
LINK_LABELS = (
    ("arxiv_url", "arXiv"),
    ("pdf_url", "PDF"),
    ("code", "Code"),
    ("doi_url", "DOI"),
    ("project", "Project"),
    ("url", "Website"),
)
# the link labels, for the message catalogs: _("arXiv"), _("PDF"), _("Code"), _("DOI"), _("Project"), _("Website")


class coins(nodes.Element):
    """A COinS span: the paper as an OpenURL ContextObject, which Zotero imports from a list."""


def visit_coins_html(translator: HTML5Translator, node: coins) -> None:
    translator.body.append(f'<span class="Z3988" title="{escape(node["context"], quote=True)}"></span>')
    raise nodes.SkipNode


class filters(nodes.Element):
    """The publication filters: a form the page's script shows and runs; without it, the full list.

    Attributes: ``menus``, (name, label, ((value, shown), ...), prefix of the entry classes it matches)
    per menu; ``words``, the other words
    shown (``search``, ``all``, ``reset``, ``label``) and the status line's pattern (``showing``).
    """


def visit_filters_html(translator: HTML5Translator, node: filters) -> None:
    words = {name: escape(word, quote=True) for name, word in node["words"].items()}
    parts = [
        f'<form class="portfolio-filters" role="search" aria-label="{words["label"]}" hidden '
        f'data-showing="{words["showing"]}">',
        f'<label class="portfolio-filter-text">{words["search"]}'
        '<input type="search" name="q" autocomplete="off" spellcheck="false"></label>',
    ]
    for name, label, options, prefix in node["menus"]:
        name, prefix = escape(name, quote=True), escape(prefix, quote=True)
        parts.append(
            f'<label class="portfolio-filter-{name}">{escape(label)}<select name="{name}" data-prefix="{prefix}">'
        )
        parts.append(f'<option value="">{words["all"]}</option>')
        parts += [f'<option value="{escape(value, quote=True)}">{escape(shown)}</option>' for value, shown in options]
        parts.append("</select></label>")
    parts.append(f'<button type="reset" class="portfolio-filter-reset">{words["reset"]}</button>')
    parts.append('<p class="portfolio-filter-status" role="status"></p></form>\n')
    translator.body.append("".join(parts))
    raise nodes.SkipNode


class picture(nodes.General, nodes.Element):
    """A picture of the site's own (photo, teaser): its address, alt text, width and height, loaded lazily.

    Width and height are the file's, so the browser keeps its room before it arrives (no layout shift).
    """


def visit_picture_html(translator: HTML5Translator, node: picture) -> None:
    translator.body.append(
        f'<img class="{escape(" ".join(node["classes"]), quote=True)}" src="{escape(node["uri"], quote=True)}" '
        f'alt="{escape(node["alt"], quote=True)}" width="{int(node["width"])}" height="{int(node["height"])}" '
        'loading="lazy" decoding="async">'
    )
    raise nodes.SkipNode


def teaser_name(paper: Paper, suffix: str) -> str:
    """The name of the paper's teaser figure when published beside its page."""
    return f"{paper.slug}-teaser{suffix}"


def teaser(paper: Paper, paper_uri: str, size: Picture) -> picture:
    """The paper's teaser figure, published beside its page at *paper_uri*; its alt text is the title."""
    width, height, suffix = size
    address = posixpath.join(posixpath.dirname(paper_uri), teaser_name(paper, suffix))
    return picture(uri=address, alt=paper.title, width=width, height=height, classes=["portfolio-teaser"])


class folded(nodes.General, nodes.Element):
    """Content folded under a one-line summary (``<details>``), opened by the reader."""


def visit_folded_html(translator: HTML5Translator, node: folded) -> None:
    classes = " ".join(["portfolio-folded", *node["classes"]])
    translator.body.append(
        f'<details class="{escape(classes, quote=True)}"><summary>{escape(node["summary"])}</summary>'
    )


def depart_folded_html(translator: HTML5Translator, node: folded) -> None:
    translator.body.append("</details>")


def visit_folded_other(translator: object, node: folded) -> None:
    """Other outputs (text, LaTeX) show the folded content as it is."""


def depart_folded_other(translator: object, node: folded) -> None:
    pass


def rich(latex_source: str) -> list[nodes.Node]:
    """LaTeX from refs.bib as docutils nodes (accents, symbols, emphasis)."""
    return list(latex.to_rich(latex_source).render(_BACKEND))


def link(label: str | list[nodes.Node], uri: str, classes: Iterable[str] = ()) -> nodes.reference:
    children = [nodes.Text(label)] if isinstance(label, str) else label
    return nodes.reference("", "", *children, refuri=uri, classes=list(classes))


#: sphinx-design's badge and outline-button classes (what its ``bdg-*`` roles and
#: ``button-link`` directive write), so badges and link buttons look as its components do
BADGE_CLASSES = {
    "award": ["sd-badge", "sd-bg-primary", "sd-bg-text-primary"],
    "selected": ["sd-badge", "sd-outline-primary", "sd-text-primary"],
}
BUTTON_CLASSES = ["sd-btn", "sd-btn-outline-primary", "sd-text-wrap"]


def badge(text: str, kind: str) -> nodes.inline:
    classes = ["sd-sphinx-override", *BADGE_CLASSES[kind], "portfolio-badge", f"portfolio-badge-{kind}"]
    return nodes.inline(text, text, classes=classes)


def authors_line(paper: Paper) -> nodes.inline:
    """Authors in order, the researcher's own name in bold, equal contribution marked."""
    line = nodes.inline(classes=["portfolio-authors"])
    count = len(paper.authors)
    for index, author in enumerate(paper.authors):
        if index:
            last = index == count - 1 and not paper.et_al
            line += nodes.Text(str(_(", and ")) if last and count > 2 else str(_(" and ")) if last else ", ")
        name: nodes.Node = nodes.Text(author.name)
        if author.is_self:
            name = nodes.strong(author.name, author.name, classes=["portfolio-self"])
        line += name
        if author.equal:
            line += nodes.superscript(EQUAL_MARK, EQUAL_MARK, classes=["portfolio-equal"])
    if paper.et_al:  # 'and others' in refs.bib: more authors, unnamed
        line += nodes.Text(str(_(", et al.")) if count > 1 else str(_(" et al.")))
    return line


def equal_legend() -> nodes.paragraph:
    text = f"{EQUAL_MARK} " + str(_("Equal contribution."))
    return nodes.paragraph(text, text, classes=["portfolio-legend"])


def venue_line(paper: Paper) -> nodes.inline:
    """Venue and year, then a badge per award at that venue."""
    line = nodes.inline(classes=["portfolio-venue"])
    if paper.venue:
        line += nodes.emphasis(paper.venue.name, paper.venue.name)
        line += nodes.Text(f", {paper.year}")
    else:
        line += nodes.Text(str(_("Preprint, {year}")).format(year=paper.year))
    for award in paper.venue.awards if paper.venue else ():
        line += nodes.Text(" ")
        line += badge(award, "award")
    return line


def also_presented(paper: Paper) -> nodes.bullet_list | None:
    if not paper.also_presented:
        return None
    items = nodes.bullet_list(classes=["portfolio-also"])
    for venue in paper.also_presented:
        para = nodes.paragraph()
        para += nodes.Text(f"{venue.name}, {venue.year}")
        for award in venue.awards:
            para += nodes.Text(" ")
            para += badge(award, "award")
        items += nodes.list_item("", para)
    return items


def own_pdf_uri(paper: Paper, paper_uri: str) -> str:
    """The published copy of the paper's own PDF, beside its page at *paper_uri*."""
    return posixpath.join(posixpath.dirname(paper_uri), f"{paper.slug}.pdf")


def link_target(paper: Paper, name: str, paper_uri: str) -> str | None:
    """Where the link *name* of LINK_LABELS goes; the PDF is the site's own copy when there is one."""
    if name == "pdf_url" and paper.pdf:
        return own_pdf_uri(paper, paper_uri)
    target: str | None = getattr(paper, name)
    return target


def links_line(paper: Paper, paper_uri: str) -> nodes.inline | None:
    """The paper's links; *paper_uri* is its page as seen from where the links are shown."""
    found = [(label, uri) for name, label in LINK_LABELS if (uri := link_target(paper, name, paper_uri))]
    if not found:
        return None
    line = nodes.inline(classes=["portfolio-links"])
    for index, (label, uri) in enumerate(found):
        if index:
            line += nodes.Text(" ")
        line += link(str(_(label)), uri, ["sd-sphinx-override", *BUTTON_CLASSES, "portfolio-link"])
    return line


def venue_short(paper: Paper, under_its_year: bool) -> nodes.Node:
    """The venue as lists show it: "NeurIPS 2024", or "NeurIPS" under the heading of its year.

    The full name is the title text of the short one (what a pointer or a screen reader gives);
    the paper's own page shows it in full.
    """
    venue = paper.venue
    if venue is None:
        text = str(_("Preprint")) if under_its_year else str(_("Preprint {year}")).format(year=paper.year)
        return nodes.inline(text, text, classes=["portfolio-venue-short"])
    text = venue.short if under_its_year and venue.year == paper.year else venue.label
    if text == venue.name:
        return nodes.emphasis(text, text, classes=["portfolio-venue-short"])
    return nodes.abbreviation(text, text, explanation=f"{venue.name}, {venue.year}", classes=["portfolio-venue-short"])


def award_badges(paper: Paper) -> list[nodes.Node]:
    """A badge per award: at the main venue, then at the other venues it was presented at (named)."""
    found: list[nodes.Node] = [badge(award, "award") for award in (paper.venue.awards if paper.venue else ())]
    found += [badge(f"{award}, {other.label}", "award") for other in paper.also_presented for award in other.awards]
    return found


def paper_summary(
    paper: Paper, paper_uri: str, under_its_year: bool = False, mark_selected: bool = True
) -> list[nodes.Node]:
    """A paper as one entry of a list, read in a second: title, authors, short venue, awards and links.

    *under_its_year*: the list is under a heading of the paper's year, so the year is not repeated;
    *mark_selected*: a "Selected" badge (not where every entry is selected).
    """
    first = nodes.paragraph(classes=["portfolio-entry-title"])
    first += link(rich(paper.title_latex), paper_uri, ["portfolio-title"])
    if paper.selected and mark_selected:
        first += nodes.Text(" ")
        first += badge(str(_("Selected")), "selected")
    second = nodes.paragraph(classes=["portfolio-entry-meta"])
    second += authors_line(paper)
    third = nodes.paragraph(classes=["portfolio-entry-meta", "portfolio-entry-venue"])
    third += venue_short(paper, under_its_year)
    for award in award_badges(paper):
        third += nodes.Text(" ")
        third += award
    line = links_line(paper, paper_uri)
    if line is not None:
        third += nodes.Text(" ")
        third += line
    return [first, second, third]
